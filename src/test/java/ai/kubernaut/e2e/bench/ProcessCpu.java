package ai.kubernaut.e2e.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CPU seconds (user + system, from /proc) of the processes that share the machine during a measurement: the control
 * plane's components (pid files of the kwokctl workdir), the operator and the benchmark's own JVM. On 2 cores this
 * says who the time went to when many environments are provisioned at once.
 */
final class ProcessCpu {
  private static final double CLOCK_TICKS = 100.0; // USER_HZ

  private ProcessCpu() {}

  static Map<String, Long> pids(Path clusterDir, long operatorPid) {
    Map<String, Long> pids = new LinkedHashMap<>();
    if (clusterDir != null && Files.isDirectory(clusterDir.resolve("pids"))) {
      try (var files = Files.list(clusterDir.resolve("pids"))) {
        files.sorted().forEach(f -> {
          try {
            pids.put(f.getFileName().toString().replace(".pid", ""), Long.parseLong(Files.readString(f).trim()));
          } catch (IOException | NumberFormatException e) {
            // a component we cannot read is left out
          }
        });
      } catch (IOException e) {
        // no cluster components then
      }
    }
    pids.put("operator", operatorPid);
    pids.put("benchmark (this JVM)", ProcessHandle.current().pid());
    return pids;
  }

  static Map<String, Double> snapshot(Map<String, Long> pids) {
    Map<String, Double> cpu = new LinkedHashMap<>();
    pids.forEach((name, pid) -> cpu.put(name, seconds(pid)));
    return cpu;
  }

  static Map<String, Double> delta(Map<String, Double> before, Map<String, Double> after) {
    Map<String, Double> d = new LinkedHashMap<>();
    after.forEach((k, v) -> {
      Double b = before.get(k);
      if (b != null && !v.isNaN() && !b.isNaN()) {
        d.put(k, Stats.round(v - b, 2));
      }
    });
    return d;
  }

  static double seconds(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / CLOCK_TICKS;
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
  }
}
