package io.surgewatch.engine;

import java.util.Arrays;

/**
 * What a late report changes on the days before the open one: the records of the days whose values
 * it moves, emitted again (and the marks of records that merely repeat the day before kept right).
 * The days' values before the change come from a {@link RollingSeries} walk; their values after it
 * are those plus the {@link KeyChange}.
 */
final class LateCorrections {
  private final EngineConfig config;
  private final CountRecords counts;
  private final RollingSeries before;
  private final KeyChange change;

  /** Two scratch matrices of a day's values after the change, alternating by day. */
  private final long[][][] after = new long[2][][];

  LateCorrections(
      final EngineConfig config,
      final CountRecords counts,
      final RollingSeries before,
      final KeyChange change) {
    this.config = config;
    this.counts = counts;
    this.before = before;
    this.change = change;
  }

  /**
   * After a change from day {@code from} on, with the key's values before it walked from {@code
   * from - 1} to {@code top}: re-emits the past days before {@code top} it changed. Their alerts
   * are re-tested when the tie is whole ({@link CubeEngine#endTie}), inside the grace only: a
   * revision that moves an incident from years ago changes the old days' counts only, as re-testing
   * them would judge years of closed days again by figures later corrections changed without a
   * test, and page today about surges long past.
   */
  void emit(final String key, final KeyState state, final int from, final int top) {
    final int[] published = config.publishedIndex();
    long[][] newPrevious = before.at(from - 1); // the day before the change is unchanged
    for (int day = from; day < top; day++) {
      final long[][] oldValues = before.at(day);
      final long[][] oldPrevious = before.at(day - 1);
      final int slot = (day - from) & 1;
      final long[][] newValues = shifted(oldValues, day, slot);
      for (int p = 0; p < published.length; p++) {
        final int i = published[p];
        final boolean changed = !Arrays.equals(newValues[i], oldValues[i]);
        final boolean needRecord = !Arrays.equals(newValues[i], newPrevious[i]);
        // Every day that differs from the day before has its record; a day marked redundant has one
        // too.
        final boolean marked =
            Arrays.equals(oldValues[i], oldPrevious[i]) && state.redundant.contains(p, day);
        final boolean hadRecord = marked || !Arrays.equals(oldValues[i], oldPrevious[i]);
        if (changed ? needRecord || hadRecord : needRecord && !hadRecord) {
          counts.emit(key, p, day, newValues[i]);
        }
        // A record stays on the topic for this day: marked when it merely repeats the day before,
        // so that a later change of this day corrects it. Its own value may be unchanged while the
        // day before changed.
        if (needRecord && marked) {
          state.redundant.remove(p, day);
        } else if (!needRecord && hadRecord && !marked) {
          state.redundant.add(p, day);
        }
      }
      newPrevious = newValues;
    }
  }

  /** The values of a day after the change, in scratch matrix {@code slot}. */
  private long[][] shifted(final long[][] values, final int day, final int slot) {
    if (after[slot] == null) {
      after[slot] = new long[config.windows().length][Tally.SIZE];
    }
    final long[][] shifted = after[slot];
    RollingSeries.copy(values, shifted);
    change.addTo(shifted, day, config.windows());
    return shifted;
  }
}
