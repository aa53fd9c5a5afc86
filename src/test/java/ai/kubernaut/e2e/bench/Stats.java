package ai.kubernaut.e2e.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Order statistics of a sample (nearest-rank percentiles; NaN values are left out). */
record Stats(int n, double min, double p50, double p95, double max, double mean) {

  static Stats of(Collection<Double> values) {
    List<Double> v = new ArrayList<>(values.stream().filter(d -> d != null && !d.isNaN()).toList());
    if (v.isEmpty()) {
      return new Stats(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }
    Collections.sort(v);
    double mean = v.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    return new Stats(v.size(), v.get(0), percentile(v, 50), percentile(v, 95), v.get(v.size() - 1), mean);
  }

  /** Nearest rank: the smallest value with at least p% of the sample at or below it. */
  static double percentile(List<Double> sorted, double p) {
    int rank = (int) Math.ceil(p / 100.0 * sorted.size());
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
  }

  /** Median the usual way (mean of the two middle values for an even count). */
  static double median(Collection<Double> values) {
    List<Double> v = new ArrayList<>(values.stream().filter(d -> d != null && !d.isNaN()).toList());
    if (v.isEmpty()) {
      return Double.NaN;
    }
    Collections.sort(v);
    int m = v.size() / 2;
    return v.size() % 2 == 1 ? v.get(m) : (v.get(m - 1) + v.get(m)) / 2;
  }

  Map<String, Object> json(double scale, int decimals) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("n", n);
    m.put("min", round(min / scale, decimals));
    m.put("p50", round(p50 / scale, decimals));
    m.put("p95", round(p95 / scale, decimals));
    m.put("max", round(max / scale, decimals));
    m.put("mean", round(mean / scale, decimals));
    return m;
  }

  static Double round(double v, int decimals) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      return null;
    }
    double f = Math.pow(10, decimals);
    return Math.round(v * f) / f;
  }
}
