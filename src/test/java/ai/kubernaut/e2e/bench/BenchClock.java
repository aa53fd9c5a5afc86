package ai.kubernaut.e2e.bench;

import java.time.Instant;

/**
 * The benchmark's one clock: milliseconds on the monotonic clock since the benchmark started, with a fixed mapping
 * to wall time (the audit log's and the operator's status timestamps are wall time on the same machine).
 */
final class BenchClock {
  private static final long BASE_NANOS = System.nanoTime();
  private static final Instant BASE_WALL = Instant.now();

  private BenchClock() {}

  static double nowMs() {
    return (System.nanoTime() - BASE_NANOS) / 1e6;
  }

  /** Wall time of a benchmark instant. */
  static Instant wall(double ms) {
    return BASE_WALL.plusNanos((long) (ms * 1e6));
  }

  /** Benchmark instant of a wall time (e.g. a timestamp the operator wrote into status). */
  static double fromWall(Instant wall) {
    return java.time.Duration.between(BASE_WALL, wall).toNanos() / 1e6;
  }
}
