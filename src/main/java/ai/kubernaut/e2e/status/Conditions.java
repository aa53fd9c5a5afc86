package ai.kubernaut.e2e.status;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** metav1.Condition bookkeeping: lastTransitionTime moves only when status changes. */
public final class Conditions {
  private Conditions() {}

  public static final String TRUE = "True";
  public static final String FALSE = "False";

  public static Optional<Condition> find(List<Condition> conditions, String type) {
    return conditions == null ? Optional.empty()
        : conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
  }

  /** Builds the new condition, carrying lastTransitionTime over from the previous one when status is unchanged. */
  public static Condition next(List<Condition> previous, String type, boolean status, String reason,
      String message, long generation, Instant now) {
    String statusText = status ? TRUE : FALSE;
    String transition = find(previous, type)
        .filter(c -> Objects.equals(c.getStatus(), statusText) && c.getLastTransitionTime() != null)
        .map(Condition::getLastTransitionTime)
        .orElse(Durations.kubeTime(now));
    return new ConditionBuilder()
        .withType(type)
        .withStatus(statusText)
        .withReason(reason)
        .withMessage(truncate(message, 32000))
        .withObservedGeneration(generation)
        .withLastTransitionTime(transition)
        .build();
  }

  public static boolean isTrue(List<Condition> conditions, String type) {
    return find(conditions, type).map(c -> TRUE.equals(c.getStatus())).orElse(false);
  }

  static String truncate(String s, int max) {
    if (s == null || s.isEmpty()) {
      return "";
    }
    return s.length() <= max ? s : s.substring(0, max - 3) + "...";
  }
}
