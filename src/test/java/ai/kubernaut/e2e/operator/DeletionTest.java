package ai.kubernaut.e2e.operator;

import static ai.kubernaut.e2e.operator.OperatorTestSupport.await;
import static ai.kubernaut.e2e.operator.OperatorTestSupport.awaitCondition;
import static org.assertj.core.api.Assertions.assertThat;

import ai.kubernaut.e2e.api.v1alpha1.E2EEnvironment;
import ai.kubernaut.e2e.components.Labels;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Deleting an environment removes what it made, keeps a shared Tekton in use, and never touches foreign objects. */
@QuarkusTest
@Tag("cluster")
class DeletionTest extends OperatorClusterTest {
  @Test
  void deletingAnEnvironmentRemovesItsObjectsAndKeepsTektonWhileAnotherEnvironmentUsesIt() {
    // The last-user rule is cluster-wide: wait until environments of other tests that use Tekton are gone.
    await("no other environment uses Tekton").until(() -> client.resources(E2EEnvironment.class).inAnyNamespace()
        .list().getItems().stream().noneMatch(e -> e.getSpec().tekton != null));
    String nsA = namespace("del-a");
    String nsB = namespace("del-b");
    List<HasMetadata> a = OperatorTestSupport.parse(client, OperatorTestSupport.sample("workflowexecution-e2e.yaml", nsA));
    List<HasMetadata> b = OperatorTestSupport.parse(client, OperatorTestSupport.sample("workflowexecution-e2e.yaml", nsB));
    E2EEnvironment envB = OperatorTestSupport.environment(b);
    // B uses only Tekton (and a database), so the WorkflowExecution CRD has a single user, A.
    envB.getSpec().migrations = null;
    envB.getSpec().dataStorage = null;
    envB.getSpec().workflowExecution = null;
    envB.getSpec().manifests = null;
    envB.getSpec().redis = null;
    OperatorTestSupport.create(client, nsA, a);
    OperatorTestSupport.create(client, nsB, b);
    String name = OperatorTestSupport.environment(a).getMetadata().getName();
    awaitCondition(client, nsA, name, "Ready", "True", null);
    awaitCondition(client, nsB, envB.getMetadata().getName(), "Ready", "True", null);
    E2EEnvironment envA = OperatorTestSupport.get(client, nsA, name);
    String uid = envA.getMetadata().getUid();
    String clusterRole = "e2e:" + nsA + ":" + name + ":workflowexecution";
    assertThat(client.rbac().clusterRoles().withName(clusterRole).get()).isNotNull();
    assertThat(client.namespaces().withName("wf-" + nsA).get()).isNotNull();

    client.resource(envA).delete();
    await("environment A gone").until(() -> OperatorTestSupport.get(client, nsA, name) == null);
    await("A's workloads garbage-collected").until(() -> client.apps().deployments().inNamespace(nsA)
        .withLabel(Labels.ENVIRONMENT_UID, uid).list().getItems().isEmpty()
        && client.batch().v1().jobs().inNamespace(nsA).withLabel(Labels.ENVIRONMENT_UID, uid).list().getItems()
            .isEmpty());
    assertThat(client.rbac().clusterRoles().withName(clusterRole).get()).as("cluster-scoped RBAC of A").isNull();
    var executionNamespace = client.namespaces().withName("wf-" + nsA).get();
    assertThat(executionNamespace == null || executionNamespace.getMetadata().getDeletionTimestamp() != null)
        .as("A's execution namespace deleted").isTrue();
    assertThat(client.apiextensions().v1().customResourceDefinitions().withName("workflowexecutions.kubernaut.ai")
        .get()).as("the WorkflowExecution CRD had no other user").satisfiesAnyOf(
            crd -> assertThat(crd).isNull(), crd -> assertThat(crd.getMetadata().getDeletionTimestamp()).isNotNull());
    assertThat(client.apps().deployments().inNamespace("tekton-pipelines").withName("tekton-pipelines-controller")
        .get()).as("Tekton stays: environment B uses it").isNotNull();
    awaitCondition(client, nsB, envB.getMetadata().getName(), "TektonReady", "True", null);

    client.resources(E2EEnvironment.class).inNamespace(nsB).withName(envB.getMetadata().getName()).delete();
    await("Tekton removed with its last user").until(() -> client.apps().deployments()
        .inNamespace("tekton-pipelines").withName("tekton-pipelines-controller").get() == null);
  }

  @Test
  void neverAdoptsOrDeletesAnObjectItDidNotCreate() {
    String ns = namespace("foreign");
    List<HasMetadata> objects = OperatorTestSupport.parse(client, OperatorTestSupport.sample("minimal.yaml", ns));
    String name = OperatorTestSupport.environment(objects).getMetadata().getName();
    var foreign = client.configMaps().inNamespace(ns).resource(new ConfigMapBuilder()
        .withNewMetadata().withName(name + "-postgresql-init").addToLabels("owner", "someone-else").endMetadata()
        .withData(Map.of("mine.sql", "select 1;")).build()).create();

    OperatorTestSupport.create(client, ns, objects);
    var conflict = awaitCondition(client, ns, name, "PostgreSQLReady", "False", "OwnershipConflict");
    assertThat(conflict.getMessage()).contains(name + "-postgresql-init").contains("not created by this environment");
    awaitCondition(client, ns, name, "Stalled", "True", "OwnershipConflict");
    var after = client.configMaps().inNamespace(ns).withName(foreign.getMetadata().getName()).get();
    assertThat(after.getData()).isEqualTo(Map.of("mine.sql", "select 1;"));
    assertThat(after.getMetadata().getLabels()).isEqualTo(Map.of("owner", "someone-else"));
    assertThat(after.getMetadata().getOwnerReferences()).isEmpty();

    client.resources(E2EEnvironment.class).inNamespace(ns).withName(name).delete();
    await("environment gone").until(() -> OperatorTestSupport.get(client, ns, name) == null);
    assertThat(client.configMaps().inNamespace(ns).withName(foreign.getMetadata().getName()).get())
        .as("a foreign object survives the environment's deletion").isNotNull();
  }
}
