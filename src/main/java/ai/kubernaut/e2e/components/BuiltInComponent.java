package ai.kubernaut.e2e.components;

import ai.kubernaut.e2e.api.v1alpha1.ComponentSpec;
import ai.kubernaut.e2e.status.Durations;
import java.time.Duration;
import java.util.List;

/**
 * What the built-in components (Tekton, PostgreSQL, Redis, migrations, DataStorage, WorkflowExecution) share: a
 * fixed id, title and condition type, and a readiness deadline from their spec with a per-component default. Roots
 * of the graph keep the empty {@link #dependsOn()}.
 */
public abstract class BuiltInComponent implements Component {
  private final String id;
  private final String title;
  private final String conditionType;
  private final ComponentSpec spec;
  private final Duration defaultTimeout;

  protected BuiltInComponent(String id, String title, String conditionType, ComponentSpec spec,
      Duration defaultTimeout) {
    this.id = id;
    this.title = title;
    this.conditionType = conditionType;
    this.spec = spec;
    this.defaultTimeout = defaultTimeout;
  }

  @Override
  public final String id() {
    return id;
  }

  @Override
  public final String title() {
    return title;
  }

  @Override
  public final String conditionType() {
    return conditionType;
  }

  @Override
  public List<String> dependsOn() {
    return List.of();
  }

  @Override
  public final Duration readinessTimeout() {
    return Durations.parseOr(spec.readinessTimeout, defaultTimeout);
  }
}
