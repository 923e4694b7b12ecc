package io.surgewatch.streams.engine;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Plain in-memory state for backtest: the same engine, no changelog. Each key's buckets sit in a ring indexed by
 * day (a key only ever holds the days of its retention), and the engine's runs of operations on one key skip the
 * map lookup: backtests replay millions of reports, and these lookups were most of their time.
 */
public final class InMemoryCubeStores implements CubeStores {
  private static final int RING = 1024; // > retention of the default windows (365 + 60 + 2); grown if needed

  private static final class Entry {
    KeyHead head;
    Bucket[] ring;
    int[] days;
  }

  private final Map<String, Entry> keys = new HashMap<>();
  private final Map<Integer, Map<String, int[]>> timers = new HashMap<>();
  private final Set<String> dirty = new HashSet<>();
  private int watermark = NO_DAY;
  private String lastKey;
  private Entry last;

  private Entry entry(final String key, final boolean create) {
    if (key == lastKey) { // identity: the engine passes the same instance for a run of operations
      return last;
    }
    Entry e = keys.get(key);
    if (e == null) {
      if (!create) {
        return null;
      }
      e = new Entry();
      keys.put(key, e);
    }
    lastKey = key;
    last = e;
    return e;
  }

  @Override
  public KeyHead head(final String key) {
    final Entry e = entry(key, false);
    return e == null ? null : e.head;
  }

  @Override
  public void putHead(final String key, final KeyHead head) {
    entry(key, true).head = head;
  }

  @Override
  public Bucket bucket(final String key, final int day) {
    final Entry e = entry(key, false);
    if (e == null || e.ring == null) {
      return null;
    }
    final int i = Math.floorMod(day, e.ring.length);
    return e.days[i] == day ? e.ring[i] : null;
  }

  @Override
  public void putBucket(final String key, final int day, final Bucket bucket) {
    final Entry e = entry(key, true);
    if (e.ring == null) {
      e.ring = new Bucket[RING];
      e.days = new int[RING];
      java.util.Arrays.fill(e.days, NO_DAY);
    }
    final int i = Math.floorMod(day, e.ring.length);
    if (e.days[i] != day && e.days[i] != NO_DAY) {
      grow(e);
      putBucket(key, day, bucket);
      return;
    }
    e.ring[i] = bucket;
    e.days[i] = day;
  }

  /** A slot still holds a live day (retention longer than the ring): double the ring. */
  private static void grow(final Entry e) {
    final Bucket[] oldRing = e.ring;
    final int[] oldDays = e.days;
    e.ring = new Bucket[oldRing.length * 2];
    e.days = new int[oldRing.length * 2];
    java.util.Arrays.fill(e.days, NO_DAY);
    for (int i = 0; i < oldRing.length; i++) {
      if (oldDays[i] != NO_DAY) {
        final int j = Math.floorMod(oldDays[i], e.ring.length);
        e.ring[j] = oldRing[i];
        e.days[j] = oldDays[i];
      }
    }
  }

  @Override
  public void deleteBucket(final String key, final int day) {
    final Entry e = entry(key, false);
    if (e != null && e.ring != null) {
      final int i = Math.floorMod(day, e.ring.length);
      if (e.days[i] == day) {
        e.ring[i] = null;
        e.days[i] = NO_DAY;
      }
    }
  }

  @Override
  public long[][] tallies(final String key, final int from, final int to) {
    final long[][] out = new long[to - from + 1][];
    for (int d = from; d <= to; d++) {
      final Bucket b = bucket(key, d);
      out[d - from] = b == null ? null : b.tally;
    }
    return out;
  }

  @Override
  public void addTimer(final int day, final String key, final int mask) {
    timers.computeIfAbsent(day, d -> new HashMap<>()).computeIfAbsent(key, k -> new int[1])[0] |= mask;
  }

  @Override
  public SortedMap<String, Integer> takeTimers(final int day) {
    final Map<String, int[]> due = timers.remove(day);
    if (due == null) {
      return Collections.emptySortedMap();
    }
    final SortedMap<String, Integer> out = new TreeMap<>();
    due.forEach((k, m) -> out.put(k, m[0]));
    return out;
  }

  @Override
  public void markDirty(final String key) {
    dirty.add(key);
  }

  @Override
  public List<String> dirty(final boolean clear) {
    final List<String> out = new ArrayList<>(dirty);
    Collections.sort(out);
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

}
