package io.surgewatch.engine;

import java.util.List;

/**
 * The engine's state, per stage-2 task: each cube key's state, daily buckets, day timers (when a
 * bucket leaves a window), the keys changed on the open day, and the task's watermark (latest event
 * day seen). Two implementations: Kafka Streams state stores (changelogged, exactly-once) and plain
 * maps for backtest.
 */
public interface CubeStores {
  int NO_DAY = Integer.MIN_VALUE;

  /** The key's state, or null for a key never seen. */
  KeyState keyState(String key);

  void putKeyState(String key, KeyState state);

  /**
   * The key's bucket of that day (totals and top incidents), or null; the engine reads it only for
   * evidence.
   */
  Bucket bucket(String key, int day);

  /**
   * Copies the key's totals of that day into {@code into}; false, leaving it as it was, when the
   * key has no bucket that day. The engine's hot path: walks and timers read only totals.
   */
  default boolean tally(final String key, final int day, final long[] into) {
    final Bucket b = bucket(key, day);
    if (b == null) {
      return false;
    }
    System.arraycopy(b.tally, 0, into, 0, Tally.SIZE);
    return true;
  }

  /**
   * {@link #tally}: the key's totals of that day copied into {@code scratch} and returned, or null
   * when none.
   */
  default long[] tallyOrNull(final String key, final int day, final long[] scratch) {
    return tally(key, day, scratch) ? scratch : null;
  }

  /**
   * Applies a contribution to the key's bucket of that day, creating it: true when the bucket is
   * new.
   */
  boolean addToBucket(String key, int day, String incidentId, long[] delta);

  void deleteBucket(String key, int day);

  /**
   * The key's daily tallies from {@code from} to {@code to} inclusive, indexed by day - from; null
   * where none.
   */
  long[][] tallies(String key, int from, int to);

  /**
   * Bit of a timer's mask that deletes the bucket leaving the retention; bits 0..30 are engine
   * windows.
   */
  int CLEANUP = 1 << 31;

  /**
   * A bucket was created for the key on {@code day} while the watermark was {@code now}: the key
   * has work on each later day the bucket leaves a window (day + window, when after {@code now};
   * the timer's bit names the window, so a firing timer reads exactly the buckets that leave), and
   * on the day it leaves the retention (CLEANUP).
   */
  void scheduleLeaving(String key, int day, int now);

  /** Removes and returns the timers due on that day, in key order. */
  DueTimers takeTimers(int day);

  /** Timers due on one day: keys in key order, each with the OR of its masks. */
  record DueTimers(String[] keys, int[] masks) {
    public static final DueTimers NONE = new DueTimers(new String[0], new int[0]);
  }

  void markDirty(String key);

  /** The keys changed on the open day, in key order; {@code clear} empties the set. */
  List<String> dirty(boolean clear);

  /** The alert re-tests pending until the tie being applied is whole. */
  TieRetests retests();

  int watermark();

  void watermark(int day);

  /**
   * The UTC day of the latest reported-at this task has been told of ({@link #NO_DAY}: none yet),
   * which the grace is measured back from.
   */
  int reportedDay();

  void reportedDay(int day);
}
