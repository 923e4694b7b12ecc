package io.surgewatch.engine;

import java.util.Arrays;

/**
 * One key's rolling sums over a range of past days, walked back day by day from a day whose sums
 * are known, through the daily buckets: what the key's records and tests showed before a late
 * report changed those days. Most reports arrive a day or two late, so this runs for nearly every
 * contribution: a walk first computes only the windows the count records and the detector's guards
 * read, and the baseline's inner blocks only when a test needs them ({@link #completeWalk()}).
 *
 * <p>One per engine: the matrices are pooled, and the values of a walk are valid until the next.
 */
final class RollingSeries {
  private final EngineConfig config;
  private final CubeStores stores;
  private final KeyChange change;

  /**
   * Windows a walk computes first (published, recent, recent + baseline), and all of them, as
   * masks.
   */
  private final int firstWindows;

  private final int allWindows;

  private long[][][] pool = new long[0][][];

  /** Two scratch tallies (a day's own, and the one entering a window): lookups copy into them. */
  private final long[] dayTally = new long[Tally.SIZE];

  private final long[] enteringTally = new long[Tally.SIZE];

  private String key;
  private int from;
  private int to;
  private long[][][] values; // [day - from][window][tally]
  private int computed; // mask of the windows walked

  /**
   * @param walkEveryWindowFirst walk every window at once instead of the baseline's inner blocks
   *     only when a test needs them: slower, the same results (a test's reference)
   */
  RollingSeries(
      final EngineConfig config,
      final CubeStores stores,
      final KeyChange change,
      final boolean walkEveryWindowFirst) {
    this.config = config;
    this.stores = stores;
    this.change = change;
    this.allWindows = (1 << config.windows().length) - 1;
    int read =
        (1 << config.indexOf(config.recentDays()))
            | (1 << config.indexOf(config.recentDays() * (config.baselineBlocks() + 1)));
    for (final int published : config.publishedIndex()) {
      read |= 1 << published;
    }
    this.firstWindows = walkEveryWindowFirst ? allWindows : read;
  }

  /**
   * Walks the key's sums back from {@code to}, where they are {@code sumsAtTo}, to {@code from}:
   * the first windows only. The buckets must not hold this key's changes yet, or the change must
   * say that they do.
   */
  void walk(final String cubeKey, final long[][] sumsAtTo, final int fromDay, final int toDay) {
    this.key = cubeKey;
    this.from = fromDay;
    this.to = toDay;
    this.values = matrices(toDay - fromDay + 1);
    this.computed = 0;
    copy(sumsAtTo, values[toDay - fromDay]);
    walkWindows(firstWindows);
  }

  /** The sums of every walked window on a day of the range. */
  long[][] at(final int day) {
    return values[day - from];
  }

  /** Whether every window was walked. */
  boolean complete() {
    return computed == allWindows;
  }

  /** Walks the windows not walked yet (the baseline's inner blocks), for a test. */
  void completeWalk() {
    final int rest = allWindows & ~computed;
    if (rest != 0) {
      walkWindows(rest);
    }
  }

  private void walkWindows(final int mask) {
    final int[] windows = config.windows();
    final int reach = windows[windows.length - 1];
    final int base = from + 1 - reach;
    final int span = to - from;
    // A report a few days late needs a few buckets: look them up. One weeks late needs most of a
    // year's: read the range once instead of a lookup per day and window.
    final int walked = Integer.bitCount(mask);
    final long[][] range =
        span * (walked + 1) < span + reach ? null : stores.tallies(key, base, to);
    if (range != null) {
      change.takeOut(range, base);
    }
    for (int day = to; day > from; day--) {
      final long[][] current = values[day - from];
      final long[][] dayBefore = values[day - 1 - from];
      final long[] today =
          range != null ? range[day - base] : change.tallyBefore(stores, key, day, dayTally);
      for (int i = 0; i < windows.length; i++) {
        if ((mask & (1 << i)) == 0) {
          continue;
        }
        System.arraycopy(current[i], 0, dayBefore[i], 0, Tally.SIZE);
        if (today != null) {
          Tally.subtract(dayBefore[i], today);
        }
        final long[] entering =
            range != null
                ? range[day - windows[i] - base]
                : change.tallyBefore(stores, key, day - windows[i], enteringTally);
        if (entering != null) {
          Tally.add(dayBefore[i], entering);
        }
      }
    }
    computed |= mask;
  }

  /** At least {@code count} window-by-tally matrices, reused from walk to walk. */
  private long[][][] matrices(final int count) {
    if (pool.length < count) {
      final long[][][] grown = Arrays.copyOf(pool, Math.max(count, pool.length * 2));
      for (int i = pool.length; i < grown.length; i++) {
        grown[i] = new long[config.windows().length][Tally.SIZE];
      }
      pool = grown;
    }
    return pool;
  }

  /**
   * The key's rolling sums of every window as of a past day, summed from its buckets (a day its
   * state is not at).
   */
  long[][] sumsFromBuckets(final String cubeKey, final int day) {
    final int[] windows = config.windows();
    final int longest = windows[windows.length - 1];
    final long[][] range = stores.tallies(cubeKey, day - longest + 1, day);
    final long[][] sums = new long[windows.length][Tally.SIZE];
    for (int i = 0; i < windows.length; i++) {
      for (int inWindow = day - windows[i] + 1; inWindow <= day; inWindow++) {
        final long[] tally = range[inWindow - (day - longest + 1)];
        if (tally != null) {
          Tally.add(sums[i], tally);
        }
      }
    }
    return sums;
  }

  static void copy(final long[][] source, final long[][] target) {
    for (int i = 0; i < source.length; i++) {
      System.arraycopy(source[i], 0, target[i], 0, source[i].length);
    }
  }
}
