package io.surgewatch.engine;

import io.surgewatch.core.UtcDays;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Stage 2: rolling counts and surge detection for the cube keys of one task. Daily buckets hold
 * each key's totals per day; rolling sums are kept incrementally (an event adds to every window it
 * falls in, a timer subtracts a day's bucket when it leaves a window), so an event costs a few
 * store operations whatever the window length.
 *
 * <p>The open day (the latest event day seen) is tested as its reports arrive, on its provisional
 * figures: a surge on the newest day alerts at once, not when a later day's report closes it;
 * growth escalates, shrinking by revisions withdraws an alert opened that day. Days are closed by
 * the watermark: when an event for a later day arrives, the open day's changed keys are emitted and
 * tested once more, then every day up to the new one with a timer is emitted and tested. Count
 * records are emitted only where a day's value differs from the day before (a late report re-emits
 * the past days it changes), and never beyond the latest event day seen.
 *
 * <p>This class applies contributions to the keys' rolling sums and buckets; the rest is in the
 * classes it wires: {@link DayClosing} (the watermark, timers and the open day), {@link
 * LateCorrections} (the past days a late report changes, walked as a {@link RollingSeries}), {@link
 * AlertLifecycle} (surge tests and alert steps, worded by {@link AlertWording}) and {@link
 * CountRecords}.
 */
public final class CubeEngine {

  private static final int NO_DAY = CubeStores.NO_DAY;

  private final EngineConfig config;
  private final CubeStores stores;

  /** The changes of the key being updated; shared with the walk of its past and the corrections. */
  private final KeyChange change = new KeyChange();

  private final RollingSeries before;
  private final LateCorrections corrections;
  private final AlertLifecycle alerts;
  private final DayClosing days;

  public CubeEngine(final EngineConfig config, final CubeStores stores, final EngineOutput output) {
    this(config, stores, output, false);
  }

  /**
   * @param walkEveryWindowFirst walk every window of a late report's past days before the buckets
   *     change, instead of the baseline's inner blocks only when a test needs them: slower, the
   *     same results (a test's reference)
   */
  CubeEngine(
      final EngineConfig config,
      final CubeStores stores,
      final EngineOutput output,
      final boolean walkEveryWindowFirst) {
    this.config = config;
    this.stores = stores;
    final CountRecords counts = new CountRecords(config, output);
    this.alerts = new AlertLifecycle(config, stores, output);
    this.before = new RollingSeries(config, stores, change, walkEveryWindowFirst);
    this.corrections = new LateCorrections(config, counts, before, change);
    this.days = new DayClosing(config, stores, counts, alerts);
  }

  /** A contribution this shard cannot take any more: nothing of it was applied. */
  public static final class TooLate extends RuntimeException {
    public TooLate(final String reason) {
      super(reason);
    }
  }

  /** The reported-at of a contribution whose report's place in the arrival order is not known. */
  public static final long UNKNOWN_TIME = Long.MIN_VALUE;

  /**
   * Applies one contribution (an incident added, or a revised one removed) to every cube key it
   * touches. A change of a day inside the grace re-tests the surges of the days inside the grace
   * that it changes; its days before the grace (a revision moving an old incident) and an older
   * change alter the counts only.
   *
   * @param reportedAt the arrival order's time at its report (epoch ms): the grace is measured back
   *     from the latest such time this shard has seen, this one's included; {@link #UNKNOWN_TIME}
   *     for a record of an earlier release (before any time was told, the grace is measured back
   *     from the day before the latest incident day, as those releases did)
   * @throws TooLate when its day is before the history this shard keeps (state unchanged)
   *     <p>Contributions of one reported-at form a tie, whose alerts are tested once it is whole
   *     ({@link #endTie}); the news of the tie's latest day comes first in it ({@link TieOrder}),
   *     so that no day closes on half a tie.
   */
  public void apply(final Contribution contribution, final long reportedAt) {
    endTieBefore(reportedAt);
    tie = reportedAt;
    applyInTie(contribution, reportedAt);
    if (reportedAt == UNKNOWN_TIME) {
      endTie(); // a record of an earlier release is a tie of its own
    }
  }

  /** The arrival-order time of the contribution being applied. */
  private long tie;

  /**
   * Ends the tie whose re-tests are pending when a contribution of {@code reportedAt} would start
   * another ({@link #endTie}). Callers that number what the engine emits by the report call this
   * before they move on to the next report; {@link #apply} calls it too.
   */
  public void endTieBefore(final long reportedAt) {
    final TieRetests pending = stores.retests();
    if (!pending.isEmpty() && (reportedAt != pending.time() || reportedAt == UNKNOWN_TIME)) {
      endTie();
    }
  }

  /**
   * The reports of one reported-at (a tie: an ACLED upload's week of edits, a UCDP file's day, a
   * deletions list) are applied together: their counts as each comes, their alerts once the tie is
   * whole. Each key the tie changed inside the grace is re-tested here, on the tie's figures as a
   * whole, from the earliest day the tie changed to the open day, in key order. Tested report by
   * report, a tie's alerts would depend on the order within it, which is a hash of the incident ids
   * ({@link TieOrder}): thirty retractions of one deletions list opened and withdrew over a hundred
   * alerts on figures that held only halfway through the list. The caller ends a tie when the next
   * contribution has another reported-at ({@link #endTieBefore}) and, in the streams app, as soon
   * as the arrival order has released the whole tie; backtest at the end of its input.
   */
  public void endTie() {
    if (stores.retests().isEmpty()) {
      return;
    }
    final int now = stores.watermark();
    for (final Map.Entry<String, Integer> due : stores.retests().take().entrySet()) {
      retest(due.getKey(), due.getValue(), now);
    }
  }

  /** Re-tests a key's alerts from {@code from} (inside the grace) to the open day {@code now}. */
  private void retest(final String key, final int from, final int now) {
    final KeyState state = stores.keyState(key);
    change.clear(); // the buckets hold the tie's changes: walked as they are
    alerts.hold(); // a withdrawal names the successor this re-test opens
    try {
      if (from < now) {
        before.walk(key, state.rolling, from - 1, now);
        for (int day = from; day < now; day++) {
          alerts.retest(key, state, day, before.at(day), before::completeWalk);
        }
      }
      // By data, not by a clock: the same reports test the open day at the same moments in
      // backtest and in the app.
      alerts.evaluateOpenDay(key, state, now);
    } catch (final RuntimeException | Error e) {
      alerts.drop();
      throw e;
    }
    alerts.release();
    stores.putKeyState(key, state);
  }

  private void applyInTie(final Contribution contribution, final long reportedAt) {
    final int watermark = stores.watermark();
    final int day = contribution.day();
    if (contribution.isDay()) {
      reported(reportedAt);
      // The latest incident day any shard has seen, in the arrival order: this shard's days close
      // by it, whether its own keys had reports or not (never too late: it changes no figures).
      if (watermark == NO_DAY) {
        stores.watermark(day);
      } else if (day > watermark) {
        advanceTo(day);
      }
      return;
    }
    final int now = watermark == NO_DAY ? day : Math.max(watermark, day);
    // Stage 1 rejects reports before the history by its own watermark; with several input
    // partitions, a stage-1 task that lags this shard can pass one that is too late here. Both days
    // are checked before any state changes.
    if (!config.inHistory(day, now - 1L)) {
      throw new TooLate(
          "too late for its shard: incident day "
              + LocalDate.ofEpochDay(day)
              + " is more than "
              + config.historyDays()
              + " days (history.days) before the latest incident day this shard has seen ("
              + LocalDate.ofEpochDay(now)
              + ")");
    }
    final Contribution was = contribution.previous();
    if (was != null && !config.inHistory(was.day(), now - 1L)) {
      throw new TooLate(
          "too late for its shard: it revises the figures of incident day "
              + LocalDate.ofEpochDay(was.day())
              + ", more than "
              + config.historyDays()
              + " days (history.days) before the"
              + " latest incident day this shard has seen ("
              + LocalDate.ofEpochDay(now)
              + ")");
    }
    if (watermark == NO_DAY) {
      stores.watermark(day);
    } else if (day > watermark) {
      advanceTo(day);
    }
    final String incidentId = contribution.incidentId();
    final int reportedDay = reported(reportedAt);
    // A record of an earlier release without its time, before any with one: the grace as those
    // releases measured it, back from the latest incident day.
    final int graceStart =
        reportedDay == NO_DAY ? config.graceStart(now - 1) : config.graceStart(reportedDay);
    if (was == null) {
      for (final String key : keysOf(contribution)) {
        applyToKey(key, incidentId, now, graceStart, day, contribution.tally(), NO_DAY, null);
      }
      return;
    }
    // Keys the old figures alone touched lose them; keys of the new figures gain them, less the old
    // where both are.
    final List<String> newKeys = keysOf(contribution);
    final long[] removed = Tally.negate(was.tally());
    final List<String> oldKeys = keysOf(was);
    for (final String key : oldKeys) {
      if (!newKeys.contains(key)) {
        applyToKey(key, incidentId, now, graceStart, was.day(), removed, NO_DAY, null);
      }
    }
    for (final String key : newKeys) {
      if (oldKeys.contains(key)) {
        applyToKey(key, incidentId, now, graceStart, day, contribution.tally(), was.day(), removed);
      } else {
        applyToKey(key, incidentId, now, graceStart, day, contribution.tally(), NO_DAY, null);
      }
    }
  }

  /**
   * One String instance per cube key. A key is looked up in several hash maps for each contribution
   * (its head, its buckets of the span, its held count records, its open-day mark), and a
   * contribution's keys are new strings: each lookup hashed and compared their bytes. The one
   * instance is hashed once and passes each map's identity check. Holds every key the engine has
   * seen, in the heap (about 100 bytes a key: a region's groups, a country's rollups) for as long
   * as the task runs.
   */
  private final Map<String, String> canonicalKeys = new HashMap<>();

  private List<String> keysOf(final Contribution contribution) {
    final List<String> keys = contribution.cubeKeys();
    for (int i = 0; i < keys.size(); i++) {
      final String key = keys.get(i);
      final String known = canonicalKeys.putIfAbsent(key, key);
      if (known != null) {
        keys.set(i, known);
      }
    }
    return keys;
  }

  /**
   * The UTC day of the latest reported-at seen, this report's included: the arrival order's time
   * only moves on, but a shard keeps the latest itself (a partition declared idle comes back behind
   * it; a record of an earlier release has no time).
   */
  private int reported(final long reportedAt) {
    final int latest = stores.reportedDay();
    if (reportedAt == UNKNOWN_TIME) {
      return latest;
    }
    final int day = UtcDays.of(reportedAt);
    if (day > latest) {
      stores.reportedDay(day);
      return day;
    }
    return latest;
  }

  /**
   * Applies {@code tally} at {@code day}, and {@code removed} at {@code oldDay} when a revision
   * takes old figures out of this key too, as one change: the key's records and alert tests see
   * only the state after both.
   */
  private void applyToKey(
      final String key,
      final String incidentId,
      final int now,
      final int graceStart,
      final int day,
      final long[] tally,
      final int oldDay,
      final long[] removed) {
    change.clear();
    if (removed != null && oldDay == day) {
      final long[] net = tally.clone();
      Tally.add(net, removed);
      if (Tally.isZero(net)) {
        return; // the revision leaves this key's totals as they were (another group, the same
        // figures)
      }
      change.add(day, net);
    } else {
      change.add(day, tally);
      if (removed != null) {
        change.add(oldDay, removed);
      }
    }
    final int from = change.earliestDay();

    KeyState state = stores.keyState(key);
    if (state == null) {
      state = new KeyState(config.windows().length, config.publishedWindows().size());
    } else if (state.rolling.length != config.windows().length
        || state.emitted.length != config.publishedWindows().size()) {
      throw new IllegalStateException(
          "cube state for "
              + key
              + " was built with other windows ("
              + state.rolling.length
              + " rolling sums, "
              + config.windows().length
              + " configured): changing windows.days or the surge windows"
              + " needs a reset of the application's state (kafka-streams-application-reset, or a new application.id)");
    }
    state.day = now; // no timer fired since state.day, so its sums are unchanged up to now
    if (!state.redundant.isEmpty() && config.historyDays() > 0) {
      // A mark is read when a later change corrects its day: none can before the history.
      state.redundant.removeBefore(now - config.historyDays() - 2);
    }
    final boolean retests = change.latestDay() >= graceStart;
    // A change of day x moves the windows ending on x .. x + longest - 1, and the record of x +
    // longest (the day it leaves the longest window) only: the walk covers the days whose records
    // it changes, not the years up to now. The days it re-tests, inside the grace, are walked again
    // when the tie is whole.
    final int[] windows = config.windows();
    final int top = Math.min(now, change.latestDay() + windows[windows.length - 1] + 1);
    if (from < now) {
      before.walk(
          key, top == now ? state.rolling : before.sumsFromBuckets(key, top), from - 1, top);
    }

    // The bucket keeps each incident's own weight among the day's top incidents: the old figures
    // out, then the new.
    if (removed != null && stores.addToBucket(key, oldDay, incidentId, removed)) {
      stores.scheduleLeaving(key, oldDay, now);
    }
    if (stores.addToBucket(key, day, incidentId, tally)) {
      stores.scheduleLeaving(key, day, now);
    }
    change.written(true);
    for (int k = 0; k < change.size(); k++) {
      for (int i = 0; i < windows.length; i++) {
        if (change.day(k) > now - windows[i]) {
          Tally.add(state.rolling[i], change.tally(k));
        }
      }
    }
    stores.markDirty(key); // the open day's sums may change too
    if (from < now) {
      // The records now; the alerts once the tie is whole.
      corrections.emit(key, state, from, top);
    }
    change.written(false);
    stores.putKeyState(key, state);
    if (retests) {
      stores.retests().add(key, Math.min(now, Math.max(from, graceStart)), tie);
    }
  }

  /**
   * Moves the watermark to a later day: closes the open day, then every day in between that has a
   * timer.
   */
  public void advanceTo(final int day) {
    days.advanceTo(day);
  }

  /**
   * Emits the open day's current values of the changed keys without closing the day, so dashboards
   * see today's figures before tomorrow's first report. The streams app calls this on a timer;
   * backtest at the end of input.
   */
  public void flushOpenDay() {
    days.flushOpenDay();
  }
}
