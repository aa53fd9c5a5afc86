package ai.kubernaut.e2e.components;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Read access to the cluster as the operator's informers see it (no API call for watched kinds). */
public interface ObservedState {
  /** The object, from the informer cache for watched kinds, otherwise by a direct read. */
  <T extends HasMetadata> Optional<T> get(Class<T> type, String namespace, String name);

  /** Pods in a namespace carrying all the given labels (only pods of managed workloads are watched). */
  List<Pod> pods(String namespace, Map<String, String> labels);
}
