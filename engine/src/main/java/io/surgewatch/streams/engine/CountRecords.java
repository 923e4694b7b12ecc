package io.surgewatch.streams.engine;

import io.surgewatch.events.v1.RollingCount;
import java.time.LocalDate;

/**
 * The count records of the published windows, built and handed to the output; when nobody reads
 * them (backtest {@code --counts none}) only counted. Which days get a record is decided by the
 * callers: a day whose value differs from the day before, or corrects a record already sent.
 */
final class CountRecords {
  private final EngineConfig config;
  private final EngineOutput output;
  private final boolean wanted;
  private final String[] windowNames;

  CountRecords(final EngineConfig config, final EngineOutput output) {
    this.config = config;
    this.output = output;
    this.wanted = output.wantsCounts();
    this.windowNames =
        config.publishedWindows().stream().map(window -> "P" + window + "D").toArray(String[]::new);
  }

  /**
   * @param published the index of the window among the published ones
   * @param sums the window's sums for the window ending on {@code day}
   */
  void emit(final String key, final int published, final int day, final long[] sums) {
    if (!wanted) {
      output.countSkipped();
      return;
    }
    final KeyParts parts = KeyParts.of(key);
    final int window = config.publishedWindows().get(published);
    final LocalDate end = LocalDate.ofEpochDay(day);
    // The all-fields constructor, not the builder: tens of millions of these, and the builder
    // validates each field.
    final RollingCount count =
        new RollingCount(
            parts.country(),
            parts.region(),
            parts.group(),
            windowNames[published],
            end.minusDays(window - 1L),
            end,
            sums[Tally.INCIDENTS],
            Tally.killed(sums),
            Tally.injured(sums),
            Tally.killedBy(sums),
            Tally.injuredBy(sums));
    output.count(key + '|' + windowNames[published] + '|' + end, count);
  }
}
