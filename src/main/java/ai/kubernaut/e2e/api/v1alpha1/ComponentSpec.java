package ai.kubernaut.e2e.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import java.util.List;
import java.util.Map;

/** What every workload component accepts. A component is part of the environment when its section is present. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public abstract class ComponentSpec {
  @JsonPropertyDescription("Set to false to leave the component out while keeping its settings. Default true.")
  public Boolean enabled;

  @JsonPropertyDescription("Container image. Components without a default image wait (reason AwaitingImage) until it is set.")
  @Size(max = 512)
  @ValidationRule(value = Patterns.IMAGE_RULE, message = Patterns.IMAGE_MESSAGE)
  public String image;

  @JsonPropertyDescription("Container resources; defaults follow kubernaut's own manifests.")
  @ValidationRule(value = Patterns.RESOURCES_RULE, message = Patterns.RESOURCES_MESSAGE)
  public ResourceRequirements resources;

  @JsonPropertyDescription("Extra environment variables for the main container.")
  @Size(max = 64)
  public List<EnvVar> env;

  @JsonPropertyDescription("How long the component may take to become ready after it started, e.g. 10m.")
  @Size(max = 32)
  @ValidationRule(value = Patterns.TIMEOUT_RULE, message = Patterns.TIMEOUT_MESSAGE)
  public String readinessTimeout;

  @JsonPropertyDescription("Annotations added to the component's pods (e.g. for kwok stage delays in benchmarks).")
  @Size(max = 32)
  public Map<String, String> podAnnotations;

  public boolean enabledOrDefault() {
    return enabled == null || enabled;
  }
}
