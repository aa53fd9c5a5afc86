package ai.kubernaut.e2e.operator;

import static ai.kubernaut.e2e.operator.OperatorTestSupport.await;
import static ai.kubernaut.e2e.operator.OperatorTestSupport.awaitCondition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import ai.kubernaut.e2e.api.v1alpha1.ComponentStatus;
import ai.kubernaut.e2e.api.v1alpha1.E2EEnvironment;
import ai.kubernaut.e2e.components.Labels;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The samples reach Ready on the real control plane, in dependency order, with parallel independent branches. */
@QuarkusTest
@Tag("cluster")
class ProvisioningTest extends OperatorClusterTest {
  /** The graph the issue prescribes, written down independently of the operator's code. */
  static final Map<String, List<String>> EXPECTED_DEPENDENCIES = Map.of(
      "migrations", List.of("postgresql"),
      "dataStorage", List.of("postgresql", "redis", "migrations"),
      "workflowExecution", List.of("tekton", "dataStorage"));

  /** The controller's name, JOSDK's default field manager. */
  static final String OPERATOR_FIELD_MANAGER = "e2eenvironment";
  /** Controllers that write our objects' main resource too (the Deployment controller's revision annotation). */
  static final List<String> CONTROL_PLANE_MANAGERS = List.of("kube-controller-manager");



  @Test
  void workflowExecutionSampleReachesReadyWithEveryComponentAfterItsDependencies() {
    ns = namespace("we-order");
    List<HasMetadata> objects = OperatorTestSupport.parse(client,
        OperatorTestSupport.sample("workflowexecution-e2e.yaml", ns));
    E2EEnvironment env = OperatorTestSupport.environment(objects);
    // Slow databases (as image pulls would make them) so that "in parallel" and "in order" are observable.
    env.getSpec().postgresql.podAnnotations = Map.of("pod-ready.stage.kwok.x-k8s.io/delay", "2s");
    env.getSpec().redis.podAnnotations = Map.of("pod-ready.stage.kwok.x-k8s.io/delay", "2s");
    String name = env.getMetadata().getName();

    try (var timeline = new ClusterTimeline(client, ns, "tekton-pipelines")) {
      OperatorTestSupport.create(client, ns, objects);
      Condition ready = awaitCondition(client, ns, name, "Ready", "True", "AllComponentsReady");
      assertThat(ready.getMessage()).contains("7 component(s) ready");
      await("the timeline has every workload ready").until(() -> timeline.readyAt("workflowExecution").isPresent());

      E2EEnvironment done = OperatorTestSupport.get(client, ns, name);
      for (String type : List.of("TektonReady", "PostgreSQLReady", "RedisReady", "MigrationsSucceeded",
          "DataStorageReady", "WorkflowExecutionReady", "ManifestTestPipelinesReady")) {
        assertThat(OperatorTestSupport.condition(done, type)).as(type).hasValueSatisfying(c ->
            assertThat(c.getStatus()).isEqualTo("True"));
      }
      assertThat(OperatorTestSupport.condition(done, "Stalled").orElseThrow().getStatus()).isEqualTo("False");
      assertThat(OperatorTestSupport.condition(done, "Reconciling").orElseThrow().getStatus()).isEqualTo("False");
      assertThat(done.getStatus().observedGeneration).isEqualTo(done.getMetadata().getGeneration());
      assertThat(done.getStatus().timeToReadySeconds).isPositive();

      // Order, from the API server's write order: nothing of a component exists before its dependencies were ready.
      EXPECTED_DEPENDENCIES.forEach((component, deps) -> {
        long created = timeline.createdAt(component).orElseThrow();
        for (String dep : deps) {
          long depReady = timeline.readyAt(dep).orElseThrow(() -> new AssertionError(dep + " never ready"));
          assertThat(created).as(component + " created (rv) after " + dep + " ready (rv)").isGreaterThan(depReady);
        }
      });
      // Independent branches overlap: Redis and Tekton were created before PostgreSQL was ready, and vice versa.
      long pgReady = timeline.readyAt("postgresql").orElseThrow();
      long redisReady = timeline.readyAt("redis").orElseThrow();
      assertThat(timeline.createdAt("redis").orElseThrow()).isLessThan(pgReady);
      assertThat(timeline.createdAt("postgresql").orElseThrow()).isLessThan(redisReady);

      // The same order in the operator's own timings (what kubectl describe shows).
      EXPECTED_DEPENDENCIES.forEach((component, deps) -> {
        ComponentStatus c = done.getStatus().component(component);
        for (String dep : deps) {
          ComponentStatus d = done.getStatus().component(dep);
          assertThat(Instant.parse(c.startedAt)).as(component + " started after " + dep + " ready")
              .isAfterOrEqualTo(Instant.parse(d.readyAt));
        }
        assertThat(c.durationSeconds).isNotNull();
      });
    }
  }

  @Test
  void dataStorageOnlyEnvironmentReachesReadyWithoutTektonOrWorkflowExecution() {
    ns = namespace("ds-only");
    List<HasMetadata> objects = OperatorTestSupport.parse(client,
        OperatorTestSupport.sample("datastorage-e2e.yaml", ns));
    String name = OperatorTestSupport.environment(objects).getMetadata().getName();
    OperatorTestSupport.create(client, ns, objects);

    awaitCondition(client, ns, name, "Ready", "True", "AllComponentsReady");
    E2EEnvironment done = OperatorTestSupport.get(client, ns, name);
    assertThat(done.getStatus().conditions).extracting(Condition::getType).containsExactlyInAnyOrder(
        "Ready", "Reconciling", "Stalled", "PostgreSQLReady", "RedisReady", "MigrationsSucceeded", "DataStorageReady");
    assertThat(done.getStatus().components).extracting(c -> c.name)
        .containsExactly("postgresql", "redis", "migrations", "dataStorage");
    String uid = done.getMetadata().getUid();
    assertThat(client.apps().deployments().inNamespace(ns).withLabel(Labels.ENVIRONMENT_UID, uid).list().getItems())
        .extracting(d -> d.getMetadata().getLabels().get(Labels.COMPONENT))
        .containsExactlyInAnyOrder("postgresql", "redis", "dataStorage");
    // Every object was created by server-side apply under the operator's field manager: then JOSDK's SSA matcher
    // recognises it as ours and unchanged, and nothing is applied a second time (a POST would leave an "Update"
    // entry, no "Apply" one, and cost one more request per object on the critical path).
    List<HasMetadata> made = new ArrayList<>();
    made.addAll(client.apps().deployments().inNamespace(ns).withLabel(Labels.ENVIRONMENT_UID, uid).list().getItems());
    made.addAll(client.services().inNamespace(ns).withLabel(Labels.ENVIRONMENT_UID, uid).list().getItems());
    made.addAll(client.secrets().inNamespace(ns).withLabel(Labels.ENVIRONMENT_UID, uid).list().getItems());
    made.addAll(client.batch().v1().jobs().inNamespace(ns).withLabel(Labels.ENVIRONMENT_UID, uid).list().getItems());
    assertThat(made).hasSizeGreaterThanOrEqualTo(8);
    for (HasMetadata o : made) {
      List<ManagedFieldsEntry> spec = o.getMetadata().getManagedFields().stream()
          .filter(m -> m.getSubresource() == null || m.getSubresource().isEmpty())
          .filter(m -> !CONTROL_PLANE_MANAGERS.contains(m.getManager())).toList();
      assertThat(spec).as(o.getKind() + " " + o.getMetadata().getName() + " managedFields")
          .extracting(ManagedFieldsEntry::getManager, ManagedFieldsEntry::getOperation)
          .containsExactly(tuple(OPERATOR_FIELD_MANAGER, "Apply"));
    }
    // The generated password is in a Secret, never in status.
    String password = new String(java.util.Base64.getDecoder().decode(client.secrets().inNamespace(ns)
        .withName(name + "-postgresql-credentials").get().getData().get("password")));
    assertThat(client.resources(E2EEnvironment.class).inNamespace(ns).withName(name).get().toString())
        .doesNotContain(password);
  }
}
