package io.surgewatch.cli.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * When each stage reached each quarter of its final progress, from samples of its committed
 * offsets. Tells apart where the end-to-end time goes: stage 1 taking the published backlog, the
 * cube's first quarter (the compiler's first minutes, competing with stage 1 and the broker), its
 * middle (the steady state) and its last quarter (whether it slows as its state grows).
 */
final class ProgressTimeline {
  private static final double[] QUARTERS = {0.25, 0.5, 0.75, 1.0};

  private final List<double[]> samples = new ArrayList<>(); // seconds, stage 1, cube

  /** What the seconds count from: "the first publish", "the app's joining". */
  private final String from;

  ProgressTimeline(final String from) {
    this.from = from;
  }

  void add(final double seconds, final long stage1, final long cube) {
    samples.add(new double[] {seconds, stage1, cube});
  }

  /** Reports/s while the cube went from 25% to 75% of its final progress. */
  double cubeSteady(final long reports) {
    final double total = last(2);
    final double[] from = sampleAt(2, 0.25);
    final double[] to = sampleAt(2, 0.75);
    return from == null || to == null || to[0] <= from[0] || total <= 0
        ? Double.NaN
        : (to[2] - from[2]) / (to[0] - from[0]) * reports / total;
  }

  /** One line: the seconds at which stage 1 and the cube passed 25, 50, 75 and 100%. */
  String line() {
    return String.format(
        Locale.ROOT,
        "bench: progress (seconds from %s at 25/50/75/100%% of the final offsets):"
            + " stage 1 %s; cube %s",
        from,
        quarters(1),
        quarters(2));
  }

  private String quarters(final int column) {
    final StringBuilder s = new StringBuilder();
    for (final double q : QUARTERS) {
      s.append(s.length() == 0 ? "" : "/")
          .append(String.format(Locale.ROOT, "%.0f", timeAt(column, q)));
    }
    return s.toString();
  }

  private double last(final int column) {
    return samples.isEmpty() ? 0 : samples.get(samples.size() - 1)[column];
  }

  private double timeAt(final int column, final double fraction) {
    final double[] s = sampleAt(column, fraction);
    return s == null ? Double.NaN : s[0];
  }

  /** The first sample at which the column reached the fraction of its final value. */
  private double[] sampleAt(final int column, final double fraction) {
    final double target = last(column) * fraction;
    for (final double[] s : samples) {
      if (s[column] >= target && s[column] > 0) {
        return s;
      }
    }
    return null;
  }
}
