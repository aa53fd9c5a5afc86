package ai.kubernaut.e2e.components;

import ai.kubernaut.e2e.api.v1alpha1.E2EEnvironmentSpec;
import ai.kubernaut.e2e.api.v1alpha1.ManifestSetSpec;
import ai.kubernaut.e2e.components.datastorage.DataStorageComponent;
import ai.kubernaut.e2e.components.manifests.ManifestSetComponent;
import ai.kubernaut.e2e.components.migrations.MigrationsComponent;
import ai.kubernaut.e2e.components.postgresql.PostgreSQLComponent;
import ai.kubernaut.e2e.components.redis.RedisComponent;
import ai.kubernaut.e2e.components.tekton.TektonComponent;
import ai.kubernaut.e2e.components.workflowexecution.WorkflowExecutionComponent;
import ai.kubernaut.e2e.graph.ComponentGraph;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The components a spec enables (by id), the ids it names but switches off, and their graph. */
public record EnvironmentComponents(Map<String, Component> enabled, Set<String> disabled, ComponentGraph graph) {

  /** Throws {@link ComponentGraph.InvalidGraphException} for unknown, disabled or cyclic dependencies. */
  public static EnvironmentComponents of(E2EEnvironmentSpec spec) {
    Map<String, Component> enabled = new LinkedHashMap<>();
    Set<String> disabled = new LinkedHashSet<>();
    add(enabled, disabled, TektonComponent.ID, spec.tekton != null, spec.tekton != null && spec.tekton.enabledOrDefault(),
        () -> new TektonComponent(spec.tekton));
    add(enabled, disabled, PostgreSQLComponent.ID, spec.postgresql != null,
        spec.postgresql != null && spec.postgresql.enabledOrDefault(), () -> new PostgreSQLComponent(spec.postgresql));
    add(enabled, disabled, RedisComponent.ID, spec.redis != null, spec.redis != null && spec.redis.enabledOrDefault(),
        () -> new RedisComponent(spec.redis));
    add(enabled, disabled, MigrationsComponent.ID, spec.migrations != null,
        spec.migrations != null && spec.migrations.enabledOrDefault(),
        () -> new MigrationsComponent(spec.migrations, spec.postgresql));
    add(enabled, disabled, DataStorageComponent.ID, spec.dataStorage != null,
        spec.dataStorage != null && spec.dataStorage.enabledOrDefault(), () -> new DataStorageComponent(spec));
    add(enabled, disabled, WorkflowExecutionComponent.ID, spec.workflowExecution != null,
        spec.workflowExecution != null && spec.workflowExecution.enabledOrDefault(),
        () -> new WorkflowExecutionComponent(spec.workflowExecution));
    if (spec.manifests != null) {
      for (ManifestSetSpec m : spec.manifests) {
        add(enabled, disabled, ManifestSetComponent.PREFIX + m.name, true, m.enabledOrDefault(),
            () -> new ManifestSetComponent(m));
      }
    }
    Map<String, List<String>> declared = new LinkedHashMap<>();
    enabled.forEach((id, c) -> declared.put(id, c.dependsOn().stream().map(d -> resolve(d, spec)).toList()));
    Set<String> disabledIds = new LinkedHashSet<>(disabled);
    return new EnvironmentComponents(enabled, disabledIds, ComponentGraph.build(declared, disabledIds));
  }

  /** dependsOn names a built-in component or a manifest set by its plain name. */
  private static String resolve(String dependency, E2EEnvironmentSpec spec) {
    boolean builtIn = List.of(TektonComponent.ID, PostgreSQLComponent.ID, RedisComponent.ID, MigrationsComponent.ID,
        DataStorageComponent.ID, WorkflowExecutionComponent.ID).contains(dependency);
    return builtIn || dependency.startsWith(ManifestSetComponent.PREFIX) ? dependency
        : ManifestSetComponent.PREFIX + dependency;
  }

  private static void add(Map<String, Component> enabled, Set<String> disabled, String id, boolean present,
      boolean on, java.util.function.Supplier<Component> factory) {
    if (on) {
      enabled.put(id, factory.get());
    } else if (present) {
      disabled.add(id);
    }
  }
}
