package ai.kubernaut.e2e.operator;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kubernaut.e2e.api.v1alpha1.E2EEnvironment;
import ai.kubernaut.e2e.testing.LocalCluster;
import ai.kubernaut.e2e.testing.LocalClusterResource;
import ai.kubernaut.e2e.testing.TestNamespaces;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;

/**
 * Helpers for the operator's cluster tests: the operator runs in the test JVM (@QuarkusTest) against the local
 * control plane; every test works in namespaces of its own, so tests can run in any order.
 */
@QuarkusTestResource(LocalClusterResource.class)
public final class OperatorTestSupport {
  public static final Duration TIMEOUT = Duration.ofSeconds(120);

  private OperatorTestSupport() {}

  public static ConditionFactory await(String what) {
    return Awaitility.await(what).atMost(TIMEOUT).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(100))
        .ignoreExceptions();
  }

  /** A sample's text with the cluster-global names it uses made unique to this test. */
  public static String sample(String file, String uniqueSuffix) {
    try {
      String text = Files.readString(Path.of("samples", file));
      return text.replace("kubernaut-workflows", "wf-" + uniqueSuffix);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static List<HasMetadata> parse(KubernetesClient client, String yaml) {
    List<HasMetadata> result = new ArrayList<>();
    for (HasMetadata o : client.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))).items()) {
      // A plain client does not know our kind: turn it into the typed resource.
      result.add("E2EEnvironment".equals(o.getKind()) && !(o instanceof E2EEnvironment)
          ? client.getKubernetesSerialization().convertValue(o, E2EEnvironment.class) : o);
    }
    return result;
  }

  /** Creates every object in the namespace, like kubectl apply -n ns -f. */
  public static void create(KubernetesClient client, String ns, List<HasMetadata> objects) {
    for (HasMetadata o : objects) {
      o.getMetadata().setNamespace(ns);
      client.resource(o).inNamespace(ns).create();
    }
  }

  public static E2EEnvironment environment(List<HasMetadata> objects) {
    return objects.stream().filter(E2EEnvironment.class::isInstance).map(E2EEnvironment.class::cast).findFirst()
        .orElseThrow();
  }

  public static E2EEnvironment get(KubernetesClient client, String ns, String name) {
    return client.resources(E2EEnvironment.class).inNamespace(ns).withName(name).get();
  }

  public static Optional<Condition> condition(E2EEnvironment env, String type) {
    if (env == null || env.getStatus() == null) {
      return Optional.empty();
    }
    return env.getStatus().conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
  }

  public static Condition awaitCondition(KubernetesClient client, String ns, String name, String type,
      String status, String reason) {
    var holder = new Condition[1];
    await(name + " " + type + "=" + status + (reason == null ? "" : " (" + reason + ")")).untilAsserted(() -> {
      E2EEnvironment env = get(client, ns, name);
      Condition c = condition(env, type).orElseThrow(() -> new AssertionError("no condition " + type));
      assertThat(c.getStatus()).as(type + " status: " + c.getMessage()).isEqualTo(status);
      if (reason != null) {
        assertThat(c.getReason()).as(type + " reason: " + c.getMessage()).isEqualTo(reason);
      }
      assertThat(c.getObservedGeneration()).isEqualTo(env.getMetadata().getGeneration());
      holder[0] = c;
    });
    return holder[0];
  }

  public static String namespace(KubernetesClient client, String prefix) {
    return TestNamespaces.create(client, prefix);
  }

  public static KubernetesClient client() {
    return LocalCluster.get().newClient();
  }
}
