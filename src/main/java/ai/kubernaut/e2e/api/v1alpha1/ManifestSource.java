package ai.kubernaut.e2e.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** Where a set of Kubernetes manifests comes from: exactly one of url, configMap or inline. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "[has(self.url), has(self.configMap), has(self.inline)].filter(x, x).size() == 1",
    message = "set exactly one of url, configMap or inline")
public class ManifestSource {
  @JsonPropertyDescription("http(s) URL of a multi-document YAML manifest, fetched by the operator.")
  @Pattern("^https?://[^\\s]+$")
  @Size(max = 2048)
  public String url;

  @JsonPropertyDescription("ConfigMap in the environment's namespace; every key (or only 'key') holds YAML documents.")
  public ConfigMapRef configMap;

  @JsonPropertyDescription("Multi-document YAML, inline.")
  @Size(max = 262144)
  public String inline;

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class ConfigMapRef {
    @Pattern(Patterns.DNS_LABEL)
    @Size(max = 253)
    public String name;

    @JsonPropertyDescription("Only this key; default: all keys, in key order.")
    @Size(max = 253)
    public String key;
  }
}
