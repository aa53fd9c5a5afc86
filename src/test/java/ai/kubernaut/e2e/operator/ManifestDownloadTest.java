package ai.kubernaut.e2e.operator;

import static ai.kubernaut.e2e.operator.OperatorTestSupport.awaitCondition;
import static org.assertj.core.api.Assertions.assertThat;

import ai.kubernaut.e2e.api.v1alpha1.E2EEnvironment;
import ai.kubernaut.e2e.api.v1alpha1.E2EEnvironmentSpec;
import ai.kubernaut.e2e.api.v1alpha1.ManifestSource;
import ai.kubernaut.e2e.api.v1alpha1.PostgreSQLSpec;
import ai.kubernaut.e2e.api.v1alpha1.TektonSpec;
import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A release manifest from a URL is downloaded in the background: while the server takes its time, reconciliations
 * go on (the environment's other components come up), both environments that need the URL share one download, and
 * when it ends they are woken up and reach Ready with no other event. A URL that fails is reported as such.
 */
@QuarkusTest
@Tag("cluster")
class ManifestDownloadTest extends OperatorClusterTest {
  HttpServer server;
  final CountDownLatch release = new CountDownLatch(1);
  final AtomicInteger releaseRequests = new AtomicInteger();

  @BeforeEach
  void startServer() throws IOException {
    String manifest = OperatorTestSupport.parse(client, OperatorTestSupport.sample("workflowexecution-e2e.yaml", "x"))
        .stream().filter(o -> o instanceof ConfigMap && "tekton-release-offline".equals(o.getMetadata().getName()))
        .map(o -> ((ConfigMap) o).getData().get("release.yaml")).findFirst().orElseThrow();
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/release.yaml", exchange -> {
      releaseRequests.incrementAndGet();
      try {
        release.await(60, TimeUnit.SECONDS); // a slow server: answers when the test says so
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      byte[] body = manifest.getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    server.createContext("/missing.yaml", exchange -> {
      exchange.sendResponseHeaders(404, -1);
      exchange.close();
    });
    server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    server.start();
  }

  @AfterEach
  void stopServer() {
    release.countDown();
    server.stop(0);
  }

  private String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  private void createEnvironment(String name, String url) {
    E2EEnvironment env = new E2EEnvironment();
    env.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(ns).build());
    env.setSpec(new E2EEnvironmentSpec());
    env.getSpec().postgresql = new PostgreSQLSpec();
    env.getSpec().tekton = new TektonSpec();
    env.getSpec().tekton.source = new ManifestSource();
    // A URL no other test uses: the operator downloads a URL once per process.
    env.getSpec().tekton.source.url = url;
    client.resource(env).create();
  }

  @Test
  void aSlowDownloadHoldsNoReconciliationAndWakesItsEnvironmentsWhenItEnds() {
    ns = namespace("download");
    String url = url("/release.yaml?ns=" + ns);
    createEnvironment("first", url);
    createEnvironment("second", url);

    for (String name : new String[] {"first", "second"}) {
      Condition tekton = awaitCondition(client, ns, name, "TektonReady", "False", "FetchingSource");
      assertThat(tekton.getMessage()).contains("waits for GET " + url);
      // The reconciliation did not wait for the download: PostgreSQL came up meanwhile.
      awaitCondition(client, ns, name, "PostgreSQLReady", "True", null);
    }
    assertThat(releaseRequests).as("one download for both environments").hasValue(1);

    release.countDown();
    for (String name : new String[] {"first", "second"}) {
      awaitCondition(client, ns, name, "Ready", "True", "AllComponentsReady");
    }
    assertThat(releaseRequests).as("still one download").hasValue(1);
  }

  @Test
  void aFailingDownloadIsReportedWithTheServersAnswer() {
    ns = namespace("download-404");
    String url = url("/missing.yaml?ns=" + ns);
    createEnvironment("broken", url);
    Condition tekton = awaitCondition(client, ns, "broken", "TektonReady", "False", "ManifestFetchFailed");
    assertThat(tekton.getMessage()).contains("GET " + url + " failed: answered HTTP 404")
        .contains("use source.configMap");
    awaitCondition(client, ns, "broken", "PostgreSQLReady", "True", null);
  }
}
