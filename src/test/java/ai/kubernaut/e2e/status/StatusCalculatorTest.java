package ai.kubernaut.e2e.status;

import static org.assertj.core.api.Assertions.assertThat;

import ai.kubernaut.e2e.api.v1alpha1.E2EEnvironmentStatus;
import ai.kubernaut.e2e.status.ComponentOutcome.Phase;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatusCalculatorTest {
  static final Instant T0 = Instant.parse("2026-11-23T10:00:00.000Z");

  static ComponentOutcome pg(Phase phase, String reason) {
    return new ComponentOutcome("postgresql", "PostgreSQL", "PostgreSQLReady", phase, reason, "msg " + reason,
        phase != Phase.Pending, "h1", Duration.ofSeconds(60));
  }

  static Condition cond(E2EEnvironmentStatus s, String type) {
    return Conditions.find(s.conditions, type).orElseThrow();
  }

  @Test
  void lastTransitionTimeChangesOnlyWhenStatusChanges() {
    var s1 = StatusCalculator.compute(null, List.of(pg(Phase.Progressing, "PodsNotReady")), 1, T0, null);
    var s2 = StatusCalculator.compute(s1, List.of(pg(Phase.Progressing, "RolloutPending")), 1,
        T0.plusSeconds(5), null);
    assertThat(cond(s2, "PostgreSQLReady").getLastTransitionTime())
        .isEqualTo(cond(s1, "PostgreSQLReady").getLastTransitionTime());
    assertThat(cond(s2, "PostgreSQLReady").getReason()).isEqualTo("RolloutPending");
    var s3 = StatusCalculator.compute(s2, List.of(pg(Phase.Ready, "Ready")), 2, T0.plusSeconds(9), null);
    assertThat(cond(s3, "PostgreSQLReady").getLastTransitionTime()).isEqualTo("2026-11-23T10:00:09Z");
    assertThat(cond(s3, "PostgreSQLReady").getObservedGeneration()).isEqualTo(2L);
    assertThat(s3.observedGeneration).isEqualTo(2L);
  }

  @Test
  void timingsAreCarriedForwardAndTimeToReadyIsComputedOnce() {
    var s1 = StatusCalculator.compute(null, List.of(pg(Phase.Progressing, "PodsNotReady")), 1, T0, null);
    var s2 = StatusCalculator.compute(s1, List.of(pg(Phase.Ready, "Ready")), 1, T0.plusMillis(12_340), null);
    assertThat(s2.component("postgresql").startedAt).isEqualTo("2026-11-23T10:00:00Z");
    assertThat(s2.component("postgresql").durationSeconds).isEqualTo(12.34);
    assertThat(s2.timeToReady).isEqualTo("12.3s");
    assertThat(cond(s2, "Ready").getStatus()).isEqualTo("True");
    var s3 = StatusCalculator.compute(s2, List.of(pg(Phase.Ready, "Ready")), 1, T0.plusSeconds(100), null);
    assertThat(s3.readyAt).isEqualTo(s2.readyAt);
  }

  @Test
  void progressingPastTheDeadlineFailsWithTheDiagnosisAndStalls() {
    var s1 = StatusCalculator.compute(null, List.of(pg(Phase.Progressing, "PodsNotReady")), 1, T0, null);
    var s2 = StatusCalculator.compute(s1, List.of(pg(Phase.Progressing, "PodsNotReady")), 1,
        T0.plusSeconds(61), null);
    Condition c = cond(s2, "PostgreSQLReady");
    assertThat(c.getReason()).isEqualTo("ReadinessTimeout");
    assertThat(c.getMessage()).startsWith("not ready after 1m00s (readinessTimeout): msg PodsNotReady");
    assertThat(cond(s2, "Stalled").getStatus()).isEqualTo("True");
    assertThat(cond(s2, "Ready").getReason()).isEqualTo("ReadinessTimeout");
    assertThat(cond(s2, "Reconciling").getStatus()).isEqualTo("False");
  }

  @Test
  void deadlineCountsFromWhenTheComponentLastStoppedBeingReady() {
    var ready = StatusCalculator.compute(null, List.of(pg(Phase.Ready, "Ready")), 1, T0, null);
    var drift = StatusCalculator.compute(ready, List.of(pg(Phase.Progressing, "PodsNotReady")), 1,
        T0.plusSeconds(3600), null);
    assertThat(cond(drift, "PostgreSQLReady").getReason()).isEqualTo("PodsNotReady");
    assertThat(cond(drift, "Ready").getStatus()).isEqualTo("False");
    assertThat(cond(drift, "Reconciling").getStatus()).isEqualTo("True");
  }

  @Test
  void awaitingImageIsTheSummaryReasonWhenNothingElseIsMissing() {
    var ds = new ComponentOutcome("dataStorage", "DataStorage", "DataStorageReady", Phase.AwaitingImage,
        "AwaitingImage", "set spec.dataStorage.image", false, null, Duration.ofMinutes(1));
    var s = StatusCalculator.compute(null, List.of(pg(Phase.Ready, "Ready"), ds), 1, T0, null);
    assertThat(cond(s, "Ready").getReason()).isEqualTo("AwaitingImage");
    assertThat(cond(s, "Ready").getMessage()).contains("DataStorage (AwaitingImage)");
  }

  @Test
  void durationsParseGoSyntax() {
    assertThat(Durations.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
    assertThat(Durations.parse("1.5s")).isEqualTo(Duration.ofMillis(1500));
    assertThat(Durations.parse("250ms")).isEqualTo(Duration.ofMillis(250));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Durations.parse("5 minutes"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
