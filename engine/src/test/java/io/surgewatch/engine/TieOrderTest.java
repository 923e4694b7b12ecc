package io.surgewatch.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The order of the contributions of one reported-at, the same in the app and in backtest. */
class TieOrderTest {

  private static Contribution report(final String id, final int day) {
    return new Contribution(
        Contribution.Shard.REGION,
        id,
        day,
        "PK",
        "Khyber Pakhtunkhwa",
        List.of("TTP"),
        new long[Tally.SIZE]);
  }

  @Test
  void theNewsOfALaterDayComesFirstTheLatestDayFirstThenTheReportsByIdHash() {
    final List<Contribution> tie =
        new ArrayList<>(
            List.of(
                report("B", 19_000),
                Contribution.dayReached("B", 19_000),
                report("A", 19_002),
                Contribution.dayReached("A", 19_002),
                report("C", 18_990)));
    tie.sort(Comparator.comparingLong(TieOrder::key));
    assertEquals(19_002, tie.get(0).day(), "the tie's latest day closes the days before it first");
    assertTrue(tie.get(0).isDay() && tie.get(1).isDay());
    assertEquals(19_000, tie.get(1).day());
    final List<String> reports =
        tie.subList(2, tie.size()).stream().map(Contribution::incidentId).toList();
    assertEquals(
        reports.stream().sorted(Comparator.comparingLong(TieOrder::incidentKey)).toList(),
        reports,
        "then the reports by their id's key, whatever their days or partitions");
  }

  @Test
  void anIdsKeyIsTheSameInEveryReleaseAndNeverNegative() {
    // Another release, or backtest against the app, must order a tie alike: FNV-1a 64's published
    // value for "a", sign bit cleared.
    assertEquals(0xaf63dc4c8601ec8cL & Long.MAX_VALUE, TieOrder.incidentKey("a"));
    for (final String id : List.of("", "UCDP-GED-16796", "BFO1", "\u00e9v\u00e9nement")) {
      assertTrue(TieOrder.incidentKey(id) >= 0, id);
    }
    assertTrue(TieOrder.key(Contribution.dayReached("X", Integer.MIN_VALUE)) < 0);
  }
}
