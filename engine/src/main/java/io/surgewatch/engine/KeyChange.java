package io.surgewatch.engine;

/**
 * The changes one report makes to one cube key, at most two (a revision's old figures out of their
 * day, its new figures into theirs), applied as one: the key's records and alert tests see only the
 * state after both. Reused for every key an engine updates.
 *
 * <p>The buckets are written before the past days are walked in full (the baseline's inner blocks
 * are walked only when a test needs them), so once they are {@linkplain #written() written} a walk
 * takes the changes out again to see the buckets as they were.
 */
final class KeyChange {
  private final int[] days = new int[2];
  private final long[][] tallies = new long[2][];
  private int size;
  private boolean written;

  /** Starts the changes of another key: none yet, the buckets as they were. */
  void clear() {
    size = 0;
    written = false;
  }

  void add(final int day, final long[] tally) {
    days[size] = day;
    tallies[size] = tally;
    size++;
  }

  int size() {
    return size;
  }

  int day(final int change) {
    return days[change];
  }

  long[] tally(final int change) {
    return tallies[change];
  }

  int earliestDay() {
    return size == 2 ? Math.min(days[0], days[1]) : days[0];
  }

  int latestDay() {
    return size == 2 ? Math.max(days[0], days[1]) : days[0];
  }

  /** Whether the buckets hold these changes already. */
  boolean written() {
    return written;
  }

  void written(final boolean inBuckets) {
    written = inBuckets;
  }

  /**
   * The key's totals of a day as they were before these changes, in {@code scratch}, or null when
   * none.
   */
  long[] tallyBefore(
      final CubeStores stores, final String key, final int day, final long[] scratch) {
    final long[] tally = stores.tallyOrNull(key, day, scratch);
    if (tally != null && written) {
      for (int k = 0; k < size; k++) {
        if (days[k] == day) {
          Tally.subtract(tally, tallies[k]);
        }
      }
    }
    return tally;
  }

  /**
   * {@link #tallyBefore} for a range of daily tallies read at once, from day {@code firstDay}
   * (changed in place).
   */
  void takeOut(final long[][] range, final int firstDay) {
    if (!written) {
      return;
    }
    for (int k = 0; k < size; k++) {
      final int at = days[k] - firstDay;
      if (at >= 0 && at < range.length && range[at] != null) {
        Tally.subtract(range[at], tallies[k]);
      }
    }
  }

  /**
   * Adds the changes to a day's rolling sums of every window, where the window ending that day
   * holds their day.
   */
  void addTo(final long[][] sums, final int day, final int[] windows) {
    for (int k = 0; k < size; k++) {
      final int changed = days[k];
      for (int i = 0; i < windows.length; i++) {
        if (changed <= day && day < changed + windows[i]) {
          Tally.add(sums[i], tallies[k]);
        }
      }
    }
  }
}
