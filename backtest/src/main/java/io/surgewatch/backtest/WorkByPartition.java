package io.surgewatch.backtest;

import java.util.Locale;

/**
 * One line of work by partition, {@code <label> p0=N p1=N ... max/mean=X}, as backtest notes it and
 * bench prints it: the largest partition against the mean (1.00: perfectly even).
 */
public final class WorkByPartition {
  private WorkByPartition() {}

  public static String line(final String label, final long[] byPartition) {
    final StringBuilder b = new StringBuilder(label);
    long max = 0;
    long sum = 0;
    for (int p = 0; p < byPartition.length; p++) {
      b.append(" p").append(p).append('=').append(byPartition[p]);
      max = Math.max(max, byPartition[p]);
      sum += byPartition[p];
    }
    final double mean = byPartition.length == 0 ? 0 : (double) sum / byPartition.length;
    // No work at all (an empty input): nothing to compare.
    return b.append(
            mean == 0 ? " max/mean=-" : String.format(Locale.ROOT, " max/mean=%.2f", max / mean))
        .toString();
  }
}
