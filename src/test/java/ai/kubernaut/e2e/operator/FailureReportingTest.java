package ai.kubernaut.e2e.operator;

import static ai.kubernaut.e2e.operator.OperatorTestSupport.awaitCondition;
import static org.assertj.core.api.Assertions.assertThat;

import ai.kubernaut.e2e.api.v1alpha1.E2EEnvironment;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** A failed migration and a missing image are reported precisely, and block only what depends on them. */
@QuarkusTest
@Tag("cluster")
class FailureReportingTest extends OperatorClusterTest {
  @Test
  void failingMigrationNamesTheFileAndKeepsDataStorageFromStarting() {
    ns = namespace("mig-fail");
    List<HasMetadata> objects = OperatorTestSupport.parse(client,
        OperatorTestSupport.sample("datastorage-e2e.yaml", ns));
    E2EEnvironment env = OperatorTestSupport.environment(objects);
    // kwok cannot run SQL: the pod fails the way the runner fails on a real database (see MigrationRunnerTest for
    // the runner producing exactly this message against PostgreSQL).
    env.getSpec().migrations.podAnnotations = Map.of("e2e.kubernaut.ai/simulate-failure",
        "migration 002_audit_events_partitions.sql failed: ERROR:  syntax error at or near \"PARTITON\"");
    String name = env.getMetadata().getName();
    OperatorTestSupport.create(client, ns, objects);

    Condition migrations = awaitCondition(client, ns, name, "MigrationsSucceeded", "False", "MigrationFailed");
    assertThat(migrations.getMessage()).contains("002_audit_events_partitions.sql")
        .contains("syntax error at or near \"PARTITON\"");
    Condition ds = awaitCondition(client, ns, name, "DataStorageReady", "False", "WaitingForDependencies");
    assertThat(ds.getMessage()).contains("Migrations (MigrationFailed)");
    awaitCondition(client, ns, name, "Stalled", "True", "MigrationFailed");
    awaitCondition(client, ns, name, "Ready", "False", "MigrationFailed");
    // Independent components are unaffected.
    awaitCondition(client, ns, name, "RedisReady", "True", null);
    assertThat(client.apps().deployments().inNamespace(ns).withName(name + "-datastorage").get())
        .as("DataStorage must not be started on a failed schema").isNull();
  }

  @Test
  void componentWithoutImageWaitsWhileOthersProceedAndStartsOncePatched() {
    ns = namespace("await-img");
    List<HasMetadata> objects = OperatorTestSupport.parse(client,
        OperatorTestSupport.sample("datastorage-e2e.yaml", ns));
    E2EEnvironment env = OperatorTestSupport.environment(objects);
    env.getSpec().dataStorage.image = null;
    String name = env.getMetadata().getName();
    OperatorTestSupport.create(client, ns, objects);

    Condition waiting = awaitCondition(client, ns, name, "DataStorageReady", "False", "AwaitingImage");
    assertThat(waiting.getMessage()).contains("spec.dataStorage.image");
    awaitCondition(client, ns, name, "PostgreSQLReady", "True", null);
    awaitCondition(client, ns, name, "RedisReady", "True", null);
    awaitCondition(client, ns, name, "MigrationsSucceeded", "True", null);
    awaitCondition(client, ns, name, "Ready", "False", "AwaitingImage");
    assertThat(client.apps().deployments().inNamespace(ns).withName(name + "-datastorage").get()).isNull();

    client.resources(E2EEnvironment.class).inNamespace(ns).withName(name).edit(e -> {
      e.getSpec().dataStorage.image = "localhost/kubernaut-datastorage:patched";
      return e;
    });
    awaitCondition(client, ns, name, "Ready", "True", "AllComponentsReady");
    assertThat(client.apps().deployments().inNamespace(ns).withName(name + "-datastorage").get().getSpec()
        .getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo("localhost/kubernaut-datastorage:patched");
  }
}
