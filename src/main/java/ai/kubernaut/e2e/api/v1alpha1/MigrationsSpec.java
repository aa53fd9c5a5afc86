package ai.kubernaut.e2e.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** Runs goose-style SQL migrations once PostgreSQL is ready; image defaults to PostgreSQL's (already pulled). */
public class MigrationsSpec extends ComponentSpec {
  @JsonPropertyDescription("ConfigMap (in the environment's namespace) whose keys are <number>_<name>.sql files.")
  @Required
  @Pattern(Patterns.DNS_LABEL)
  @Size(max = 253)
  public String configMap;
}
