package ai.kubernaut.e2e.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class ComponentStatus {
  public String name;

  @JsonPropertyDescription("Pending, AwaitingImage, Progressing, Ready, Failed.")
  public String phase;

  public String reason;
  public String message;

  @JsonPropertyDescription("When its dependencies were ready and its objects were first applied (RFC 3339).")
  public String startedAt;

  @JsonPropertyDescription("When it first became ready (RFC 3339).")
  public String readyAt;

  public Double durationSeconds;

  @JsonPropertyDescription("Since when it has been started but not ready; its readiness deadline counts from here.")
  public String notReadySince;

  @JsonPropertyDescription("Fingerprint of the objects last applied for this component.")
  public String appliedHash;

  public ComponentStatus() {}

  public ComponentStatus(String name) {
    this.name = name;
  }
}
