package ai.kubernaut.e2e.bench;

import ai.kubernaut.e2e.components.ObservedState;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The components' view of the cluster for the baseline drivers: direct reads (a baseline has no informer cache).
 * In planning mode a missing Secret is replaced by a placeholder with the keys components read, so that the names of
 * every object an environment will have can be computed before the environment exists.
 */
final class DirectObservedState implements ObservedState {
  private final KubernetesClient client;
  private final boolean planning;

  private DirectObservedState(KubernetesClient client, boolean planning) {
    this.client = client;
    this.planning = planning;
  }

  static DirectObservedState live(KubernetesClient client) {
    return new DirectObservedState(client, false);
  }

  static DirectObservedState planning(KubernetesClient client) {
    return new DirectObservedState(client, true);
  }

  @Override
  public <T extends HasMetadata> Optional<T> get(Class<T> type, String namespace, String name) {
    T found;
    try {
      var op = client.resources(type);
      found = namespace == null ? op.withName(name).get() : op.inNamespace(namespace).withName(name).get();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 404) {
        throw e;
      }
      found = null;
    }
    if (found == null && planning && type == Secret.class) {
      String b64 = Base64.getEncoder().encodeToString("placeholder".getBytes(StandardCharsets.UTF_8));
      return Optional.of(type.cast(new SecretBuilder().withNewMetadata().withName(name).withNamespace(namespace)
          .endMetadata().withData(Map.of("username", b64, "password", b64)).build()));
    }
    return Optional.ofNullable(found);
  }

  @Override
  public List<Pod> pods(String namespace, Map<String, String> labels) {
    if (planning) {
      return List.of();
    }
    return client.pods().inNamespace(namespace).withLabels(labels).list().getItems();
  }
}
