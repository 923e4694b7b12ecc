package io.surgewatch.streams.engine;

import io.surgewatch.core.Canonicalizer;
import io.surgewatch.events.v1.AlertStatus;
import io.surgewatch.events.v1.RollingCount;
import io.surgewatch.events.v1.Severity;
import io.surgewatch.events.v1.SurgeAlert;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Stage 2: rolling counts and surge detection for the cube keys of one task. Daily buckets hold each key's
 * totals per day; rolling sums are kept incrementally (an event adds to every window it falls in, a timer subtracts
 * a day's bucket when it leaves a window), so an event costs a few store operations whatever the window length.
 *
 * <p>The open day (the latest event day seen) is tested as its reports arrive, on its provisional figures: a surge on
 * the newest day alerts at once, not when a later day's report closes it; growth escalates, shrinking by revisions
 * withdraws an alert opened that day. Days are closed by the watermark: when an event for a later day arrives, the
 * open day's changed keys are emitted and tested once more, then every day up to the new one with a timer is emitted
 * and tested. Count records are
 * emitted only where a day's value differs from the day before (a late report re-emits the past days it changes),
 * and never beyond the latest event day seen.
 */
public final class CubeEngine {

  private final EngineConfig cfg;
  private final CubeStores stores;
  private final EngineOutput out;
  private final boolean wantsCounts;
  private final int recentIdx;
  private final int baselineIdx;
  private final int[] blockIdx;
  /** Windows a count record or a guard reads (published, recent, recent + baseline), and all of them, as masks. */
  private final int guardWindows;
  private final int allWindows;
  private final String[] windowNames;

  public CubeEngine(final EngineConfig cfg, final CubeStores stores, final EngineOutput out) {
    this(cfg, stores, out, false);
  }

  /**
   * @param walkEveryWindowFirst walk every window of a late report's past days before the buckets change, instead
   *     of the baseline's inner blocks only when a test needs them: slower, the same results (a test's reference)
   */
  CubeEngine(final EngineConfig cfg, final CubeStores stores, final EngineOutput out,
      final boolean walkEveryWindowFirst) {
    this.cfg = cfg;
    this.stores = stores;
    this.out = out;
    this.wantsCounts = out.wantsCounts();
    this.recentIdx = cfg.indexOf(cfg.recentDays());
    this.baselineIdx = cfg.indexOf(cfg.recentDays() * (cfg.baselineBlocks() + 1));
    this.blockIdx = new int[cfg.baselineBlocks() + 1];
    for (int j = 0; j <= cfg.baselineBlocks(); j++) {
      blockIdx[j] = cfg.indexOf(cfg.recentDays() * (j + 1));
    }
    int guard = (1 << recentIdx) | (1 << baselineIdx);
    for (final int i : cfg.publishedIndex()) {
      guard |= 1 << i;
    }
    this.allWindows = (1 << cfg.windows().length) - 1;
    this.guardWindows = walkEveryWindowFirst ? allWindows : guard;
    this.windowNames = cfg.publishedWindows().stream().map(w -> "P" + w + "D").toArray(String[]::new);
  }

  /** A contribution this shard cannot take any more: nothing of it was applied. */
  public static final class TooLate extends RuntimeException {
    public TooLate(final String reason) {
      super(reason);
    }
  }

  /**
   * Applies one contribution (an incident added, or a revised one removed) to every cube key it touches. A change of
   * a day inside the grace re-tests the surges of the days it changes; an older one changes the counts only.
   *
   * @throws TooLate when its day is before the history this shard keeps (state unchanged)
   */
  public void apply(final Contribution c) {
    final int w = stores.watermark();
    final int now = w == CubeStores.NO_DAY ? c.day() : Math.max(w, c.day());
    // Stage 1 rejects reports before the history by its own watermark; with several input partitions, a stage-1 task
    // that lags this shard can pass one that is too late here. Both days are checked before any state changes.
    if (!cfg.inHistory(c.day(), now - 1L)) {
      throw new TooLate("too late for its shard: incident day " + LocalDate.ofEpochDay(c.day()) + " is more than "
          + cfg.historyDays() + " days (history.days) before the latest incident day this shard has seen ("
          + LocalDate.ofEpochDay(now) + ")");
    }
    final Contribution was = c.previous();
    if (was != null && !cfg.inHistory(was.day(), now - 1L)) {
      throw new TooLate("too late for its shard: it revises the figures of incident day " + LocalDate.ofEpochDay(was.day())
          + ", more than " + cfg.historyDays() + " days (history.days) before the latest incident day this shard has "
          + "seen (" + LocalDate.ofEpochDay(now) + ")");
    }
    if (w == CubeStores.NO_DAY) {
      stores.watermark(c.day());
    } else if (c.day() > w) {
      advanceTo(c.day());
    }
    if (was == null) {
      for (final String key : c.cubeKeys()) {
        applyToKey(key, c.incidentId(), now, c.day(), c.tally(), NO_DAY, null);
      }
      return;
    }
    // Keys the old figures alone touched lose them; keys of the new figures gain them, less the old where both are.
    final List<String> newKeys = c.cubeKeys();
    final long[] removed = Tally.negate(was.tally());
    for (final String key : was.cubeKeys()) {
      if (!newKeys.contains(key)) {
        applyToKey(key, c.incidentId(), now, was.day(), removed, NO_DAY, null);
      }
    }
    final List<String> oldKeys = was.cubeKeys();
    for (final String key : newKeys) {
      if (oldKeys.contains(key)) {
        applyToKey(key, c.incidentId(), now, c.day(), c.tally(), was.day(), removed);
      } else {
        applyToKey(key, c.incidentId(), now, c.day(), c.tally(), NO_DAY, null);
      }
    }
  }

  private static final int NO_DAY = CubeStores.NO_DAY;

  /** The changes a report makes to one key, at most two (a revision's old figures out, its new ones in). */
  private final int[] changeDay = new int[2];
  private final long[][] changeTally = new long[2][];
  private int changes;

  /**
   * Applies {@code tally} at day {@code x}, and {@code removed} at day {@code xOld} when a revision takes old
   * figures out of this key too, as one change: the key's records and alert tests see only the state after both.
   */
  private void applyToKey(final String key, final String incidentId, final int now, final int x, final long[] tally,
      final int xOld, final long[] removed) {
    changes = 0;
    if (removed != null && xOld == x) {
      final long[] net = tally.clone();
      Tally.add(net, removed);
      if (Tally.isZero(net)) {
        return; // the revision leaves this key's totals as they were (another group, the same figures)
      }
      addChange(x, net);
    } else {
      addChange(x, tally);
      if (removed != null) {
        addChange(xOld, removed);
      }
    }
    final int from = changes == 2 ? Math.min(changeDay[0], changeDay[1]) : changeDay[0];

    KeyHead head = stores.head(key);
    if (head == null) {
      head = new KeyHead(cfg.windows().length, cfg.publishedWindows().size());
    } else if (head.rolling.length != cfg.windows().length || head.emitted.length != cfg.publishedWindows().size()) {
      throw new IllegalStateException("cube state for " + key + " was built with other windows (" + head.rolling.length
          + " rolling sums, " + cfg.windows().length + " configured): changing windows.days or the surge windows needs"
          + " a reset of the application's state (kafka-streams-application-reset, or a new application.id)");
    }
    head.day = now; // no timer fired since head.day, so its sums are unchanged up to now
    if (!head.redundant.isEmpty() && cfg.historyDays() > 0) {
      // A mark is read when a later change corrects its day: none can before the history.
      head.redundant.removeBefore(now - cfg.historyDays() - 2);
    }
    bucketsChanged = false;
    final int latestChange = changes == 2 ? Math.max(changeDay[0], changeDay[1]) : changeDay[0];
    final boolean retests = cfg.inGrace(latestChange, now);
    // A change of day x moves the windows ending on x .. x + longest - 1, and the record of x + longest (the day it
    // leaves the longest window) only. Inside the grace every later day is walked (each is re-tested); a correction
    // older than that walks the days whose records it changes, not the years up to now.
    final int top = retests ? now : Math.min(now, latestChange + cfg.windows()[cfg.windows().length - 1] + 1);
    final Series old = from < now ? Series.walk(this, key, top == now ? head.rolling : valuesAt(key, top), from - 1, top)
        : null;

    // The bucket keeps each incident's own weight among the day's top incidents: the old figures out, then the new.
    if (removed != null && stores.addToBucket(key, xOld, incidentId, removed)) {
      stores.scheduleLeaving(key, xOld, now);
    }
    if (stores.addToBucket(key, x, incidentId, tally)) {
      stores.scheduleLeaving(key, x, now);
    }
    bucketsChanged = true;
    final int[] windows = cfg.windows();
    for (int k = 0; k < changes; k++) {
      for (int i = 0; i < windows.length; i++) {
        if (changeDay[k] > now - windows[i]) {
          Tally.add(head.rolling[i], changeTally[k]);
        }
      }
    }
    stores.markDirty(key); // the open day's sums may change too
    if (from < now) {
      emitCorrections(key, head, old, from, top, retests);
    }
    bucketsChanged = false;
    if (retests) {
      // By data, not by a clock: the same reports test the open day at the same moments in backtest and in the app.
      evaluateOpenDay(key, head, now);
    }
    stores.putHead(key, head);
  }

  private void addChange(final int day, final long[] tally) {
    changeDay[changes] = day;
    changeTally[changes] = tally;
    changes++;
  }

  /**
   * Rolling sums of one key over a range of past days, walked back from the head through the buckets. Most reports
   * arrive a day or two late, so this runs for nearly every contribution: it first computes only the windows the
   * count records and the detector's guards need, and the baseline's inner blocks only if a test needs them.
   */
  static final class Series {
    private final CubeEngine e;
    private final String key;
    final int from;
    private final int to;
    private final long[][][] values; // [day - from][window][tally], pooled by the engine: valid until the next walk
    private int computed; // mask of the windows walked

    private Series(final CubeEngine e, final String key, final int from, final int to, final long[][][] values) {
      this.e = e;
      this.key = key;
      this.from = from;
      this.to = to;
      this.values = values;
    }

    long[][] at(final int day) {
      return values[day - from];
    }

    boolean complete() {
      return computed == e.allWindows;
    }

    static Series walk(final CubeEngine e, final String key, final long[][] atTo, final int from, final int to) {
      final Series s = new Series(e, key, from, to, e.matrices(to - from + 1));
      copy(atTo, s.values[to - from]);
      s.walkWindows(e.guardWindows);
      return s;
    }

    /** Walks the windows not walked yet (the baseline's inner blocks), for a test. */
    void completeWalk() {
      final int rest = e.allWindows & ~computed;
      if (rest != 0) {
        walkWindows(rest);
      }
    }

    private void walkWindows(final int mask) {
      final int[] windows = e.cfg.windows();
      final int reach = windows[windows.length - 1];
      final int base = from + 1 - reach;
      final int span = to - from;
      // A report a few days late needs a few buckets: look them up. One weeks late needs most of a year's: read
      // the range once instead of a lookup per day and window.
      final int n = Integer.bitCount(mask);
      final long[][] range = span * (n + 1) < span + reach ? null : e.stores.tallies(key, base, to);
      if (range != null) {
        e.undoChanges(range, base);
      }
      for (int d = to; d > from; d--) {
        final long[][] cur = values[d - from];
        final long[][] next = values[d - 1 - from];
        final long[] today = range != null ? range[d - base] : e.tallyBefore(key, d, e.tallyA);
        for (int i = 0; i < windows.length; i++) {
          if ((mask & (1 << i)) == 0) {
            continue;
          }
          System.arraycopy(cur[i], 0, next[i], 0, Tally.SIZE);
          if (today != null) {
            Tally.subtract(next[i], today);
          }
          final long[] entering =
              range != null ? range[d - windows[i] - base] : e.tallyBefore(key, d - windows[i], e.tallyB);
          if (entering != null) {
            Tally.add(next[i], entering);
          }
        }
      }
      computed |= mask;
    }
  }

  private long[][][] pool = new long[0][][];
  private final long[][][] scratch = new long[2][][];
  private final long[] previousDayScratch = new long[Tally.SIZE];
  private final SurgeTest.Memo memo = new SurgeTest.Memo();

  /** At least {@code n} window-by-tally matrices, reused from walk to walk. */
  private long[][][] matrices(final int n) {
    if (pool.length < n) {
      final long[][][] grown = java.util.Arrays.copyOf(pool, Math.max(n, pool.length * 2));
      for (int i = pool.length; i < grown.length; i++) {
        grown[i] = new long[cfg.windows().length][Tally.SIZE];
      }
      pool = grown;
    }
    return pool;
  }

  /** Two scratch tallies (a day's own, and one entering or leaving a window): lookups copy into them. */
  private final long[] tallyA = new long[Tally.SIZE];
  private final long[] tallyB = new long[Tally.SIZE];

  /** The key's totals of a day in {@code scratch}, or null when it has none. */
  private long[] tallyAt(final String key, final int day, final long[] scratch) {
    return stores.tally(key, day, scratch) ? scratch : null;
  }

  /**
   * Set once {@link #applyToKey} has written its changes to the buckets. A walk of the past values (the baseline's
   * inner blocks are walked lazily, after the write) must see the buckets as they were: it takes the changes out.
   */
  private boolean bucketsChanged;

  /** The key's totals of a day as they were before this key's changes, in {@code scratch}, or null when none. */
  private long[] tallyBefore(final String key, final int day, final long[] scratch) {
    final long[] t = tallyAt(key, day, scratch);
    if (t != null && bucketsChanged) {
      for (int k = 0; k < changes; k++) {
        if (changeDay[k] == day) {
          Tally.subtract(t, changeTally[k]);
        }
      }
    }
    return t;
  }

  /** {@link #tallyBefore} for a range of days read at once (a copy, changed in place). */
  private void undoChanges(final long[][] range, final int base) {
    if (!bucketsChanged) {
      return;
    }
    for (int k = 0; k < changes; k++) {
      final int at = changeDay[k] - base;
      if (at >= 0 && at < range.length && range[at] != null) {
        Tally.subtract(range[at], changeTally[k]);
      }
    }
  }

  /** The key's rolling sums of every window as of a past day, summed from its buckets (a day the head is not at). */
  private long[][] valuesAt(final String key, final int day) {
    final int[] windows = cfg.windows();
    final int longest = windows[windows.length - 1];
    final long[][] range = stores.tallies(key, day - longest + 1, day);
    final long[][] out = new long[windows.length][Tally.SIZE];
    for (int i = 0; i < windows.length; i++) {
      for (int d = day - windows[i] + 1; d <= day; d++) {
        final long[] t = range[d - (day - longest + 1)];
        if (t != null) {
          Tally.add(out[i], t);
        }
      }
    }
    return out;
  }

  private static void copy(final long[][] from, final long[][] to) {
    for (int i = 0; i < from.length; i++) {
      System.arraycopy(from[i], 0, to[i], 0, from[i].length);
    }
  }

  /**
   * After a late change from day {@code from} on: re-emit the past days before {@code top} it changed, and re-test
   * them when the change is inside the grace.
   */
  private void emitCorrections(final String key, final KeyHead head, final Series old, final int from, final int top,
      final boolean retests) {
    final int[] published = cfg.publishedIndex();
    long[][] newPrev = old.at(from - 1); // the day before the change is unchanged
    for (int d = from; d < top; d++) {
      final long[][] oldD = old.at(d);
      final long[][] oldPrev = old.at(d - 1);
      final long[][] newD = shifted(oldD, d, (d - from) & 1);
      for (int p = 0; p < published.length; p++) {
        final int i = published[p];
        final boolean changed = !java.util.Arrays.equals(newD[i], oldD[i]);
        final boolean needRecord = !java.util.Arrays.equals(newD[i], newPrev[i]);
        // Every day that differs from the day before has its record; a day marked redundant has one too.
        final boolean marked = java.util.Arrays.equals(oldD[i], oldPrev[i]) && head.redundant.contains(p, d);
        final boolean hadRecord = marked || !java.util.Arrays.equals(oldD[i], oldPrev[i]);
        if (changed ? needRecord || hadRecord : needRecord && !hadRecord) {
          emitCount(key, p, d, newD[i]);
        }
        // A record stays on the topic for this day: marked when it merely repeats the day before, so that a later
        // change of this day corrects it. Its own value may be unchanged while the day before changed.
        if (needRecord && marked) {
          head.redundant.remove(p, d);
        } else if (!needRecord && hadRecord && !marked) {
          head.redundant.add(p, d);
        }
      }
      if (retests) {
        retest(key, head, d, from, newD, old);
      }
      newPrev = newD;
    }
  }

  /** The values of a day after this key's changes, in scratch matrix {@code slot} (two alternate by day). */
  private long[][] shifted(final long[][] values, final int day, final int slot) {
    final int[] windows = cfg.windows();
    if (scratch[slot] == null) {
      scratch[slot] = new long[windows.length][Tally.SIZE];
    }
    final long[][] out = scratch[slot];
    copy(values, out);
    for (int k = 0; k < changes; k++) {
      final int x = changeDay[k];
      for (int i = 0; i < windows.length; i++) {
        if (x <= day && day < x + windows[i]) {
          Tally.add(out[i], changeTally[k]);
        }
      }
    }
    return out;
  }

  /** Moves the watermark to a later day: closes the open day, then every day in between that has a timer. */
  public void advanceTo(final int day) {
    final int w = stores.watermark();
    closeOpenDay(w);
    for (int d = w + 1; d <= day; d++) {
      final CubeStores.DueTimers due = stores.takeTimers(d);
      for (int k = 0; k < due.keys().length; k++) {
        fireTimer(due.keys()[k], d, due.masks()[k], d == day);
      }
    }
    stores.watermark(day);
  }

  private void fireTimer(final String key, final int d, final int mask, final boolean isNewOpenDay) {
    if ((mask & CubeStores.CLEANUP) != 0) {
      stores.deleteBucket(key, d - cfg.retentionDays());
      if ((mask & ~CubeStores.CLEANUP) == 0) {
        return;
      }
    }
    final KeyHead head = stores.head(key);
    if (head == null) {
      return;
    }
    int changed = 0;
    final int[] windows = cfg.windows();
    for (int i = 0; i < windows.length; i++) {
      if ((mask & (1 << i)) != 0) {
        final long[] leaving = tallyAt(key, d - windows[i], tallyA);
        if (leaving != null && !Tally.isZero(leaving)) {
          Tally.subtract(head.rolling[i], leaving);
          changed |= 1 << i;
        }
      }
    }
    head.day = d;
    if (isNewOpenDay) {
      stores.markDirty(key);
    } else {
      final int[] published = cfg.publishedIndex();
      for (int p = 0; p < published.length; p++) {
        if ((changed & (1 << published[p])) != 0) {
          emitCount(key, p, d, head.rolling[published[p]]);
        }
      }
      evaluate(key, head, d, head.rolling);
    }
    stores.putHead(key, head);
  }

  private void closeOpenDay(final int day) {
    for (final String key : stores.dirty(true)) {
      final KeyHead head = stores.head(key);
      emitOpenDay(key, head, day);
      evaluate(key, head, day, head.rolling);
      stores.putHead(key, head);
    }
  }

  /**
   * Emits the open day's current values of the changed keys without closing the day, so dashboards see today's
   * figures before tomorrow's first report. The streams app calls this on a timer; backtest at the end of input.
   */
  public void flushOpenDay() {
    final int day = stores.watermark();
    if (day == CubeStores.NO_DAY) {
      return;
    }
    for (final String key : stores.dirty(false)) {
      final KeyHead head = stores.head(key);
      if (emitOpenDay(key, head, day)) {
        stores.putHead(key, head);
      }
    }
  }

  /** Emits the open day where it differs from what a reader sees now: the record already sent for it, or the day before. */
  private boolean emitOpenDay(final String key, final KeyHead head, final int day) {
    final int[] windows = cfg.windows();
    final int[] published = cfg.publishedIndex();
    final long[] today = tallyAt(key, day, tallyA);
    boolean any = false;
    int sent = 0; // windows whose record for the day is sent now
    for (int p = 0; p < published.length; p++) {
      final int i = published[p];
      final long[] current = head.rolling[i];
      final long[] previousDay = previousDayScratch; // every dirty key on every day: no allocation
      System.arraycopy(current, 0, previousDay, 0, Tally.SIZE);
      if (today != null) {
        Tally.subtract(previousDay, today);
      }
      final long[] entering = tallyAt(key, day - windows[i], tallyB);
      if (entering != null) {
        Tally.add(previousDay, entering);
      }
      final boolean sentToday = head.emittedDay == day && (head.sentMask & (1 << p)) != 0;
      final long[] shown = sentToday ? head.emitted[p] : previousDay;
      final boolean emit = !java.util.Arrays.equals(shown, current);
      if (emit) {
        emitCount(key, p, day, current);
        any = true;
        sent |= 1 << p;
      }
      if (emit || sentToday) {
        // Today has a record: marked when it repeats the day before (a record sent earlier today, corrected back, or
        // one a late report made equal to yesterday's), so that a later change of today corrects it. Only a record
        // sent earlier today can carry a mark for today.
        if (java.util.Arrays.equals(previousDay, current)) {
          head.redundant.add(p, day);
        } else if (sentToday) {
          head.redundant.remove(p, day);
        }
      }
    }
    if (any || head.emittedDay == day) {
      head.sentMask = (head.emittedDay == day ? head.sentMask : 0) | sent;
      head.emittedDay = day;
      for (int p = 0; p < published.length; p++) {
        System.arraycopy(head.rolling[published[p]], 0, head.emitted[p], 0, Tally.SIZE);
      }
    }
    return any;
  }

  private void emitCount(final String key, final int published, final int day, final long[] v) {
    if (!wantsCounts) {
      out.countSkipped();
      return;
    }
    final String[] k = splitKey(key);
    final int window = cfg.publishedWindows().get(published);
    final LocalDate end = LocalDate.ofEpochDay(day);
    // The all-fields constructor, not the builder: tens of millions of these, and the builder validates each field.
    final RollingCount count = new RollingCount(k[0], k[1], k[2], windowNames[published], end.minusDays(window - 1L),
        end, v[Tally.INCIDENTS], Tally.killed(v), Tally.injured(v), Tally.killedBy(v), Tally.injuredBy(v));
    out.count(key + '|' + windowNames[published] + '|' + end, count);
  }

  static String[] splitKey(final String key) {
    final int a = key.indexOf('|');
    final int b = key.indexOf('|', a + 1);
    return new String[] {key.substring(0, a), key.substring(a + 1, b), key.substring(b + 1)};
  }

  // ---- detection ----

  private SurgeTest.Result test(final long[][] r, final int metric) {
    final long observed = Tally.metric(r[recentIdx], metric);
    final long[] blocks = new long[cfg.baselineBlocks()];
    for (int j = 1; j <= cfg.baselineBlocks(); j++) {
      blocks[j - 1] = Tally.metric(r[blockIdx[j]], metric) - Tally.metric(r[blockIdx[j - 1]], metric);
    }
    return SurgeTest.test(observed, blocks, memo);
  }

  /**
   * The test of an open alert: against the baseline it opened on, for as long as a baseline lasts. Tested against
   * the live baseline, a sustained surge filled the baseline's latest block within weeks and "resolved" while it
   * went on; once the surge has lasted a whole baseline, it is the new normal and the live baseline judges it.
   */
  private SurgeTest.Result testOpen(final long[][] r, final int metric, final KeyHead.AlertState a, final int d) {
    if (a.baseSum < 0 || d - a.openedOn >= cfg.recentDays() * cfg.baselineBlocks()) {
      return test(r, metric);
    }
    return SurgeTest.test(Tally.metric(r[recentIdx], metric), a.baseSum, a.baseSquares, cfg.baselineBlocks(), memo);
  }

  private boolean crossesOpen(final long[][] r, final SurgeTest.Result t) {
    final long baselineIncidents = r[baselineIdx][Tally.INCIDENTS] - r[recentIdx][Tally.INCIDENTS];
    return baselineIncidents >= cfg.minBaselineIncidents()
        && t.score() >= cfg.openScore()
        && t.ratio() >= cfg.minRatio()
        && t.observed() >= 3;
  }

  /**
   * Whether a closed alert could open at all: the guards need only sums, so the p-value (special functions, the
   * costly part) is computed for the few keys that pass them. Thousands of keys are tested every day.
   */
  private boolean mayOpen(final long[][] r, final int metric) {
    final long baselineIncidents = r[baselineIdx][Tally.INCIDENTS] - r[recentIdx][Tally.INCIDENTS];
    final long observed = Tally.metric(r[recentIdx], metric);
    if (baselineIncidents < cfg.minBaselineIncidents() || observed < 3) {
      return false;
    }
    final double mean = Math.max((double) (Tally.metric(r[baselineIdx], metric)
        - observed) / cfg.baselineBlocks(), SurgeTest.MIN_EXPECTED);
    return observed >= cfg.minRatio() * mean;
  }

  /** One step of each metric's alert lifecycle on a closed day. */
  private void evaluate(final String key, final KeyHead head, final int d, final long[][] r) {
    for (int m = 0; m < 3; m++) {
      evaluateOne(key, head, d, r, m);
    }
  }

  private void evaluateOne(final String key, final KeyHead head, final int d, final long[][] r, final int m) {
    final KeyHead.AlertState a = head.alerts[m];
    if (!a.active() && !mayOpen(r, m)) {
      return;
    }
    final SurgeTest.Result t = a.active() ? testOpen(r, m, a, d) : test(r, m);
    if (!a.active()) {
      if (crossesOpen(r, t) && mayOpenOn(a, d)) {
        open(key, a, m, d, t, r);
      }
    } else if (t.score() < cfg.resolveScore()) {
      // The severity of the figures now, as for every transition: a resolution is never CRITICAL.
      transition(key, a, m, d, t, AlertStatus.RESOLVED, SurgeTest.severity(t.score(), t.ratio()));
    } else if (SurgeTest.severity(t.score(), t.ratio()) > a.severity) {
      transition(key, a, m, d, t, AlertStatus.ESCALATED, SurgeTest.severity(t.score(), t.ratio()));
    }
  }

  /**
   * Tests the open day on its figures so far. An alert opened today whose basis revisions took away is withdrawn
   * (and may open again today, under its id, as more reports come); otherwise the day's lifecycle step as at a close.
   */
  private void evaluateOpenDay(final String key, final KeyHead head, final int day) {
    final long[][] r = head.rolling;
    for (int m = 0; m < 3; m++) {
      final KeyHead.AlertState a = head.alerts[m];
      if (a.active() && a.openedOn == day) {
        final SurgeTest.Result t = test(r, m);
        if (!crossesOpen(r, t)) {
          transition(key, a, m, day, t, AlertStatus.WITHDRAWN, SurgeTest.severity(t.score(), t.ratio()));
          continue;
        }
        keepBaseline(a, r, m); // the opening day's baseline, as revised
      }
      evaluateOne(key, head, day, r, m);
    }
  }

  /** Re-tests a past day after a late report: withdraws an alert whose basis is gone, or opens one retroactively. */
  private void retest(final String key, final KeyHead head, final int d, final int from, final long[][] r,
      final Series old) {
    for (int m = 0; m < 3; m++) {
      final KeyHead.AlertState a = head.alerts[m];
      if (!a.active() && !mayOpen(r, m)) {
        continue;
      }
      if (!old.complete()) {
        // The test reads the baseline's blocks: walk them now, and shift this day's values again with them.
        old.completeWalk();
        shifted(old.at(d), d, (d - from) & 1);
      }
      final SurgeTest.Result t = test(r, m);
      if (a.active() && a.openedOn == d && !crossesOpen(r, t)) {
        transition(key, a, m, d, t, AlertStatus.WITHDRAWN, SurgeTest.severity(t.score(), t.ratio()));
      } else if (!a.active() && mayOpenOn(a, d) && crossesOpen(r, t)) {
        open(key, a, m, d, t, r);
      } else if (a.active()) {
        if (a.openedOn == d) {
          keepBaseline(a, r, m); // revised figures of the opening day's baseline
        }
        final SurgeTest.Result o = testOpen(r, m, a, d);
        if (d >= a.lastDay && SurgeTest.severity(o.score(), o.ratio()) > a.severity) {
          // Late reports that make an open surge worse escalate it now, not at the next day's close.
          transition(key, a, m, d, o, AlertStatus.ESCALATED, SurgeTest.severity(o.score(), o.ratio()));
        }
      }
    }
  }

  /**
   * Not the day it last changed: an alert resolved today does not flap open again today. An alert withdrawn on the day
   * it opened may: more reports of the open day can bring its basis back (it keeps its id and its sequence goes on).
   */
  private static boolean mayOpenOn(final KeyHead.AlertState a, final int d) {
    return d > a.lastDay || a.status == KeyHead.AlertState.WITHDRAWN && a.openedOn == d;
  }

  private void open(final String key, final KeyHead.AlertState a, final int m, final int d, final SurgeTest.Result t,
      final long[][] r) {
    final String id = key + '|' + Tally.METRIC_NAMES[m] + '|' + LocalDate.ofEpochDay(d);
    if (!id.equals(a.alertId)) {
      a.sequence = 0; // a new alert; one withdrawn today and opened again goes on with its own sequence
    }
    a.alertId = id;
    a.openedOn = d;
    keepBaseline(a, r, m);
    transition(key, a, m, d, t, AlertStatus.OPEN, SurgeTest.severity(t.score(), t.ratio()));
  }

  /** Remembers the baseline an alert opens on (its blocks' sum and sum of squares). */
  private void keepBaseline(final KeyHead.AlertState a, final long[][] r, final int m) {
    long sum = 0;
    long squares = 0;
    for (int j = 1; j <= cfg.baselineBlocks(); j++) {
      final long b = Tally.metric(r[blockIdx[j]], m) - Tally.metric(r[blockIdx[j - 1]], m);
      sum += b;
      squares += b * b;
    }
    a.baseSum = sum;
    a.baseSquares = squares;
  }

  private void transition(final String key, final KeyHead.AlertState a, final int m, final int d,
      final SurgeTest.Result t, final AlertStatus status, final byte severity) {
    a.sequence++;
    a.severity = severity;
    a.lastDay = d;
    a.status = switch (status) {
      case OPEN -> KeyHead.AlertState.OPEN;
      case ESCALATED -> KeyHead.AlertState.ESCALATED;
      case RESOLVED -> KeyHead.AlertState.RESOLVED;
      default -> KeyHead.AlertState.WITHDRAWN;
    };
    final String[] k = splitKey(key);
    final LocalDate end = LocalDate.ofEpochDay(d);
    out.alert(SurgeAlert.newBuilder()
        .setAlertId(a.alertId).setSequence(a.sequence).setStatus(status)
        .setCountry(k[0]).setRegion(k[1]).setGroup(k[2]).setMetric(Tally.METRIC_NAMES[m])
        .setWindowStart(end.minusDays(cfg.recentDays() - 1L)).setWindowEnd(end)
        .setObserved(t.observed()).setExpected(round(t.expected())).setScore(round(t.score())).setPValue(t.pValue())
        .setSeverity(Severity.values()[severity])
        .setReason(reason(k, m, status, t, a))
        .setOpenedOn(LocalDate.ofEpochDay(a.openedOn))
        .setTopIncidentIds(topIncidents(key, d))
        .setRelatedAlertIds(new ArrayList<>())
        .setStatements(new ArrayList<>()) // attached by AlertStories, which sees every statement
        .build());
  }

  private static double round(final double v) {
    return Math.round(v * 100) / 100.0;
  }

  private List<String> topIncidents(final String key, final int d) {
    final Map<String, Long> weights = new HashMap<>();
    for (int day = d - cfg.recentDays() + 1; day <= d; day++) {
      final Bucket b = stores.bucket(key, day);
      if (b != null) {
        for (int i = 0; i < b.top.size(); i++) {
          weights.merge(b.top.id(i), b.top.weight(i), Long::sum);
        }
      }
    }
    return weights.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
        .limit(TopIncidents.TOP).map(Map.Entry::getKey).toList();
  }

  /** One sentence a duty officer understands. */
  private String reason(final String[] k, final int m, final AlertStatus status, final SurgeTest.Result t,
      final KeyHead.AlertState a) {
    final String where;
    if (!Contribution.ALL.equals(k[1])) {
      where = Canonicalizer.UNKNOWN.equals(k[1]) ? "an unknown region of " + countryName(k[0]) : k[1];
    } else {
      where = Contribution.ALL.equals(k[0]) ? "all countries" : countryName(k[0]);
    }
    final String who = Contribution.ALL.equals(k[2]) ? "all groups"
        : Canonicalizer.UNKNOWN.equals(k[2]) ? "unattributed" : k[2];
    final String figures = String.format(Locale.ROOT, "%d-day %s in %s, %s: %d against %.0f expected (%.1fx), "
        + "score %.1f: %s", cfg.recentDays(), Tally.METRIC_NAMES[m], where, who, t.observed(), t.expected(), t.ratio(),
        t.score(), SurgeTest.scale(SurgeTest.severity(t.score(), t.ratio())));
    return switch (status) {
      case RESOLVED -> "Resolved: " + figures + " (back below the resolve threshold).";
      case WITHDRAWN -> "Withdrawn: revised reports no longer support the surge opened on "
          + LocalDate.ofEpochDay(a.openedOn) + "; " + figures + ".";
      case ESCALATED -> "Escalated: " + figures + ".";
      default -> figures + ".";
    };
  }

  private static String countryName(final String code) {
    final String name = new Locale("", code).getDisplayCountry(Locale.ENGLISH);
    return name.isEmpty() || name.equals(code) ? code : name;
  }
}
