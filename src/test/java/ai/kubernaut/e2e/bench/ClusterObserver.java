package ai.kubernaut.e2e.bench;

import ai.kubernaut.e2e.api.v1alpha1.E2EEnvironment;
import ai.kubernaut.e2e.components.Labels;
import ai.kubernaut.e2e.readiness.ObjectReadiness;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * What the benchmark sees of the cluster, through watches only (fabric8 informers, no resync, no polling): for every
 * object the operator's components make (selected by the managed-by label, as the operator's own informers are)
 * when it first appeared and when it first became ready by {@link ObjectReadiness}, and for every E2EEnvironment
 * when its Ready condition first turned True. Waits register a condition that every watch event re-checks.
 */
final class ClusterObserver implements AutoCloseable {

  /** One incarnation (uid) of an object. Times are {@link BenchClock} milliseconds. */
  static final class ObjState {
    final String uid;
    final double firstSeenMs;
    volatile double readyMs = Double.NaN;
    volatile double deletedMs = Double.NaN;
    volatile HasMetadata last;

    ObjState(String uid, double firstSeenMs) {
      this.uid = uid;
      this.firstSeenMs = firstSeenMs;
    }

    boolean ready() {
      return !Double.isNaN(readyMs) && Double.isNaN(deletedMs);
    }

    boolean present() {
      return Double.isNaN(deletedMs);
    }
  }

  /** One incarnation of an E2EEnvironment. */
  static final class EnvState {
    final String uid;
    final double firstSeenMs;
    volatile double readyMs = Double.NaN;
    volatile double deletedMs = Double.NaN;
    volatile boolean everStalled;
    volatile String stalledMessage;
    volatile E2EEnvironment last;

    EnvState(String uid, double firstSeenMs) {
      this.uid = uid;
      this.firstSeenMs = firstSeenMs;
    }

    boolean ready() {
      return !Double.isNaN(readyMs);
    }
  }

  private record Waiter(BooleanSupplier condition, CompletableFuture<Void> done) {}

  private final Map<ObjKey, ObjState> objects = new ConcurrentHashMap<>();
  private final Map<String, EnvState> envs = new ConcurrentHashMap<>();
  private final List<Waiter> waiters = new CopyOnWriteArrayList<>();
  private final List<SharedIndexInformer<?>> informers = new ArrayList<>();

  ClusterObserver(KubernetesClient client) {
    String k = Labels.MANAGED_BY;
    String v = Labels.OPERATOR;
    informers.add(client.resources(Secret.class).inAnyNamespace().withLabel(k, v).inform(handler(), 0));
    informers.add(client.resources(ConfigMap.class).inAnyNamespace().withLabel(k, v).inform(handler(), 0));
    informers.add(client.resources(Service.class).inAnyNamespace().withLabel(k, v).inform(handler(), 0));
    informers.add(client.resources(ServiceAccount.class).inAnyNamespace().withLabel(k, v).inform(handler(), 0));
    informers.add(client.resources(Deployment.class).inAnyNamespace().withLabel(k, v).inform(handler(), 0));
    informers.add(client.resources(StatefulSet.class).inAnyNamespace().withLabel(k, v).inform(handler(), 0));
    informers.add(client.resources(Job.class).inAnyNamespace().withLabel(k, v).inform(handler(), 0));
    informers.add(client.resources(CustomResourceDefinition.class).withLabel(k, v).inform(handler(), 0));
    informers.add(client.resources(ClusterRole.class).withLabel(k, v).inform(handler(), 0));
    informers.add(client.resources(ClusterRoleBinding.class).withLabel(k, v).inform(handler(), 0));
    // Every namespace: the benchmark waits for its own namespaces to be gone between runs.
    informers.add(client.resources(Namespace.class).inform(handler(), 0));
    informers.add(client.resources(E2EEnvironment.class).inAnyNamespace().inform(envHandler(), 0));
  }

  private <T extends HasMetadata> ResourceEventHandler<T> handler() {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(T obj) {
        observe(obj, false);
      }

      @Override
      public void onUpdate(T oldObj, T newObj) {
        observe(newObj, false);
      }

      @Override
      public void onDelete(T obj, boolean deletedFinalStateUnknown) {
        observe(obj, true);
      }
    };
  }

  private void observe(HasMetadata obj, boolean deleted) {
    double t = BenchClock.nowMs();
    ObjKey key = ObjKey.of(obj);
    String uid = obj.getMetadata().getUid();
    ObjState s = objects.compute(key, (k, old) -> old != null && Objects.equals(old.uid, uid) ? old
        : new ObjState(uid, t));
    if (deleted) {
      s.deletedMs = t;
    } else {
      s.last = obj;
      if (Double.isNaN(s.readyMs) && ObjectReadiness.of(obj, List.of()).isReady()) {
        s.readyMs = t;
      }
    }
    signal();
  }

  private ResourceEventHandler<E2EEnvironment> envHandler() {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(E2EEnvironment obj) {
        observeEnv(obj, false);
      }

      @Override
      public void onUpdate(E2EEnvironment oldObj, E2EEnvironment newObj) {
        observeEnv(newObj, false);
      }

      @Override
      public void onDelete(E2EEnvironment obj, boolean deletedFinalStateUnknown) {
        observeEnv(obj, true);
      }
    };
  }

  private void observeEnv(E2EEnvironment env, boolean deleted) {
    double t = BenchClock.nowMs();
    String key = env.getMetadata().getNamespace() + "/" + env.getMetadata().getName();
    String uid = env.getMetadata().getUid();
    EnvState s = envs.compute(key, (k, old) -> old != null && Objects.equals(old.uid, uid) ? old
        : new EnvState(uid, t));
    if (deleted) {
      s.deletedMs = t;
    } else {
      s.last = env;
      if (Double.isNaN(s.readyMs) && conditionTrue(env, "Ready")) {
        s.readyMs = t;
      }
      if (conditionTrue(env, "Stalled")) {
        s.everStalled = true;
        s.stalledMessage = condition(env, "Stalled").map(Condition::getMessage).orElse("");
      }
    }
    signal();
  }

  static boolean conditionTrue(E2EEnvironment env, String type) {
    return condition(env, type).map(c -> "True".equals(c.getStatus())).orElse(false);
  }

  static java.util.Optional<Condition> condition(E2EEnvironment env, String type) {
    if (env.getStatus() == null || env.getStatus().conditions == null) {
      return java.util.Optional.empty();
    }
    return env.getStatus().conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
  }

  private void signal() {
    for (Waiter w : waiters) {
      if (w.done.isDone()) {
        waiters.remove(w);
      } else if (w.condition.getAsBoolean()) {
        w.done.complete(null);
        waiters.remove(w);
      }
    }
  }

  /** Completes once the condition holds; re-checked on every watch event (and once right away). */
  CompletableFuture<Void> when(BooleanSupplier condition) {
    Waiter w = new Waiter(condition, new CompletableFuture<>());
    waiters.add(w);
    if (condition.getAsBoolean()) {
      w.done.complete(null);
      waiters.remove(w);
    }
    return w.done;
  }

  /** Blocks until the condition holds; on timeout says what was awaited and, via detail, what was missing. */
  void await(String what, Duration timeout, BooleanSupplier condition, Supplier<String> detail) {
    try {
      when(condition).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new IllegalStateException("timed out after " + timeout.toSeconds() + "s waiting for " + what + ": "
          + detail.get());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted waiting for " + what);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
  }

  ObjState state(ObjKey key) {
    return objects.get(key);
  }

  EnvState env(String namespace, String name) {
    return envs.get(namespace + "/" + name);
  }

  boolean allReady(Collection<ObjKey> keys) {
    for (ObjKey k : keys) {
      ObjState s = objects.get(k);
      if (s == null || !s.ready()) {
        return false;
      }
    }
    return true;
  }

  /** No live incarnation of any of these objects (never seen counts as gone). */
  boolean allGone(Collection<ObjKey> keys) {
    for (ObjKey k : keys) {
      ObjState s = objects.get(k);
      if (s != null && s.present()) {
        return false;
      }
    }
    return true;
  }

  String notReady(Collection<ObjKey> keys) {
    List<String> missing = new ArrayList<>();
    for (ObjKey k : keys) {
      ObjState s = objects.get(k);
      if (s == null || !s.present()) {
        missing.add(k + " (absent)");
      } else if (!s.ready()) {
        missing.add(k + " (" + ObjectReadiness.of(s.last, List.of()).message() + ")");
      }
    }
    return String.join("; ", missing.stream().limit(6).toList());
  }

  String present(Collection<ObjKey> keys) {
    return String.join(", ", keys.stream().filter(k -> objects.get(k) != null && objects.get(k).present())
        .map(ObjKey::toString).limit(10).toList());
  }

  /** Live objects of the given kind carrying a label with that value (null value: any value). */
  List<ObjKey> liveWithLabel(String kind, String label, String value) {
    List<ObjKey> result = new ArrayList<>();
    objects.forEach((k, s) -> {
      if (k.kind().equals(kind) && s.present() && s.last != null && s.last.getMetadata().getLabels() != null) {
        String v = s.last.getMetadata().getLabels().get(label);
        if (v != null && (value == null || value.equals(v))) {
          result.add(k);
        }
      }
    });
    return result;
  }

  @Override
  public void close() {
    informers.forEach(SharedIndexInformer::close);
  }
}
