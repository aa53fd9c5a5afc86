package ai.kubernaut.e2e.operator;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kubernaut.e2e.testing.LocalCluster;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** What CI does: kubectl apply, then kubectl wait --for=condition=Ready, from a shell. */
@QuarkusTest
@Tag("cluster")
class KubectlWaitTest extends OperatorClusterTest {
  @Test
  void kubectlApplyThenKubectlWaitForReadySucceedsFromAShell() throws Exception {
    ns = namespace("kubectl-wait");
    String kubectl = kubectl();
    String script = String.join(" && ",
        kubectl + " apply -n " + ns + " -f samples/datastorage-e2e.yaml",
        kubectl + " wait -n " + ns + " --for=condition=Ready e2eenvironment/datastorage-e2e --timeout=120s");
    Process p = new ProcessBuilder("sh", "-c", script).redirectErrorStream(true)
        .directory(Path.of(".").toFile()).start();
    p.getOutputStream().close();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(150, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(output).isZero();
    assertThat(output).contains("e2eenvironment.e2e.kubernaut.ai/datastorage-e2e condition met");
  }

  /** Our kubectl, pointed at the local cluster. */
  static String kubectl() throws IOException, InterruptedException {
    Process p = new ProcessBuilder("hack/cluster/build.sh").redirectError(ProcessBuilder.Redirect.DISCARD).start();
    List<String> lines = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    assertThat(p.waitFor(600, TimeUnit.SECONDS)).isTrue();
    return lines.get(lines.size() - 1) + "/kubectl --kubeconfig " + LocalCluster.get().kubeconfigPath();
  }
}
