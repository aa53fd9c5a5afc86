package ai.kubernaut.e2e.reconciler;

import ai.kubernaut.e2e.api.v1alpha1.ComponentStatus;
import ai.kubernaut.e2e.api.v1alpha1.E2EEnvironment;
import ai.kubernaut.e2e.api.v1alpha1.E2EEnvironmentStatus;
import ai.kubernaut.e2e.components.Component;
import ai.kubernaut.e2e.components.ComponentContext;
import ai.kubernaut.e2e.components.DesiredObject;
import ai.kubernaut.e2e.components.EnvironmentComponents;
import ai.kubernaut.e2e.components.manifests.ManifestSetComponent;
import ai.kubernaut.e2e.readiness.ObjectReadiness;
import ai.kubernaut.e2e.readiness.Readiness;
import ai.kubernaut.e2e.status.ComponentOutcome;
import ai.kubernaut.e2e.status.ComponentOutcome.Phase;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Walks the graph in dependency order once per reconciliation. A component starts as soon as its own dependencies
 * are ready in this pass (no phases, no waiting for unrelated components); once started, its objects are kept as
 * wanted whatever happens to its dependencies, so a dependency's hiccup never restarts it.
 */
class ComponentRunner {
  /** Reason of a component whose objects the API server failed to take (5xx, 429); retried with backoff. */
  static final String API_SERVER_ERROR = "ApiServerError";

  private final ResourceApplier applier;

  ComponentRunner(ResourceApplier applier) {
    this.applier = applier;
  }

  List<ComponentOutcome> run(E2EEnvironment env, EnvironmentComponents components, ComponentContext cctx,
      Context<E2EEnvironment> ctx) {
    E2EEnvironmentStatus prev = env.getStatus() != null ? env.getStatus() : new E2EEnvironmentStatus();
    Map<String, ComponentOutcome> outcomes = new LinkedHashMap<>();
    for (String id : components.graph().order()) {
      Component c = components.enabled().get(id);
      ComponentStatus before = prev.component(id);
      boolean started = before != null && before.startedAt != null;
      List<String> waitingFor = components.graph().dependenciesOf(id).stream()
          .filter(d -> outcomes.get(d).phase() != Phase.Ready).toList();
      if (!started && !waitingFor.isEmpty()) {
        outcomes.put(id, outcome(c, Phase.Pending, "WaitingForDependencies", "waiting for " + waitingFor.stream()
            .map(d -> outcomes.get(d).title() + " (" + outcomes.get(d).reason() + ")")
            .collect(Collectors.joining(", ")), false, null));
        continue;
      }
      var image = c.awaitingImage();
      if (image.isPresent()) {
        outcomes.put(id, outcome(c, Phase.AwaitingImage, "AwaitingImage", image.get(), started, null));
        continue;
      }
      outcomes.put(id, reconcileComponent(c, env, before, cctx, ctx, started));
    }
    // Report in the order the spec lists components, which is also how people read them.
    List<ComponentOutcome> ordered = new ArrayList<>();
    components.enabled().keySet().forEach(id -> ordered.add(outcomes.get(id)));
    return ordered;
  }

  private ComponentOutcome reconcileComponent(Component c, E2EEnvironment env, ComponentStatus before,
      ComponentContext cctx, Context<E2EEnvironment> ctx, boolean started) {
    List<List<DesiredObject>> phases;
    try {
      phases = c.desired(cctx);
    } catch (Component.NotReadyException e) {
      return fromReadiness(c, e.readiness(), started, null);
    }
    String hash = hash(phases);
    boolean appliedBefore = before != null && hash.equals(before.appliedHash);
    String label = ManifestSetComponent.labelValue(c.id());
    List<HasMetadata> all = new ArrayList<>();
    Readiness readiness = Readiness.ready(c.title() + " ready");
    DesiredObject current = null;
    try {
      for (List<DesiredObject> phase : phases) {
        List<HasMetadata> actual = new ArrayList<>();
        for (DesiredObject d : phase) {
          current = d;
          actual.add(applier.apply(d, env, label, ctx, appliedBefore));
        }
        all.addAll(actual);
        readiness = c.readiness(cctx, actual);
        if (!readiness.isReady()) {
          break; // the next phase needs this one (a controller needs its CRD)
        }
      }
    } catch (ResourceApplier.OwnershipConflictException e) {
      return outcome(c, Phase.Failed, "OwnershipConflict", e.getMessage(), started, null);
    } catch (KubernetesClientException e) {
      if (e.getCode() >= 400 && e.getCode() < 500 && e.getCode() != 409 && e.getCode() != 429) {
        // The API server refused the object: the spec or a manifest is wrong, retrying will not help.
        return outcome(c, Phase.Failed, "ApplyRejected", "the API server rejected an object of " + c.title()
            + ": " + e.getStatus().getMessage(), started || !all.isEmpty(), null);
      }
      if (e.getCode() >= 500 || e.getCode() == 429) {
        // The API server is there but failing (e.g. out of Service IPs) or throttling: say so on this component,
        // let the others go on, and retry this one with backoff (the reconciler asks JOSDK for it).
        return outcome(c, Phase.Progressing, API_SERVER_ERROR, "the API server answered " + e.getCode()
            + (current == null ? "" : " to " + ObjectReadiness.describe(current.object())) + ": "
            + (e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage()
            : e.getMessage()) + "; retrying with backoff", started || !all.isEmpty(), null);
      }
      throw e;
    } catch (Component.NotReadyException e) {
      return fromReadiness(c, e.readiness(), true, null);
    }
    applier.prune(env, label, all);
    return fromReadiness(c, readiness, true, hash);
  }

  private static ComponentOutcome fromReadiness(Component c, Readiness r, boolean applied, String hash) {
    Phase phase = switch (r.state()) {
      case READY -> Phase.Ready;
      case FAILED -> Phase.Failed;
      case PROGRESSING -> applied ? Phase.Progressing : Phase.Pending;
    };
    return new ComponentOutcome(c.id(), c.title(), c.conditionType(), phase, r.reason(), r.message(), applied, hash,
        c.readinessTimeout());
  }

  private static ComponentOutcome outcome(Component c, Phase phase, String reason, String message, boolean applied,
      String hash) {
    return new ComponentOutcome(c.id(), c.title(), c.conditionType(), phase, reason, message, applied, hash,
        c.readinessTimeout());
  }

  /** Fingerprint of what a component wants; a change means "apply everything again", unwatched kinds included. */
  static String hash(List<List<DesiredObject>> phases) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      for (List<DesiredObject> phase : phases) {
        for (DesiredObject d : phase) {
          if (d.createOnly()) {
            continue; // generated content (passwords) differs every time; create-only objects never change anyway
          }
          md.update(d.object().toString().getBytes(StandardCharsets.UTF_8));
        }
      }
      return HexFormat.of().formatHex(md.digest()).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
