package ai.kubernaut.e2e.bench;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import ai.kubernaut.e2e.testing.ServiceAccountKubeconfig;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.util.Map;

/**
 * The operator runs as it would in a cluster: as a ServiceAccount with a bearer token (here cluster-admin), not with
 * the admin's client certificate. Two reasons: the API server's audit log then tells its requests apart by user
 * (system:serviceaccount:e2e-bench-system:operator), and fabric8 7.4 re-reads and re-parses a certificate-based
 * kubeconfig before every request (its token refresh never finds a token, so it never stops trying), which cost ~10%
 * of the operator's CPU in a first profile and is no part of the operator's behaviour in a cluster.
 */
final class OperatorIdentity {
  static final String NAMESPACE = "e2e-bench-system";
  static final String NAME = "operator";
  static final String USERNAME = "system:serviceaccount:" + NAMESPACE + ":" + NAME;

  private OperatorIdentity() {}

  /** Writes a kubeconfig with a fresh token of the operator's ServiceAccount; returns its path. */
  static Path kubeconfig(KubernetesClient client, Path out) {
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().build())
        .serverSideApply();
    client.serviceAccounts().inNamespace(NAMESPACE).resource(new ServiceAccountBuilder().withNewMetadata()
        .withName(NAME).withNamespace(NAMESPACE).endMetadata().build()).serverSideApply();
    client.rbac().clusterRoleBindings().resource(new ClusterRoleBindingBuilder().withNewMetadata()
        .withName("e2e-bench-operator").withLabels(Map.of(Benchmark.BENCH_LABEL, "identity")).endMetadata()
        .withNewRoleRef().withApiGroup("rbac.authorization.k8s.io").withKind("ClusterRole").withName("cluster-admin")
        .endRoleRef()
        .addNewSubject().withKind("ServiceAccount").withName(NAME).withNamespace(NAMESPACE).endSubject()
        .build()).serverSideApply();
    return ServiceAccountKubeconfig.write(client, NAMESPACE, NAME, out.resolve("operator.kubeconfig"));
  }
}
