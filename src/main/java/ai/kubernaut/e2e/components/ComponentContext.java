package ai.kubernaut.e2e.components;

import ai.kubernaut.e2e.api.v1alpha1.E2EEnvironment;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What a component sees while it computes its desired objects and its readiness. */
public record ComponentContext(E2EEnvironment env, ObservedState observed, ManifestLoader manifests) {

  public String namespace() {
    return env.getMetadata().getNamespace();
  }

  /** Object names are prefixed with the environment's name so several environments share a namespace. */
  public String name(String suffix) {
    return env.getMetadata().getName() + "-" + suffix;
  }

  public <T extends HasMetadata> Optional<T> get(Class<T> type, String namespace, String name) {
    return observed.get(type, namespace, name);
  }

  /** The pods a workload selects, for the diagnosis in readiness messages. */
  public List<Pod> podsOf(HasMetadata workload) {
    Map<String, String> selector = null;
    if (workload instanceof Deployment d && d.getSpec().getSelector() != null) {
      selector = d.getSpec().getSelector().getMatchLabels();
    } else if (workload instanceof StatefulSet s && s.getSpec().getSelector() != null) {
      selector = s.getSpec().getSelector().getMatchLabels();
    } else if (workload instanceof Job j) {
      selector = Map.of("batch.kubernetes.io/job-name", j.getMetadata().getName());
    }
    return selector == null ? List.of() : observed.pods(workload.getMetadata().getNamespace(), selector);
  }
}
