package ai.kubernaut.e2e.bench;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespaced;

/** Identity of an object by kind, namespace (null when cluster-scoped) and name: what a run waits for. */
record ObjKey(String kind, String namespace, String name) {

  static ObjKey of(HasMetadata o) {
    String kind = o.getKind() != null ? o.getKind() : HasMetadata.getKind(o.getClass());
    String ns = o.getMetadata().getNamespace();
    if (ns != null && ns.isEmpty()) {
      ns = null;
    }
    return new ObjKey(kind, ns, o.getMetadata().getName());
  }

  /** Kinds whose readiness is more than existence (kstatus rules in ObjectReadiness). */
  boolean hasReadiness() {
    return switch (kind) {
      case "Deployment", "Job", "CustomResourceDefinition", "StatefulSet" -> true;
      default -> false;
    };
  }

  static boolean isNamespacedKind(Class<? extends HasMetadata> type) {
    return Namespaced.class.isAssignableFrom(type);
  }

  @Override
  public String toString() {
    return kind + " " + (namespace == null ? "" : namespace + "/") + name;
  }
}
