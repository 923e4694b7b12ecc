package io.surgewatch.streams.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/** Plain in-memory state for backtest: the same engine, no changelog. */
public final class InMemoryCubeStores implements CubeStores {
  private final Map<String, KeyHead> heads = new HashMap<>();
  private final Map<String, Map<Integer, Bucket>> buckets = new HashMap<>();
  private final TreeMap<Integer, TreeSet<String>> timers = new TreeMap<>();
  private final TreeSet<String> dirty = new TreeSet<>();
  private int watermark = NO_DAY;

  @Override
  public KeyHead head(final String key) {
    return heads.get(key);
  }

  @Override
  public void putHead(final String key, final KeyHead head) {
    heads.put(key, head);
  }

  @Override
  public Bucket bucket(final String key, final int day) {
    final Map<Integer, Bucket> byDay = buckets.get(key);
    return byDay == null ? null : byDay.get(day);
  }

  @Override
  public void putBucket(final String key, final int day, final Bucket bucket) {
    buckets.computeIfAbsent(key, k -> new HashMap<>()).put(day, bucket);
  }

  @Override
  public void deleteBucket(final String key, final int day) {
    final Map<Integer, Bucket> byDay = buckets.get(key);
    if (byDay != null) {
      byDay.remove(day);
    }
  }

  @Override
  public void addTimer(final int day, final String key) {
    timers.computeIfAbsent(day, d -> new TreeSet<>()).add(key);
  }

  @Override
  public List<String> takeTimers(final int day) {
    final TreeSet<String> due = timers.remove(day);
    return due == null ? List.of() : new ArrayList<>(due);
  }

  @Override
  public void markDirty(final String key) {
    dirty.add(key);
  }

  @Override
  public List<String> dirty(final boolean clear) {
    final List<String> out = new ArrayList<>(dirty);
    if (clear) {
      dirty.clear();
    }
    return out;
  }

  @Override
  public int watermark() {
    return watermark;
  }

  @Override
  public void watermark(final int day) {
    watermark = day;
  }

  public int keys() {
    return heads.size();
  }
}
