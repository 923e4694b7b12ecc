package io.surgewatch.streams.engine;

import java.util.List;

/**
 * The engine's state, per stage-2 task: key heads, daily buckets, day timers (when a bucket leaves a window), the
 * keys changed on the open day, and the task's watermark (latest event day seen). Two implementations: Kafka
 * Streams state stores (changelogged, exactly-once) and plain maps for backtest.
 */
public interface CubeStores {
  int NO_DAY = Integer.MIN_VALUE;

  KeyHead head(String key);

  void putHead(String key, KeyHead head);

  Bucket bucket(String key, int day);

  void putBucket(String key, int day, Bucket bucket);

  void deleteBucket(String key, int day);

  /** The key's daily tallies from {@code from} to {@code to} inclusive, indexed by day - from; null where none. */
  long[][] tallies(String key, int from, int to);

  /** Bit of a timer's mask that deletes the bucket leaving the retention; bits 0..30 are engine windows. */
  int CLEANUP = 1 << 31;

  /** Schedules work for a key on a day; masks of the same key and day are OR-ed together. */
  void addTimer(int day, String key, int mask);

  /** Removes and returns the timers due on that day, key to mask, in key order. */
  java.util.SortedMap<String, Integer> takeTimers(int day);

  void markDirty(String key);

  /** The keys changed on the open day, in key order; {@code clear} empties the set. */
  List<String> dirty(boolean clear);

  int watermark();

  void watermark(int day);
}
