package ai.kubernaut.e2e.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/**
 * A generic component: any set of objects, applied once its dependencies are ready and ready itself when every
 * Deployment/StatefulSet in it is available, every Job complete and every CRD established.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "!has(self.dependsOn) || !(self.name in self.dependsOn)",
    message = "a manifest set cannot depend on itself")
public class ManifestSetSpec {
  @JsonPropertyDescription("Name of this set; its condition is Manifest<Name>Ready.")
  @Required
  @Pattern(Patterns.DNS_LABEL)
  @Size(max = 40)
  public String name;

  @JsonPropertyDescription("Components (tekton, postgresql, redis, migrations, dataStorage, workflowExecution) "
      + "or other manifest sets that must be ready first.")
  @Size(max = 16)
  public List<@Size(max = 63) String> dependsOn;

  @Required
  public ManifestSource source;

  @JsonPropertyDescription("Set to false to leave the set out. Default true.")
  public Boolean enabled;

  @Size(max = 32)
  @ValidationRule(value = Patterns.TIMEOUT_RULE, message = Patterns.TIMEOUT_MESSAGE)
  public String readinessTimeout;

  public boolean enabledOrDefault() {
    return enabled == null || enabled;
  }
}
