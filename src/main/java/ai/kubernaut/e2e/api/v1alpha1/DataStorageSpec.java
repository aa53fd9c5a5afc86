package ai.kubernaut.e2e.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;

public class DataStorageSpec extends ComponentSpec {
  @JsonPropertyDescription("Log level written to DataStorage's config. Default info.")
  @Pattern("^(debug|info|warn|error)$")
  public String logLevel;

  @JsonPropertyDescription("Mount a writable volume at /coverdata and set GOCOVERDIR (coverage builds).")
  public Boolean coverage;
}
