package ai.kubernaut.e2e.components.workflowexecution;

import ai.kubernaut.e2e.components.ComponentContext;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;

/** The controller's permissions, as kubernaut's own manifests grant them. */
public final class WorkflowExecutionClusterRole {
  private WorkflowExecutionClusterRole() {}

  /** Cluster-scoped, so the name carries namespace and environment to stay unique. */
  public static String name(ComponentContext ctx) {
    return "e2e:" + ctx.namespace() + ":" + ctx.env().getMetadata().getName() + ":workflowexecution";
  }

  public static ClusterRole desired(ComponentContext ctx) {
    return new ClusterRoleBuilder()
        .withNewMetadata().withName(name(ctx)).endMetadata()
        .withRules(
            new PolicyRuleBuilder().withApiGroups("kubernaut.ai").withResources("workflowexecutions")
                .withVerbs("get", "list", "watch", "create", "update", "patch", "delete").build(),
            new PolicyRuleBuilder().withApiGroups("kubernaut.ai").withResources("workflowexecutions/status")
                .withVerbs("get", "update", "patch").build(),
            new PolicyRuleBuilder().withApiGroups("kubernaut.ai").withResources("workflowexecutions/finalizers")
                .withVerbs("update").build(),
            new PolicyRuleBuilder().withApiGroups("tekton.dev").withResources("pipelineruns")
                .withVerbs("get", "list", "watch", "create", "update", "patch", "delete").build(),
            new PolicyRuleBuilder().withApiGroups("tekton.dev").withResources("taskruns")
                .withVerbs("get", "list", "watch").build(),
            new PolicyRuleBuilder().withApiGroups("").withResources("events").withVerbs("create", "patch").build(),
            new PolicyRuleBuilder().withApiGroups("coordination.k8s.io").withResources("leases")
                .withVerbs("get", "list", "watch", "create", "update", "patch", "delete").build())
        .build();
  }
}
