package ai.kubernaut.e2e.operator;

import static ai.kubernaut.e2e.operator.OperatorTestSupport.await;
import static ai.kubernaut.e2e.operator.OperatorTestSupport.awaitCondition;
import static org.assertj.core.api.Assertions.assertThat;

import ai.kubernaut.e2e.api.v1alpha1.E2EEnvironment;
import ai.kubernaut.e2e.components.Labels;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfigurationBuilder;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Timeouts say why, a failure blocks only its dependents, and a late component heals the environment by itself. */
@QuarkusTest
@Tag("cluster")
class ResilienceTest extends OperatorClusterTest {
  private E2EEnvironment weEnvironment(String prefix, List<HasMetadata> objects) {
    ns = namespace(prefix);
    objects.addAll(OperatorTestSupport.parse(client, OperatorTestSupport.sample("workflowexecution-e2e.yaml", ns)));
    return OperatorTestSupport.environment(objects);
  }

  @Test
  void readinessTimeoutNamesThePodsWaitingReasonAndBlocksOnlyItsDependents() {
    List<HasMetadata> objects = new java.util.ArrayList<>();
    E2EEnvironment env = weEnvironment("timeout", objects);
    env.getSpec().dataStorage.podAnnotations = Map.of("e2e.kubernaut.ai/simulate-waiting", "ImagePullBackOff");
    env.getSpec().dataStorage.readinessTimeout = "3s";
    String name = env.getMetadata().getName();
    OperatorTestSupport.create(client, ns, objects);

    Condition ds = awaitCondition(client, ns, name, "DataStorageReady", "False", "ReadinessTimeout");
    assertThat(ds.getMessage()).contains("not ready after 3.0s").contains("ImagePullBackOff")
        .contains("pod " + name + "-datastorage-").contains("container datastorage is waiting");
    Condition ready = awaitCondition(client, ns, name, "Ready", "False", "ReadinessTimeout");
    assertThat(ready.getMessage()).startsWith("DataStorage: ");
    awaitCondition(client, ns, name, "Stalled", "True", "ReadinessTimeout");
    // Only what depends on DataStorage waits; the independent branches finished.
    awaitCondition(client, ns, name, "WorkflowExecutionReady", "False", "WaitingForDependencies");
    for (String independent : List.of("TektonReady", "PostgreSQLReady", "RedisReady", "MigrationsSucceeded")) {
      awaitCondition(client, ns, name, independent, "True", null);
    }
    assertThat(client.apps().deployments().inNamespace(ns).withName(name + "-workflowexecution-controller").get())
        .isNull();
  }

  @Test
  void unschedulablePodTimesOutWithTheSchedulersReasonAndEvents() {
    ns = namespace("unschedulable");
    List<HasMetadata> objects = OperatorTestSupport.parse(client, OperatorTestSupport.sample("minimal.yaml", ns));
    E2EEnvironment env = OperatorTestSupport.environment(objects);
    // The only node has 64 CPUs.
    env.getSpec().postgresql.resources = new io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder()
        .addToRequests("cpu", new io.fabric8.kubernetes.api.model.Quantity("500")).build();
    env.getSpec().postgresql.readinessTimeout = "3s";
    String name = env.getMetadata().getName();
    OperatorTestSupport.create(client, ns, objects);

    Condition pg = awaitCondition(client, ns, name, "PostgreSQLReady", "False", "ReadinessTimeout");
    assertThat(pg.getMessage()).contains("Unschedulable").contains("Insufficient cpu");
    OperatorTestSupport.await("the scheduler's event in the diagnosis").until(() -> OperatorTestSupport
        .condition(OperatorTestSupport.get(client, ns, name), "PostgreSQLReady").orElseThrow().getMessage()
        .contains("recent events: FailedScheduling"));
  }

  @Test
  void anObjectTheApiServerFailsIsReportedOnItsComponentAndRetriedWithBackoff() {
    ns = namespace("api-error");
    List<HasMetadata> objects = OperatorTestSupport.parse(client,
        OperatorTestSupport.sample("datastorage-e2e.yaml", ns));
    String name = OperatorTestSupport.environment(objects).getMetadata().getName();
    // An admission webhook nobody serves, with failurePolicy Fail, on this namespace's Redis objects only: the
    // API server answers 500 ("failed calling webhook") to every create of them, as it does when it cannot
    // allocate a Service IP or reach etcd.
    String webhook = "fail-redis-" + ns;
    client.resource(new ValidatingWebhookConfigurationBuilder().withNewMetadata().withName(webhook).endMetadata()
        .addNewWebhook().withName("fail.e2e.kubernaut.ai").withFailurePolicy("Fail").withSideEffects("None")
        .withAdmissionReviewVersions("v1").withTimeoutSeconds(1)
        .withNewClientConfig().withUrl("https://127.0.0.1:1/never").endClientConfig()
        .withNewNamespaceSelector().addToMatchLabels("kubernetes.io/metadata.name", ns).endNamespaceSelector()
        .withNewObjectSelector().addToMatchLabels(Labels.COMPONENT, "redis").endObjectSelector()
        .addNewRule().withOperations("CREATE").withApiGroups("", "apps").withApiVersions("v1")
        .withResources("services", "deployments").endRule()
        .endWebhook().build()).create();
    try {
      OperatorTestSupport.create(client, ns, objects);
      Condition redis = awaitCondition(client, ns, name, "RedisReady", "False", "ApiServerError");
      assertThat(redis.getMessage()).contains("answered 500").contains("failed calling webhook")
          .contains("retrying with backoff");
      // Only Redis' dependents wait; PostgreSQL and the migrations go on.
      awaitCondition(client, ns, name, "MigrationsSucceeded", "True", null);
      Condition ds = awaitCondition(client, ns, name, "DataStorageReady", "False", "WaitingForDependencies");
      assertThat(ds.getMessage()).contains("Redis (ApiServerError)");
    } finally {
      client.resource(client.admissionRegistration().v1().validatingWebhookConfigurations().withName(webhook).get())
          .delete();
    }
    // Nobody touches the environment: the retry alone brings it to Ready once the API server accepts the objects.
    awaitCondition(client, ns, name, "Ready", "True", "AllComponentsReady");
  }

  @Test
  void aComponentReadyAfterItsDeadlineHealsTheEnvironmentWithoutAKick() {
    List<HasMetadata> objects = new java.util.ArrayList<>();
    E2EEnvironment env = weEnvironment("late", objects);
    // A slow image pull: ready after 8 s, deadline 2 s.
    env.getSpec().dataStorage.podAnnotations = Map.of("pod-ready.stage.kwok.x-k8s.io/delay", "8s");
    env.getSpec().dataStorage.readinessTimeout = "2s";
    String name = env.getMetadata().getName();
    OperatorTestSupport.create(client, ns, objects);

    awaitCondition(client, ns, name, "DataStorageReady", "False", "ReadinessTimeout");
    awaitCondition(client, ns, name, "Stalled", "True", "ReadinessTimeout");
    long generation = OperatorTestSupport.get(client, ns, name).getMetadata().getGeneration();
    awaitCondition(client, ns, name, "Ready", "True", "AllComponentsReady");
    E2EEnvironment healed = OperatorTestSupport.get(client, ns, name);
    assertThat(healed.getMetadata().getGeneration()).as("nobody touched the spec").isEqualTo(generation);
    assertThat(OperatorTestSupport.condition(healed, "Stalled").orElseThrow().getStatus()).isEqualTo("False");
    await("WorkflowExecution started after DataStorage recovered").until(() -> client.apps().deployments()
        .inNamespace(ns).withName(name + "-workflowexecution-controller").get() != null);
  }
}
