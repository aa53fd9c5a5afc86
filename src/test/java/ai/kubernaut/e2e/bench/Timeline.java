package ai.kubernaut.e2e.bench;

import ai.kubernaut.e2e.bench.ClusterObserver.ObjState;
import ai.kubernaut.e2e.bench.EnvironmentPlan.ComponentPlan;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One environment's provisioning as the benchmark's watches saw it, relative to t0 (the moment the benchmark asked
 * for the environment): per component when its first object appeared (start), when each of its phases began, and
 * when every object with a readiness rule was ready.
 */
record Timeline(String strategy, double t0Ms, double readyMs, double lastComponentReadyMs,
    Map<String, ComponentTimes> components) {

  record ComponentTimes(String id, List<String> dependsOn, double startMs, double readyMs, List<Double> phaseStartMs,
      List<Double> phaseReadyMs) {}

  /** A reaction: something became ready (or the environment was created) -> the next objects appeared. */
  record Reaction(String kind, String what, double ms) {}

  /** Time to Ready (ms after t0): the Ready condition for the operator, the last component for a baseline. */
  double durationMs() {
    return readyMs;
  }

  static Map<String, ComponentTimes> observe(EnvironmentPlan plan, ClusterObserver observer, double t0) {
    Map<String, ComponentTimes> result = new LinkedHashMap<>();
    for (ComponentPlan c : plan.byId().values()) {
      List<Double> phaseStart = new ArrayList<>();
      List<Double> phaseReady = new ArrayList<>();
      for (int p = 0; p < c.phases().size(); p++) {
        double first = Double.NaN;
        for (ObjKey k : c.phaseKeys().get(p)) {
          ObjState s = observer.state(k);
          if (s != null && (Double.isNaN(first) || s.firstSeenMs < first)) {
            first = s.firstSeenMs;
          }
        }
        double ready = 0;
        boolean all = true;
        for (ObjKey k : c.readinessKeys().get(p)) {
          ObjState s = observer.state(k);
          if (s == null || Double.isNaN(s.readyMs)) {
            all = false;
          } else {
            ready = Math.max(ready, s.readyMs);
          }
        }
        phaseStart.add(Double.isNaN(first) ? Double.NaN : first - t0);
        phaseReady.add(!all ? Double.NaN : c.readinessKeys().get(p).isEmpty() ? Double.NaN : ready - t0);
      }
      double start = phaseStart.stream().filter(d -> !d.isNaN()).mapToDouble(Double::doubleValue).min()
          .orElse(Double.NaN);
      double ready = Double.NaN;
      boolean allReady = true;
      double maxReady = Double.NEGATIVE_INFINITY;
      for (ObjKey k : c.allReadinessKeys()) {
        ObjState s = observer.state(k);
        if (s == null || Double.isNaN(s.readyMs)) {
          allReady = false;
        } else {
          maxReady = Math.max(maxReady, s.readyMs - t0);
        }
      }
      if (allReady) {
        // A component of objects without readiness rules is ready once its last object exists.
        ready = c.allReadinessKeys().isEmpty() ? lastSeen(c, observer, t0) : maxReady;
      }
      result.put(c.id(), new ComponentTimes(c.id(), c.dependsOn(), start, ready, phaseStart, phaseReady));
    }
    return result;
  }

  private static double lastSeen(ComponentPlan c, ClusterObserver observer, double t0) {
    double last = Double.NaN;
    for (ObjKey k : c.allKeys()) {
      ObjState s = observer.state(k);
      if (s != null && (Double.isNaN(last) || s.firstSeenMs - t0 > last)) {
        last = s.firstSeenMs - t0;
      }
    }
    return last;
  }

  static double lastReady(Map<String, ComponentTimes> components) {
    return components.values().stream().mapToDouble(ComponentTimes::readyMs).max().orElse(Double.NaN);
  }

  /**
   * The operator's reactions: dependency ready -> dependent's first object (edge), a component's phase ready -> its
   * next phase's first object (phase), environment created -> a root component's first object (root), last component
   * ready -> Ready condition observed (status).
   */
  List<Reaction> reactions() {
    List<Reaction> out = new ArrayList<>();
    for (ComponentTimes c : components.values()) {
      if (c.dependsOn().isEmpty()) {
        out.add(new Reaction("root", "created -> " + c.id(), c.startMs()));
      } else {
        double depsReady = c.dependsOn().stream().mapToDouble(d -> components.get(d).readyMs()).max().orElse(0);
        out.add(new Reaction("edge", String.join("+", c.dependsOn()) + " -> " + c.id(), c.startMs() - depsReady));
      }
      for (int p = 1; p < c.phaseStartMs().size(); p++) {
        double prevReady = c.phaseReadyMs().get(p - 1);
        if (!Double.isNaN(prevReady)) {
          out.add(new Reaction("phase", c.id() + " phase " + p + " -> " + (p + 1), c.phaseStartMs().get(p) - prevReady));
        }
      }
    }
    if (!Double.isNaN(readyMs) && !Double.isNaN(lastComponentReadyMs)) {
      out.add(new Reaction("status", "last component ready -> Ready=True", readyMs - lastComponentReadyMs));
    }
    return out;
  }
}
