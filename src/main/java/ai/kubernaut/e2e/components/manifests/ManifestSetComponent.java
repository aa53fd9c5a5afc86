package ai.kubernaut.e2e.components.manifests;

import ai.kubernaut.e2e.api.v1alpha1.ManifestSetSpec;
import ai.kubernaut.e2e.components.Component;
import ai.kubernaut.e2e.components.ComponentContext;
import ai.kubernaut.e2e.components.DesiredObject;
import ai.kubernaut.e2e.components.Labels;
import ai.kubernaut.e2e.status.Durations;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A user-defined component: any objects with dependsOn. Namespaced objects default to the environment's namespace
 * and are owned by it; objects in other namespaces are labeled and deleted by the finalizer; cluster-scoped ones
 * (CRDs of another service, say) are shared by every environment with manifests and outlive all but the last.
 */
public class ManifestSetComponent implements Component {
  public static final String PREFIX = "manifests/";
  public static final String SHARED_GROUP = "manifests";

  private final ManifestSetSpec spec;

  public ManifestSetComponent(ManifestSetSpec spec) {
    this.spec = spec;
  }

  @Override
  public String id() {
    return PREFIX + spec.name;
  }

  @Override
  public String title() {
    return "manifests " + spec.name;
  }

  @Override
  public String conditionType() {
    return "Manifest" + pascal(spec.name) + "Ready";
  }

  @Override
  public List<String> dependsOn() {
    return spec.dependsOn == null ? List.of() : spec.dependsOn;
  }

  @Override
  public Duration readinessTimeout() {
    return Durations.parseOr(spec.readinessTimeout, Duration.ofMinutes(10));
  }

  @Override
  public Set<String> sharedGroups() {
    return Set.of(SHARED_GROUP);
  }

  @Override
  public List<List<DesiredObject>> desired(ComponentContext ctx) {
    String text = ctx.manifests().text(spec.source, ctx, title());
    var objects = ctx.manifests().parse(text, title());
    String label = labelValue(id());
    return ManifestObjects.plan(objects, ctx, (o, namespaced) -> {
      if (!namespaced) {
        return DesiredObject.shared(o, SHARED_GROUP);
      }
      return ctx.namespace().equals(o.getMetadata().getNamespace()) ? DesiredObject.owned(o)
          : DesiredObject.labeled(o);
    }, Labels.owned(ctx.env(), label));
  }

  /** Label values cannot hold '/'. */
  public static String labelValue(String id) {
    return id.replace('/', '.');
  }

  static String pascal(String name) {
    StringBuilder sb = new StringBuilder();
    for (String part : name.split("[-.]")) {
      if (!part.isEmpty()) {
        sb.append(part.substring(0, 1).toUpperCase(Locale.ROOT)).append(part.substring(1));
      }
    }
    return sb.toString();
  }
}
