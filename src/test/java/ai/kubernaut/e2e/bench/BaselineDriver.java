package ai.kubernaut.e2e.bench;

import ai.kubernaut.e2e.api.v1alpha1.E2EEnvironment;
import ai.kubernaut.e2e.components.Component;
import ai.kubernaut.e2e.components.ComponentContext;
import ai.kubernaut.e2e.components.DesiredObject;
import ai.kubernaut.e2e.components.Labels;
import ai.kubernaut.e2e.components.ManifestLoader;
import ai.kubernaut.e2e.components.manifests.ManifestSetComponent;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The old strategies as small client-side drivers: the operator's component classes give the objects (the same
 * manifests, labels included), fabric8 creates them, and the benchmark's watches say when ObjectReadiness (the
 * operator's rules) calls them ready. No sleeps, no polling: each wait ends on the watch event that makes it true.
 */
final class BaselineDriver {

  enum Strategy {
    /** Apply one component, wait until it is ready, next (kubernaut's sequential setup, in dependency order). */
    SEQUENTIAL("sequential"),
    /** kubernaut's phases: every component of a phase at once, wait for the whole phase, next phase. */
    PHASE_BARRIER("phase-barrier");

    final String label;

    Strategy(String label) {
      this.label = label;
    }
  }

  static final List<String> SEQUENTIAL_ORDER = List.of("tekton", "postgresql", "redis", "migrations", "dataStorage",
      "workflowExecution");

  /**
   * Phases of the old "phase-parallel" setup ([Tekton | PostgreSQL+Redis] -> [migrations, DataStorage] -> [WE]);
   * inside a phase, lanes run in parallel and a lane's components one after the other (DataStorage needs the
   * migrations, as the old phase deployed, waited, then migrated).
   */
  static final List<List<List<String>>> PHASES = List.of(
      List.of(List.of("tekton"), List.of("postgresql"), List.of("redis")),
      List.of(List.of("migrations", "dataStorage")),
      List.of(List.of("workflowExecution")));

  private final KubernetesClient client;
  private final ClusterObserver observer;
  private final Duration timeout;
  private final ExecutorService lanes = Executors.newFixedThreadPool(4, r -> {
    Thread t = new Thread(r, "baseline-lane");
    t.setDaemon(true);
    return t;
  });

  BaselineDriver(KubernetesClient client, ClusterObserver observer, Duration timeout) {
    this.client = client;
    this.observer = observer;
    this.timeout = timeout;
  }

  /** Drives one environment (its namespace and source ConfigMaps exist) and returns what the watches saw. */
  Timeline run(Strategy strategy, E2EEnvironment standIn, EnvironmentPlan plan) {
    ComponentContext ctx = new ComponentContext(standIn, DirectObservedState.live(client), new ManifestLoader(client));
    double t0 = BenchClock.nowMs();
    switch (strategy) {
      case SEQUENTIAL -> SEQUENTIAL_ORDER.forEach(id -> drive(id, plan, standIn, ctx));
      case PHASE_BARRIER -> {
        for (List<List<String>> phase : PHASES) {
          List<CompletableFuture<Void>> running = new ArrayList<>();
          for (List<String> lane : phase) {
            running.add(CompletableFuture.runAsync(() -> lane.forEach(id -> drive(id, plan, standIn, ctx)), lanes));
          }
          try {
            CompletableFuture.allOf(running.toArray(CompletableFuture[]::new)).join();
          } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
          }
        }
      }
      default -> throw new IllegalArgumentException(strategy.name());
    }
    var components = Timeline.observe(plan, observer, t0);
    double last = Timeline.lastReady(components);
    return new Timeline(strategy.label, t0, last, last, components);
  }

  /** One component: each of its phases applied, then awaited, as `kubectl apply` + `kubectl wait` would. */
  private void drive(String id, EnvironmentPlan plan, E2EEnvironment env, ComponentContext ctx) {
    Component c = plan.components().enabled().get(id);
    String label = ManifestSetComponent.labelValue(id);
    for (List<DesiredObject> phase : c.desired(ctx)) {
      List<ObjKey> wait = new ArrayList<>();
      for (DesiredObject d : phase) {
        HasMetadata o = prepare(d, env, label);
        create(o);
        ObjKey key = ObjKey.of(o);
        if (key.hasReadiness()) {
          wait.add(key);
        }
      }
      observer.await(c.title() + " (" + strategyThread() + ")", timeout, () -> observer.allReady(wait),
          () -> observer.notReady(wait));
    }
  }

  private static String strategyThread() {
    return Thread.currentThread().getName();
  }

  /** The labels the operator's ResourceApplier puts on what it creates (no owner reference: no custom resource). */
  static HasMetadata prepare(DesiredObject desired, E2EEnvironment env, String componentLabel) {
    HasMetadata object = desired.object();
    Map<String, String> labels = new HashMap<>(object.getMetadata().getLabels() == null ? Map.of()
        : object.getMetadata().getLabels());
    if (desired.ownership() == DesiredObject.Ownership.SHARED) {
      labels.putAll(Labels.shared(desired.sharedGroup()));
    } else {
      labels.putAll(Labels.owned(env, componentLabel));
    }
    object.getMetadata().setLabels(labels);
    return object;
  }

  private void create(HasMetadata o) {
    try {
      client.resource(o).create();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 409) {
        throw e;
      }
      client.resource(o).fieldManager("e2e-bench").forceConflicts().serverSideApply();
    }
  }

  void close() {
    lanes.shutdownNow();
  }
}
