package ai.kubernaut.e2e.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;

public class PostgreSQLSpec extends ComponentSpec {
  @JsonPropertyDescription("Database to create. Default action_history.")
  @Pattern("^[a-z_][a-z0-9_]*$")
  @Size(max = 63)
  public String database;

  @JsonPropertyDescription("Application user. Default slm_user.")
  @Pattern("^[a-z_][a-z0-9_]*$")
  @Size(max = 63)
  public String user;

  @JsonPropertyDescription("Existing Secret with keys 'username' and 'password' to use instead of a generated one.")
  @Pattern(Patterns.DNS_LABEL)
  @Size(max = 63)
  public String credentialsSecret;
}
