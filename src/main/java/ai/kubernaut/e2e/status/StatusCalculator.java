package ai.kubernaut.e2e.status;

import ai.kubernaut.e2e.api.v1alpha1.ComponentStatus;
import ai.kubernaut.e2e.api.v1alpha1.E2EEnvironmentStatus;
import ai.kubernaut.e2e.status.ComponentOutcome.Phase;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Builds the next status from this reconciliation's outcomes and the previous status (timings are carried forward
 * from it, so a restarted operator keeps them). Pure: no clock, no cluster; the reconciler passes both in.
 */
public final class StatusCalculator {
  public static final String READY = "Ready";
  public static final String RECONCILING = "Reconciling";
  public static final String STALLED = "Stalled";

  private StatusCalculator() {}

  public static E2EEnvironmentStatus compute(E2EEnvironmentStatus previous, List<ComponentOutcome> outcomes,
      long generation, Instant now, String expiresAt) {
    E2EEnvironmentStatus prev = previous != null ? previous : new E2EEnvironmentStatus();
    E2EEnvironmentStatus next = new E2EEnvironmentStatus();
    next.observedGeneration = generation;
    next.startedAt = prev.startedAt != null ? prev.startedAt : Durations.timestamp(now);
    next.expiresAt = expiresAt;

    List<Condition> conditions = new ArrayList<>();
    List<ComponentOutcome> effective = new ArrayList<>();
    for (ComponentOutcome o : outcomes) {
      ComponentStatus before = prev.component(o.id());
      ComponentStatus cs = new ComponentStatus(o.id());
      cs.startedAt = before != null && before.startedAt != null ? before.startedAt
          : o.applied() ? Durations.timestamp(now) : null;
      cs.readyAt = before != null ? before.readyAt : null;
      cs.appliedHash = o.appliedHash() != null ? o.appliedHash() : before != null ? before.appliedHash : null;
      ComponentOutcome eff = withTimeout(o, before, now);
      if (eff.phase() == Phase.Ready) {
        if (cs.readyAt == null) {
          cs.readyAt = Durations.timestamp(now);
        }
        cs.notReadySince = null;
      } else if (eff.applied()) {
        cs.notReadySince = before != null && before.notReadySince != null && !Phase.Ready.name().equals(before.phase)
            ? before.notReadySince : Durations.timestamp(now);
      }
      if (cs.startedAt != null && cs.readyAt != null) {
        cs.durationSeconds = Durations.seconds(Instant.parse(cs.startedAt), Instant.parse(cs.readyAt));
      }
      cs.phase = eff.phase().name();
      cs.reason = eff.reason();
      cs.message = eff.message();
      next.components.add(cs);
      effective.add(eff);
      conditions.add(Conditions.next(prev.conditions, o.conditionType(), eff.phase() == Phase.Ready,
          eff.reason(), eff.message(), generation, now));
    }

    List<ComponentOutcome> failed = effective.stream().filter(o -> o.phase() == Phase.Failed).toList();
    List<ComponentOutcome> notReady = effective.stream().filter(o -> o.phase() != Phase.Ready).toList();
    boolean ready = notReady.isEmpty();
    if (ready) {
      next.readyAt = prev.readyAt != null ? prev.readyAt : Durations.timestamp(now);
    } else {
      next.readyAt = prev.readyAt;
    }
    if (next.readyAt != null) {
      Duration took = Duration.between(Instant.parse(next.startedAt), Instant.parse(next.readyAt));
      next.timeToReady = Durations.human(took);
      next.timeToReadySeconds = took.toMillis() / 1000.0;
    }

    String readyReason;
    String readyMessage;
    if (ready) {
      readyReason = "AllComponentsReady";
      readyMessage = outcomes.size() + " component(s) ready" + (next.timeToReady != null
          ? "; environment first ready " + next.timeToReady + " after provisioning started" : "");
    } else if (!failed.isEmpty()) {
      readyReason = failed.get(0).reason();
      readyMessage = failed.stream().map(o -> o.title() + ": " + o.message()).collect(Collectors.joining("; "));
    } else if (notReady.stream().anyMatch(o -> o.phase() == Phase.AwaitingImage)
        && notReady.stream().allMatch(o -> o.phase() == Phase.AwaitingImage || o.phase() == Phase.Pending)) {
      readyReason = "AwaitingImage";
      readyMessage = summary(notReady);
    } else {
      readyReason = "Provisioning";
      readyMessage = summary(notReady);
    }
    List<Condition> summary = new ArrayList<>();
    summary.add(Conditions.next(prev.conditions, READY, ready, readyReason, readyMessage, generation, now));
    summary.add(Conditions.next(prev.conditions, RECONCILING, !ready && failed.isEmpty(),
        ready ? "Ready" : failed.isEmpty() ? readyReason : "Failed",
        ready || !failed.isEmpty() ? "" : readyMessage, generation, now));
    summary.add(Conditions.next(prev.conditions, STALLED, !failed.isEmpty(),
        failed.isEmpty() ? "NotStalled" : readyReason, failed.isEmpty() ? "" : readyMessage, generation, now));
    summary.addAll(conditions);
    next.conditions = summary;
    return next;
  }

  /** The status for a spec the operator cannot act on: nothing is created or deleted, components untouched. */
  public static E2EEnvironmentStatus invalid(E2EEnvironmentStatus previous, String message, long generation,
      Instant now) {
    E2EEnvironmentStatus prev = previous != null ? previous : new E2EEnvironmentStatus();
    E2EEnvironmentStatus next = copyTimings(prev);
    next.observedGeneration = generation;
    next.components = prev.components;
    List<Condition> conditions = new ArrayList<>();
    conditions.add(Conditions.next(prev.conditions, READY, false, "InvalidSpec", message, generation, now));
    conditions.add(Conditions.next(prev.conditions, RECONCILING, false, "InvalidSpec", "", generation, now));
    conditions.add(Conditions.next(prev.conditions, STALLED, true, "InvalidSpec", message, generation, now));
    prev.conditions.stream().filter(c -> !List.of(READY, RECONCILING, STALLED).contains(c.getType()))
        .forEach(conditions::add);
    next.conditions = conditions;
    return next;
  }

  /** Suspended: status stays as it was except that Reconciling says why nothing moves. */
  public static E2EEnvironmentStatus suspended(E2EEnvironmentStatus previous, long generation, Instant now) {
    E2EEnvironmentStatus prev = previous != null ? previous : new E2EEnvironmentStatus();
    E2EEnvironmentStatus next = copyTimings(prev);
    next.observedGeneration = prev.observedGeneration;
    next.components = prev.components;
    List<Condition> conditions = new ArrayList<>();
    for (Condition c : prev.conditions) {
      if (!RECONCILING.equals(c.getType())) {
        conditions.add(c);
      }
    }
    conditions.add(Conditions.next(prev.conditions, RECONCILING, false, "Suspended",
        "spec.suspend is true: nothing is created, updated or deleted until it is unset", generation, now));
    next.conditions = conditions;
    return next;
  }

  private static E2EEnvironmentStatus copyTimings(E2EEnvironmentStatus prev) {
    E2EEnvironmentStatus next = new E2EEnvironmentStatus();
    next.startedAt = prev.startedAt;
    next.readyAt = prev.readyAt;
    next.timeToReady = prev.timeToReady;
    next.timeToReadySeconds = prev.timeToReadySeconds;
    next.expiresAt = prev.expiresAt;
    return next;
  }

  /** A component still progressing past its readiness deadline fails, with the diagnosis it had. */
  static ComponentOutcome withTimeout(ComponentOutcome o, ComponentStatus before, Instant now) {
    Optional<Instant> deadline = deadline(o, before, now);
    if (o.phase() == Phase.Progressing && deadline.isPresent() && !now.isBefore(deadline.get())) {
      return new ComponentOutcome(o.id(), o.title(), o.conditionType(), Phase.Failed, "ReadinessTimeout",
          "not ready after " + Durations.human(o.readinessTimeout()) + " (readinessTimeout): " + o.message(),
          o.applied(), o.appliedHash(), o.readinessTimeout());
    }
    return o;
  }

  /** When a progressing component times out: readinessTimeout after it last stopped being ready. */
  public static Optional<Instant> deadline(ComponentOutcome o, ComponentStatus before, Instant now) {
    if (o.phase() != Phase.Progressing || !o.applied()) {
      return Optional.empty();
    }
    Instant since = before != null && before.notReadySince != null && !Phase.Ready.name().equals(before.phase)
        ? Instant.parse(before.notReadySince) : now;
    return Optional.of(since.plus(o.readinessTimeout()));
  }

  private static String summary(List<ComponentOutcome> notReady) {
    return "waiting for " + notReady.stream().map(o -> o.title() + " (" + o.reason() + ")")
        .collect(Collectors.joining(", "));
  }
}
