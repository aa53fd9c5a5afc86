package ai.kubernaut.e2e.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ComponentGraphTest {
  static Map<String, List<String>> weGraph() {
    Map<String, List<String>> g = new LinkedHashMap<>();
    g.put("workflowExecution", List.of("tekton", "dataStorage"));
    g.put("dataStorage", List.of("postgresql", "redis", "migrations"));
    g.put("migrations", List.of("postgresql"));
    g.put("tekton", List.of());
    g.put("postgresql", List.of());
    g.put("redis", List.of());
    return g;
  }

  @Test
  void orderPutsEveryComponentAfterItsDependencies() {
    var graph = ComponentGraph.build(weGraph(), Set.of());
    List<String> order = graph.order();
    weGraph().forEach((node, deps) -> deps.forEach(d ->
        assertThat(order.indexOf(d)).as(d + " before " + node).isLessThan(order.indexOf(node))));
    assertThat(order).hasSize(6);
  }

  @Test
  void cycleIsRejectedWithThePath() {
    Map<String, List<String>> g = new LinkedHashMap<>();
    g.put("manifests/a", List.of("manifests/b"));
    g.put("manifests/b", List.of("manifests/c"));
    g.put("manifests/c", List.of("manifests/a"));
    assertThatThrownBy(() -> ComponentGraph.build(g, Set.of()))
        .isInstanceOf(ComponentGraph.InvalidGraphException.class)
        .hasMessageContaining("dependency cycle: manifests/a -> manifests/b -> manifests/c -> manifests/a");
  }

  @Test
  void unknownAndDisabledDependenciesAreRejectedByName() {
    Map<String, List<String>> g = new LinkedHashMap<>();
    g.put("manifests/x", List.of("redis", "manifests/nope"));
    assertThatThrownBy(() -> ComponentGraph.build(g, Set.of("redis")))
        .hasMessageContaining("manifests/x depends on redis, which is disabled")
        .hasMessageContaining("manifests/x depends on manifests/nope, which is not part of this environment");
  }

  @Test
  void criticalPathIsTheLongestWeightedChain() {
    var graph = ComponentGraph.build(weGraph(), Set.of());
    Map<String, Double> d = Map.of("tekton", 30.0, "postgresql", 6.0, "redis", 1.5, "migrations", 3.0,
        "dataStorage", 3.0, "workflowExecution", 3.0);
    // tekton (30) -> WE (3) = 33 beats postgresql -> migrations -> DS -> WE = 15.
    assertThat(graph.criticalPath(d)).isEqualTo(33.0);
    assertThat(graph.dependentsOf("postgresql")).containsExactlyInAnyOrder("migrations", "dataStorage",
        "workflowExecution");
  }
}
