package ai.kubernaut.e2e.status;

import java.time.Duration;

/**
 * What one reconciliation found for one component, before timings and timeouts: phase, reason, message; applied
 * = its objects exist (it has started); appliedHash = fingerprint of what was applied.
 */
public record ComponentOutcome(String id, String title, String conditionType, Phase phase, String reason,
    String message, boolean applied, String appliedHash, Duration readinessTimeout) {

  public enum Phase { Pending, AwaitingImage, Progressing, Ready, Failed }
}
