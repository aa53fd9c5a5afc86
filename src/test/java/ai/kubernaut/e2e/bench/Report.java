package ai.kubernaut.e2e.bench;

import ai.kubernaut.e2e.bench.Benchmark.OperatorRun;
import ai.kubernaut.e2e.bench.Benchmark.Results;
import ai.kubernaut.e2e.bench.Benchmark.ScalePoint;
import ai.kubernaut.e2e.bench.Timeline.ComponentTimes;
import ai.kubernaut.e2e.bench.Timeline.Reaction;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** results.json (the contract), results.md and the console table, from one benchmark's results. */
final class Report {
  static final double RATIO_TARGET = 1.05;
  static final double REACTION_TARGET_MS = 250;
  static final double RSS_TARGET_MB = 512;
  static final double STEADY_TARGET_PER_MIN = 1;

  private final Results r;
  final Map<String, Object> json = new LinkedHashMap<>();
  final List<String[]> targets = new ArrayList<>();

  Report(Results r) {
    this.r = r;
    build();
  }

  double operatorMedianMs() {
    return Stats.median(r.operatorRuns.stream().map(o -> o.timeline().durationMs()).toList());
  }

  double baselineMedianMs(String strategy) {
    return Stats.median(r.baselineRuns.getOrDefault(strategy, List.of()).stream().map(Timeline::durationMs)
        .toList());
  }

  /** The run whose time to Ready is the median one (for the timeline chart). */
  static Timeline medianRun(List<Timeline> runs) {
    if (runs.isEmpty()) {
      return null;
    }
    List<Timeline> sorted = new ArrayList<>(runs);
    sorted.sort(Comparator.comparingDouble(Timeline::durationMs));
    return sorted.get((sorted.size() - 1) / 2);
  }

  List<Reaction> reactions() {
    return r.operatorRuns.stream().flatMap(o -> o.timeline().reactions().stream()).toList();
  }

  static Stats reactionStats(List<Reaction> all, String... kinds) {
    List<String> k = List.of(kinds);
    return Stats.of(all.stream().filter(x -> k.contains(x.kind())).map(Reaction::ms).toList());
  }

  private void build() {
    Map<String, Object> run = new LinkedHashMap<>();
    run.put("started", r.started.toString());
    run.put("finished", r.finished == null ? null : r.finished.toString());
    run.put("mode", r.settings.quick() ? "quick" : "full");
    run.put("delay_divisor", r.settings.divisor());
    run.put("operator_runs", r.settings.operatorRuns());
    run.put("baseline_runs", r.settings.baselineRuns());
    run.put("calibration_rounds", r.settings.calibrationRounds());
    run.put("cpus", Runtime.getRuntime().availableProcessors());
    run.put("operator_java_options", r.settings.operatorJavaOptions());
    run.put("notes", r.notes);
    json.put("run", run);
    json.put("delays_ms", r.delays.delayMs());

    List<Map<String, Object>> cal = new ArrayList<>();
    if (r.calibration != null) {
      r.calibration.samples().forEach((item, samples) -> {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("item", item.toString());
        m.put("delay_ms", item.readyDelayMs() + item.completeDelayMs());
        m.put("samples_ms", samples.stream().map(d -> Stats.round(d, 1)).toList());
        m.put("median_ms", Stats.round(Stats.median(samples), 1));
        m.put("overhead_ms", Stats.round(Stats.median(samples) - item.readyDelayMs() - item.completeDelayMs(), 1));
        cal.add(m);
      });
    }
    json.put("calibration", cal);

    Map<String, Object> ideal = new LinkedHashMap<>();
    ideal.put("critical_path", r.criticalPath);
    ideal.put("ideal_s", s(r.idealMs));
    Map<String, Object> comp = new LinkedHashMap<>();
    r.idealComponentMs.forEach((k, v) -> comp.put(k, s(v)));
    ideal.put("component_s", comp);
    ideal.put("sequential_s", s(r.idealSequentialMs));
    ideal.put("phase_barrier_s", s(r.idealPhaseMs));
    ideal.put("sequential_allowed_ratio", ratio(r.idealSequentialMs, r.idealMs));
    ideal.put("phase_allowed_ratio", ratio(r.idealPhaseMs, r.idealMs));
    json.put("ideal", ideal);

    double op = operatorMedianMs();
    Map<String, Object> operator = new LinkedHashMap<>();
    operator.put("time_to_ready_s", Stats.of(r.operatorRuns.stream().map(o -> o.timeline().durationMs()).toList())
        .json(1000, 3));
    operator.put("median_s", s(op));
    operator.put("operator_reported_median_s", Stats.round(Stats.median(r.operatorRuns.stream()
        .map(o -> o.reportedSeconds() == null ? Double.NaN : o.reportedSeconds()).toList()), 3));
    operator.put("requests_per_environment_median", Stats.round(Stats.median(r.operatorRuns.stream()
        .map(o -> (double) o.requests()).toList()), 1));
    operator.put("cpu_seconds_per_environment_median", Stats.round(Stats.median(r.operatorRuns.stream()
        .map(OperatorRun::cpuSeconds).toList()), 2));
    operator.put("startup_rss_mb", Stats.round(r.operatorStartupRssMb, 1));
    operator.put("warmup_run_s", r.warmup == null ? null : s(r.warmup.timeline().durationMs()));
    List<Map<String, Object>> runs = new ArrayList<>();
    for (OperatorRun o : r.operatorRuns) {
      Map<String, Object> m = timelineJson(o.timeline());
      m.put("operator_reported_s", o.reportedSeconds());
      Map<String, Object> reported = new LinkedHashMap<>();
      o.reportedComponents().forEach((k, v) -> reported.put(k, Map.of("start_s", s(v[0]), "ready_s", s(v[1]))));
      m.put("operator_reported_components", reported);
      m.put("requests", o.requests());
      m.put("request_breakdown", o.requestBreakdown());
      m.put("cpu_seconds", Stats.round(o.cpuSeconds(), 2));
      m.put("reactions", o.timeline().reactions().stream().map(x -> Map.of("kind", x.kind(), "what", x.what(),
          "ms", Stats.round(x.ms(), 1))).toList());
      runs.add(m);
    }
    operator.put("runs", runs);
    json.put("operator", operator);
    json.put("ratio_to_ideal", ratio(op, r.idealMs));

    List<Reaction> all = reactions();
    Stats react = reactionStats(all, "edge");
    json.put("reaction_p50_ms", Stats.round(react.p50(), 1));
    json.put("reaction_p95_ms", Stats.round(react.p95(), 1));
    json.put("phase_reaction_p95_ms", Stats.round(reactionStats(all, "phase").p95(), 1));
    Map<String, Object> reaction = new LinkedHashMap<>();
    reaction.put("definition", "edge: a component's last dependency ready, as the benchmark's watch saw it -> the "
        + "dependent's first object seen by the same watch (reaction_p50/p95_ms); phase: a component's phase ready "
        + "(e.g. CRD established) -> its next phase's first object; root: environment created -> a root component's "
        + "first object; status: last component ready -> Ready=True seen");
    reaction.put("edge_and_phase_ms", reactionStats(all, "edge", "phase").json(1, 1));
    reaction.put("edge_ms", reactionStats(all, "edge").json(1, 1));
    reaction.put("phase_ms", reactionStats(all, "phase").json(1, 1));
    reaction.put("root_ms", reactionStats(all, "root").json(1, 1));
    reaction.put("status_ms", reactionStats(all, "status").json(1, 1));
    json.put("reaction", reaction);

    Map<String, Object> baselines = new LinkedHashMap<>();
    r.baselineRuns.forEach((name, list) -> {
      Map<String, Object> m = new LinkedHashMap<>();
      double med = baselineMedianMs(name);
      m.put("median_s", s(med));
      m.put("time_to_ready_s", Stats.of(list.stream().map(Timeline::durationMs).toList()).json(1000, 3));
      m.put("ratio_to_ideal", ratio(med, r.idealMs));
      m.put("ratio_to_operator", ratio(med, op));
      m.put("runs", list.stream().map(Report::timelineJson).toList());
      baselines.put(name, m);
    });
    json.put("baselines", baselines);
    json.put("sequential_ratio", ratio(baselineMedianMs("sequential"), op));
    json.put("phase_ratio", ratio(baselineMedianMs("phase-barrier"), op));

    List<Map<String, Object>> scale = new ArrayList<>();
    for (ScalePoint p : r.scale) {
      Stats st = Stats.of(p.timeToReadyMs());
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("n", p.n());
      m.put("all_ready", p.allReady());
      m.put("ready", p.readyCount());
      m.put("p50_s", s(st.p50()));
      m.put("p95_s", s(st.p95()));
      m.put("max_s", s(st.max()));
      m.put("all_ready_after_s", s(p.wallMs()));
      m.put("peak_rss_mb", Stats.round(p.peakRssMb(), 1));
      m.put("rss_after_mb", Stats.round(p.rssAfterMb(), 1));
      m.put("rss_anon_mb_when_ready", Stats.round(p.rssAnonMb(), 1));
      m.put("rss_file_mb_when_ready", Stats.round(p.rssFileMb(), 1));
      m.put("cpu_seconds_provisioning", Stats.round(p.cpuProvisioningS(), 2));
      m.put("cpu_seconds_steady", Stats.round(p.cpuSteadyS(), 2));
      m.put("requests_provisioning", p.requestsProvisioning());
      m.put("requests_per_environment", Stats.round(p.requestsProvisioning() / (double) p.n(), 1));
      m.put("steady_window_s", Stats.round(p.steadySeconds(), 1));
      m.put("steady_requests", p.requestsSteady());
      m.put("steady_requests_per_min", Stats.round(p.requestsSteady() * 60.0 / p.steadySeconds(), 2));
      m.put("steady_breakdown", p.steadyBreakdown());
      m.put("stalled", p.stalled());
      m.put("operator_error_lines", p.errorLines());
      m.put("operator_errors", p.errors());
      Stats rs = Stats.of(p.reactionsMs());
      m.put("reaction_p50_ms", Stats.round(rs.p50(), 1));
      m.put("reaction_p95_ms", Stats.round(rs.p95(), 1));
      m.put("failure", p.failure());
      m.put("cpu_seconds_by_process_provisioning", p.cpuByProcess());
      scale.add(m);
    }
    json.put("scale", scale);
    json.put("targets", targets());
  }

  private List<Map<String, Object>> targets() {
    List<Map<String, Object>> list = new ArrayList<>();
    double op = operatorMedianMs();
    double ratio = op / r.idealMs;
    boolean fullMode = r.settings.divisor() == 10 && r.operatorRuns.size() >= 5;
    target(list, "time to Ready / ideal critical path (median of " + r.operatorRuns.size() + " runs, 1/"
        + r.settings.divisor() + ")", "<= " + RATIO_TARGET, fmt(ratio, 3), ratio <= RATIO_TARGET,
        fullMode ? "" : "the target is defined at 1/10 with >= 5 runs; this is a quick run");
    Stats react = reactionStats(reactions(), "edge");
    Stats phase = reactionStats(reactions(), "phase");
    target(list, "reaction latency p95: dependency ready -> dependent's first object (" + react.n() + " reactions)",
        "<= " + (int) REACTION_TARGET_MS + " ms", fmt(react.p95(), 0) + " ms", react.p95() <= REACTION_TARGET_MS,
        "in-component phase steps (CRD established -> controller), not part of this target: p95 "
        + fmt(phase.p95(), 0) + " ms");
    for (String[] b : new String[][] {{"phase-barrier", "phase"}, {"sequential", "sequential"}}) {
      double allowed = (b[0].equals("sequential") ? r.idealSequentialMs : r.idealPhaseMs) / r.idealMs;
      double achieved = baselineMedianMs(b[0]) / op;
      target(list, b[0] + " baseline / operator", "> 1, and >= allowed " + fmt(allowed, 3) + " / " + RATIO_TARGET
          + " = " + fmt(allowed / RATIO_TARGET, 3), fmt(achieved, 3), achieved > 1 && achieved >= allowed
          / RATIO_TARGET, "allowed = that strategy's time / critical path, both from calibrated blocks");
    }
    ScalePoint big = r.scale.stream().max(Comparator.comparingInt(ScalePoint::n)).orElse(null);
    if (big != null) {
      boolean noErrors = big.stalled() == 0 && big.errorLines() == 0 && big.failure() == null;
      target(list, big.n() + " environments: all Ready, no errors", "all Ready, 0 errors", big.readyCount() + "/"
          + big.n() + " Ready, " + big.stalled() + " stalled, " + big.errorLines() + " operator ERROR lines",
          big.allReady() && noErrors, big.n() < 200 ? "the target is for N=200" : "");
      target(list, big.n() + " environments: operator peak RSS", "<= " + (int) RSS_TARGET_MB + " MiB",
          fmt(big.peakRssMb(), 0) + " MiB", big.peakRssMb() <= RSS_TARGET_MB, "");
      double perMin = big.requestsSteady() * 60.0 / big.steadySeconds();
      target(list, big.n() + " environments: steady-state API requests", "~0 per minute (<= "
          + (int) STEADY_TARGET_PER_MIN + ")", fmt(perMin, 2) + " per minute", perMin <= STEADY_TARGET_PER_MIN,
          r.settings.auditLog() == null ? "not measured: no audit log" : "");
    }
    return list;
  }

  private void target(List<Map<String, Object>> list, String name, String goal, String measured, boolean met,
      String note) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("target", name);
    m.put("goal", goal);
    m.put("measured", measured);
    m.put("met", met);
    if (!note.isEmpty()) {
      m.put("note", note);
    }
    list.add(m);
    targets.add(new String[] {name, goal, measured, met ? "yes" : "NO", note});
  }

  static Map<String, Object> timelineJson(Timeline t) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("strategy", t.strategy());
    m.put("time_to_ready_s", s(t.durationMs()));
    m.put("last_component_ready_s", s(t.lastComponentReadyMs()));
    Map<String, Object> comps = new LinkedHashMap<>();
    for (ComponentTimes c : t.components().values()) {
      Map<String, Object> x = new LinkedHashMap<>();
      x.put("start_s", s(c.startMs()));
      x.put("ready_s", s(c.readyMs()));
      x.put("phase_start_s", c.phaseStartMs().stream().map(Report::s).toList());
      comps.put(c.id(), x);
    }
    m.put("components", comps);
    return m;
  }

  static Double s(double ms) {
    return Stats.round(ms / 1000, 3);
  }

  static Double ratio(double a, double b) {
    return Stats.round(a / b, 3);
  }

  static String fmt(double v, int decimals) {
    return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%." + decimals + "f", v);
  }

  void writeJson(Path file) throws IOException {
    ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    Files.writeString(file, mapper.writeValueAsString(json) + "\n");
  }

  /** The Markdown report; the console gets the same tables. */
  String markdown() {
    StringBuilder md = new StringBuilder();
    double op = operatorMedianMs();
    md.append("# E2E Environment Operator benchmark (").append(r.settings.quick() ? "quick" : "full")
        .append(" mode)\n\n");
    md.append("Started ").append(r.started).append(", finished ").append(r.finished).append(". Delays: 1/")
        .append(r.settings.divisor()).append(" of kubernaut's timings: ");
    List<String> d = new ArrayList<>();
    r.delays.delayMs().forEach((k, v) -> d.add(k + " " + fmt(v / 1000.0, 2) + " s"));
    md.append(String.join(", ", d)).append(".\n\n");

    md.append("## Calibration (lone objects on this control plane, create -> ready)\n\n");
    md.append("| object | delay | median | overhead | samples (ms) |\n|---|---:|---:|---:|---|\n");
    if (r.calibration != null) {
      r.calibration.samples().forEach((item, samples) -> md.append("| ").append(item).append(" | ")
          .append(item.readyDelayMs() + item.completeDelayMs()).append(" ms | ")
          .append(fmt(Stats.median(samples), 0)).append(" ms | ")
          .append(fmt(Stats.median(samples) - item.readyDelayMs() - item.completeDelayMs(), 0)).append(" ms | ")
          .append(String.join(", ", samples.stream().map(x -> fmt(x, 0)).toList())).append(" |\n"));
    }
    md.append("\nIdeal per component (its phases' slowest calibrated object, summed): ");
    List<String> ic = new ArrayList<>();
    r.idealComponentMs.forEach((k, v) -> ic.add(k + " " + fmt(v / 1000, 2) + " s"));
    md.append(String.join(", ", ic)).append(".\nCritical path ").append(String.join(" -> ", r.criticalPath))
        .append(": **ideal ").append(fmt(r.idealMs / 1000, 2)).append(" s**.\n\n");

    md.append("## One environment: operator vs. the old strategies\n\n");
    md.append("| strategy | runs | median time to Ready | min | max | / ideal | baseline / operator | "
        + "strategy's own ideal |\n|---|---:|---:|---:|---:|---:|---:|---:|\n");
    Stats os = Stats.of(r.operatorRuns.stream().map(o -> o.timeline().durationMs()).toList());
    md.append("| operator (dependency-driven) | ").append(os.n()).append(" | ").append(fmt(op / 1000, 2))
        .append(" s | ").append(fmt(os.min() / 1000, 2)).append(" s | ").append(fmt(os.max() / 1000, 2))
        .append(" s | ").append(fmt(op / r.idealMs, 3)).append(" | 1 | ").append(fmt(r.idealMs / 1000, 2))
        .append(" s |\n");
    r.baselineRuns.forEach((name, list) -> {
      Stats bs = Stats.of(list.stream().map(Timeline::durationMs).toList());
      double med = baselineMedianMs(name);
      double own = name.equals("sequential") ? r.idealSequentialMs : r.idealPhaseMs;
      md.append("| ").append(name).append(" | ").append(bs.n()).append(" | ").append(fmt(med / 1000, 2))
          .append(" s | ").append(fmt(bs.min() / 1000, 2)).append(" s | ").append(fmt(bs.max() / 1000, 2))
          .append(" s | ").append(fmt(med / r.idealMs, 3)).append(" | **").append(fmt(med / op, 3))
          .append("** | ").append(fmt(own / 1000, 2)).append(" s |\n");
    });
    md.append("| ideal (critical path) | | ").append(fmt(r.idealMs / 1000, 2)).append(" s | | | 1 | | |\n\n");
    if (r.warmup != null) {
      md.append("Not counted above: the first environment of the freshly started operator (cold JIT) took ")
          .append(fmt(r.warmup.timeline().durationMs() / 1000, 2)).append(" s.\n");
    }
    md.append("The operator's own status (its first reconciliation -> Ready): median ")
        .append(json.get("operator") instanceof Map<?, ?> m ? m.get("operator_reported_median_s") : "?")
        .append(" s. API requests per environment (audit log): median ")
        .append(((Map<?, ?>) json.get("operator")).get("requests_per_environment_median")).append(".\n\n");

    List<Reaction> all = reactions();
    md.append("### Reaction latency (operator, ").append(r.operatorRuns.size()).append(" runs)\n\n");
    md.append("| transition | n | p50 | p95 | max |\n|---|---:|---:|---:|---:|\n");
    for (String[] k : new String[][] {{"dependency ready -> dependent's first object (the target)", "edge"},
        {"phase ready -> next phase's first object (CRD established -> controller)", "phase"},
        {"environment created -> a root component's first object", "root"},
        {"last component ready -> Ready=True seen", "status"}}) {
      Stats st = reactionStats(all, java.util.Arrays.copyOfRange(k, 1, k.length));
      md.append("| ").append(k[0]).append(" | ").append(st.n()).append(" | ").append(fmt(st.p50(), 0))
          .append(" ms | ").append(fmt(st.p95(), 0)).append(" ms | ").append(fmt(st.max(), 0)).append(" ms |\n");
    }
    Timeline median = medianRun(r.operatorRuns.stream().map(OperatorRun::timeline).toList());
    if (median != null) {
      md.append("\n### Timeline of the median operator run (s after `create`)\n\n");
      md.append("| component | depends on | start | ready | took |\n|---|---|---:|---:|---:|\n");
      median.components().values().forEach(c -> md.append("| ").append(c.id()).append(" | ")
          .append(String.join(", ", c.dependsOn())).append(" | ").append(fmt(c.startMs() / 1000, 2)).append(" | ")
          .append(fmt(c.readyMs() / 1000, 2)).append(" | ").append(fmt((c.readyMs() - c.startMs()) / 1000, 2))
          .append(" |\n"));
      md.append("| **Ready=True** | | | ").append(fmt(median.durationMs() / 1000, 2)).append(" | |\n");
    }

    if (!r.scale.isEmpty()) {
      md.append("\n## N environments at once\n\n");
      md.append("| N | all Ready | p50 | p95 | max | operator CPU (provisioning) | peak RSS | "
          + "requests / env (provisioning) | requests / min (steady) | reaction p95 |\n"
          + "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
      for (ScalePoint p : r.scale) {
        Stats st = Stats.of(p.timeToReadyMs());
        md.append("| ").append(p.n()).append(" | ").append(p.allReady() ? "yes" : "NO (" + p.readyCount() + ")")
            .append(" | ").append(fmt(st.p50() / 1000, 1)).append(" s | ").append(fmt(st.p95() / 1000, 1))
            .append(" s | ").append(fmt(st.max() / 1000, 1)).append(" s | ").append(fmt(p.cpuProvisioningS(), 1))
            .append(" s | ").append(fmt(p.peakRssMb(), 0)).append(" MiB | ")
            .append(fmt(p.requestsProvisioning() / (double) p.n(), 1)).append(" | ")
            .append(fmt(p.requestsSteady() * 60.0 / p.steadySeconds(), 2)).append(" | ")
            .append(fmt(Stats.of(p.reactionsMs()).p95(), 0)).append(" ms |\n");
      }
    }
    md.append("\n## Targets\n\n| target | goal | measured | met | note |\n|---|---|---|---|---|\n");
    targets.forEach(t -> md.append("| ").append(String.join(" | ", t)).append(" |\n"));
    if (!r.notes.isEmpty()) {
      md.append("\nNotes: ").append(String.join("; ", r.notes)).append("\n");
    }
    return md.toString();
  }
}
