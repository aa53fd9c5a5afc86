package ai.kubernaut.e2e.components.tekton;

import ai.kubernaut.e2e.api.v1alpha1.ManifestSource;
import ai.kubernaut.e2e.api.v1alpha1.TektonSpec;
import ai.kubernaut.e2e.components.BuiltInComponent;
import ai.kubernaut.e2e.components.ComponentContext;
import ai.kubernaut.e2e.components.DesiredObject;
import ai.kubernaut.e2e.components.Labels;
import ai.kubernaut.e2e.components.manifests.ManifestObjects;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * Tekton Pipelines from its release manifest. Cluster-wide and shared: every environment that enables it uses the
 * same install, which stays until the last of them is deleted. An install the operator did not make is used as is.
 */
public class TektonComponent extends BuiltInComponent {
  public static final String ID = "tekton";
  public static final String SHARED_GROUP = "tekton";
  public static final String DEFAULT_VERSION = "v1.7.0";
  static final String RELEASE_URL = "https://infra.tekton.dev/tekton-releases/pipeline/previous/%s/release.yaml";

  private final TektonSpec spec;

  public TektonComponent(TektonSpec spec) {
    // 15 min: slow image pulls of Tekton's controllers were the main cause of the old setup's timeouts.
    super(ID, "Tekton Pipelines", "TektonReady", spec, Duration.ofMinutes(15));
    this.spec = spec;
  }

  @Override
  public Set<String> sharedGroups() {
    return Set.of(SHARED_GROUP);
  }

  @Override
  public List<List<DesiredObject>> desired(ComponentContext ctx) {
    ManifestSource source = spec.source;
    if (source == null) {
      source = new ManifestSource();
      source.url = RELEASE_URL.formatted(spec.version != null ? spec.version : DEFAULT_VERSION);
    }
    String text = ctx.manifests().text(source, ctx, title());
    var objects = ctx.manifests().parse(text, title());
    return ManifestObjects.plan(objects, ctx, (o, namespaced) -> DesiredObject.shared(o, SHARED_GROUP),
        Labels.shared(SHARED_GROUP));
  }
}
