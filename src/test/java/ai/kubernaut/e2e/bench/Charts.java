package ai.kubernaut.e2e.bench;

import ai.kubernaut.e2e.bench.Benchmark.Results;
import ai.kubernaut.e2e.bench.Benchmark.ScalePoint;
import ai.kubernaut.e2e.bench.Timeline.ComponentTimes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Hand-written SVG: no dependency, readable in any browser or in the repository viewer. */
final class Charts {
  private static final String[] COLORS = {"#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#b07aa1",
      "#edc948", "#9c755f"};
  private static final String FONT = "font-family=\"sans-serif\" font-size=\"12\"";

  private Charts() {}

  /** One panel per strategy (median run), a bar per component from its first object to ready, same time axis. */
  static String timeline(Results r, List<Timeline> panels, double idealMs) {
    List<String> ids = new ArrayList<>(panels.get(0).components().keySet());
    double maxMs = panels.stream().mapToDouble(Timeline::durationMs).max().orElse(1) * 1.05;
    int left = 150;
    int width = 900;
    int plotW = width - left - 30;
    int rowH = 18;
    int panelH = ids.size() * rowH + 34;
    int top = 44;
    int height = top + panels.size() * (panelH + 10) + 40;
    StringBuilder svg = header(width, height);
    svg.append(text(width / 2.0, 20, "Per-component timeline of one environment (median run of each strategy), "
        + "delays 1/" + r.settings.divisor(), "middle", 14, true));
    svg.append(text(width / 2.0, 36, "bar: first object created -> ready (watch events); | Ready; dashed: ideal "
        + "critical path " + fmt(idealMs / 1000) + " s", "middle", 11, false));
    double scale = plotW / maxMs;
    int y = top;
    for (Timeline t : panels) {
      svg.append(text(8, y + 14, t.strategy() + ": " + fmt(t.durationMs() / 1000) + " s", "start", 12, true));
      int row = 0;
      for (String id : ids) {
        ComponentTimes c = t.components().get(id);
        double yy = y + 22 + row * rowH;
        svg.append(text(left - 6, yy + 12, id, "end", 11, false));
        if (c != null && !Double.isNaN(c.startMs()) && !Double.isNaN(c.readyMs())) {
          double x0 = left + c.startMs() * scale;
          double w = Math.max(1.5, (c.readyMs() - c.startMs()) * scale);
          svg.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%d\" "
              + "fill=\"%s\"><title>%s: %.2f s -> %.2f s</title></rect>\n", x0, yy + 2, w, rowH - 5,
              COLORS[row % COLORS.length], id, c.startMs() / 1000, c.readyMs() / 1000));
        }
        row++;
      }
      double readyX = left + t.durationMs() * scale;
      svg.append(line(readyX, y + 18, readyX, y + panelH - 8, "#000", 2, false));
      double idealX = left + idealMs * scale;
      svg.append(line(idealX, y + 18, idealX, y + panelH - 8, "#d62728", 1.2, true));
      y += panelH + 10;
    }
    axis(svg, left, y, plotW, maxMs / 1000, scale * 1000, "seconds after the environment was requested");
    return svg.append("</svg>\n").toString();
  }

  /** p50 and p95 time to Ready against N (categorical axis), with the ideal as a reference line. */
  static String scale(Results r, double idealMs) {
    int width = 640;
    int height = 380;
    int left = 60;
    int top = 50;
    int plotW = width - left - 30;
    int plotH = height - top - 60;
    List<ScalePoint> points = r.scale;
    double maxS = idealMs / 1000;
    for (ScalePoint p : points) {
      maxS = Math.max(maxS, Stats.of(p.timeToReadyMs()).max() / 1000);
    }
    maxS = niceCeil(maxS * 1.1);
    StringBuilder svg = header(width, height);
    svg.append(text(width / 2.0, 20, "Time to Ready vs. environments created at once (delays 1/"
        + r.settings.divisor() + ")", "middle", 14, true));
    svg.append(text(width / 2.0, 36, "dots: p50 (blue), p95 (orange), max (grey); dashed: ideal for one "
        + "environment", "middle", 11, false));
    double yScale = plotH / maxS;
    for (int i = 0; i <= 5; i++) {
      double v = maxS * i / 5;
      double yy = top + plotH - v * yScale;
      svg.append(line(left, yy, left + plotW, yy, "#ddd", 1, false));
      svg.append(text(left - 6, yy + 4, fmt(v), "end", 11, false));
    }
    svg.append(text(14, top + plotH / 2.0, "s", "middle", 12, false));
    double idealY = top + plotH - idealMs / 1000 * yScale;
    svg.append(line(left, idealY, left + plotW, idealY, "#d62728", 1.2, true));
    int n = points.size();
    String[] series = {"#4e79a7", "#f28e2b", "#999"};
    double[][] ys = new double[3][n];
    for (int i = 0; i < n; i++) {
      Stats st = Stats.of(points.get(i).timeToReadyMs());
      ys[0][i] = st.p50() / 1000;
      ys[1][i] = st.p95() / 1000;
      ys[2][i] = st.max() / 1000;
    }
    for (int s = 0; s < 3; s++) {
      StringBuilder path = new StringBuilder();
      for (int i = 0; i < n; i++) {
        double x = left + plotW * (i + 0.5) / n;
        double y = top + plotH - ys[s][i] * yScale;
        if (!Double.isNaN(ys[s][i])) {
          path.append(path.length() == 0 ? "M" : "L").append(String.format(Locale.ROOT, "%.1f %.1f ", x, y));
          svg.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"%s\"><title>N=%d: "
              + "%.2f s</title></circle>\n", x, y, series[s], points.get(i).n(), ys[s][i]));
          if (s < 2) {
            svg.append(text(x + 8, y + (s == 0 ? 14 : -6), fmt(ys[s][i]), "start", 10, false));
          }
        }
      }
      if (path.length() > 0) {
        svg.append("<path d=\"").append(path).append("\" fill=\"none\" stroke=\"").append(series[s])
            .append("\" stroke-width=\"1.5\"/>\n");
      }
    }
    for (int i = 0; i < n; i++) {
      double x = left + plotW * (i + 0.5) / n;
      ScalePoint p = points.get(i);
      svg.append(text(x, top + plotH + 18, "N=" + p.n(), "middle", 12, true));
      svg.append(text(x, top + plotH + 34, (p.allReady() ? "all Ready" : p.readyCount() + " Ready") + ", "
          + fmt(p.peakRssMb()) + " MiB", "middle", 10, false));
    }
    svg.append(line(left, top + plotH, left + plotW, top + plotH, "#000", 1, false));
    svg.append(line(left, top, left, top + plotH, "#000", 1, false));
    return svg.append("</svg>\n").toString();
  }

  private static void axis(StringBuilder svg, int left, int y, int plotW, double maxS, double pxPerS, String label) {
    svg.append(line(left, y, left + plotW, y, "#000", 1, false));
    double step = niceStep(maxS / 10);
    for (double v = 0; v <= maxS + 1e-9; v += step) {
      double x = left + v * pxPerS;
      svg.append(line(x, y, x, y + 4, "#000", 1, false));
      svg.append(text(x, y + 16, fmt(v), "middle", 10, false));
    }
    svg.append(text(left + plotW / 2.0, y + 32, label, "middle", 11, false));
  }

  private static double niceStep(double raw) {
    double p = Math.pow(10, Math.floor(Math.log10(raw)));
    for (double m : new double[] {1, 2, 5, 10}) {
      if (m * p >= raw) {
        return m * p;
      }
    }
    return 10 * p;
  }

  private static double niceCeil(double v) {
    double step = niceStep(v / 5);
    return Math.ceil(v / step) * step;
  }

  private static StringBuilder header(int w, int h) {
    return new StringBuilder(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" "
        + "height=\"%d\" viewBox=\"0 0 %d %d\">\n<rect width=\"100%%\" height=\"100%%\" fill=\"#fff\"/>\n", w, h, w,
        h));
  }

  private static String text(double x, double y, String s, String anchor, int size, boolean bold) {
    return String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" %s%s>%s</text>\n", x, y,
        anchor, FONT.replace("font-size=\"12\"", "font-size=\"" + size + "\""), bold ? " font-weight=\"bold\"" : "",
        escape(s));
  }

  private static String line(double x1, double y1, double x2, double y2, String color, double width,
      boolean dashed) {
    return String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" "
        + "stroke-width=\"%.1f\"%s/>\n", x1, y1, x2, y2, color, width, dashed ? " stroke-dasharray=\"5,4\"" : "");
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  private static String fmt(double v) {
    if (Double.isNaN(v)) {
      return "n/a";
    }
    return v >= 100 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.1f", v);
  }
}
