package ai.kubernaut.e2e.testing;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.awaitility.Awaitility;

/**
 * The PACKAGED operator ({@code target/quarkus-app/quarkus-run.jar}) as a separate process, so a test can SIGKILL it
 * and start it again, and measure what it costs: its CPU time from {@code /proc/<pid>/stat} and the number of lines it
 * has logged. stdout and stderr go to {@code target/operator-it-<name>-<n>.log}.
 *
 * <p>The operator never installs the CRD itself ({@code quarkus.operator-sdk.crd.apply=false} outside tests): call
 * {@link #installCrd} first. The HTTP port is random ({@code quarkus.http.port=0}) so several operators (and other
 * engineers' Quarkus tests) never clash on 8080. A process still running when the test JVM exits is killed.
 */
public final class OperatorProcess implements AutoCloseable {
  /** What JOSDK logs once the controller's informers are synced and events are processed. */
  public static final String STARTED_LINE = "'e2eenvironment' controller started";
  public static final Duration START_TIMEOUT = Duration.ofSeconds(180);
  /**
   * Extra JVM options for every operator started by the tests, space separated: for debugging
   * ({@code -Dquarkus.log.level=DEBUG}) or to check that a test catches a misconfigured operator
   * (e.g. {@code -Dquarkus.operator-sdk.controllers.e2eenvironment.retry.interval.initial=1}).
   */
  public static final String EXTRA_JVM_ARGS_PROPERTY = "e2e.operator.jvmArgs";
  private static final String CRD_FILE = "crds/e2eenvironments.e2e.kubernaut.ai-v1.yml";
  private static final AtomicInteger COUNTER = new AtomicInteger();
  private static final long CLOCK_TICKS = clockTicks();

  private final Process process;
  private final Path log;
  private final Instant startedAt;
  private final Thread reaper;

  private OperatorProcess(Process process, Path log, Instant startedAt) {
    this.process = process;
    this.log = log;
    this.startedAt = startedAt;
    this.reaper = new Thread(process::destroyForcibly, "operator-process-reaper-" + process.pid());
    Runtime.getRuntime().addShutdownHook(reaper);
  }

  /**
   * Starts {@code java -Dkubeconfig=<kubeconfig> -jar target/quarkus-app/quarkus-run.jar}; returns at once (see
   * {@link #awaitStarted()}). {@code jvmArgs} (and those of {@value #EXTRA_JVM_ARGS_PROPERTY}) go before {@code -jar}.
   */
  public static OperatorProcess start(Path kubeconfig, String name, String... jvmArgs) {
    Path projectDir = projectDir();
    Path jar = projectDir.resolve("target/quarkus-app/quarkus-run.jar");
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar + " does not exist: the *IT tests run the packaged operator; run them "
          + "with `mvn verify` (failsafe runs after package)");
    }
    Path log = projectDir.resolve("target/operator-it-" + name + "-" + COUNTER.incrementAndGet() + ".log");
    List<String> command = new ArrayList<>();
    command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Dkubeconfig=" + kubeconfig.toAbsolutePath());
    command.add("-Dquarkus.http.port=0");
    command.addAll(List.of(jvmArgs));
    String extra = System.getProperty(EXTRA_JVM_ARGS_PROPERTY, "").trim();
    if (!extra.isEmpty()) {
      command.addAll(List.of(extra.split("\\s+")));
    }
    command.add("-jar");
    command.add(jar.toString());
    ProcessBuilder builder = new ProcessBuilder(command).directory(projectDir.toFile())
        .redirectErrorStream(true).redirectOutput(log.toFile());
    // fabric8 reads -Dkubeconfig before $KUBECONFIG; set both so no inherited KUBECONFIG can win.
    builder.environment().put("KUBECONFIG", kubeconfig.toAbsolutePath().toString());
    try {
      Files.createDirectories(log.getParent());
      Instant now = Instant.now();
      Process process = builder.start();
      process.getOutputStream().close();
      System.out.println("[operator-process] started pid " + process.pid() + ", log " + log);
      return new OperatorProcess(process, log, now);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + command, e);
    }
  }

  /** Server-side applies {@code crds/} (forcing conflicts) and waits until the CRD is Established. */
  public static void installCrd(KubernetesClient client) {
    Path file = projectDir().resolve(CRD_FILE);
    CustomResourceDefinition crd;
    try (InputStream in = Files.newInputStream(file)) {
      crd = client.apiextensions().v1().customResourceDefinitions().load(in).item();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    client.resource(crd).fieldManager("e2e-operator-it").forceConflicts().serverSideApply();
    String name = crd.getMetadata().getName();
    Awaitility.await("CRD " + name + " Established").atMost(Duration.ofSeconds(60)).pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(100)).ignoreExceptions()
        .until(() -> client.apiextensions().v1().customResourceDefinitions().withName(name).get().getStatus()
            .getConditions().stream().anyMatch(c -> "Established".equals(c.getType())
                && "True".equals(c.getStatus())));
  }

  /** Waits (with a deadline) for {@link #STARTED_LINE}; fails at once, with the log's tail, if the process dies. */
  public Duration awaitStarted() {
    Awaitility.await("operator pid " + pid() + " logs \"" + STARTED_LINE + "\" (log " + log + ")")
        .atMost(START_TIMEOUT).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(100))
        .until(() -> {
          if (!process.isAlive()) {
            throw new AssertionError("operator exited with code " + process.exitValue() + " before it started:\n"
                + tail(40));
          }
          return lines().anyMatch(l -> l.contains(STARTED_LINE));
        });
    Duration took = Duration.between(startedAt, Instant.now());
    System.out.println("[operator-process] pid " + pid() + " controller started " + took.toMillis()
        + " ms after launch");
    return took;
  }

  public long pid() {
    return process.pid();
  }

  public Instant startedAt() {
    return startedAt;
  }

  public Path log() {
    return log;
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** User + system CPU time of the operator process so far (utime + stime of /proc/&lt;pid&gt;/stat). */
  public double cpuSeconds() {
    String stat;
    try {
      stat = Files.readString(Path.of("/proc", Long.toString(pid()), "stat"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read /proc/" + pid() + "/stat (process gone?)", e);
    }
    // Field 2 (comm) is in parentheses and may contain spaces: count the fields after its closing one.
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
    // After comm: state(3) ppid(4) ... utime(14) stime(15), i.e. indices 11 and 12 here.
    long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
    return (double) ticks / CLOCK_TICKS;
  }

  /** Lines in the operator's log so far (a stack trace counts every line). */
  public long logLines() {
    try (Stream<String> lines = lines()) {
      return lines.count();
    }
  }

  /** The log's lines from the given line number on (0-based). */
  public List<String> logLinesFrom(long from) {
    try (Stream<String> lines = lines()) {
      return lines.skip(from).toList();
    }
  }

  /** The last n lines of the log, for failure messages. */
  public String tail(int n) {
    List<String> all = logLinesFrom(0);
    return String.join("\n", all.subList(Math.max(0, all.size() - n), all.size()));
  }

  /** kill -9: no shutdown hooks, no graceful stop, like a node or OOM kill. Waits until the process is gone. */
  public void kill() {
    process.destroyForcibly();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("operator pid " + pid() + " still alive 30s after SIGKILL");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while killing pid " + pid(), e);
    }
    System.out.println("[operator-process] killed pid " + pid() + " (exit " + process.exitValue() + ")");
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      kill();
    }
    try {
      Runtime.getRuntime().removeShutdownHook(reaper);
    } catch (IllegalStateException e) {
      // JVM shutting down: the hook runs anyway
    }
  }

  private Stream<String> lines() {
    try {
      // The operator may write a partial line or non-UTF-8 bytes: decode leniently.
      String text = new String(Files.readAllBytes(log), StandardCharsets.UTF_8);
      return text.lines();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + log, e);
    }
  }

  public static Path projectDir() {
    String configured = System.getProperty(LocalCluster.PROJECT_DIR_PROPERTY);
    if (configured != null && !configured.isBlank()) {
      return Paths.get(configured).toAbsolutePath();
    }
    for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("pom.xml")) && Files.isRegularFile(dir.resolve(CRD_FILE))) {
        return dir;
      }
    }
    throw new IllegalStateException("cannot find the project directory (pom.xml and " + CRD_FILE + ") above "
        + Paths.get("").toAbsolutePath() + "; set -D" + LocalCluster.PROJECT_DIR_PROPERTY);
  }

  private static long clockTicks() {
    try {
      Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      if (p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0) {
        return Long.parseLong(out);
      }
    } catch (IOException | NumberFormatException e) {
      // fall through
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 100; // USER_HZ on every Linux architecture we run on
  }
}
