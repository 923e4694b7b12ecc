package io.surgewatch.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.surgewatch.core.EventTypes;
import io.surgewatch.core.SurgewatchConfig;
import io.surgewatch.events.v1.AlertStatus;
import io.surgewatch.events.v1.SurgeAlert;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The grace is measured back from the latest reported-at a shard has been told of, kept in its
 * state: a report the arrival order places behind it (a partition declared idle that comes back) is
 * judged by the latest, and a record of an earlier release, which carries no time, by the day
 * before the latest incident day, as those releases judged it.
 */
class GraceClockTest {
  private static final int START = 19_000;
  private static final int SURGE = START + 240; // the last day, the open one
  private static final long DAY_MS = 86_400_000L;

  private final EngineConfig config = EngineConfig.from(SurgewatchConfig.defaultsOnly());
  private final RevisionTracker stage1 =
      new RevisionTracker(RevisionTracker.Store.inMemory(), 0, EventTypes.standard());
  private final List<SurgeAlert> alerts = new ArrayList<>();
  private final CubeEngine engine =
      new CubeEngine(config, new InMemoryCubeStores(config), new AlertsOnly(alerts));

  private void report(
      final String id,
      final int day,
      final int killed,
      final boolean retracted,
      final long reportedAt,
      final long told) {
    final long[] tally = new long[Tally.SIZE];
    tally[Tally.INCIDENTS] = 1;
    tally[Tally.KILLED] = killed;
    final Contribution c =
        new Contribution(Contribution.Shard.COUNTRY, id, day, "PK", "Punjab", List.of(), tally);
    if (stage1.accept(new RevisionTracker.Report(reportedAt, 0, retracted, c))
        instanceof RevisionTracker.Counted counted) {
      for (final Contribution x : counted.contributions()) {
        if (x.shard() == Contribution.Shard.COUNTRY) {
          engine.apply(x, told);
        }
      }
    }
    engine.endTie(); // each report is a tie of its own, whole once applied
  }

  /** One killed a day, then a surge of 100 on the last day: an alert opens on it. */
  private void surge() {
    for (int d = START; d <= SURGE; d++) {
      report("K" + d, d, 1, false, d * DAY_MS, d * DAY_MS);
    }
    report("S", SURGE, 100, false, SURGE * DAY_MS + 1, SURGE * DAY_MS + 1);
    assertEquals(AlertStatus.OPEN, opened().get(0).getStatus(), alerts.toString());
  }

  private List<SurgeAlert> opened() {
    return alerts.stream().filter(a -> a.getAlertId().equals("PK|*|*|killed|" + day())).toList();
  }

  private static String day() {
    return LocalDate.ofEpochDay(SURGE).toString();
  }

  @Test
  void aRetractionInsideTheGraceOfItsOwnTimeWithdraws() {
    surge();
    report("S", SURGE, 100, true, (SURGE + 60) * DAY_MS, (SURGE + 60) * DAY_MS);
    assertEquals(
        List.of(AlertStatus.OPEN, AlertStatus.WITHDRAWN),
        opened().stream().map(SurgeAlert::getStatus).toList());
  }

  @Test
  void aShardJudgesByTheLatestTimeItWasToldNotAnEarlierOneThatComesBehind() {
    surge();
    // Another report told the shard of a time 61 days after the surge; the retraction then comes
    // with an earlier time (its partition was idle and came back behind).
    report("K-late", SURGE, 0, false, (SURGE + 61) * DAY_MS, (SURGE + 61) * DAY_MS);
    report("S", SURGE, 100, true, (SURGE + 10) * DAY_MS, (SURGE + 10) * DAY_MS);
    assertEquals(
        List.of(AlertStatus.OPEN),
        opened().stream().map(SurgeAlert::getStatus).toList(),
        "61 days after the surge's day: counts only");
  }

  @Test
  void aRecordOfAnEarlierReleaseIsJudgedFromTheDayBeforeTheLatestIncidentDay() {
    for (int d = START; d <= SURGE; d++) {
      report("K" + d, d, 1, false, d * DAY_MS, CubeEngine.UNKNOWN_TIME);
    }
    report("S", SURGE - 61, 100, false, SURGE * DAY_MS, CubeEngine.UNKNOWN_TIME);
    assertEquals(
        1,
        alerts.stream().filter(a -> a.getStatus() == AlertStatus.OPEN).count(),
        "61 days before the latest incident day: inside the grace as earlier releases measured it: "
            + alerts);
  }
}
