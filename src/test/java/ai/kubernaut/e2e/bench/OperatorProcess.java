package ai.kubernaut.e2e.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The operator as a separate process (java -jar quarkus-run.jar), as it runs in a cluster. Its CPU time and peak
 * resident memory come from /proc/&lt;pid&gt;; its log goes to a file (and is scanned for ERROR lines).
 */
final class OperatorProcess implements AutoCloseable {
  private static final long CLOCK_TICKS = 100; // USER_HZ on Linux

  private final Process process;
  private final Path log;
  private final AtomicInteger errors = new AtomicInteger();
  private final AtomicInteger warnings = new AtomicInteger();
  private final List<String> firstErrors = new ArrayList<>();

  private OperatorProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  static OperatorProcess start(Path jar, Path kubeconfig, List<String> jvmOptions, Path log, Duration timeout) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(jvmOptions);
    cmd.add("-Dkubeconfig=" + kubeconfig);
    cmd.add("-Dquarkus.http.port=0"); // never collide with an operator someone else runs on this machine
    cmd.add("-jar");
    cmd.add(jar.toString());
    try {
      Files.createDirectories(log.getParent());
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
      // BENCH_OPERATOR_ENV="K=V ...": extra environment of the operator process (e.g. MALLOC_ARENA_MAX=2).
      String extra = System.getenv("BENCH_OPERATOR_ENV");
      if (extra != null && !extra.isBlank()) {
        for (String kv : extra.trim().split("\\s+")) {
          int eq = kv.indexOf('=');
          if (eq > 0) {
            pb.environment().put(kv.substring(0, eq), kv.substring(eq + 1));
          }
        }
      }
      Process p = pb.start();
      p.getOutputStream().close();
      OperatorProcess op = new OperatorProcess(p, log);
      CompletableFuture<Void> started = new CompletableFuture<>();
      Thread pump = new Thread(() -> op.pump(started), "operator-log");
      pump.setDaemon(true);
      pump.start();
      try {
        started.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (Exception e) {
        op.close();
        throw new IllegalStateException("the operator did not start within " + timeout.toSeconds() + "s; see " + log,
            e);
      }
      return op;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the operator: " + cmd, e);
    }
  }

  private void pump(CompletableFuture<Void> started) {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
        StandardCharsets.UTF_8));
        PrintWriter out = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8), true)) {
      for (String line; (line = in.readLine()) != null; ) {
        out.println(line);
        if (line.contains(" ERROR ")) {
          errors.incrementAndGet();
          synchronized (firstErrors) {
            if (firstErrors.size() < 5) {
              firstErrors.add(line);
            }
          }
        } else if (line.contains(" WARN ")) {
          warnings.incrementAndGet();
        }
        // Quarkus logs this once every controller's informers have synced and the app is up.
        if (line.contains("[quarkus]") && line.contains(" started in ")) {
          started.complete(null);
        }
      }
    } catch (IOException e) {
      started.completeExceptionally(e);
    }
    started.completeExceptionally(new IllegalStateException("the operator's output ended (process exited?)"));
  }

  long pid() {
    return process.pid();
  }

  /** User + system CPU seconds so far. */
  double cpuSeconds() {
    try {
      String stat = Files.readString(Path.of("/proc", String.valueOf(pid()), "stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      // after "pid (comm) ": state is f[0]; utime and stime are fields 14 and 15 of the full line
      long utime = Long.parseLong(f[11]);
      long stime = Long.parseLong(f[12]);
      return (utime + stime) / (double) CLOCK_TICKS;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Peak resident set size (VmHWM) in MiB since start. */
  double peakRssMb() {
    return statusKb("VmHWM:") / 1024.0;
  }

  double rssMb() {
    return statusKb("VmRSS:") / 1024.0;
  }

  /** Resident anonymous memory (heap, native allocations) in MiB, without mapped files such as the JDK's modules. */
  double rssAnonMb() {
    return statusKb("RssAnon:") / 1024.0;
  }

  /** Resident file-backed pages (JDK modules image, jars) in MiB. */
  double rssFileMb() {
    return statusKb("RssFile:") / 1024.0;
  }

  private long statusKb(String field) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid()), "status"))) {
        if (line.startsWith(field)) {
          return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]);
        }
      }
      return -1;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  int errorLines() {
    return errors.get();
  }

  int warningLines() {
    return warnings.get();
  }

  List<String> firstErrors() {
    synchronized (firstErrors) {
      return List.copyOf(firstErrors);
    }
  }

  Path log() {
    return log;
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
