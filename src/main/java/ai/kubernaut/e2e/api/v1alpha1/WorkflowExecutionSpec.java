package ai.kubernaut.e2e.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import java.util.List;

public class WorkflowExecutionSpec extends ComponentSpec {
  @JsonPropertyDescription("Namespace where PipelineRuns execute; created by the environment. Default kubernaut-workflows.")
  @Pattern(Patterns.DNS_LABEL)
  @Size(max = 63)
  public String executionNamespace;

  @JsonPropertyDescription("Where the WorkflowExecution CRD comes from. Default: a copy bundled with the operator.")
  public ManifestSource crd;

  @JsonPropertyDescription("Extra controller arguments, appended to the defaults.")
  @Size(max = 32)
  public List<String> args;
}
