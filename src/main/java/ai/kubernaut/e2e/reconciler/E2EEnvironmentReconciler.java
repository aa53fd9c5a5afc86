package ai.kubernaut.e2e.reconciler;

import ai.kubernaut.e2e.api.v1alpha1.ComponentStatus;
import ai.kubernaut.e2e.api.v1alpha1.E2EEnvironment;
import ai.kubernaut.e2e.api.v1alpha1.E2EEnvironmentStatus;
import ai.kubernaut.e2e.components.ComponentContext;
import ai.kubernaut.e2e.components.EnvironmentComponents;
import ai.kubernaut.e2e.components.ManifestLoader;
import ai.kubernaut.e2e.graph.ComponentGraph;
import ai.kubernaut.e2e.status.ComponentOutcome;
import ai.kubernaut.e2e.status.Durations;
import ai.kubernaut.e2e.status.StatusCalculator;
import ai.kubernaut.e2e.components.Labels;
import ai.kubernaut.e2e.components.workflowexecution.WorkflowExecutionComponent;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.RequestConfig;
import io.fabric8.kubernetes.client.RequestConfigBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;
import io.javaoperatorsdk.operator.processing.retry.GradualRetry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * E2EEnvironment -> spec validated -> component graph -> each component's objects and readiness -> one status
 * patch. Every reconciliation recomputes status from the cluster (timings are carried in status), so a restarted
 * operator resumes where the cluster is. It is triggered by watch events only, plus one wake-up at the nearest
 * readiness deadline or expiry: nothing polls.
 */
@ControllerConfiguration(name = "e2eenvironment")
// A failing API server (outage, 5xx) is retried with backoff up to a minute apart, for hours, not given up after
// JOSDK's default five attempts: an environment must recover by itself once the API server does.
@GradualRetry(initialInterval = 2000, intervalMultiplier = 1.5, maxInterval = 60_000, maxAttempts = 1000)
public class E2EEnvironmentReconciler implements Reconciler<E2EEnvironment>, Cleaner<E2EEnvironment> {
  private static final Logger LOG = Logger.getLogger(E2EEnvironmentReconciler.class);

  private final KubernetesClient client;
  private final WatchedResources watched;
  private final ResourceApplier applier;
  private final ComponentRunner runner;
  private final EnvironmentCleanup cleanup;
  private final TransitionEvents events;
  private final ManifestLoader manifests;
  private final TimeoutDiagnosis diagnosis;
  private final Clock clock = Clock.systemUTC();
  /**
   * Per environment uid, the spec generation whose target namespaces were found free of foreign owners. Checked once
   * per generation, not on every reconciliation: until WorkflowExecution starts, the namespace is not in the (label-
   * selected) cache and each check is a GET. A namespace someone creates later is still caught, as an
   * OwnershipConflict, when WorkflowExecution creates it.
   */
  private final Map<String, Long> targetsChecked = new ConcurrentHashMap<>();

  public E2EEnvironmentReconciler(KubernetesClient client) {
    this.client = client;
    this.watched = new WatchedResources(client);
    this.applier = new ResourceApplier(writer(client), watched);
    this.runner = new ComponentRunner(applier);
    this.cleanup = new EnvironmentCleanup(watched, applier);
    this.events = new TransitionEvents(client);
    this.manifests = new ManifestLoader(client);
    this.diagnosis = new TimeoutDiagnosis(client, watched);
  }

  /**
   * The client components' writes go through. fabric8 retries a 5xx answer itself, by default 10 times over ~100 s,
   * holding a reconciler thread all along (with many environments, all of them: nothing reports why). Writes retry
   * twice (~0.3 s), then the component says ApiServerError and JOSDK's backoff takes over. Informers and status
   * patches keep the default, which rides out a short outage quietly.
   */
  static KubernetesClient writer(KubernetesClient client) {
    RequestConfig quick = new RequestConfigBuilder(client.getConfiguration().getRequestConfig())
        .withRequestRetryBackoffLimit(2).build();
    return client.newClient(quick).adapt(KubernetesClient.class);
  }

  @Override
  public List<EventSource<?, E2EEnvironment>> prepareEventSources(EventSourceContext<E2EEnvironment> context) {
    List<EventSource<?, E2EEnvironment>> sources = new ArrayList<>(watched.create(context));
    // A manifest download that ended (in the background) wakes the environments that wait for it.
    SimpleInboundEventSource<E2EEnvironment> downloads = new SimpleInboundEventSource<>("manifest-downloads");
    manifests.onDownloadEnded(keys -> keys.forEach(k -> {
      int slash = k.indexOf('/');
      downloads.propagateEvent(new ResourceID(k.substring(slash + 1), k.substring(0, slash)));
    }));
    sources.add(downloads);
    return sources;
  }

  @Override
  public UpdateControl<E2EEnvironment> reconcile(E2EEnvironment env, Context<E2EEnvironment> ctx) {
    Instant now = clock.instant();
    long generation = Optional.ofNullable(env.getMetadata().getGeneration()).orElse(1L);
    E2EEnvironmentStatus previous = env.getStatus();

    Optional<Instant> expiry = expiry(env);
    if (expiry.isPresent() && !now.isBefore(expiry.get())) {
      events.record(env, "Normal", "Expired", "timeToLive " + env.getSpec().timeToLive + " passed; deleting", now);
      client.resource(env).delete();
      return UpdateControl.noUpdate();
    }
    if (env.getSpec().suspendRequested()) {
      patchStatus(env, previous, StatusCalculator.suspended(previous, generation, now), ctx, now);
      return UpdateControl.noUpdate();
    }

    EnvironmentComponents components;
    try {
      components = EnvironmentComponents.of(env.getSpec());
    } catch (ComponentGraph.InvalidGraphException | IllegalArgumentException e) {
      patchStatus(env, previous, StatusCalculator.invalid(previous, e.getMessage(), generation, now), ctx, now);
      return UpdateControl.noUpdate();
    }

    String uid = env.getMetadata().getUid();
    if (!Objects.equals(targetsChecked.get(uid), generation)) {
      Optional<String> foreign = foreignTarget(env, components);
      if (foreign.isPresent()) {
        patchStatus(env, previous, StatusCalculator.invalid(previous, foreign.get(), generation, now), ctx, now);
        return UpdateControl.noUpdate();
      }
      targetsChecked.put(uid, generation);
    }
    cleanup.pruneDisabled(env, components);
    var cctx = new ComponentContext(env, watched, manifests);
    List<ComponentOutcome> outcomes = runner.run(env, components, cctx, ctx);
    String expiresAt = expiry.map(Durations::timestamp).orElse(null);
    E2EEnvironmentStatus next = StatusCalculator.compute(previous, outcomes, generation, now, expiresAt);
    diagnosis.addEvents(env, next, outcomes);
    patchStatus(env, previous, next, ctx, now);
    List<String> apiErrors = outcomes.stream()
        .filter(o -> ComponentRunner.API_SERVER_ERROR.equals(o.reason())).map(ComponentOutcome::title).toList();
    if (!apiErrors.isEmpty()) {
      // The status says what failed; failing the reconciliation hands the retry to JOSDK's backoff.
      throw new ApiServerErrorException("the API server failed requests for " + String.join(", ", apiErrors)
          + "; retrying with backoff");
    }

    Optional<Duration> wakeUp = nextWakeUp(outcomes, previous, expiry, now);
    UpdateControl<E2EEnvironment> control = UpdateControl.noUpdate();
    wakeUp.ifPresent(d -> control.rescheduleAfter(d.plusMillis(50)));
    return control;
  }

  @Override
  public DeleteControl cleanup(E2EEnvironment env, Context<E2EEnvironment> ctx) {
    cleanup.cleanup(env, ctx);
    targetsChecked.remove(env.getMetadata().getUid());
    return DeleteControl.defaultDelete();
  }

  /** The API server failed some of this reconciliation's writes (5xx, 429); retried by JOSDK with backoff. */
  static class ApiServerErrorException extends RuntimeException {
    ApiServerErrorException(String message) {
      super(message);
    }
  }

  /**
   * A namespace the spec asks the environment to create (WorkflowExecution's execution namespace) that exists and
   * belongs to someone else: the spec cannot be honoured without taking it over, so nothing is done at all.
   */
  private Optional<String> foreignTarget(E2EEnvironment env, EnvironmentComponents components) {
    var we = env.getSpec().workflowExecution;
    if (we == null || !components.enabled().containsKey(WorkflowExecutionComponent.ID)) {
      return Optional.empty();
    }
    String name = we.executionNamespace != null ? we.executionNamespace
        : WorkflowExecutionComponent.DEFAULT_EXECUTION_NAMESPACE;
    return watched.get(Namespace.class, null, name)
        .filter(ns -> !env.getMetadata().getUid().equals(WatchedResources.labelOf(ns, Labels.ENVIRONMENT_UID)))
        .map(ns -> "spec.workflowExecution.executionNamespace " + name + " already exists and was not created by "
            + "this environment" + (Labels.isManaged(ns.getMetadata().getLabels()) ? " (it belongs to environment "
            + WatchedResources.labelOf(ns, Labels.ENVIRONMENT_NAMESPACE) + "/"
            + WatchedResources.labelOf(ns, Labels.ENVIRONMENT) + ")" : "")
            + "; choose another executionNamespace or delete that namespace");
  }

  /** The nearest readiness deadline or expiry: the one time a reconciliation happens without an event. */
  private static Optional<Duration> nextWakeUp(List<ComponentOutcome> outcomes, E2EEnvironmentStatus previous,
      Optional<Instant> expiry, Instant now) {
    Optional<Instant> earliest = expiry;
    for (ComponentOutcome o : outcomes) {
      ComponentStatus before = previous == null ? null : previous.component(o.id());
      Optional<Instant> d = StatusCalculator.deadline(o, before, now);
      if (d.isPresent() && (earliest.isEmpty() || d.get().isBefore(earliest.get()))) {
        earliest = d;
      }
    }
    return earliest.map(i -> i.isAfter(now) ? Duration.between(now, i) : Duration.ZERO);
  }

  private static Optional<Instant> expiry(E2EEnvironment env) {
    if (env.getSpec().timeToLive == null) {
      return Optional.empty();
    }
    Instant created = Instant.parse(env.getMetadata().getCreationTimestamp());
    return Optional.of(created.plus(Durations.parse(env.getSpec().timeToLive)));
  }

  private void patchStatus(E2EEnvironment env, E2EEnvironmentStatus previous, E2EEnvironmentStatus next,
      Context<E2EEnvironment> ctx, Instant now) {
    if (sameStatus(previous, next)) {
      return;
    }
    events.emit(env, previous, next, now);
    // A fresh object with only name, namespace and status: SSA must not carry a stale resourceVersion.
    E2EEnvironment fresh = new E2EEnvironment();
    fresh.setMetadata(new ObjectMetaBuilder().withName(env.getMetadata().getName())
        .withNamespace(env.getMetadata().getNamespace()).build());
    fresh.setStatus(next);
    PrimaryUpdateAndCacheUtils.ssaPatchStatusAndCacheResource(env, fresh, ctx);
    LOG.debugf("status of %s/%s patched", env.getMetadata().getNamespace(), env.getMetadata().getName());
  }

  private static boolean sameStatus(E2EEnvironmentStatus a, E2EEnvironmentStatus b) {
    if (a == null) {
      return false;
    }
    var serialization = io.fabric8.kubernetes.client.utils.Serialization.jsonMapper();
    return Objects.equals(serialization.valueToTree(a), serialization.valueToTree(b));
  }
}
