package io.surgewatch.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Plain in-memory state for backtest: the same engine, no changelog. Backtests replay millions of
 * reports, and generic maps, then chains of small objects (a ring slot, a bucket, its array), were
 * most of their time in cache misses, so the state is laid out for the engine's access pattern:
 *
 * <ul>
 *   <li>each key's daily totals sit in one flat array, an open-addressing table keyed by day
 *       (linear probing from {@code day & mask}): a slot holds its day, then the totals, so a
 *       lookup is one cache line, and a walk over consecutive days reads memory in order. A key's
 *       table starts small and doubles when half full, so it holds about two slots per day it has,
 *       whatever span those days cover (a ring indexed by day alone had to grow until no two live
 *       days shared a slot: over fifteen years of history 94% of its slots were empty, 2.4 GB a
 *       million incidents). A slot whose day has left the retention is reused: no cleanup timers.
 *       The top incidents of each day (read only for an alert's evidence) sit in a parallel array;
 *   <li>each key's pending timers sit in a second ring indexed by day, OR-ed in place, and each day
 *       lists the keys with a timer due: scheduling is an array write, not two hash lookups;
 *   <li>keys carry their rank in key order, so the day's due and dirty keys are sorted by an int,
 *       not by string.
 * </ul>
 */
public final class InMemoryCubeStores implements CubeStores {

  /** A slot: its day, then the day's totals. */
  private static final int STRIDE = 1 + Tally.SIZE;

  private static final long FREE = Long.MIN_VALUE;

  /** A deleted day: lookups probe past it, inserts may reuse it. */
  private static final long DELETED = Long.MIN_VALUE + 1;

  private static final int FIRST_RING = 8;

  private static final class Entry {
    final String key;
    int rank;
    KeyState state;
    long[] slots;
    TopIncidents[] tops;
    int mask; // table size - 1, kept here so a lookup does not touch the array of top incidents
    int occupied; // slots not FREE (live, left the retention, or deleted): the probe chains' load
    int[] timerDays;
    int[] timerMasks;
    boolean dirty;

    Entry(final String key) {
      this.key = key;
    }
  }

  private static final Comparator<Entry> BY_RANK = Comparator.comparingInt(e -> e.rank);

  private final int retentionDays;
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
    this.windows = cfg.windows().clone();
    // A timer is due at most the longest window after the watermark, so a ring longer than that
    // never collides.
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
  public KeyState keyState(final String key) {
    final Entry e = entry(key, false);
    return e == null ? null : e.state;
  }

  @Override
  public void putKeyState(final String key, final KeyState state) {
    entry(key, true).state = state;
  }

  /**
   * The slot holding the key's day, or -1. Chains end at a FREE slot: the table is at most half
   * occupied.
   */
  private static int find(final Entry entry, final int day) {
    if (entry == null || entry.slots == null) {
      return -1;
    }
    for (int slot = day & entry.mask; ; slot = (slot + 1) & entry.mask) {
      final long held = entry.slots[slot * STRIDE];
      if (held == day) {
        return slot;
      }
      if (held == FREE) {
        return -1;
      }
    }
  }

  @Override
  public Bucket bucket(final String key, final int day) {
    final Entry e = entry(key, false);
    final int s = find(e, day);
    if (s < 0) {
      return null;
    }
    return new Bucket(
        Arrays.copyOfRange(e.slots, s * STRIDE + 1, s * STRIDE + STRIDE), e.tops[s].copy());
  }

  @Override
  public boolean tally(final String key, final int day, final long[] into) {
    final Entry e = entry(key, false);
    final int s = find(e, day);
    if (s < 0) {
      return false;
    }
    System.arraycopy(e.slots, s * STRIDE + 1, into, 0, Tally.SIZE);
    return true;
  }

  @Override
  public boolean addToBucket(
      final String key, final int day, final String incidentId, final long[] delta) {
    final Entry e = entry(key, true);
    if (e.slots == null) {
      allocate(e, FIRST_RING);
    }
    int s = find(e, day);
    final boolean fresh = s < 0;
    if (fresh) {
      s = freeSlot(e, day);
      if (e.slots[s * STRIDE] == FREE) {
        if (2 * (e.occupied + 1) > e.tops.length) {
          rehash(e);
          s = freeSlot(e, day);
        }
        e.occupied++;
      }
      e.slots[s * STRIDE] = day;
      Arrays.fill(e.slots, s * STRIDE + 1, s * STRIDE + STRIDE, 0L);
      e.tops[s] = new TopIncidents();
    }
    final int at = s * STRIDE + 1;
    for (int i = 0; i < Tally.SIZE; i++) {
      e.slots[at + i] += delta[i];
    }
    e.tops[s].apply(incidentId, Tally.weight(delta));
    return fresh;
  }

  /**
   * Whether a slot holds a day still in the retention (one that has left it, or was deleted, may be
   * reused).
   */
  private boolean live(final long held) {
    return held != FREE
        && held != DELETED
        && (watermark == NO_DAY || held > watermark - retentionDays);
  }

  /** Where a day the key does not hold goes: the first slot of its chain that is not live. */
  private int freeSlot(final Entry entry, final int day) {
    int slot = day & entry.mask;
    while (live(entry.slots[slot * STRIDE])) {
      slot = (slot + 1) & entry.mask;
    }
    return slot;
  }

  private static void allocate(final Entry entry, final int size) {
    entry.slots = new long[size * STRIDE];
    for (int slot = 0; slot < size; slot++) {
      entry.slots[slot * STRIDE] = FREE;
    }
    entry.tops = new TopIncidents[size];
    entry.mask = size - 1;
    entry.occupied = 0;
  }

  /**
   * Rebuilds the key's table with its live days only, at most a third full (so it doubles as the
   * key gains days, and the slots of days past the retention or deleted are given back).
   */
  private void rehash(final Entry entry) {
    final long[] oldSlots = entry.slots;
    final TopIncidents[] oldTops = entry.tops;
    int live = 0;
    for (int o = 0; o < oldTops.length; o++) {
      if (live(oldSlots[o * STRIDE])) {
        live++;
      }
    }
    int size = FIRST_RING;
    while (size < 3 * (live + 1)) {
      size *= 2;
    }
    allocate(entry, size);
    for (int o = 0; o < oldTops.length; o++) {
      final long day = oldSlots[o * STRIDE];
      if (live(day)) {
        int s = (int) day & entry.mask;
        while (entry.slots[s * STRIDE] != FREE) {
          s = (s + 1) & entry.mask;
        }
        System.arraycopy(oldSlots, o * STRIDE, entry.slots, s * STRIDE, STRIDE);
        entry.tops[s] = oldTops[o];
      }
    }
    entry.occupied = live;
  }

  @Override
  public void deleteBucket(final String key, final int day) {
    final Entry e = entry(key, false);
    final int s = find(e, day);
    if (s >= 0) {
      e.slots[s * STRIDE] = DELETED; // still occupied: a chain may run through it
      e.tops[s] = null;
    }
  }

  @Override
  public long[][] tallies(final String key, final int from, final int to) {
    final Entry e = entry(key, false);
    final long[][] out = new long[to - from + 1][];
    for (int d = from; d <= to; d++) {
      final int s = find(e, d);
      if (s >= 0) {
        out[d - from] = Arrays.copyOfRange(e.slots, s * STRIDE + 1, s * STRIDE + STRIDE);
      }
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
      throw new IllegalStateException(
          "timer for " + key + " on day " + day + " collides with day " + e.timerDays[i]);
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

  private int reportedDay = NO_DAY;

  @Override
  public int reportedDay() {
    return reportedDay;
  }

  @Override
  public void reportedDay(final int day) {
    reportedDay = day;
  }

  private final TieRetests retests = new TieRetests();

  @Override
  public TieRetests retests() {
    return retests;
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
