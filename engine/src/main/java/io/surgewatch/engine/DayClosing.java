package io.surgewatch.engine;

import java.util.Arrays;

/**
 * Days closed by the watermark (the latest incident day seen), not by a clock. When a report for a
 * later day arrives, the open day's changed keys emit their values and take their lifecycle step;
 * then every day up to the new one fires its timers: a key whose bucket leaves a window that day
 * has that window's sum reduced, and emits and is tested as of that day. The open day's values can
 * also be flushed without closing it, so readers see today's figures before tomorrow's first
 * report.
 */
final class DayClosing {
  private final EngineConfig config;
  private final CubeStores stores;
  private final CountRecords counts;
  private final AlertLifecycle alerts;

  /**
   * Scratch tallies: a day's own, one entering or leaving a window, and a window's value the day
   * before.
   */
  private final long[] dayTally = new long[Tally.SIZE];

  private final long[] windowTally = new long[Tally.SIZE];
  private final long[] previousDay = new long[Tally.SIZE];

  DayClosing(
      final EngineConfig config,
      final CubeStores stores,
      final CountRecords counts,
      final AlertLifecycle alerts) {
    this.config = config;
    this.stores = stores;
    this.counts = counts;
    this.alerts = alerts;
  }

  /**
   * Moves the watermark to a later day: closes the open day, then every day in between that has a
   * timer.
   */
  void advanceTo(final int day) {
    final int watermark = stores.watermark();
    closeOpenDay(watermark);
    for (int closing = watermark + 1; closing <= day; closing++) {
      final CubeStores.DueTimers due = stores.takeTimers(closing);
      for (int k = 0; k < due.keys().length; k++) {
        fireTimer(due.keys()[k], closing, due.masks()[k], closing == day);
      }
    }
    stores.watermark(day);
  }

  /**
   * Emits the open day's current values of the keys changed since the last flush, without closing
   * the day.
   */
  void flushOpenDay() {
    final int day = stores.watermark();
    if (day == CubeStores.NO_DAY) {
      return;
    }
    for (final String key : stores.dirty(false)) {
      final KeyState state = stores.keyState(key);
      if (emitOpenDay(key, state, day)) {
        stores.putKeyState(key, state);
      }
    }
  }

  /**
   * A key's timer of {@code day}: deletes the bucket leaving the retention, and takes the buckets
   * leaving the windows of {@code mask} out of their sums; the day's records and tests follow,
   * unless it is the new open day.
   */
  private void fireTimer(
      final String key, final int day, final int mask, final boolean isNewOpenDay) {
    if ((mask & CubeStores.CLEANUP) != 0) {
      stores.deleteBucket(key, day - config.retentionDays());
      if ((mask & ~CubeStores.CLEANUP) == 0) {
        return;
      }
    }
    final KeyState state = stores.keyState(key);
    if (state == null) {
      return;
    }
    int changed = 0;
    final int[] windows = config.windows();
    for (int i = 0; i < windows.length; i++) {
      if ((mask & (1 << i)) != 0) {
        final long[] leaving = stores.tallyOrNull(key, day - windows[i], windowTally);
        if (leaving != null && !Tally.isZero(leaving)) {
          Tally.subtract(state.rolling[i], leaving);
          changed |= 1 << i;
        }
      }
    }
    state.day = day;
    if (isNewOpenDay) {
      stores.markDirty(key);
    } else {
      final int[] published = config.publishedIndex();
      for (int p = 0; p < published.length; p++) {
        if ((changed & (1 << published[p])) != 0) {
          counts.emit(key, p, day, state.rolling[published[p]]);
        }
      }
      alerts.evaluate(key, state, day, state.rolling);
    }
    stores.putKeyState(key, state);
  }

  private void closeOpenDay(final int day) {
    for (final String key : stores.dirty(true)) {
      final KeyState state = stores.keyState(key);
      emitOpenDay(key, state, day);
      alerts.evaluate(key, state, day, state.rolling);
      stores.putKeyState(key, state);
    }
  }

  /**
   * Emits the open day where it differs from what a reader sees now: the record already sent for
   * it, or the day before.
   */
  private boolean emitOpenDay(final String key, final KeyState state, final int day) {
    final int[] windows = config.windows();
    final int[] published = config.publishedIndex();
    final long[] today = stores.tallyOrNull(key, day, dayTally);
    boolean any = false;
    int sent = 0; // windows whose record for the day is sent now
    for (int p = 0; p < published.length; p++) {
      final int i = published[p];
      final long[] current = state.rolling[i];
      System.arraycopy(
          current, 0, previousDay, 0, Tally.SIZE); // every dirty key on every day: no allocation
      if (today != null) {
        Tally.subtract(previousDay, today);
      }
      final long[] entering = stores.tallyOrNull(key, day - windows[i], windowTally);
      if (entering != null) {
        Tally.add(previousDay, entering);
      }
      final boolean sentToday = state.emittedDay == day && (state.sentMask & (1 << p)) != 0;
      final long[] shown = sentToday ? state.emitted[p] : previousDay;
      final boolean emit = !Arrays.equals(shown, current);
      if (emit) {
        counts.emit(key, p, day, current);
        any = true;
        sent |= 1 << p;
      }
      if (emit || sentToday) {
        // Today has a record: marked when it repeats the day before (a record sent earlier today,
        // corrected back, or one a late report made equal to yesterday's), so that a later change
        // of today corrects it. Only a record sent earlier today can carry a mark for today.
        if (Arrays.equals(previousDay, current)) {
          state.redundant.add(p, day);
        } else if (sentToday) {
          state.redundant.remove(p, day);
        }
      }
    }
    if (any || state.emittedDay == day) {
      state.sentMask = (state.emittedDay == day ? state.sentMask : 0) | sent;
      state.emittedDay = day;
      for (int p = 0; p < published.length; p++) {
        System.arraycopy(state.rolling[published[p]], 0, state.emitted[p], 0, Tally.SIZE);
      }
    }
    return any;
  }
}
