package ai.kubernaut.e2e.operator;

import static ai.kubernaut.e2e.operator.OperatorTestSupport.await;
import static ai.kubernaut.e2e.operator.OperatorTestSupport.awaitCondition;
import static org.assertj.core.api.Assertions.assertThat;

import ai.kubernaut.e2e.api.v1alpha1.E2EEnvironment;
import ai.kubernaut.e2e.components.Labels;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Drift is repaired without restarting dependents; spec changes touch only what changed. */
@QuarkusTest
@Tag("cluster")
class DriftAndChangeTest extends OperatorClusterTest {
  String name;


  private void readyDataStorageEnvironment(String prefix) {
    ns = namespace(prefix);
    List<HasMetadata> objects = OperatorTestSupport.parse(client,
        OperatorTestSupport.sample("datastorage-e2e.yaml", ns));
    E2EEnvironment env = OperatorTestSupport.environment(objects);
    env.getSpec().postgresql.podAnnotations = Map.of("pod-ready.stage.kwok.x-k8s.io/delay", "2s");
    name = env.getMetadata().getName();
    OperatorTestSupport.create(client, ns, objects);
    awaitCondition(client, ns, name, "Ready", "True", "AllComponentsReady");
  }

  private Deployment deployment(String component) {
    return client.apps().deployments().inNamespace(ns).withName(name + "-" + component).get();
  }

  private List<Job> migrationJobs() {
    return client.batch().v1().jobs().inNamespace(ns).withLabel(Labels.COMPONENT, "migrations").list().getItems()
        .stream().filter(j -> j.getMetadata().getDeletionTimestamp() == null).toList();
  }

  @Test
  void deletedOrEditedObjectsAreRestoredWithoutRestartingDependents() {
    readyDataStorageEnvironment("drift");
    Deployment pg = deployment("postgresql");
    Deployment ds = deployment("datastorage");

    client.resource(pg).delete();
    awaitCondition(client, ns, name, "PostgreSQLReady", "False", null);
    awaitCondition(client, ns, name, "Ready", "False", null);
    awaitCondition(client, ns, name, "Ready", "True", "AllComponentsReady");
    assertThat(deployment("postgresql").getMetadata().getUid()).as("recreated").isNotEqualTo(pg.getMetadata().getUid());
    Deployment dsAfter = deployment("datastorage");
    assertThat(dsAfter.getMetadata().getUid()).isEqualTo(ds.getMetadata().getUid());
    assertThat(dsAfter.getMetadata().getGeneration()).as("DataStorage not restarted")
        .isEqualTo(ds.getMetadata().getGeneration());

    var config = client.configMaps().inNamespace(ns).withName(name + "-datastorage-config").get();
    String original = config.getData().get("config.yaml");
    client.configMaps().inNamespace(ns).withName(name + "-datastorage-config")
        .edit(cm -> { cm.getData().put("config.yaml", "server: {port: 1}\n"); return cm; });
    await("DataStorage's config restored").until(() -> original.equals(client.configMaps().inNamespace(ns)
        .withName(name + "-datastorage-config").get().getData().get("config.yaml")));
    assertThat(deployment("datastorage").getMetadata().getGeneration()).isEqualTo(ds.getMetadata().getGeneration());
  }

  @Test
  void imageChangeRollsOnlyThatComponentAndObservedGenerationFollowsTheSpec() {
    readyDataStorageEnvironment("image-change");
    long pgGeneration = deployment("postgresql").getMetadata().getGeneration();
    long redisGeneration = deployment("redis").getMetadata().getGeneration();
    long dsGeneration = deployment("datastorage").getMetadata().getGeneration();
    String jobUid = migrationJobs().get(0).getMetadata().getUid();

    E2EEnvironment changed = client.resources(E2EEnvironment.class).inNamespace(ns).withName(name).edit(e -> {
      e.getSpec().dataStorage.image = "localhost/kubernaut-datastorage:v2";
      return e;
    });
    long generation = changed.getMetadata().getGeneration();
    var ready = awaitCondition(client, ns, name, "Ready", "True", "AllComponentsReady");
    assertThat(ready.getObservedGeneration()).isEqualTo(generation);
    assertThat(OperatorTestSupport.get(client, ns, name).getStatus().observedGeneration).isEqualTo(generation);
    Deployment ds = deployment("datastorage");
    assertThat(ds.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
        .isEqualTo("localhost/kubernaut-datastorage:v2");
    assertThat(ds.getMetadata().getGeneration()).isGreaterThan(dsGeneration);
    assertThat(deployment("postgresql").getMetadata().getGeneration()).isEqualTo(pgGeneration);
    assertThat(deployment("redis").getMetadata().getGeneration()).isEqualTo(redisGeneration);
    assertThat(migrationJobs()).extracting(j -> j.getMetadata().getUid()).containsExactly(jobUid);
  }

  @Test
  void anAddedMigrationFileRunsANewJobAndSwitchingOffAComponentRemovesIt() {
    readyDataStorageEnvironment("add-migration");
    Job first = migrationJobs().get(0);
    long dsGeneration = deployment("datastorage").getMetadata().getGeneration();
    client.configMaps().inNamespace(ns).withName("datastorage-e2e-migrations").edit(cm -> {
      cm.getData().put("004_add_column.sql", "-- +goose Up\nALTER TABLE audit_events ADD COLUMN actor text;\n");
      return cm;
    });
    await("a new migrations Job replaced the first").until(() -> migrationJobs().size() == 1
        && !migrationJobs().get(0).getMetadata().getName().equals(first.getMetadata().getName()));
    // Until the reconciliation that created the new Job has patched status, the condition is still the first
    // Job's True: wait for the one that names the new Job.
    String newJob = migrationJobs().get(0).getMetadata().getName();
    await("MigrationsSucceeded=True by Job " + newJob).untilAsserted(() -> {
      var succeeded = OperatorTestSupport.condition(OperatorTestSupport.get(client, ns, name), "MigrationsSucceeded")
          .orElseThrow();
      assertThat(succeeded.getStatus()).isEqualTo("True");
      assertThat(succeeded.getMessage()).contains(newJob);
    });
    awaitCondition(client, ns, name, "Ready", "True", "AllComponentsReady");
    assertThat(deployment("datastorage").getMetadata().getGeneration()).isEqualTo(dsGeneration);

    client.resources(E2EEnvironment.class).inNamespace(ns).withName(name).edit(e -> {
      e.getSpec().dataStorage.enabled = false;
      return e;
    });
    await("DataStorage's objects removed").until(() -> deployment("datastorage") == null
        && client.configMaps().inNamespace(ns).withName(name + "-datastorage-config").get() == null
        && client.secrets().inNamespace(ns).withName(name + "-datastorage-secrets").get() == null
        && client.services().inNamespace(ns).withName(name + "-datastorage").get() == null);
    awaitCondition(client, ns, name, "Ready", "True", "AllComponentsReady");
    E2EEnvironment env = OperatorTestSupport.get(client, ns, name);
    assertThat(OperatorTestSupport.condition(env, "DataStorageReady")).isEmpty();
    assertThat(deployment("postgresql")).isNotNull();
  }
}
