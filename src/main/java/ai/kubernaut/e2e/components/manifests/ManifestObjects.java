package ai.kubernaut.e2e.components.manifests;

import ai.kubernaut.e2e.components.ComponentContext;
import ai.kubernaut.e2e.components.DesiredObject;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Orders parsed manifest objects in two phases (namespaces and CRDs first, then the rest, so that objects in a new
 * namespace or of a new kind can be created) and labels workload pod templates so their pods are watched.
 */
public final class ManifestObjects {
  private ManifestObjects() {}

  public static List<List<DesiredObject>> plan(List<HasMetadata> objects, ComponentContext ctx,
      BiFunction<HasMetadata, Boolean, DesiredObject> ownership, Map<String, String> podLabels) {
    List<DesiredObject> first = new ArrayList<>();
    List<DesiredObject> rest = new ArrayList<>();
    for (HasMetadata o : objects) {
      boolean namespaced = ctx.manifests().isNamespaced(o, objects);
      if (namespaced && o.getMetadata().getNamespace() == null) {
        o.getMetadata().setNamespace(ctx.namespace());
      }
      if (!namespaced) {
        o.getMetadata().setNamespace(null);
      }
      labelPods(o, podLabels);
      DesiredObject d = ownership.apply(o, namespaced);
      if (o instanceof Namespace || o instanceof CustomResourceDefinition) {
        first.add(d);
      } else {
        rest.add(d);
      }
    }
    List<List<DesiredObject>> phases = new ArrayList<>();
    if (!first.isEmpty()) {
      phases.add(first);
    }
    if (!rest.isEmpty()) {
      phases.add(rest);
    }
    return phases;
  }

  private static void labelPods(HasMetadata o, Map<String, String> labels) {
    if (o instanceof Deployment d && d.getSpec() != null && d.getSpec().getTemplate() != null) {
      var meta = d.getSpec().getTemplate().getMetadata();
      if (meta != null) {
        labels.forEach((k, v) -> meta.getLabels().putIfAbsent(k, v));
      }
    } else if (o instanceof StatefulSet s && s.getSpec() != null && s.getSpec().getTemplate() != null) {
      var meta = s.getSpec().getTemplate().getMetadata();
      if (meta != null) {
        labels.forEach((k, v) -> meta.getLabels().putIfAbsent(k, v));
      }
    }
  }
}
