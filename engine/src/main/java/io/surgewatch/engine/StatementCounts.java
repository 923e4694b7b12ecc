package io.surgewatch.engine;

import io.surgewatch.events.v1.StatementCount;
import io.surgewatch.events.v1.StatementEvent;
import java.time.Instant;
import java.util.List;

/**
 * Statements counted by country and kind, the same in the app's {@code statement-counts} stage and
 * in backtest: each statement taken ({@link io.surgewatch.core.StatementTaking}: once per id, as
 * first sent) counts once under {@code country|KIND} for each country it is about. A statement
 * about no country counts under none.
 */
public final class StatementCounts {

  private StatementCounts() {}

  /** The keys, {@code country|KIND}, that a taken statement counts under. */
  public static List<String> keys(final StatementEvent statement) {
    return statement.getAbout().getCountries().stream()
        .map(country -> country + '|' + statement.getKind())
        .toList();
  }

  /**
   * The count under {@code key} once {@code statement} is added to it.
   *
   * @param count the count so far, null for none
   */
  public static StatementCount add(
      final String key, final StatementEvent statement, final StatementCount count) {
    final Instant last =
        count == null || statement.getMadeAt().isAfter(count.getLastMadeAt())
            ? statement.getMadeAt()
            : count.getLastMadeAt();
    final int bar = key.indexOf('|');
    return new StatementCount(
        key.substring(0, bar),
        key.substring(bar + 1),
        count == null ? 1 : count.getTotal() + 1,
        last);
  }
}
