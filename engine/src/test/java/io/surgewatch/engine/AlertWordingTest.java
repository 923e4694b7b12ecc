package io.surgewatch.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.surgewatch.core.CubeKey;
import io.surgewatch.events.v1.AlertStatus;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** An alert's reason: its figures, the severity scale where a surge's severity needs saying. */
class AlertWordingTest {
  private static final CubeKey KP_TTP = new CubeKey("PK", "Khyber Pakhtunkhwa", "TTP");
  private static final int OPENED = (int) LocalDate.of(2023, 1, 30).toEpochDay();

  private static String reason(final AlertStatus status, final SurgeTest.Result result) {
    return AlertWording.reason(KP_TTP, 30, 2, status, result, OPENED, null);
  }

  @Test
  void aSurgeOpensOrEscalatesWithTheScaleItsSeverityIsRead() {
    final SurgeTest.Result surge = new SurgeTest.Result(247, 4.67, 4.67, 1e-17, 16.96, 247 / 4.67);
    assertEquals(
        "Escalated: 30-day injured in Khyber Pakhtunkhwa, TTP: 247 against 4.67 expected"
            + " (52.89x), score 16.96: CRITICAL (score >= 15 and >= 3x expected).",
        reason(AlertStatus.ESCALATED, surge));
    assertEquals(
        "30-day injured in Khyber Pakhtunkhwa, TTP: 247 against 4.67 expected (52.89x), score"
            + " 16.96: CRITICAL (score >= 15 and >= 3x expected).",
        reason(AlertStatus.OPEN, surge));
  }

  @Test
  void anAlertThatEndsSaysWhyWithoutTheScale() {
    final SurgeTest.Result calm = new SurgeTest.Result(5, 4.0, 4.0, 0.37, 0.43, 1.25);
    assertEquals(
        "Resolved: 30-day injured in Khyber Pakhtunkhwa, TTP: 5 against 4.0 expected (1.25x),"
            + " score 0.43 (back below the resolve threshold).",
        reason(AlertStatus.RESOLVED, calm));
    assertEquals(
        "Withdrawn: revised reports no longer support the surge opened on 2023-01-30; 30-day"
            + " injured in Khyber Pakhtunkhwa, TTP: 5 against 4.0 expected (1.25x), score 0.43.",
        reason(AlertStatus.WITHDRAWN, calm));
  }

  @Test
  void aWithdrawalNamesTheFigureItsOpeningDayFellShortOfAndTheSuccessorTheRevisionOpened() {
    final SurgeTest.Result revised =
        new SurgeTest.Result(262, 39.83, 39.83, 1.44e-4, 3.84, 262 / 39.83);
    final String withdrawn =
        AlertWording.reason(
            KP_TTP,
            30,
            2,
            AlertStatus.WITHDRAWN,
            revised,
            OPENED,
            AlertWording.shortOf(
                OPENED,
                "scores " + AlertWording.figure(revised.score()),
                "the open score " + AlertWording.threshold(6.0)));
    assertEquals(
        "Withdrawn: revised reports no longer support the surge: its opening day 2023-01-30 now"
            + " scores 3.84, under the open score 6; 30-day injured in Khyber Pakhtunkhwa, TTP: 262"
            + " against 39.83 expected (6.57x), score 3.84.",
        withdrawn);
    assertEquals(
        withdrawn
            + " The same revision opened its successor,"
            + " PK|Khyber Pakhtunkhwa|TTP|injured|2023-01-31.",
        AlertWording.withSuccessor(withdrawn, "PK|Khyber Pakhtunkhwa|TTP|injured|2023-01-31"));
    assertEquals("1.5", AlertWording.threshold(1.5), "a setting as written");
  }
}
