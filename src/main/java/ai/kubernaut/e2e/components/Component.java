package ai.kubernaut.e2e.components;

import ai.kubernaut.e2e.readiness.ObjectReadiness;
import ai.kubernaut.e2e.readiness.Readiness;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One node of the environment: what it needs, which objects it wants (in phases: a phase is applied only once the
 * previous one is ready, e.g. a CRD before the controller that serves it) and when it counts as ready.
 */
public interface Component {
  /** Graph id: the spec key (postgresql, dataStorage, ...) or manifests/<name>. */
  String id();

  /** Human name used in messages. */
  String title();

  /** Status condition type, e.g. PostgreSQLReady. */
  String conditionType();

  /** Built-in and declared dependencies (ids). */
  List<String> dependsOn();

  Duration readinessTimeout();

  /** Set when the component cannot start until someone sets its image (reason AwaitingImage). */
  default Optional<String> awaitingImage() {
    return Optional.empty();
  }

  /** Desired objects by phase. Throws {@link NotReadyException} when an input (a ConfigMap, a URL) is missing. */
  List<List<DesiredObject>> desired(ComponentContext ctx);

  /** Readiness of the applied objects; by default the kstatus rules of each object. */
  default Readiness readiness(ComponentContext ctx, List<HasMetadata> actual) {
    List<Readiness> parts = new ArrayList<>();
    for (HasMetadata o : actual) {
      parts.add(ObjectReadiness.of(o, ctx.podsOf(o)));
    }
    return Readiness.combine(parts, title() + " ready");
  }

  /** Sharing groups whose objects this component applies (cleaned up when the last user goes). */
  default Set<String> sharedGroups() {
    return Set.of();
  }

  /** An input is missing or wrong; the component reports the readiness carried here instead of applying. */
  class NotReadyException extends RuntimeException {
    private final transient Readiness readiness;

    public NotReadyException(Readiness readiness) {
      super(readiness.message());
      this.readiness = readiness;
    }

    public Readiness readiness() {
      return readiness;
    }
  }
}
