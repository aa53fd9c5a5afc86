package ai.kubernaut.e2e.operator;

import static ai.kubernaut.e2e.operator.OperatorTestSupport.await;
import static org.assertj.core.api.Assertions.assertThat;

import ai.kubernaut.e2e.api.v1alpha1.E2EEnvironment;
import ai.kubernaut.e2e.components.Labels;
import ai.kubernaut.e2e.testing.OperatorProcess;
import ai.kubernaut.e2e.testing.ServiceAccountKubeconfig;
import ai.kubernaut.e2e.testing.WithLocalCluster;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The packaged operator runs with exactly the permissions a cluster admin gives it with {@code deploy/}: the RBAC
 * objects of {@code deploy/operator.yaml} (and, for environments that apply Tekton kinds from manifests,
 * {@code deploy/rbac-manifests.yaml}), as that ServiceAccount with a bound token. A missing permission shows as a
 * 403 in the operator's log and an environment that never gets Ready or never goes away.
 */
@WithLocalCluster
@Tag("cluster")
class DeployedPermissionsIT extends PackagedOperatorBase {
  static final String SA_NAMESPACE = "e2e-environment-operator";
  static final String SA_NAME = "e2e-environment-operator";
  static final String AGGREGATE_LABEL = "e2e.kubernaut.ai/aggregate-to-e2e-environment-operator";
  static final String MANIFESTS_ROLE = "e2e-environment-operator-manifests";
  static final Duration TIMEOUT = Duration.ofSeconds(180);

  @Test
  void withTheBasePermissionsADataStorageEnvironmentComesUpAndGoesAway() {
    client.rbac().clusterRoles().withName(MANIFESTS_ROLE).delete();
    installDeployRbac(List.of("deploy/operator.yaml"));
    runSample("datastorage-e2e.yaml", "base");
  }

  @Test
  void withTheManifestsPermissionsTheWorkflowExecutionEnvironmentComesUpAndGoesAway() {
    installDeployRbac(List.of("deploy/operator.yaml", "deploy/rbac-manifests.yaml"));
    try {
      runSample("workflowexecution-e2e.yaml", "manifests");
    } finally {
      client.rbac().clusterRoles().withName(MANIFESTS_ROLE).delete();
    }
  }

  private void runSample(String sample, String label) {
    Path kubeconfig = ServiceAccountKubeconfig.write(client, SA_NAMESPACE, SA_NAME,
        Path.of("target", "deployed-permissions-" + label + ".kubeconfig"));
    operator = OperatorProcess.start(kubeconfig, "deployed-rbac-" + label);
    operator.awaitStarted();

    // The execution namespace is named after this suffix: short, unique to this test's namespace.
    String suffix = "rbac-" + ns.substring(ns.length() - 6);
    List<HasMetadata> objects = OperatorTestSupport.parse(client, OperatorTestSupport.sample(sample, suffix));
    String name = OperatorTestSupport.environment(objects).getMetadata().getName();
    OperatorTestSupport.create(client, ns, objects);
    await(name + " Ready with deploy/'s permissions (operator log " + operator.log() + ")").atMost(TIMEOUT)
        .until(() -> OperatorTestSupport.condition(OperatorTestSupport.get(client, ns, name), "Ready")
            .map(c -> "True".equals(c.getStatus())).orElse(false));
    String uid = OperatorTestSupport.get(client, ns, name).getMetadata().getUid();

    client.resources(E2EEnvironment.class).inNamespace(ns).withName(name).delete();
    await(name + " deleted, finalizer done (operator log " + operator.log() + ")").atMost(TIMEOUT)
        .until(() -> OperatorTestSupport.get(client, ns, name) == null);
    // What the finalizer deletes (cluster-scoped and cross-namespace objects) is gone too.
    await("the environment's cluster-scoped objects deleted").atMost(TIMEOUT).untilAsserted(() -> {
      assertThat(client.rbac().clusterRoles().withLabel(Labels.ENVIRONMENT_UID, uid).list().getItems()).isEmpty();
      assertThat(client.rbac().clusterRoleBindings().withLabel(Labels.ENVIRONMENT_UID, uid).list().getItems())
          .isEmpty();
      assertThat(client.namespaces().withLabel(Labels.ENVIRONMENT_UID, uid).list().getItems()).allSatisfy(n ->
          assertThat(n.getMetadata().getDeletionTimestamp()).isNotNull());
    });
    assertThat(operator.logLinesFrom(0)).as("operator log " + operator.log())
        .noneMatch(l -> l.contains("Forbidden") || l.contains("forbidden"));
  }

  /** The RBAC objects of those files (not the operator's Deployment), and their aggregation done. */
  private void installDeployRbac(List<String> files) {
    for (String file : files) {
      try (InputStream in = Files.newInputStream(Path.of(file))) {
        for (HasMetadata o : client.load(in).items()) {
          if (o instanceof Deployment) {
            continue;
          }
          client.resource(o).fieldManager("e2e-deployed-permissions-it").forceConflicts().serverSideApply();
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    // The controller-manager aggregates the labeled ClusterRoles into the operator's; wait until it has.
    await("aggregated ClusterRole " + SA_NAME).atMost(TIMEOUT).untilAsserted(() -> {
      long labeled = client.rbac().clusterRoles().withLabel(AGGREGATE_LABEL, "true").list().getItems().stream()
          .mapToLong(r -> r.getRules().size()).sum();
      ClusterRole aggregated = client.rbac().clusterRoles().withName(SA_NAME).get();
      assertThat(aggregated.getRules()).hasSize((int) labeled);
    });
  }
}
