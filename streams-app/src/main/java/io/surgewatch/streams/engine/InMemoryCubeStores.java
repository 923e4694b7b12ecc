package io.surgewatch.streams.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Plain in-memory state for backtest: the same engine, no changelog. Backtests replay millions of reports, and
 * generic maps were most of their time, so the state is laid out for the engine's access pattern:
 * <ul>
 *   <li>each key's buckets sit in a ring indexed by day (a key only ever holds the days of its retention, so a slot
 *       whose day has left the retention is simply overwritten: no cleanup timers);</li>
 *   <li>each key's pending timers sit in a second ring indexed by day, OR-ed in place, and each day lists the keys
 *       with a timer due: scheduling is an array write, not two hash lookups;</li>
 *   <li>keys carry their rank in key order, so the day's due and dirty keys are sorted by an int, not by string.</li>
 * </ul>
 */
public final class InMemoryCubeStores implements CubeStores {

  private static final class Entry {
    final String key;
    int rank;
    KeyHead head;
    Bucket[] ring;
    int[] timerDays;
    int[] timerMasks;
    boolean dirty;

    Entry(final String key) {
      this.key = key;
    }
  }

  private static final Comparator<Entry> BY_RANK = Comparator.comparingInt(e -> e.rank);

  private final int retentionDays;
  private final int ring;
  private final int[] windows;
  private final int timerRing;
  private final Map<String, Entry> keys = new HashMap<>();
  private final TreeMap<String, Entry> ordered = new TreeMap<>();
  private boolean ranksStale;
  private final List<Entry>[] dueByDay;
  private final List<Entry> dirty = new ArrayList<>();
  private int watermark = NO_DAY;
  private String lastKey;
  private Entry last;

  @SuppressWarnings("unchecked")
  public InMemoryCubeStores(final EngineConfig cfg) {
    this.retentionDays = cfg.retentionDays();
    // Just longer than the retention: rings are most of the memory, and memory latency most of the time.
    this.ring = Integer.highestOneBit(retentionDays) << 1;
    this.windows = cfg.windows().clone();
    // A timer is due at most the longest window after the watermark, so a ring longer than that never collides.
    this.timerRing = Integer.highestOneBit(cfg.windows()[cfg.windows().length - 1] + 1) << 1;
    this.dueByDay = new List[timerRing];
  }

  private Entry entry(final String key, final boolean create) {
    if (key == lastKey) { // identity: the engine passes the same instance for a run of operations
      return last;
    }
    Entry e = keys.get(key);
    if (e == null) {
      if (!create) {
        return null;
      }
      e = new Entry(key);
      keys.put(key, e);
      ordered.put(key, e);
      ranksStale = true;
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
    final Bucket b = e.ring[day & (e.ring.length - 1)];
    return b != null && b.day == day ? b : null;
  }

  @Override
  public void putBucket(final String key, final int day, final Bucket bucket) {
    final Entry e = entry(key, true);
    if (e.ring == null) {
      e.ring = new Bucket[ring];
    }
    final int i = day & (e.ring.length - 1);
    final Bucket held = e.ring[i];
    if (held != null && held.day != day && held.day > day - retentionDays) {
      // The ring is longer than the retention, so a slot's previous day has always left it.
      throw new IllegalStateException("bucket ring overrun for " + key + ": day " + day + " meets live day " + held.day);
    }
    bucket.day = day;
    e.ring[i] = bucket;
  }

  @Override
  public void deleteBucket(final String key, final int day) {
    final Entry e = entry(key, false);
    if (e != null && e.ring != null) {
      final int i = day & (e.ring.length - 1);
      if (e.ring[i] != null && e.ring[i].day == day) {
        e.ring[i] = null;
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
  public void scheduleLeaving(final String key, final int day, final int now) {
    // No CLEANUP timer: the bucket ring drops days past the retention by itself.
    for (int i = 0; i < windows.length; i++) {
      if (day + windows[i] > now) {
        addTimer(day + windows[i], key, 1 << i);
      }
    }
  }

  private void addTimer(final int day, final String key, final int mask) {
    final Entry e = entry(key, true);
    if (e.timerDays == null) {
      e.timerDays = new int[timerRing];
      e.timerMasks = new int[timerRing];
      Arrays.fill(e.timerDays, NO_DAY);
    }
    final int i = day & (timerRing - 1);
    if (e.timerDays[i] == day) {
      e.timerMasks[i] |= mask;
      return;
    }
    if (e.timerDays[i] != NO_DAY) {
      throw new IllegalStateException("timer for " + key + " on day " + day + " collides with day " + e.timerDays[i]);
    }
    e.timerDays[i] = day;
    e.timerMasks[i] = mask;
    List<Entry> due = dueByDay[i];
    if (due == null) {
      due = new ArrayList<>();
      dueByDay[i] = due;
    }
    due.add(e);
  }

  @Override
  public DueTimers takeTimers(final int day) {
    final int i = day & (timerRing - 1);
    final List<Entry> due = dueByDay[i];
    if (due == null || due.isEmpty()) {
      return DueTimers.NONE;
    }
    sortByRank(due);
    final String[] dueKeys = new String[due.size()];
    final int[] masks = new int[due.size()];
    for (int k = 0; k < dueKeys.length; k++) {
      final Entry e = due.get(k);
      if (e.timerDays[i] != day) {
        throw new IllegalStateException("timer ring out of step for " + e.key + " on day " + day);
      }
      dueKeys[k] = e.key;
      masks[k] = e.timerMasks[i];
      e.timerDays[i] = NO_DAY;
      e.timerMasks[i] = 0;
    }
    due.clear();
    return new DueTimers(dueKeys, masks);
  }

  private void sortByRank(final List<Entry> entries) {
    if (ranksStale) {
      int r = 0;
      for (final Entry e : ordered.values()) {
        e.rank = r++;
      }
      ranksStale = false;
    }
    entries.sort(BY_RANK);
  }

  @Override
  public void markDirty(final String key) {
    final Entry e = entry(key, true);
    if (!e.dirty) {
      e.dirty = true;
      dirty.add(e);
    }
  }

  @Override
  public List<String> dirty(final boolean clear) {
    sortByRank(dirty);
    final List<String> out = new ArrayList<>(dirty.size());
    for (final Entry e : dirty) {
      out.add(e.key);
      if (clear) {
        e.dirty = false;
      }
    }
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
