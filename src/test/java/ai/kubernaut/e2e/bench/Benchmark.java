package ai.kubernaut.e2e.bench;

import ai.kubernaut.e2e.api.v1alpha1.ComponentStatus;
import ai.kubernaut.e2e.api.v1alpha1.E2EEnvironment;
import ai.kubernaut.e2e.bench.BaselineDriver.Strategy;
import ai.kubernaut.e2e.bench.ClusterObserver.EnvState;
import ai.kubernaut.e2e.components.Labels;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The benchmark: calibrate the control plane, then, side by side on the same cluster with the same delays, the
 * operator (one environment, repeated), the sequential and the phase-barrier baselines (same manifests, same
 * readiness rules), and N environments at once. Results go to target/bench (results.json, results.md, SVG charts).
 */
final class Benchmark {
  static final String BENCH_LABEL = "e2e.kubernaut.ai/bench";
  static final String ENV_NAME = "bench";
  private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

  private final BenchSettings settings;
  private final String runId = Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0xffff));
  private final DelayProfile delays;
  private KubernetesClient client;
  private ClusterObserver observer;
  private BenchManifests manifests;
  private AuditLog audit;
  private OperatorProcess operator;
  private Path operatorKubeconfig;
  private int operatorStarts;

  final Results results = new Results();

  /** Everything measured, for the report and the charts. */
  static final class Results {
    BenchSettings settings;
    DelayProfile delays;
    Calibration calibration;
    Map<String, Double> idealComponentMs = new LinkedHashMap<>();
    double idealMs;
    double idealSequentialMs;
    double idealPhaseMs;
    List<String> criticalPath = new ArrayList<>();
    final List<OperatorRun> operatorRuns = new ArrayList<>();
    final Map<String, List<Timeline>> baselineRuns = new LinkedHashMap<>();
    final List<ScalePoint> scale = new ArrayList<>();
    final List<String> notes = new ArrayList<>();
    double operatorStartupRssMb = Double.NaN;
    /** The first environment of a freshly started operator (cold JIT), kept out of the statistics. */
    OperatorRun warmup;
    Instant started = Instant.now();
    Instant finished;
  }

  record OperatorRun(Timeline timeline, Double reportedSeconds, Map<String, double[]> reportedComponents,
      int requests, Map<String, Integer> requestBreakdown, double cpuSeconds) {}

  record ScalePoint(int n, boolean allReady, int readyCount, List<Double> timeToReadyMs, double wallMs,
      double cpuProvisioningS, double cpuSteadyS, double peakRssMb, double rssAfterMb, int requestsProvisioning,
      int requestsSteady, double steadySeconds, Map<String, Integer> steadyBreakdown, int stalled, int errorLines,
      List<String> errors, List<Double> reactionsMs, String failure, Map<String, Double> cpuByProcess,
      double rssAnonMb, double rssFileMb) {}

  Benchmark(BenchSettings settings) {
    this.settings = settings;
    this.delays = DelayProfile.scaledBy(settings.divisor());
    results.settings = settings;
    results.delays = delays;
  }

  void log(String message) {
    System.out.println("[bench " + LocalTime.now().format(CLOCK) + "] " + message);
    System.out.flush();
  }

  Results run() throws Exception {
    Config config = new ConfigBuilder(Config.fromKubeconfig(Files.readString(settings.kubeconfig())))
        .withUserAgent("e2e-bench/1.0") // the operator is fabric8's default agent; we must not be counted as it
        .withRequestTimeout(60_000).withConnectionTimeout(10_000).build();
    client = new KubernetesClientBuilder().withConfig(config).build();
    audit = new AuditLog(settings.auditLog());
    if (!audit.available()) {
      results.notes.add("no audit log (BENCH_AUDIT_LOG): API requests were not counted");
    }
    try (ClusterObserver obs = new ClusterObserver(client)) {
      observer = obs;
      manifests = new BenchManifests(client, settings.projectDir().resolve("samples/workflowexecution-e2e.yaml"),
          delays);
      log("run " + runId + ": delays 1/" + delays.scaleDivisor() + " of kubernaut's timings " + delays.delayMs()
          + " ms; operator runs " + settings.operatorRuns() + ", baseline runs " + settings.baselineRuns()
          + ", scale " + settings.scale());
      cleanup("leftovers of an earlier benchmark");
      calibrate();
      singleEnvironmentRuns();
      for (int n : settings.scale()) {
        results.scale.add(scale(n));
      }
    } finally {
      stopOperator();
      results.finished = Instant.now();
      client.close();
    }
    return results;
  }

  // ---------------------------------------------------------------- calibration and the ideal

  private void calibrate() {
    String ns = namespace("calibration");
    EnvironmentPlan plan = plan(ns);
    var items = Calibration.itemsOf(plan);
    log("calibrating " + items.size() + " lone objects x " + settings.calibrationRounds() + " rounds: " + items);
    results.calibration = Calibration.run(client, observer, ns, items, settings.calibrationRounds(),
        settings.runTimeout(), this::log);
    results.idealComponentMs = results.calibration.componentMs(plan);
    results.idealMs = plan.graph().criticalPath(results.idealComponentMs);
    results.criticalPath = criticalPath(plan, results.idealComponentMs);
    results.idealSequentialMs = results.idealComponentMs.values().stream().mapToDouble(Double::doubleValue).sum();
    double phases = 0;
    for (var phase : BaselineDriver.PHASES) {
      phases += phase.stream().mapToDouble(lane -> lane.stream().mapToDouble(results.idealComponentMs::get).sum())
          .max().orElse(0);
    }
    results.idealPhaseMs = phases;
    log(String.format("ideal (critical path %s): %.2f s; same blocks sequential %.2f s, phase-barrier %.2f s",
        String.join(" -> ", results.criticalPath), results.idealMs / 1000, results.idealSequentialMs / 1000,
        results.idealPhaseMs / 1000));
    cleanup("calibration");
  }

  /** The chain of components that makes the critical path (each one's slowest dependency before it). */
  static List<String> criticalPath(EnvironmentPlan plan, Map<String, Double> ms) {
    Map<String, Double> finish = new LinkedHashMap<>();
    Map<String, String> via = new LinkedHashMap<>();
    for (String id : plan.order()) {
      String slowest = null;
      for (String d : plan.graph().dependenciesOf(id)) {
        if (slowest == null || finish.get(d) > finish.get(slowest)) {
          slowest = d;
        }
      }
      via.put(id, slowest);
      finish.put(id, (slowest == null ? 0 : finish.get(slowest)) + ms.getOrDefault(id, 0.0));
    }
    String last = finish.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElseThrow();
    List<String> path = new ArrayList<>();
    for (String id = last; id != null; id = via.get(id)) {
      path.add(0, id);
    }
    return path;
  }

  // ---------------------------------------------------------------- one environment, three strategies

  private void singleEnvironmentRuns() {
    startOperator();
    results.baselineRuns.put(Strategy.SEQUENTIAL.label, new ArrayList<>());
    results.baselineRuns.put(Strategy.PHASE_BARRIER.label, new ArrayList<>());
    BaselineDriver driver = new BaselineDriver(client, observer, settings.runTimeout());
    try {
      if (settings.operatorRuns() > 0) {
        results.warmup = operatorRun(0);
        log(String.format("operator warm-up run (first environment of a fresh JVM, not counted): Ready after %.2f s",
            results.warmup.timeline().durationMs() / 1000));
      }
      int rounds = Math.max(settings.operatorRuns(), settings.baselineRuns());
      for (int i = 1; i <= rounds; i++) {
        if (i <= settings.operatorRuns()) {
          OperatorRun r = operatorRun(i);
          results.operatorRuns.add(r);
          log(String.format("operator run %d/%d: Ready after %.2f s (operator's own status: %s s; ideal %.2f s)", i,
              settings.operatorRuns(), r.timeline().durationMs() / 1000, r.reportedSeconds(),
              results.idealMs / 1000));
        }
        if (i <= settings.baselineRuns()) {
          for (Strategy s : Strategy.values()) {
            Timeline t = baselineRun(driver, s, i);
            results.baselineRuns.get(s.label).add(t);
            log(String.format("%s run %d/%d: ready after %.2f s", s.label, i, settings.baselineRuns(),
                t.durationMs() / 1000));
          }
        }
      }
    } finally {
      driver.close();
    }
  }

  private OperatorRun operatorRun(int i) {
    String ns = namespace("op-" + i);
    EnvironmentPlan plan = plan(ns);
    E2EEnvironment env = manifests.environment(ns, ENV_NAME, executionNamespace(ns));
    double cpu0 = operator.cpuSeconds();
    double t0 = BenchClock.nowMs();
    client.resource(env).create();
    observer.await("environment " + ns + "/" + ENV_NAME + " Ready", settings.runTimeout(),
        () -> envReady(ns), () -> envDetail(ns));
    EnvState state = observer.env(ns, ENV_NAME);
    double cpu = operator.cpuSeconds() - cpu0;
    var components = Timeline.observe(plan, observer, t0);
    Timeline timeline = new Timeline("operator", t0, state.readyMs - t0, Timeline.lastReady(components), components);
    // The operator's own account of the same run (its clock, its notion of start: its first reconciliation).
    var status = state.last.getStatus();
    Map<String, double[]> reported = new LinkedHashMap<>();
    for (ComponentStatus c : status.components) {
      reported.put(c.name, new double[] {relative(c.startedAt, t0), relative(c.readyAt, t0)});
    }
    Double reportedSeconds = status.timeToReadySeconds;
    double readyWall = state.readyMs;
    cleanup("operator run " + i);
    var requests = audit.between(BenchClock.wall(t0), BenchClock.wall(readyWall + 1));
    return new OperatorRun(timeline, reportedSeconds, reported, requests.size(), AuditLog.breakdown(requests), cpu);
  }

  private static double relative(String timestamp, double t0) {
    return timestamp == null ? Double.NaN : BenchClock.fromWall(Instant.parse(timestamp)) - t0;
  }

  private Timeline baselineRun(BaselineDriver driver, Strategy strategy, int i) {
    String ns = namespace((strategy == Strategy.SEQUENTIAL ? "seq-" : "phase-") + i);
    E2EEnvironment standIn = manifests.standIn(ns, ENV_NAME, executionNamespace(ns));
    EnvironmentPlan plan = EnvironmentPlan.of(client, standIn);
    Timeline t = driver.run(strategy, standIn, plan);
    cleanup(strategy.label + " run " + i);
    return t;
  }

  // ---------------------------------------------------------------- N environments at once

  private ScalePoint scale(int n) {
    ensureCapacity(n);
    stopOperator();
    startOperator(); // a fresh process per point: its peak RSS belongs to this N
    log("scale N=" + n + ": preparing " + n + " namespaces");
    List<String> namespaces = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      namespaces.add("bench-" + runId + "-n" + n + "-" + i);
    }
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      parallel(pool, namespaces, this::createNamespaceWithSources);
      Map<String, Double> createdAt = new java.util.concurrent.ConcurrentHashMap<>();
      double cpu0 = operator.cpuSeconds();
      Map<String, Long> pids = ProcessCpu.pids(settings.clusterDir(), operator.pid());
      Map<String, Double> cpuBefore = ProcessCpu.snapshot(pids);
      double t0 = BenchClock.nowMs();
      log("scale N=" + n + ": creating " + n + " environments at once");
      parallel(pool, namespaces, ns -> {
        createdAt.put(ns, BenchClock.nowMs());
        client.resource(manifests.environment(ns, ENV_NAME, executionNamespace(ns))).create();
      });
      String failure = null;
      Duration timeout = settings.runTimeout().plusSeconds(n * 2L);
      try {
        observer.await(n + " environments Ready", timeout, () -> namespaces.stream().allMatch(this::envReady),
            () -> namespaces.stream().filter(ns -> !envReady(ns)).count() + " not Ready, e.g. "
                + namespaces.stream().filter(ns -> !envReady(ns)).findFirst().map(this::envDetail).orElse(""));
      } catch (IllegalStateException e) {
        failure = e.getMessage();
        log("scale N=" + n + ": " + failure);
      }
      double tAll = namespaces.stream().mapToDouble(ns -> observer.env(ns, ENV_NAME) == null ? Double.NaN
          : observer.env(ns, ENV_NAME).readyMs).filter(d -> !Double.isNaN(d)).max().orElse(BenchClock.nowMs());
      double cpuProvisioning = operator.cpuSeconds() - cpu0;
      double rssAnon = operator.rssAnonMb();
      double rssFile = operator.rssFileMb();
      Map<String, Double> cpuByProcess = ProcessCpu.delta(cpuBefore, ProcessCpu.snapshot(pids));
      diagnose("n" + n);
      List<Double> ttr = new ArrayList<>();
      int ready = 0;
      int stalled = 0;
      for (String ns : namespaces) {
        EnvState s = observer.env(ns, ENV_NAME);
        if (s != null && s.ready()) {
          ready++;
          ttr.add(s.readyMs - createdAt.get(ns));
        }
        if (s != null && s.everStalled) {
          stalled++;
        }
      }
      log(String.format("scale N=%d: %d/%d Ready; last %.1f s after the first create; steady state for %d s", n,
          ready, n, (tAll - t0) / 1000, settings.steadySeconds()));
      // Steady state: everything is Ready; nothing should happen. Settle briefly, then watch the quiet.
      sleep(Duration.ofSeconds(2));
      double s0 = BenchClock.nowMs();
      double cpuS0 = operator.cpuSeconds();
      sleep(Duration.ofSeconds(settings.steadySeconds()));
      double s1 = BenchClock.nowMs();
      double cpuSteady = operator.cpuSeconds() - cpuS0;
      double peak = operator.peakRssMb();
      double rssAfter = operator.rssMb();
      int errorLines = operator.errorLines();
      List<String> errors = operator.firstErrors();
      // Reaction latencies under load, from every environment's timeline.
      List<Double> reactions = new ArrayList<>();
      for (String ns : namespaces) {
        EnvState s = observer.env(ns, ENV_NAME);
        if (s == null || !s.ready()) {
          continue;
        }
        EnvironmentPlan plan = EnvironmentPlan.of(client, manifests.standIn(ns, ENV_NAME, executionNamespace(ns)));
        double c0 = createdAt.get(ns);
        var comps = Timeline.observe(plan, observer, c0);
        new Timeline("operator", c0, s.readyMs - c0, Timeline.lastReady(comps), comps).reactions().stream()
            .filter(r -> r.kind().equals("edge") || r.kind().equals("phase")).forEach(r -> reactions.add(r.ms()));
      }
      if (n == settings.scale().get(settings.scale().size() - 1)) {
        // The last step: no need to wait minutes for N namespaces to go (the cluster is stopped or the next
        // benchmark clears leftovers); give the audit log a moment to flush.
        sleep(Duration.ofSeconds(2));
      } else {
        cleanup("scale N=" + n);
      }
      var provisioning = audit.between(BenchClock.wall(t0), BenchClock.wall(tAll + 1));
      var steady = audit.between(BenchClock.wall(s0), BenchClock.wall(s1));
      ScalePoint p = new ScalePoint(n, ready == n && failure == null, ready, ttr, tAll - t0, cpuProvisioning,
          cpuSteady, peak, rssAfter, provisioning.size(), steady.size(), (s1 - s0) / 1000,
          AuditLog.breakdown(steady), stalled, errorLines, errors, reactions, failure, cpuByProcess, rssAnon, rssFile);
      Stats st = Stats.of(ttr);
      log("scale N=" + n + ": CPU seconds while provisioning, by process: " + cpuByProcess);
      log(String.format("scale N=%d: p50 %.1f s, p95 %.1f s; operator CPU %.1f s, peak RSS %.0f MiB; requests "
              + "%.1f per environment while provisioning, %.1f per minute in steady state", n, st.p50() / 1000,
          st.p95() / 1000, cpuProvisioning, peak, provisioning.size() / (double) n,
          steady.size() * 60.0 / p.steadySeconds()));
      return p;
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * Room for N environments: fake nodes (kwok manages every node) for their pods and CPU requests (0.6 CPU each),
   * and Service IPs: the API server's default range (10.0.0.0/24) holds ~250 Services, each environment has 3.
   */
  private void ensureCapacity(int n) {
    if (n * 3 > 200) {
      var cidr = new GenericKubernetesResourceBuilder().withApiVersion("networking.k8s.io/v1").withKind("ServiceCIDR")
          .withNewMetadata().withName("e2e-bench-services").withLabels(Map.of(BENCH_LABEL, "capacity")).endMetadata()
          .addToAdditionalProperties("spec", Map.of("cidrs", List.of("10.112.0.0/16")))
          .build();
      if (client.resource(cidr).get() == null) {
        client.resource(cidr).create();
        log("added ServiceCIDR 10.112.0.0/16 (the default 10.0.0.0/24 holds ~250 Services; N=" + n + " needs "
            + n * 3 + ")");
      }
    }
    ensureNodes(n);
  }

  private void ensureNodes(int n) {
    int needed = (int) Math.max(Math.ceil(n * 0.6 / 60.0), Math.ceil(n * 5.0 / 900.0));
    for (int i = 1; i < needed; i++) {
      String name = "kwok-bench-node-" + i;
      if (client.nodes().withName(name).get() != null) {
        continue;
      }
      Node node = new NodeBuilder().withNewMetadata().withName(name)
          .withAnnotations(Map.of("kwok.x-k8s.io/node", "fake", "node.alpha.kubernetes.io/ttl", "0"))
          .withLabels(Map.of("type", "kwok", "kubernetes.io/hostname", name, "kubernetes.io/os", "linux",
              "kubernetes.io/arch", "amd64"))
          .endMetadata()
          .withNewSpec().withPodCIDR("10." + (245 + i) + ".0.0/16").withPodCIDRs("10." + (245 + i) + ".0.0/16")
          .endSpec()
          .withNewStatus()
          .withAllocatable(Map.of("cpu", new Quantity("64"), "memory", new Quantity("256Gi"),
              "pods", new Quantity("1000")))
          .withCapacity(Map.of("cpu", new Quantity("64"), "memory", new Quantity("256Gi"),
              "pods", new Quantity("1000")))
          .endStatus().build();
      client.nodes().resource(node).create();
      client.nodes().withName(name).waitUntilCondition(nd -> nd != null && nd.getStatus() != null
          && nd.getStatus().getConditions() != null && nd.getStatus().getConditions().stream()
          .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus())), 60, TimeUnit.SECONDS);
      log("added fake node " + name + " for N=" + n);
    }
  }

  // ---------------------------------------------------------------- helpers

  /** BENCH_DIAGNOSE=1: the operator's heap and native memory (with -XX:NativeMemoryTracking) via jcmd, to a file. */
  private void diagnose(String label) {
    if (!"1".equals(System.getenv("BENCH_DIAGNOSE")) || operator == null) {
      return;
    }
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    Path out = settings.out().resolve("operator-diagnostics-" + label + ".txt");
    StringBuilder sb = new StringBuilder();
    for (String command : List.of("GC.heap_info", "VM.native_memory summary", "GC.run", "GC.heap_info")) {
      try {
        Process p = new ProcessBuilder(jcmd.toString(), String.valueOf(operator.pid()), command)
            .redirectErrorStream(true).start();
        sb.append("== ").append(command).append('\n').append(new String(p.getInputStream().readAllBytes()));
        p.waitFor(60, TimeUnit.SECONDS);
      } catch (IOException e) {
        sb.append("== ").append(command).append(" failed: ").append(e).append('\n');
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    try {
      Files.writeString(out, sb.toString());
      log("operator diagnostics: " + out);
    } catch (IOException e) {
      log("cannot write " + out + ": " + e);
    }
  }

  private void startOperator() {
    operatorStarts++;
    Path log = settings.out().resolve("operator-" + operatorStarts + ".log");
    if (operatorKubeconfig == null) {
      operatorKubeconfig = OperatorIdentity.kubeconfig(client, settings.out());
    }
    operator = OperatorProcess.start(settings.operatorJar(), operatorKubeconfig, settings.operatorJavaOptions(), log,
        Duration.ofSeconds(120));
    if (Double.isNaN(results.operatorStartupRssMb)) {
      results.operatorStartupRssMb = operator.rssMb();
    }
    log("operator started (pid " + operator.pid() + ", log " + log + ")");
  }

  private void stopOperator() {
    if (operator != null) {
      operator.close();
      operator = null;
    }
  }

  private String namespace(String what) {
    String ns = "bench-" + runId + "-" + what;
    createNamespaceWithSources(ns);
    return ns;
  }

  private void createNamespaceWithSources(String ns) {
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns)
        .withLabels(Map.of(BENCH_LABEL, runId)).endMetadata().build()).create();
    manifests.sourceConfigMaps(ns).forEach(cm -> client.resource(cm).create());
  }

  private static String executionNamespace(String ns) {
    return ns + "-wf";
  }

  /** The objects an environment in this namespace gets (its source ConfigMaps must exist). */
  private EnvironmentPlan plan(String ns) {
    return EnvironmentPlan.of(client, manifests.standIn(ns, ENV_NAME, executionNamespace(ns)));
  }

  private boolean envReady(String ns) {
    EnvState s = observer.env(ns, ENV_NAME);
    return s != null && s.ready();
  }

  private String envDetail(String ns) {
    EnvState s = observer.env(ns, ENV_NAME);
    if (s == null || s.last == null) {
      return "environment " + ns + " not seen";
    }
    return ClusterObserver.condition(s.last, "Ready").map(c -> c.getReason() + ": " + c.getMessage())
        .orElse("no Ready condition yet");
  }

  /**
   * Back to an empty cluster: environments first (while the operator runs, its finalizer removes shared and
   * cross-namespace objects), then every namespace and cluster-scoped object a run made; waits until all are gone
   * so that the next run starts from nothing (Tekton and the CRDs are cluster-wide).
   */
  private void cleanup(String what) {
    double t = BenchClock.nowMs();
    List<E2EEnvironment> envs = client.resources(E2EEnvironment.class).inAnyNamespace().list().getItems().stream()
        .filter(e -> e.getMetadata().getNamespace().startsWith("bench-")).toList();
    if (!envs.isEmpty()) {
      if (operator == null) {
        envs.forEach(e -> client.resource(e).edit(x -> {
          x.getMetadata().setFinalizers(List.of());
          return x;
        }));
      }
      ExecutorService pool = Executors.newFixedThreadPool(8);
      try {
        parallel(pool, envs, e -> client.resource(e).delete());
      } finally {
        pool.shutdownNow();
      }
      Set<String> keys = new java.util.HashSet<>();
      envs.forEach(e -> keys.add(e.getMetadata().getNamespace()));
      observer.await("environments deleted", settings.runTimeout(), () -> keys.stream().allMatch(ns -> {
        EnvState s = observer.env(ns, ENV_NAME);
        return s == null || !Double.isNaN(s.deletedMs);
      }), () -> keys.size() + " environments");
    }
    client.namespaces().withLabel(BENCH_LABEL).delete();
    client.namespaces().withLabel(Labels.MANAGED_BY, Labels.OPERATOR).delete();
    client.resources(CustomResourceDefinition.class).withLabel(Labels.MANAGED_BY, Labels.OPERATOR).delete();
    client.resources(ClusterRole.class).withLabel(Labels.MANAGED_BY, Labels.OPERATOR).delete();
    client.resources(ClusterRoleBinding.class).withLabel(Labels.MANAGED_BY, Labels.OPERATOR).delete();
    observer.await("cleanup after " + what, Duration.ofMinutes(10), this::clean, () -> String.join(", ",
        leftovers().stream().limit(8).map(ObjKey::toString).toList()));
    log(String.format("cleaned up after %s in %.1f s", what, (BenchClock.nowMs() - t) / 1000));
  }

  private boolean clean() {
    return leftovers().isEmpty();
  }

  private List<ObjKey> leftovers() {
    List<ObjKey> left = new ArrayList<>();
    left.addAll(observer.liveWithLabel("Namespace", BENCH_LABEL, null));
    left.addAll(observer.liveWithLabel("Namespace", Labels.MANAGED_BY, null));
    left.addAll(observer.liveWithLabel("CustomResourceDefinition", Labels.MANAGED_BY, null));
    left.addAll(observer.liveWithLabel("ClusterRole", Labels.MANAGED_BY, null));
    left.addAll(observer.liveWithLabel("ClusterRoleBinding", Labels.MANAGED_BY, null));
    return left;
  }

  private static <T> void parallel(ExecutorService pool, List<T> items, java.util.function.Consumer<T> action) {
    List<Future<?>> futures = new ArrayList<>();
    for (T item : items) {
      futures.add(pool.submit(() -> action.accept(item)));
    }
    for (Future<?> f : futures) {
      try {
        f.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      } catch (java.util.concurrent.ExecutionException e) {
        throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
      }
    }
  }

  /** Only to let a measurement window pass (steady state); never to wait for a condition. */
  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
