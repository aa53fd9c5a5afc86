package ai.kubernaut.e2e.status;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Go-style durations (what kubectl users write) and RFC 3339 timestamps with millisecond precision. */
public final class Durations {
  private Durations() {}

  private static final Pattern PART = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)(ms|s|m|h)");

  public static Duration parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("empty duration");
    }
    Matcher m = PART.matcher(text);
    long nanos = 0;
    int end = 0;
    while (m.find()) {
      if (m.start() != end) {
        throw new IllegalArgumentException("invalid duration: " + text);
      }
      end = m.end();
      double value = Double.parseDouble(m.group(1));
      long unit = switch (m.group(2)) {
        case "ms" -> 1_000_000L;
        case "s" -> 1_000_000_000L;
        case "m" -> 60_000_000_000L;
        default -> 3_600_000_000_000L;
      };
      nanos += (long) (value * unit);
    }
    if (end != text.length()) {
      throw new IllegalArgumentException("invalid duration: " + text);
    }
    return Duration.ofNanos(nanos);
  }

  public static Duration parseOr(String text, Duration fallback) {
    return text == null ? fallback : parse(text);
  }

  /** 31.4s, 2m05s: short and readable in a printer column. */
  public static String human(Duration d) {
    double seconds = d.toMillis() / 1000.0;
    if (seconds < 60) {
      return String.format(Locale.ROOT, "%.1fs", seconds);
    }
    long s = d.toSeconds();
    return s < 3600 ? String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60)
        : String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60);
  }

  public static String timestamp(Instant instant) {
    return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
  }

  /** Kubernetes metav1.Time: second precision. */
  public static String kubeTime(Instant instant) {
    return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
  }

  public static Instant instant(String timestamp) {
    return timestamp == null ? null : Instant.parse(timestamp);
  }

  public static double seconds(Instant from, Instant to) {
    return Math.round(Duration.between(from, to).toMillis() / 10.0) / 100.0;
  }
}
