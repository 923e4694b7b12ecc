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

  void addTimer(int day, String key);

  /** Removes and returns the keys with a timer on that day, in key order. */
  List<String> takeTimers(int day);

  void markDirty(String key);

  /** The keys changed on the open day, in key order; {@code clear} empties the set. */
  List<String> dirty(boolean clear);

  int watermark();

  void watermark(int day);
}
