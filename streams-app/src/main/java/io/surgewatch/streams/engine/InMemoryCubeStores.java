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
  private final Map<Integer, Map<String, Integer>> timers = new HashMap<>();
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
  public long[][] tallies(final String key, final int from, final int to) {
    final long[][] out = new long[to - from + 1][];
    final Map<Integer, Bucket> byDay = buckets.get(key);
    if (byDay != null) {
      if (byDay.size() < out.length) {
        byDay.forEach((day, b) -> {
          if (day >= from && day <= to) {
            out[day - from] = b.tally;
          }
        });
      } else {
        for (int d = from; d <= to; d++) {
          final Bucket b = byDay.get(d);
          out[d - from] = b == null ? null : b.tally;
        }
      }
    }
    return out;
  }

  @Override
  public void addTimer(final int day, final String key, final int mask) {
    timers.computeIfAbsent(day, d -> new HashMap<>()).merge(key, mask, (a, b) -> a | b);
  }

  @Override
  public java.util.SortedMap<String, Integer> takeTimers(final int day) {
    final Map<String, Integer> due = timers.remove(day);
    return due == null ? java.util.Collections.emptySortedMap() : new TreeMap<>(due);
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
