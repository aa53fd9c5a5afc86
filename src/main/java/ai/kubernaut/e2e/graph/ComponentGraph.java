package ai.kubernaut.e2e.graph;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The dependency graph of one environment: built-in edges plus the manifests' dependsOn. Nodes are component ids;
 * the graph is checked for unknown, disabled and cyclic dependencies before anything is created.
 */
public final class ComponentGraph {
  private final Map<String, Set<String>> dependencies;
  private final List<String> order;

  private ComponentGraph(Map<String, Set<String>> dependencies, List<String> order) {
    this.dependencies = dependencies;
    this.order = order;
  }

  /** Builder input: every enabled node with its declared dependencies; disabled = known but switched off. */
  public static ComponentGraph build(Map<String, List<String>> enabled, Set<String> disabled) {
    List<String> errors = new ArrayList<>();
    Map<String, Set<String>> deps = new LinkedHashMap<>();
    enabled.forEach((node, declared) -> {
      Set<String> d = new LinkedHashSet<>();
      for (String dep : declared) {
        if (dep.equals(node)) {
          errors.add(node + " depends on itself");
        } else if (enabled.containsKey(dep)) {
          d.add(dep);
        } else if (disabled.contains(dep)) {
          errors.add(node + " depends on " + dep + ", which is disabled: enable it or remove the dependency");
        } else {
          errors.add(node + " depends on " + dep + ", which is not part of this environment");
        }
      }
      deps.put(node, d);
    });
    if (!errors.isEmpty()) {
      throw new InvalidGraphException(String.join("; ", errors));
    }
    return new ComponentGraph(deps, topologicalOrder(deps));
  }

  private static List<String> topologicalOrder(Map<String, Set<String>> deps) {
    Map<String, Integer> state = new LinkedHashMap<>(); // 1 = visiting, 2 = done
    List<String> order = new ArrayList<>();
    for (String node : deps.keySet()) {
      visit(node, deps, state, order, new ArrayDeque<>());
    }
    return order;
  }

  private static void visit(String node, Map<String, Set<String>> deps, Map<String, Integer> state,
      List<String> order, Deque<String> path) {
    Integer s = state.get(node);
    if (s != null && s == 2) {
      return;
    }
    path.addLast(node);
    if (s != null) {
      List<String> cycle = new ArrayList<>(path);
      cycle = cycle.subList(cycle.indexOf(node), cycle.size());
      throw new InvalidGraphException("dependency cycle: " + String.join(" -> ", cycle));
    }
    state.put(node, 1);
    for (String dep : deps.get(node)) {
      visit(dep, deps, state, order, path);
    }
    state.put(node, 2);
    path.removeLast();
    order.add(node);
  }

  /** Nodes so that every node comes after all of its dependencies. */
  public List<String> order() {
    return Collections.unmodifiableList(order);
  }

  public Set<String> dependenciesOf(String node) {
    return dependencies.getOrDefault(node, Set.of());
  }

  /** Every node that depends on this one, directly or not. */
  public Set<String> dependentsOf(String node) {
    Set<String> result = new LinkedHashSet<>();
    boolean grew = true;
    while (grew) {
      grew = false;
      for (var e : dependencies.entrySet()) {
        if (!result.contains(e.getKey())
            && (e.getValue().contains(node) || e.getValue().stream().anyMatch(result::contains))) {
          grew |= result.add(e.getKey());
        }
      }
    }
    return result;
  }

  /** Length of the longest chain, weighted by per-node durations: the critical path. */
  public double criticalPath(Map<String, Double> durations) {
    Map<String, Double> finish = new LinkedHashMap<>();
    double max = 0;
    for (String node : order) {
      double start = dependencies.get(node).stream().mapToDouble(finish::get).max().orElse(0);
      double f = start + durations.getOrDefault(node, 0.0);
      finish.put(node, f);
      max = Math.max(max, f);
    }
    return max;
  }

  public static final class InvalidGraphException extends RuntimeException {
    public InvalidGraphException(String message) {
      super(message);
    }
  }
}
