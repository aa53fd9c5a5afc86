package ai.kubernaut.e2e.components.workflowexecution;

import ai.kubernaut.e2e.components.ComponentContext;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;

/** kubernaut-workflow-runner: the identity PipelineRuns run as; gets the environment's image pull secrets. */
public final class WorkflowRunnerServiceAccount {
  static final String NAME = "kubernaut-workflow-runner";

  private WorkflowRunnerServiceAccount() {}

  public static ServiceAccount desired(ComponentContext ctx, String executionNamespace) {
    var sa = new ServiceAccountBuilder().withNewMetadata().withName(NAME).withNamespace(executionNamespace)
        .endMetadata();
    if (ctx.env().getSpec().imagePullSecrets != null) {
      sa.withImagePullSecrets(ctx.env().getSpec().imagePullSecrets);
    }
    return sa.build();
  }
}
