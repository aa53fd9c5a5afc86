package ai.kubernaut.e2e.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Simulated readiness time per component: kubernaut's own timing tables (Tekton install 5 min, PostgreSQL 60 s,
 * Redis 15 s, migrations 30 s, DataStorage 30 s, WorkflowExecution 30 s), divided by a scale factor. Deployments
 * get it as kwok's pod-ready delay, the migrations Job as its pod-complete delay.
 */
record DelayProfile(int scaleDivisor, Map<String, Long> delayMs) {
  static final String POD_READY_DELAY = "pod-ready.stage.kwok.x-k8s.io/delay";
  static final String POD_COMPLETE_DELAY = "pod-complete.stage.kwok.x-k8s.io/delay";

  /** Unscaled seconds, from kubernaut's write-ups of its E2E setups. */
  static final Map<String, Integer> BASE_SECONDS = baseSeconds();

  private static Map<String, Integer> baseSeconds() {
    Map<String, Integer> m = new LinkedHashMap<>();
    m.put("tekton", 300);
    m.put("postgresql", 60);
    m.put("redis", 15);
    m.put("migrations", 30);
    m.put("dataStorage", 30);
    m.put("workflowExecution", 30);
    return m;
  }

  static DelayProfile scaledBy(int divisor) {
    Map<String, Long> ms = new LinkedHashMap<>();
    BASE_SECONDS.forEach((id, s) -> ms.put(id, Math.round(s * 1000.0 / divisor)));
    return new DelayProfile(divisor, ms);
  }

  long ms(String component) {
    return delayMs.getOrDefault(component, 0L);
  }

  /** A Go duration kwok parses. */
  static String goDuration(long ms) {
    return ms + "ms";
  }

  /** Parses the delays this benchmark writes (and plain Go durations in s/ms); absent = 0. */
  static long parseMs(String value) {
    if (value == null || value.isBlank()) {
      return 0;
    }
    String v = value.trim();
    if (v.endsWith("ms")) {
      return Math.round(Double.parseDouble(v.substring(0, v.length() - 2)));
    }
    if (v.endsWith("s")) {
      return Math.round(Double.parseDouble(v.substring(0, v.length() - 1)) * 1000);
    }
    if (v.endsWith("m")) {
      return Math.round(Double.parseDouble(v.substring(0, v.length() - 1)) * 60000);
    }
    throw new IllegalArgumentException("unsupported duration " + value);
  }
}
