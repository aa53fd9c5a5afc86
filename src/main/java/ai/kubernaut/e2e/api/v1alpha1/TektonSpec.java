package ai.kubernaut.e2e.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;

/**
 * Tekton Pipelines, installed cluster-wide and shared by every environment of the cluster. Its workloads come from
 * the release manifest, so image/resources/env of ComponentSpec are ignored here.
 */
public class TektonSpec extends ComponentSpec {
  @JsonPropertyDescription("Release version, used for the default URL. Default v1.7.0.")
  @Pattern("^v[0-9]+\\.[0-9]+\\.[0-9]+$")
  public String version;

  @JsonPropertyDescription("Where the release manifest comes from. Default: the upstream release URL of version.")
  public ManifestSource source;
}
