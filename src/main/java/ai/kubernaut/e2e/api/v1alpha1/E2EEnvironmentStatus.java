package ai.kubernaut.e2e.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class E2EEnvironmentStatus {
  @JsonPropertyDescription("The spec generation this status describes.")
  public Long observedGeneration;

  @JsonPropertyDescription("Ready, Reconciling, Stalled and one condition per component.")
  public List<Condition> conditions = new ArrayList<>();

  @JsonPropertyDescription("Per component: state, timings and what it waits for.")
  public List<ComponentStatus> components = new ArrayList<>();

  @JsonPropertyDescription("When the operator first started provisioning (RFC 3339).")
  public String startedAt;

  @JsonPropertyDescription("When every component was first ready (RFC 3339).")
  public String readyAt;

  @JsonPropertyDescription("readyAt - startedAt, human readable (e.g. 31.4s).")
  public String timeToReady;

  public Double timeToReadySeconds;

  @JsonPropertyDescription("When the environment deletes itself (spec.timeToLive).")
  public String expiresAt;

  public ComponentStatus component(String name) {
    return components.stream().filter(c -> Objects.equals(c.name, name)).findFirst().orElse(null);
  }
}
