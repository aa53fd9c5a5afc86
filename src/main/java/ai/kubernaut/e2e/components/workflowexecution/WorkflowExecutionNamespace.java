package ai.kubernaut.e2e.components.workflowexecution;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;

/** Where PipelineRuns execute. Created by the environment; an existing namespace it did not create is refused. */
public final class WorkflowExecutionNamespace {
  private WorkflowExecutionNamespace() {}

  public static Namespace desired(String name) {
    return new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build();
  }
}
