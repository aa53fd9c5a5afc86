package ai.kubernaut.e2e.reconciler;

import ai.kubernaut.e2e.api.v1alpha1.ComponentStatus;
import ai.kubernaut.e2e.api.v1alpha1.E2EEnvironment;
import ai.kubernaut.e2e.api.v1alpha1.E2EEnvironmentStatus;
import ai.kubernaut.e2e.components.Labels;
import ai.kubernaut.e2e.components.manifests.ManifestSetComponent;
import ai.kubernaut.e2e.status.ComponentOutcome;
import ai.kubernaut.e2e.status.Conditions;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * When a component has timed out, the last Warning events of its pods (scheduler, kubelet) are added to its message:
 * the words `kubectl describe pod` would show. Read only for timed-out components, so it costs nothing normally.
 */
class TimeoutDiagnosis {
  private static final Logger LOG = Logger.getLogger(TimeoutDiagnosis.class);
  private final KubernetesClient client;
  private final WatchedResources watched;

  TimeoutDiagnosis(KubernetesClient client, WatchedResources watched) {
    this.client = client;
    this.watched = watched;
  }

  void addEvents(E2EEnvironment env, E2EEnvironmentStatus status, List<ComponentOutcome> outcomes) {
    for (ComponentOutcome o : outcomes) {
      ComponentStatus c = status.component(o.id());
      if (c == null || !"ReadinessTimeout".equals(c.reason)) {
        continue;
      }
      List<Pod> pods = watched.pods(env.getMetadata().getNamespace(),
          Labels.podSelector(env, ManifestSetComponent.labelValue(o.id())));
      String events = pods.stream().flatMap(p -> warnings(p).stream()).distinct().limit(3)
          .collect(Collectors.joining("; "));
      if (events.isEmpty()) {
        continue;
      }
      c.message = c.message + "; recent events: " + events;
      Conditions.find(status.conditions, o.conditionType()).ifPresent(cond -> cond.setMessage(c.message));
    }
  }

  private List<String> warnings(Pod pod) {
    try {
      return client.v1().events().inNamespace(pod.getMetadata().getNamespace())
          .withField("involvedObject.uid", pod.getMetadata().getUid()).list().getItems().stream()
          .filter(e -> "Warning".equals(e.getType()))
          .sorted(Comparator.comparing(TimeoutDiagnosis::time).reversed())
          .map(e -> e.getReason() + ": " + e.getMessage())
          .toList();
    } catch (RuntimeException e) {
      LOG.debugf("events of pod %s not read: %s", pod.getMetadata().getName(), e.getMessage());
      return List.of();
    }
  }

  private static String time(Event e) {
    return Objects.toString(e.getLastTimestamp() != null ? e.getLastTimestamp() : e.getEventTime() != null
        ? e.getEventTime().getTime() : e.getMetadata().getCreationTimestamp(), "");
  }
}
