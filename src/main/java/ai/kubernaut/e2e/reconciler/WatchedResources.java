package ai.kubernaut.e2e.reconciler;

import ai.kubernaut.e2e.api.v1alpha1.E2EEnvironment;
import ai.kubernaut.e2e.api.v1alpha1.E2EEnvironmentSpec;
import ai.kubernaut.e2e.api.v1alpha1.ManifestSource;
import ai.kubernaut.e2e.components.Labels;
import ai.kubernaut.e2e.components.ObservedState;
import ai.kubernaut.e2e.components.manifests.ManifestSetComponent;
import ai.kubernaut.e2e.components.tekton.TektonComponent;
import ai.kubernaut.e2e.components.workflowexecution.WorkflowExecutionComponent;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
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
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.IndexedResourceCache;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * One informer per kind the operator creates, selected by the managed-by label (so memory grows with what we made,
 * not with the cluster), plus all ConfigMaps, because the SQL and manifest sources are the user's. Every event maps
 * back to the environment(s) it concerns: by labels, by the shared group for Tekton and CRDs, by an index of
 * referenced ConfigMaps. This is the only way the operator learns of change: no polling.
 */
public class WatchedResources implements ObservedState {
  static final String CONFIGMAP_INDEX = "referenced-configmaps";
  /** Informer indexes on our labels: pruning and cleanup look up one environment's objects, not scan every cache. */
  static final String UID_INDEX = "environment-uid";
  static final String SHARED_INDEX = "shared-group";
  static final List<Class<? extends HasMetadata>> MANAGED_KINDS = List.of(Deployment.class, StatefulSet.class,
      Job.class, Service.class, Secret.class, ServiceAccount.class, Namespace.class, ClusterRole.class,
      ClusterRoleBinding.class, CustomResourceDefinition.class, Pod.class);

  private final Map<Class<?>, InformerEventSource<? extends HasMetadata, E2EEnvironment>> sources =
      new LinkedHashMap<>();
  private final KubernetesClient client;

  public WatchedResources(KubernetesClient client) {
    this.client = client;
  }

  List<EventSource<?, E2EEnvironment>> create(EventSourceContext<E2EEnvironment> context) {
    IndexedResourceCache<E2EEnvironment> primaries = context.getPrimaryCache();
    context.getPrimaryCache().addIndexer(CONFIGMAP_INDEX, WatchedResources::referencedConfigMaps);
    List<EventSource<?, E2EEnvironment>> result = new ArrayList<>();
    for (Class<? extends HasMetadata> kind : MANAGED_KINDS) {
      result.add(register(kind, context, primaries, Labels.SELECTOR));
    }
    result.add(register(ConfigMap.class, context, primaries, null));
    return result;
  }

  private <R extends HasMetadata> InformerEventSource<R, E2EEnvironment> register(Class<R> kind,
      EventSourceContext<E2EEnvironment> context, IndexedResourceCache<E2EEnvironment> primaries, String selector) {
    var builder = InformerEventSourceConfiguration.from(kind, E2EEnvironment.class)
        .withName(kind.getSimpleName().toLowerCase())
        .withSecondaryToPrimaryMapper(r -> primariesOf(r, primaries));
    if (selector != null) {
      builder.withLabelSelector(selector);
    }
    var source = new InformerEventSource<>(builder.build(), context);
    source.addIndexers(Map.of(UID_INDEX, r -> managedLabel(r, Labels.ENVIRONMENT_UID),
        SHARED_INDEX, r -> managedLabel(r, Labels.SHARED)));
    sources.put(kind, source);
    return source;
  }

  /** Which environments an event on this object concerns. */
  static Set<ResourceID> primariesOf(HasMetadata r, IndexedResourceCache<E2EEnvironment> primaries) {
    Map<String, String> labels = r.getMetadata().getLabels();
    if (Labels.isManaged(labels)) {
      if (labels.containsKey(Labels.ENVIRONMENT)) {
        return Set.of(new ResourceID(labels.get(Labels.ENVIRONMENT), labels.get(Labels.ENVIRONMENT_NAMESPACE)));
      }
      String group = labels.get(Labels.SHARED);
      if (group != null) {
        Set<ResourceID> ids = new HashSet<>();
        primaries.list(env -> usesSharedGroup(env.getSpec(), group)).forEach(env -> ids.add(ResourceID.fromResource(env)));
        return ids;
      }
    }
    if (r instanceof ConfigMap) {
      Set<ResourceID> ids = new HashSet<>();
      primaries.byIndex(CONFIGMAP_INDEX, r.getMetadata().getNamespace() + "/" + r.getMetadata().getName())
          .forEach(env -> ids.add(ResourceID.fromResource(env)));
      return ids;
    }
    return Set.of();
  }

  public static boolean usesSharedGroup(E2EEnvironmentSpec spec, String group) {
    if (spec == null) {
      return false;
    }
    return switch (group) {
      case TektonComponent.SHARED_GROUP -> spec.tekton != null && spec.tekton.enabledOrDefault();
      case WorkflowExecutionComponent.CRD_GROUP -> spec.workflowExecution != null
          && spec.workflowExecution.enabledOrDefault();
      case ManifestSetComponent.SHARED_GROUP -> spec.manifests != null
          && spec.manifests.stream().anyMatch(m -> m.enabledOrDefault());
      default -> false;
    };
  }

  static List<String> referencedConfigMaps(E2EEnvironment env) {
    List<String> names = new ArrayList<>();
    String ns = env.getMetadata().getNamespace();
    var spec = env.getSpec();
    if (spec == null) {
      return names;
    }
    if (spec.migrations != null && spec.migrations.configMap != null) {
      names.add(ns + "/" + spec.migrations.configMap);
    }
    List<ManifestSource> sources = new ArrayList<>();
    if (spec.tekton != null) {
      sources.add(spec.tekton.source);
    }
    if (spec.workflowExecution != null) {
      sources.add(spec.workflowExecution.crd);
    }
    if (spec.manifests != null) {
      spec.manifests.forEach(m -> sources.add(m.source));
    }
    sources.stream().filter(s -> s != null && s.configMap != null && s.configMap.name != null)
        .forEach(s -> names.add(ns + "/" + s.configMap.name));
    return names;
  }

  @SuppressWarnings("unchecked")
  <R extends HasMetadata> Optional<InformerEventSource<R, E2EEnvironment>> source(Class<R> kind) {
    return Optional.ofNullable((InformerEventSource<R, E2EEnvironment>) sources.get(kind));
  }

  public boolean isWatched(Class<?> kind) {
    return sources.containsKey(kind);
  }

  @Override
  public <T extends HasMetadata> Optional<T> get(Class<T> type, String namespace, String name) {
    var source = source(type);
    if (source.isPresent()) {
      Optional<T> cached = source.get().get(new ResourceID(name, namespace));
      // Label-selected caches only hold what we manage; a user's object (a credentials Secret) is read directly.
      if (cached.isPresent() || type == ConfigMap.class) {
        return cached;
      }
    }
    try {
      var op = client.resources(type);
      return Optional.ofNullable(namespace == null ? op.withName(name).get()
          : op.inNamespace(namespace).withName(name).get());
    } catch (KubernetesClientException e) {
      if (e.getCode() == 404) {
        return Optional.empty();
      }
      throw e;
    }
  }

  @Override
  public List<Pod> pods(String namespace, Map<String, String> labels) {
    return source(Pod.class).map(s -> s.list(namespace, p -> matches(p.getMetadata().getLabels(), labels)).toList())
        .orElse(List.of());
  }

  /** Every cached object the operator made for this environment (by uid): every watched kind but pods, ConfigMaps. */
  Stream<HasMetadata> ownedBy(E2EEnvironment env) {
    String uid = env.getMetadata().getUid();
    return sources.entrySet().stream()
        .filter(e -> e.getKey() != Pod.class && e.getKey() != ConfigMap.class)
        .flatMap(e -> e.getValue().byIndex(UID_INDEX, uid).stream().map(o -> (HasMetadata) o));
  }

  /** The ConfigMaps the operator made for this environment (the ConfigMap cache is not label-selected). */
  Stream<ConfigMap> configMapsOwnedBy(E2EEnvironment env) {
    String uid = env.getMetadata().getUid();
    return source(ConfigMap.class).map(s -> s.byIndex(UID_INDEX, uid).stream()).orElse(Stream.empty());
  }

  /** Every cached object of a sharing group. */
  Stream<HasMetadata> sharedGroup(String group) {
    return sources.entrySet().stream().filter(e -> e.getKey() != Pod.class)
        .flatMap(e -> e.getValue().byIndex(SHARED_INDEX, group).stream().map(o -> (HasMetadata) o));
  }

  /** A label's value as an index key, only on objects the operator manages (the ConfigMap cache holds all). */
  private static List<String> managedLabel(HasMetadata o, String key) {
    Map<String, String> labels = o.getMetadata().getLabels();
    if (!Labels.isManaged(labels) || labels.get(key) == null) {
      return List.of();
    }
    return List.of(labels.get(key));
  }

  static String labelOf(HasMetadata o, String key) {
    return o.getMetadata().getLabels() == null ? null : o.getMetadata().getLabels().get(key);
  }

  private static boolean matches(Map<String, String> actual, Map<String, String> wanted) {
    if (actual == null) {
      return wanted.isEmpty();
    }
    return wanted.entrySet().stream().allMatch(e -> Objects.equals(actual.get(e.getKey()), e.getValue()));
  }

  /** Tell the informer about our own write so the next reconciliation sees it even before the watch event. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  void recordWrite(E2EEnvironment env, HasMetadata written, boolean created) {
    InformerEventSource source = sources.get(written.getClass());
    if (source == null) {
      return;
    }
    var id = ResourceID.fromResource(env);
    if (created) {
      source.handleRecentResourceCreate(id, written);
    } else {
      source.handleRecentResourceUpdate(id, written, null);
    }
  }
}
