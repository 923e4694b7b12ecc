package io.surgewatch.streams.topology;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The cube keys that have a bucket on each day, for the days whose buckets are still due to leave a
 * window or the retention: the index the cube's timers are read from ({@link
 * KafkaCubeStores#takeTimers}). A bucket of day d is due on d + w for each window w, and on d + the
 * retention; past its last such day it is never due again, and its day is forgotten here.
 *
 * <p>Held in memory and built from the buckets store when the task first needs it (after its
 * restore), not a store of its own: it is the buckets' keys turned around (every bucket is added as
 * it is created, and a bucket is deleted only by its own last timer). As a changelogged store it
 * cost about two records a report, a tenth of what the app wrote, and a RocksDB prefix scan per
 * window and closing day.
 */
final class BucketDays {
  /** Days from a bucket's day to the last day it is due. */
  private final int horizon;

  private final Map<Integer, List<String>> keysByDay = new HashMap<>();
  private long size;

  /**
   * @param horizon the days from a bucket's day to its last timer: the retention when it is limited
   *     (it is longer than every window), else the longest window
   */
  BucketDays(final int horizon) {
    this.horizon = horizon;
  }

  /**
   * Adds a bucket just created, unless every day it would be due on is already closed ({@code
   * watermark} is the latest closed or open day: timers of later days are still to fire).
   */
  void add(final String key, final int day, final int watermark) {
    if ((long) day + horizon > watermark) {
      keysByDay.computeIfAbsent(day, d -> new ArrayList<>()).add(key);
      size++;
    }
  }

  /** The keys with a bucket on {@code day}, in no particular order. */
  void forEachKey(final int day, final Consumer<String> action) {
    final List<String> keys = keysByDay.get(day);
    if (keys != null) {
      keys.forEach(action);
    }
  }

  /**
   * Forgets the buckets whose last timer is on {@code closing}, once its timers are taken: no later
   * day is due for them.
   */
  void closed(final int closing) {
    final List<String> gone = keysByDay.remove(closing - horizon);
    if (gone != null) {
      size -= gone.size();
    }
  }

  /** Buckets held (for tests and the log). */
  long size() {
    return size;
  }
}
