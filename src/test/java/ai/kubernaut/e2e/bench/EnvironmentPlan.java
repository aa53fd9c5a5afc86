package ai.kubernaut.e2e.bench;

import ai.kubernaut.e2e.api.v1alpha1.E2EEnvironment;
import ai.kubernaut.e2e.components.Component;
import ai.kubernaut.e2e.components.ComponentContext;
import ai.kubernaut.e2e.components.DesiredObject;
import ai.kubernaut.e2e.components.EnvironmentComponents;
import ai.kubernaut.e2e.components.ManifestLoader;
import ai.kubernaut.e2e.graph.ComponentGraph;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every object an environment gets, by component and phase, computed with the operator's own component classes (so
 * the operator run, the baselines and the ideal all refer to the same manifests).
 */
record EnvironmentPlan(EnvironmentComponents components, Map<String, ComponentPlan> byId) {

  /** One component: its dependencies and, per phase, the objects it creates (with those that have readiness). */
  record ComponentPlan(String id, List<String> dependsOn, List<List<HasMetadata>> phases) {
    List<List<ObjKey>> phaseKeys() {
      return phases.stream().map(p -> p.stream().map(ObjKey::of).toList()).toList();
    }

    List<List<ObjKey>> readinessKeys() {
      return phaseKeys().stream().map(p -> p.stream().filter(ObjKey::hasReadiness).toList()).toList();
    }

    List<ObjKey> allKeys() {
      return phaseKeys().stream().flatMap(List::stream).toList();
    }

    List<ObjKey> allReadinessKeys() {
      return readinessKeys().stream().flatMap(List::stream).toList();
    }
  }

  ComponentGraph graph() {
    return components.graph();
  }

  List<String> order() {
    return components.graph().order();
  }

  static EnvironmentPlan of(KubernetesClient client, E2EEnvironment env) {
    EnvironmentComponents components = EnvironmentComponents.of(env.getSpec());
    ComponentContext ctx = new ComponentContext(env, DirectObservedState.planning(client), new ManifestLoader(client));
    Map<String, ComponentPlan> plans = new LinkedHashMap<>();
    for (String id : components.graph().order()) {
      Component c = components.enabled().get(id);
      List<List<HasMetadata>> phases = new ArrayList<>();
      for (List<DesiredObject> phase : c.desired(ctx)) {
        phases.add(phase.stream().map(DesiredObject::object).toList());
      }
      plans.put(id, new ComponentPlan(id, List.copyOf(components.graph().dependenciesOf(id)), phases));
    }
    return new EnvironmentPlan(components, plans);
  }
}
