package ai.kubernaut.e2e.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * What to run, from environment variables (hack/bench.sh sets them; every one has a default):
 * BENCH_QUICK=1 (1/60 delays, fewer runs, N=10,50), BENCH_DIVISOR, BENCH_OPERATOR_RUNS, BENCH_BASELINE_RUNS,
 * BENCH_CALIBRATION_ROUNDS, BENCH_SCALE (e.g. 10,50,200; empty skips), BENCH_STEADY_SECONDS, BENCH_KUBECONFIG,
 * BENCH_AUDIT_LOG, BENCH_CLUSTER_DIR (kwokctl workdir: component pids), BENCH_OPERATOR_JAR, BENCH_OPERATOR_JAVA_OPTS,
 * BENCH_OPERATOR_ENV, BENCH_OUT, BENCH_PROJECT_DIR, BENCH_RUN_TIMEOUT_SECONDS, BENCH_DIAGNOSE=1 (jcmd heap/native memory
 * after provisioning).
 */
record BenchSettings(boolean quick, int divisor, int operatorRuns, int baselineRuns, int calibrationRounds,
    List<Integer> scale, int steadySeconds, Path kubeconfig, Path auditLog, Path operatorJar,
    List<String> operatorJavaOptions, Path out, Path projectDir, Duration runTimeout, Path clusterDir) {

  static BenchSettings fromEnvironment() {
    boolean quick = "1".equals(env("BENCH_QUICK", "0")) || "true".equalsIgnoreCase(env("BENCH_QUICK", "0"));
    Path project = Path.of(env("BENCH_PROJECT_DIR", System.getProperty("user.dir"))).toAbsolutePath();
    String scale = env("BENCH_SCALE", quick ? "10,50" : "10,50,200");
    String audit = env("BENCH_AUDIT_LOG", "");
    // As deploy/operator.yaml runs it: 512Mi memory limit and its JAVA_OPTS_APPEND.
    String javaOpts = env("BENCH_OPERATOR_JAVA_OPTS", "-XX:MaxRAM=512m -XX:MaxRAMPercentage=40 -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss512k -XX:ReservedCodeCacheSize=48m");
    int divisor = Integer.parseInt(env("BENCH_DIVISOR", quick ? "60" : "10"));
    return new BenchSettings(quick,
        divisor,
        Integer.parseInt(env("BENCH_OPERATOR_RUNS", quick ? "3" : "5")),
        Integer.parseInt(env("BENCH_BASELINE_RUNS", quick ? "2" : "3")),
        Integer.parseInt(env("BENCH_CALIBRATION_ROUNDS", "3")),
        scale.isBlank() ? List.of() : Arrays.stream(scale.split(",")).map(String::trim).map(Integer::parseInt).toList(),
        Integer.parseInt(env("BENCH_STEADY_SECONDS", quick ? "20" : "60")),
        Path.of(env("BENCH_KUBECONFIG", project.resolve("target/cluster/kubeconfig").toString())),
        audit.isBlank() ? null : Path.of(audit),
        Path.of(env("BENCH_OPERATOR_JAR", project.resolve("target/quarkus-app/quarkus-run.jar").toString())),
        javaOpts.isBlank() ? List.of() : Arrays.asList(javaOpts.trim().split("\\s+")),
        Path.of(env("BENCH_OUT", project.resolve("target/bench").toString())),
        project,
        // generous: a run at 1/10 takes well under a minute; only a broken run gets near this
        Duration.ofSeconds(Long.parseLong(env("BENCH_RUN_TIMEOUT_SECONDS", quick ? "180" : "600"))),
        env("BENCH_CLUSTER_DIR", "").isBlank() ? null : Path.of(env("BENCH_CLUSTER_DIR", "")));
  }

  private static String env(String name, String def) {
    String v = System.getenv(name);
    return v == null ? def : v;
  }
}
