package ai.kubernaut.e2e.components.workflowexecution;

import ai.kubernaut.e2e.components.ComponentContext;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;

public final class WorkflowExecutionServiceAccount {
  private WorkflowExecutionServiceAccount() {}

  public static String name(ComponentContext ctx) {
    return ctx.name("workflowexecution-controller");
  }

  public static ServiceAccount desired(ComponentContext ctx) {
    return new ServiceAccountBuilder().withNewMetadata().withName(name(ctx)).withNamespace(ctx.namespace())
        .endMetadata().build();
  }
}
