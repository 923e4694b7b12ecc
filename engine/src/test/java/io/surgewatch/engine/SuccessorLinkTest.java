package io.surgewatch.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.surgewatch.core.EventTypes;
import io.surgewatch.core.SurgewatchConfig;
import io.surgewatch.events.v1.AlertStatus;
import io.surgewatch.events.v1.SurgeAlert;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A late correction that withdraws an alert and, in the same re-test, opens the next alert of its
 * series from a later day: the two records name each other ({@code successor} on the withdrawal,
 * {@code predecessor} on the opening), so that readers link them without parsing the reason, which
 * still says it in words.
 */
class SuccessorLinkTest {
  private static final int START = (int) LocalDate.of(2022, 1, 1).toEpochDay();
  private static final int SURGE = (int) LocalDate.of(2022, 8, 25).toEpochDay();
  private static final int LAST = (int) LocalDate.of(2022, 9, 5).toEpochDay();
  private static final long DAY_MS = 86_400_000L;
  private static final String FIRST = "PK|*|*|killed|2022-08-25";
  private static final String NEXT = "PK|*|*|killed|2022-08-26";

  private final EngineConfig config = EngineConfig.from(SurgewatchConfig.defaultsOnly());
  private final RevisionTracker stage1 =
      new RevisionTracker(RevisionTracker.Store.inMemory(), 0, EventTypes.standard());
  private final List<SurgeAlert> alerts = new ArrayList<>();
  private final CubeEngine engine =
      new CubeEngine(config, new InMemoryCubeStores(config), new AlertsOnly(alerts));

  private void report(final String id, final int day, final int killed, final long reportedAt) {
    final long[] tally = new long[Tally.SIZE];
    tally[Tally.INCIDENTS] = 1;
    tally[Tally.KILLED] = killed;
    final Contribution c =
        new Contribution(Contribution.Shard.COUNTRY, id, day, "PK", "Punjab", List.of(), tally);
    if (stage1.accept(new RevisionTracker.Report(reportedAt, 0, false, c))
        instanceof RevisionTracker.Counted counted) {
      for (final Contribution x : counted.contributions()) {
        if (x.shard() == Contribution.Shard.COUNTRY) {
          engine.apply(x, reportedAt);
        }
      }
    }
    engine.endTie();
  }

  /**
   * One killed a day; on 25 August S0 (20 killed) and S1 (25), on 26 August S2 ({@code
   * nextDayKilled}): an alert opens on 25 August. Reports go on to 5 September.
   */
  private void surge(final int nextDayKilled) {
    for (int d = START; d <= LAST; d++) {
      report("K" + d, d, 1, d * DAY_MS);
      if (d == SURGE) {
        report("S0", d, 20, d * DAY_MS + 1);
        report("S1", d, 25, d * DAY_MS + 2);
      } else if (d == SURGE + 1) {
        report("S2", d, nextDayKilled, d * DAY_MS + 1);
      }
    }
    assertEquals(AlertStatus.OPEN, of(FIRST).get(0).getStatus(), alerts.toString());
  }

  /** On 6 September, inside the grace, S1 is revised to none killed. */
  private void reviseS1AwayOnSeptember6() {
    report("S1", SURGE, 0, (LAST + 1) * DAY_MS);
  }

  private List<SurgeAlert> of(final String alertId) {
    return alerts.stream().filter(a -> a.getAlertId().equals(alertId)).toList();
  }

  @Test
  void theWithdrawalNamesItsSuccessorAndTheSuccessorsOpeningNamesItsPredecessor() {
    surge(40);
    reviseS1AwayOnSeptember6();

    final List<SurgeAlert> first = of(FIRST);
    final SurgeAlert withdrawn = first.get(first.size() - 1);
    assertEquals(AlertStatus.WITHDRAWN, withdrawn.getStatus(), first.toString());
    assertEquals(NEXT, withdrawn.getSuccessor());
    assertNull(withdrawn.getPredecessor());
    assertTrue(
        withdrawn.getReason().endsWith(" The same revision opened its successor, " + NEXT + "."),
        "the reason still says it in words: " + withdrawn.getReason());

    final SurgeAlert opened = of(NEXT).get(0);
    assertEquals(AlertStatus.OPEN, opened.getStatus(), of(NEXT).toString());
    assertEquals(FIRST, opened.getPredecessor());
    assertNull(opened.getSuccessor());
    assertEquals(
        alerts.indexOf(withdrawn) + 1, alerts.indexOf(opened), "sent together, in that order");
  }

  @Test
  void everyOtherTransitionNamesNeither() {
    surge(40);
    reviseS1AwayOnSeptember6();
    for (final SurgeAlert a : alerts) {
      final boolean linked =
          a.getAlertId().startsWith("PK|*|*|killed|")
              && (a.getStatus() == AlertStatus.WITHDRAWN && a.getAlertId().equals(FIRST)
                  || a.getStatus() == AlertStatus.OPEN && a.getAlertId().equals(NEXT));
      if (!linked) {
        assertNull(a.getSuccessor(), a.toString());
        assertNull(a.getPredecessor(), a.toString());
      }
    }
  }

  @Test
  void aWithdrawalWhoseReTestOpensNothingNamesNoSuccessor() {
    surge(1); // 26 August as quiet as the days before it: nothing holds the surge after S1 goes
    reviseS1AwayOnSeptember6();
    final List<SurgeAlert> first = of(FIRST);
    final SurgeAlert withdrawn = first.get(first.size() - 1);
    assertEquals(AlertStatus.WITHDRAWN, withdrawn.getStatus(), first.toString());
    assertNull(withdrawn.getSuccessor());
    assertTrue(
        alerts.stream().noneMatch(a -> a.getPredecessor() != null),
        "no opening names a predecessor: " + alerts);
  }
}
