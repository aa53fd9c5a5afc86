package ai.kubernaut.e2e.reconciler;

import ai.kubernaut.e2e.api.v1alpha1.ComponentStatus;
import ai.kubernaut.e2e.api.v1alpha1.E2EEnvironment;
import ai.kubernaut.e2e.api.v1alpha1.E2EEnvironmentStatus;
import ai.kubernaut.e2e.components.Labels;
import ai.kubernaut.e2e.status.Conditions;
import ai.kubernaut.e2e.status.Durations;
import ai.kubernaut.e2e.status.StatusCalculator;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import org.jboss.logging.Logger;

/** Kubernetes Events on the E2EEnvironment for each component transition, so `kubectl describe` tells the story. */
class TransitionEvents {
  private static final Logger LOG = Logger.getLogger(TransitionEvents.class);
  private final KubernetesClient client;

  TransitionEvents(KubernetesClient client) {
    this.client = client;
  }

  void emit(E2EEnvironment env, E2EEnvironmentStatus before, E2EEnvironmentStatus after, Instant now) {
    E2EEnvironmentStatus prev = before != null ? before : new E2EEnvironmentStatus();
    for (ComponentStatus c : after.components) {
      ComponentStatus p = prev.component(c.name);
      boolean phaseChanged = p == null || !Objects.equals(p.phase, c.phase);
      boolean reasonChanged = p == null || !Objects.equals(p.reason, c.reason);
      if (!phaseChanged && !reasonChanged) {
        continue;
      }
      switch (c.phase) {
        case "Progressing" -> {
          if (p == null || p.startedAt == null) {
            record(env, "Normal", "ComponentStarted", c.name + ": dependencies ready, objects created", now);
          }
        }
        case "Ready" -> record(env, "Normal", "ComponentReady", c.name + " ready"
            + (c.durationSeconds != null && (p == null || p.readyAt == null) ? " after " + c.durationSeconds + "s"
                : ""), now);
        case "Failed" -> record(env, "Warning", c.reason, c.name + ": " + c.message, now);
        case "AwaitingImage" -> record(env, "Normal", "AwaitingImage", c.name + ": " + c.message, now);
        default -> { }
      }
    }
    boolean wasReady = Conditions.isTrue(prev.conditions, StatusCalculator.READY);
    boolean isReady = Conditions.isTrue(after.conditions, StatusCalculator.READY);
    if (isReady && !wasReady) {
      record(env, "Normal", "EnvironmentReady", "all components ready"
          + (after.timeToReady != null ? "; first ready after " + after.timeToReady : ""), now);
    }
  }

  void record(E2EEnvironment env, String type, String reason, String message, Instant now) {
    String time = Durations.kubeTime(now);
    Event event = new EventBuilder()
        .withNewMetadata()
        .withName(env.getMetadata().getName() + "." + UUID.randomUUID().toString().substring(0, 13))
        .withNamespace(env.getMetadata().getNamespace())
        .endMetadata()
        .withNewInvolvedObject()
        .withApiVersion(env.getApiVersion()).withKind(env.getKind())
        .withName(env.getMetadata().getName()).withNamespace(env.getMetadata().getNamespace())
        .withUid(env.getMetadata().getUid()).withResourceVersion(env.getMetadata().getResourceVersion())
        .endInvolvedObject()
        .withType(type)
        .withReason(reason)
        .withMessage(message.length() > 1000 ? message.substring(0, 997) + "..." : message)
        .withFirstTimestamp(time).withLastTimestamp(time).withCount(1)
        .withNewSource().withComponent(Labels.OPERATOR).endSource()
        .withReportingComponent(Labels.OPERATOR)
        .build();
    try {
      client.v1().events().inNamespace(env.getMetadata().getNamespace()).resource(event).create();
    } catch (RuntimeException e) {
      LOG.debugf("event not recorded: %s", e.getMessage()); // events are best effort
    }
  }
}
