package ai.kubernaut.e2e.operator;

import ai.kubernaut.e2e.components.Labels;
import ai.kubernaut.e2e.readiness.ObjectReadiness;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Records, from the API server's own watch streams, the resourceVersion at which each managed object was created and
 * at which it first became ready. On one etcd, resourceVersions are a global order of writes, so "created after its
 * dependency was ready" can be asserted exactly, independent of any clock or of what the operator reports.
 */
final class ClusterTimeline implements AutoCloseable {
  record Entry(String component, String kind, String name, long createdRv, Long readyRv) {}

  private final Map<String, Long> created = new ConcurrentHashMap<>();
  private final Map<String, Long> ready = new ConcurrentHashMap<>();
  private final Map<String, String> components = new ConcurrentHashMap<>();
  private final List<Watch> watches = new ArrayList<>();

  ClusterTimeline(KubernetesClient client, String... namespaces) {
    for (String ns : namespaces) {
      watches.add(client.apps().deployments().inNamespace(ns).withLabel(Labels.MANAGED_BY, Labels.OPERATOR)
          .watch(new Recorder<>()));
      watches.add(client.batch().v1().jobs().inNamespace(ns).withLabel(Labels.MANAGED_BY, Labels.OPERATOR)
          .watch(new Recorder<>()));
      watches.add(client.services().inNamespace(ns).withLabel(Labels.MANAGED_BY, Labels.OPERATOR)
          .watch(new Recorder<>()));
      watches.add(client.configMaps().inNamespace(ns).withLabel(Labels.MANAGED_BY, Labels.OPERATOR)
          .watch(new Recorder<>()));
      watches.add(client.secrets().inNamespace(ns).withLabel(Labels.MANAGED_BY, Labels.OPERATOR)
          .watch(new Recorder<>()));
    }
  }

  private final class Recorder<T extends HasMetadata> implements Watcher<T> {
    @Override
    public void eventReceived(Action action, T o) {
      if (action == Action.DELETED || action == Action.ERROR) {
        return;
      }
      String key = o.getKind() + "/" + o.getMetadata().getNamespace() + "/" + o.getMetadata().getName();
      long rv = Long.parseLong(o.getMetadata().getResourceVersion());
      components.putIfAbsent(key, o.getMetadata().getLabels().get(Labels.COMPONENT));
      created.putIfAbsent(key, rv);
      if (ObjectReadiness.of(o, List.of()).isReady()) {
        ready.putIfAbsent(key, rv);
      }
    }

    @Override
    public void onClose(WatcherException cause) {}
  }

  List<Entry> entries(String component) {
    List<Entry> result = new ArrayList<>();
    components.forEach((key, c) -> {
      if (component.equals(c)) {
        String[] parts = key.split("/", 3);
        result.add(new Entry(c, parts[0], parts[2], created.get(key), ready.get(key)));
      }
    });
    return result;
  }

  /** The write at which the component's first object appeared. */
  OptionalLong createdAt(String component) {
    return entries(component).stream().mapToLong(Entry::createdRv).min();
  }

  /** The write at which the last of its objects became ready (empty if one is not ready yet). */
  OptionalLong readyAt(String component) {
    var es = entries(component);
    if (es.isEmpty() || es.stream().anyMatch(e -> e.readyRv() == null)) {
      return OptionalLong.empty();
    }
    return es.stream().mapToLong(Entry::readyRv).max();
  }

  @Override
  public void close() {
    watches.forEach(Watch::close);
  }
}
