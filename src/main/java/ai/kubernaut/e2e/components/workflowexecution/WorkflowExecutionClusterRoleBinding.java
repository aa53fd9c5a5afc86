package ai.kubernaut.e2e.components.workflowexecution;

import ai.kubernaut.e2e.components.ComponentContext;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;

public final class WorkflowExecutionClusterRoleBinding {
  private WorkflowExecutionClusterRoleBinding() {}

  public static ClusterRoleBinding desired(ComponentContext ctx) {
    return new ClusterRoleBindingBuilder()
        .withNewMetadata().withName(WorkflowExecutionClusterRole.name(ctx)).endMetadata()
        .withNewRoleRef().withApiGroup("rbac.authorization.k8s.io").withKind("ClusterRole")
        .withName(WorkflowExecutionClusterRole.name(ctx)).endRoleRef()
        .addNewSubject().withKind("ServiceAccount").withName(WorkflowExecutionServiceAccount.name(ctx))
        .withNamespace(ctx.namespace()).endSubject()
        .build();
  }
}
