package ai.kubernaut.e2e.operator;

import static ai.kubernaut.e2e.operator.OperatorTestSupport.await;
import static ai.kubernaut.e2e.operator.OperatorTestSupport.awaitCondition;
import static org.assertj.core.api.Assertions.assertThat;

import ai.kubernaut.e2e.api.v1alpha1.E2EEnvironment;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Time-to-live, suspend, deletion of a broken environment, and environments that never hold each other up. */
@QuarkusTest
@Tag("cluster")
class LifecycleTest extends OperatorClusterTest {
  private List<HasMetadata> sample(String file, String prefix) {
    ns = namespace(prefix);
    return OperatorTestSupport.parse(client, OperatorTestSupport.sample(file, ns));
  }

  @Test
  void anEnvironmentDeletesItselfWhenItsTimeToLiveHasPassed() {
    List<HasMetadata> objects = sample("minimal.yaml", "ttl");
    E2EEnvironment env = OperatorTestSupport.environment(objects);
    env.getSpec().timeToLive = "10s";
    OperatorTestSupport.create(client, ns, objects);
    String name = env.getMetadata().getName();
    awaitCondition(client, ns, name, "Ready", "True", null);
    assertThat(OperatorTestSupport.get(client, ns, name).getStatus().expiresAt).isNotNull();
    await("expired environment deleted").until(() -> OperatorTestSupport.get(client, ns, name) == null);
    await("its objects garbage-collected").until(() -> client.apps().deployments().inNamespace(ns)
        .withName(name + "-postgresql").get() == null);
  }

  @Test
  void suspendStopsReconcilingWithoutDeletingAndResumingRepairs() {
    List<HasMetadata> objects = sample("minimal.yaml", "suspend");
    String name = OperatorTestSupport.environment(objects).getMetadata().getName();
    OperatorTestSupport.create(client, ns, objects);
    awaitCondition(client, ns, name, "Ready", "True", null);

    client.resources(E2EEnvironment.class).inNamespace(ns).withName(name).edit(e -> {
      e.getSpec().suspend = true;
      return e;
    });
    awaitCondition(client, ns, name, "Reconciling", "False", "Suspended");
    client.apps().deployments().inNamespace(ns).withName(name + "-postgresql").delete();
    await("deleted").until(() -> client.apps().deployments().inNamespace(ns).withName(name + "-postgresql")
        .get() == null);
    // A negative: while suspended the operator must not recreate it (observed over a window, not slept through).
    Awaitility.await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> client.apps()
        .deployments().inNamespace(ns).withName(name + "-postgresql").get() == null);
    assertThat(client.configMaps().inNamespace(ns).withName(name + "-postgresql-init").get())
        .as("suspend deletes nothing").isNotNull();

    client.resources(E2EEnvironment.class).inNamespace(ns).withName(name).edit(e -> {
      e.getSpec().suspend = false;
      return e;
    });
    await("restored after resume").until(() -> client.apps().deployments().inNamespace(ns)
        .withName(name + "-postgresql").get() != null);
    awaitCondition(client, ns, name, "Ready", "True", null);
  }

  @Test
  void deletingABrokenEnvironmentFinishes() {
    List<HasMetadata> objects = sample("datastorage-e2e.yaml", "delete-broken");
    E2EEnvironment env = OperatorTestSupport.environment(objects);
    env.getSpec().migrations.podAnnotations = Map.of("e2e.kubernaut.ai/simulate-failure", "migration 001 failed");
    env.getSpec().redis.podAnnotations = Map.of("e2e.kubernaut.ai/simulate-waiting", "CrashLoopBackOff");
    OperatorTestSupport.create(client, ns, objects);
    String name = env.getMetadata().getName();
    awaitCondition(client, ns, name, "MigrationsSucceeded", "False", "MigrationFailed");
    client.resources(E2EEnvironment.class).inNamespace(ns).withName(name).delete();
    await("broken environment deleted").until(() -> OperatorTestSupport.get(client, ns, name) == null);
  }

  @Test
  void environmentsInOneNamespaceKeepApartAndASlowOneDoesNotHoldUpTheOthers() throws Exception {
    // A manifest server that accepts connections and never answers: the slow environment's reconciliation waits on it.
    try (ServerSocket silent = new ServerSocket(0)) {
      List<Socket> accepted = new ArrayList<>();
      Thread acceptor = new Thread(() -> {
        try {
          while (true) {
            Socket s = silent.accept();
            accepted.add(s);
            InputStream in = s.getInputStream();
            in.read();
          }
        } catch (IOException e) {
          // closed
        }
      });
      acceptor.setDaemon(true);
      acceptor.start();
      ns = namespace("many");
      var slow = OperatorTestSupport.parse(client, """
          apiVersion: e2e.kubernaut.ai/v1alpha1
          kind: E2EEnvironment
          metadata: {name: slow}
          spec:
            tekton:
              source: {url: "http://127.0.0.1:%d/release.yaml"}
          """.formatted(silent.getLocalPort()));
      OperatorTestSupport.create(client, ns, slow);
      await("the slow environment's fetch is under way").until(() -> !accepted.isEmpty());

      List<String> names = List.of("alpha", "beta", "gamma");
      for (String n : names) {
        OperatorTestSupport.create(client, ns, OperatorTestSupport.parse(client,
            "apiVersion: e2e.kubernaut.ai/v1alpha1\nkind: E2EEnvironment\nmetadata: {name: " + n
                + "}\nspec: {postgresql: {}, redis: {}}\n"));
      }
      for (String n : names) {
        awaitCondition(client, ns, n, "Ready", "True", null);
      }
      assertThat(OperatorTestSupport.condition(OperatorTestSupport.get(client, ns, "slow"), "Ready")
          .map(c -> c.getStatus()).orElse("none")).as("the slow one is still waiting").isNotEqualTo("True");
      for (String n : names) {
        String uid = OperatorTestSupport.get(client, ns, n).getMetadata().getUid();
        var deployments = client.apps().deployments().inNamespace(ns).list().getItems().stream()
            .filter(d -> d.getMetadata().getName().startsWith(n + "-")).toList();
        assertThat(deployments).hasSize(2).allSatisfy(d -> {
          assertThat(d.getMetadata().getOwnerReferences()).singleElement()
              .satisfies(o -> assertThat(o.getUid()).isEqualTo(uid));
        });
      }
      client.resources(E2EEnvironment.class).inNamespace(ns).withName("alpha").delete();
      await("alpha's objects gone").until(() -> client.apps().deployments().inNamespace(ns)
          .withName("alpha-postgresql").get() == null);
      assertThat(client.apps().deployments().inNamespace(ns).withName("beta-postgresql").get()).isNotNull();
      awaitCondition(client, ns, "beta", "Ready", "True", null);
      for (Socket s : accepted) {
        s.close();
      }
    }
  }
}
