package io.surgewatch.streams.topology;

import static io.surgewatch.streams.topology.TopologyHarness.incident;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.surgewatch.events.v1.AlertStatus;
import io.surgewatch.events.v1.IncidentEvent;
import io.surgewatch.events.v1.Severity;
import io.surgewatch.events.v1.Source;
import io.surgewatch.events.v1.SourceKind;
import io.surgewatch.events.v1.Speaker;
import io.surgewatch.events.v1.StatementEvent;
import io.surgewatch.events.v1.StatementKind;
import io.surgewatch.events.v1.StatementSubject;
import io.surgewatch.events.v1.SurgeAlert;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Surge alerts: when they open, escalate, resolve and are withdrawn, and what they carry. */
class SurgeLifecycleTest {
  static final LocalDate START = LocalDate.of(2022, 1, 1);
  final TopologyHarness h = new TopologyHarness();
  final List<SurgeAlert> alerts = new ArrayList<>();
  int seq;

  @AfterEach
  void close() {
    h.close();
  }

  /** n incidents on a day in Punjab by an unattributed group, each killing k. */
  void day(final int offset, final int n, final int k) {
    final LocalDate d = START.plusDays(offset);
    for (int i = 0; i < n; i++) {
      h.send(
          incident(
              "I" + (seq++),
              d,
              d.atStartOfDay().toInstant(ZoneOffset.UTC).plusSeconds(3600L * (8 + i)),
              k,
              "Punjab",
              null));
    }
  }

  /** A noisy but steady baseline: 1-3 incidents a day, for 210 days. */
  void baseline() {
    for (int d = 0; d < 210; d++) {
      day(d, 1 + (d * 7 % 5 == 0 ? 2 : d % 2), 1 + d % 3);
    }
  }

  List<SurgeAlert> alerts(final String key, final String metric) {
    alerts.addAll(h.alerts().readValuesToList());
    return alerts.stream()
        .filter(
            a ->
                (a.getCountry() + "|" + a.getRegion() + "|" + a.getGroup()).equals(key)
                    && a.getMetric().equals(metric))
        .toList();
  }

  @Test
  void aSteadyBaselineRaisesNoAlert() {
    baseline();
    day(240, 1, 1);
    assertTrue(alerts("PK|*|*", "incidents").isEmpty(), alerts.toString());
    assertTrue(alerts("PK|*|*", "killed").isEmpty(), alerts.toString());
  }

  @Test
  void aSurgeOpensOneAlertWithAReasonADutyOfficerUnderstands() {
    baseline();
    for (int d = 210; d < 225; d++) {
      day(d, 7, 3);
    }
    final List<SurgeAlert> opened =
        alerts("PK|*|*", "incidents").stream()
            .filter(a -> a.getStatus() == AlertStatus.OPEN)
            .toList();
    assertEquals(1, opened.size(), alerts.toString());
    final SurgeAlert a = opened.get(0);
    assertEquals(1, a.getSequence());
    assertEquals("PK|*|*|incidents|" + a.getWindowEnd(), a.getAlertId());
    assertTrue(
        a.getObserved() >= 1.5 * a.getExpected(),
        "opens only past the minimum ratio (surge.min-ratio)");
    assertTrue(a.getScore() >= 6, "opens only past the family-wise threshold");
    assertTrue(
        a.getReason().startsWith("30-day incidents in Pakistan, all groups: "), a.getReason());
    assertTrue(a.getReason().contains("expected"), a.getReason());
    assertFalse(a.getTopIncidentIds().isEmpty(), "names its largest contributing incidents");
    assertTrue(a.getWindowEnd().isAfter(START.plusDays(209)));
  }

  @Test
  void oneReportOnTheLatestDayRaisesItsAlertWithNoLaterReport() {
    baseline();
    // A bombing on the newest day: no report of a later day closes it, and the alert is on the
    // topic at once.
    final LocalDate d = START.plusDays(210);
    h.send(
        incident(
            "BOMB",
            d,
            d.atStartOfDay().toInstant(ZoneOffset.UTC).plusSeconds(3600),
            120,
            "Punjab",
            null));
    final List<SurgeAlert> killed = alerts("PK|*|*", "killed");
    assertEquals(1, killed.size(), alerts.toString());
    final SurgeAlert a = killed.get(0);
    assertEquals(AlertStatus.OPEN, a.getStatus());
    assertEquals(d, a.getWindowEnd(), "the open day, on its figures so far");
    assertEquals(List.of("BOMB"), a.getTopIncidentIds().subList(0, 1));
    assertTrue(a.getReason().contains("score "), a.getReason());
    assertTrue(
        a.getReason().contains(a.getSeverity() + " (score >= "),
        "the scale, in words: " + a.getReason());
  }

  @Test
  void theOpenDaysFiguresAreProvisionalGrowthEscalatesAndARevisionThatRemovesTheBasisWithdraws() {
    baseline();
    final LocalDate d = START.plusDays(210);
    final Instant morning = d.atStartOfDay().toInstant(ZoneOffset.UTC);
    h.send(incident("B1", d, morning.plusSeconds(3600), 100, "Punjab", null));
    h.send(incident("B2", d, morning.plusSeconds(7200), 400, "Punjab", null));
    List<SurgeAlert> life = alerts("PK|*|*", "killed");
    assertEquals(
        List.of(AlertStatus.OPEN, AlertStatus.ESCALATED),
        life.stream().map(SurgeAlert::getStatus).toList());
    // Both reports revised to their true, small figures the same day: the surge was never there.
    h.send(incident("B1", d, morning.plusSeconds(10_800), 1, "Punjab", null));
    h.send(incident("B2", d, morning.plusSeconds(14_400), 1, "Punjab", null));
    life = alerts("PK|*|*", "killed");
    assertEquals(AlertStatus.WITHDRAWN, life.get(life.size() - 1).getStatus(), life.toString());
    assertEquals(
        1, life.stream().map(SurgeAlert::getAlertId).distinct().count(), "one alert id throughout");
  }

  @Test
  void anAlertEscalatesAsTheSurgeGrowsThenResolvesOnceWithoutFlapping() {
    baseline();
    for (int d = 210; d < 240; d++) {
      day(d, 3 + (d - 210) / 3, 4);
    }
    for (int d = 240; d < 330; d++) {
      day(d, d % 2, 1);
    }
    final List<SurgeAlert> life = alerts("PK|*|*", "incidents");
    final List<AlertStatus> statuses = life.stream().map(SurgeAlert::getStatus).toList();
    assertEquals(AlertStatus.OPEN, statuses.get(0), statuses.toString());
    assertTrue(statuses.contains(AlertStatus.ESCALATED), statuses.toString());
    assertEquals(
        1,
        statuses.stream().filter(s -> s == AlertStatus.OPEN).count(),
        "no flapping: " + statuses);
    assertEquals(AlertStatus.RESOLVED, statuses.get(statuses.size() - 1), statuses.toString());
    for (int i = 0; i < life.size(); i++) {
      assertEquals(i + 1, life.get(i).getSequence());
      assertEquals(
          life.get(0).getAlertId(), life.get(i).getAlertId(), "one id through the alert's life");
    }
  }

  /**
   * Twelve days of seven incidents each, after the baseline: the first id and one past the last.
   */
  int[] surge() {
    baseline();
    final int first = seq;
    for (int d = 210; d < 222; d++) {
      day(d, 7, 3);
    }
    return new int[] {first, seq};
  }

  /** Retracts the surge's reports, reported at {@code at}. */
  void retract(final int[] surge, final Instant at) {
    for (int i = surge[0]; i < surge[1]; i++) {
      final LocalDate d = START.plusDays(210 + (i - surge[0]) / 7);
      h.send(
          IncidentEvent.newBuilder(incident("I" + i, d, at.plusSeconds(i), 3, "Punjab", null))
              .setRetracted(true)
              .build());
    }
  }

  @Test
  void anAlertWhoseBasisIsRevisedAwayIsWithdrawn() {
    final int[] surge = surge();
    assertEquals(AlertStatus.OPEN, alerts("PK|*|*", "incidents").get(0).getStatus());
    // The surge's reports are retracted, a few days later (well within the grace).
    retract(surge, START.plusDays(224).atStartOfDay().toInstant(ZoneOffset.UTC));
    day(225, 1, 1);
    final List<AlertStatus> statuses =
        alerts("PK|*|*", "incidents").stream().map(SurgeAlert::getStatus).toList();
    assertTrue(statuses.contains(AlertStatus.WITHDRAWN), statuses.toString());
  }

  @Test
  void retractionsReportedLongAfterTheGraceChangeTheCountsNotTheAlerts() {
    // As above, but the retractions come two years later, with no newer incident in between: the
    // grace is measured back from the latest reported-at, not from the latest incident day.
    final int[] surge = surge();
    final List<SurgeAlert> before = alerts("PK|*|*", "incidents");
    assertEquals(AlertStatus.OPEN, before.get(0).getStatus());
    h.drainCounts();
    assertTrue(h.valueAsOf("PK", "*", "*", "P7D", START.plusDays(215)).getIncidents() > 30);
    final Instant later = START.plusDays(221 + 730).atStartOfDay().toInstant(ZoneOffset.UTC);
    retract(surge, later);
    // A later report moves the incidents' partition on past the last retraction; its own day is
    // old too (counts only).
    h.send(incident("LAST", START.plusDays(221), later.plusSeconds(86_400), 1, "Punjab", null));
    h.drainCounts();
    assertEquals(before, alerts("PK|*|*", "incidents"), "no alert transition");
    assertTrue(
        h.valueAsOf("PK", "*", "*", "P7D", START.plusDays(215)).getIncidents() < 10,
        "the surge's days are counted again without it");
  }

  @Test
  void revisionsThatReattributeIncidentsLeaveTheCountryAlertAlone() {
    reattribute(7);
  }

  void reattribute(final int perDay) {
    baseline();
    final int first = seq;
    for (int d = 210; d < 222; d++) {
      day(d, perDay, 3);
    }
    final int last = seq;
    final String id = alerts("PK|*|*", "incidents").get(0).getAlertId();
    // Analysts attribute the surge's incidents to the TTP: the country's figures do not change.
    final Instant later = START.plusDays(223).atStartOfDay().toInstant(ZoneOffset.UTC);
    for (int i = first; i < last; i++) {
      h.send(
          incident(
              "I" + i,
              START.plusDays(210 + (i - first) / perDay),
              later.plusSeconds(i),
              3,
              "Punjab",
              "TTP"));
    }
    day(224, 1, 1);
    final List<SurgeAlert> life = alerts("PK|*|*", "incidents");
    assertTrue(
        life.stream().allMatch(a -> a.getAlertId().equals(id)),
        "one alert, never reopened: " + life);
    assertTrue(
        life.stream().noneMatch(a -> a.getStatus() == AlertStatus.WITHDRAWN), life.toString());
  }

  @Test
  void aRevisionThatLowersTheFiguresButKeepsTheSurgeKeepsTheAlert() {
    baseline();
    // One bombing kills 300; revised the next day to 290: still a surge, the same alert.
    final LocalDate d = START.plusDays(210);
    h.send(
        incident(
            "BIG",
            d,
            d.atStartOfDay().toInstant(ZoneOffset.UTC).plusSeconds(3600),
            300,
            "Punjab",
            null));
    day(211, 1, 1);
    final List<SurgeAlert> opened = alerts("PK|*|*", "killed");
    assertEquals(AlertStatus.OPEN, opened.get(0).getStatus(), opened.toString());
    h.send(
        incident(
            "BIG",
            d,
            d.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC).plusSeconds(7200),
            290,
            "Punjab",
            null));
    day(212, 1, 1);
    final List<SurgeAlert> life = alerts("PK|*|*", "killed");
    assertTrue(
        life.stream().allMatch(a -> a.getAlertId().equals(opened.get(0).getAlertId())),
        life.toString());
    assertTrue(
        life.stream().noneMatch(a -> a.getStatus() == AlertStatus.WITHDRAWN), life.toString());
  }

  @Test
  void aSustainedSurgeStaysOpenUntilItEndsNotUntilItFillsTheBaseline() {
    baseline();
    for (int d = 210; d < 330; d++) { // four months at three times the usual rate
      day(d, 6, 2);
    }
    final List<SurgeAlert> during = alerts("PK|*|*", "incidents");
    assertEquals(AlertStatus.OPEN, during.get(0).getStatus(), during.toString());
    assertTrue(
        during.stream().noneMatch(a -> a.getStatus() == AlertStatus.RESOLVED),
        "still surging against the months before it: " + during);
    for (int d = 330; d < 400; d++) { // back to the usual rate
      day(d, 1 + d % 2, 1);
    }
    final List<SurgeAlert> life = alerts("PK|*|*", "incidents");
    final SurgeAlert last = life.get(life.size() - 1);
    assertEquals(AlertStatus.RESOLVED, last.getStatus(), life.toString());
    assertTrue(
        last.getWindowEnd().isAfter(START.plusDays(330)),
        "resolved after the surge ended: " + last);
    assertEquals(Severity.LOW, last.getSeverity(), "a resolution is rated by its own figures");
  }

  @Test
  void aKeyWithTooThinABaselineNeverAlerts() {
    for (int d = 0; d < 210; d += 30) {
      day(d, 1, 1);
    }
    for (int d = 210; d < 225; d++) {
      day(d, 2, 2);
    }
    assertTrue(
        alerts("PK|Punjab|*", "incidents").isEmpty(),
        "fewer than one incident a week in the baseline");
  }

  @Test
  void alertsCarryRecentStatementsAndLinkTheirRollups() {
    baseline();
    final Instant said = START.plusDays(212).atStartOfDay().toInstant(ZoneOffset.UTC);
    h.send(
        StatementEvent.newBuilder()
            .setId("ST1")
            .setMadeAt(said)
            .setSpeaker(new Speaker("Ned Price", "Spokesperson", "US Department of State", "US"))
            .setKind(StatementKind.ACCUSATION)
            .setQuote("<b>The Taliban</b> had not lived up to that commitment.")
            .setSource(new Source("The Media Line", null, SourceKind.NEWS))
            .setAbout(new StatementSubject(List.of("PK"), List.of(), List.of("TTP"), List.of()))
            .build());
    h.send(
        StatementEvent.newBuilder()
            .setId("ST-NG")
            .setMadeAt(said.plusSeconds(60))
            .setSpeaker(new Speaker("A Governor", null, null, "NG"))
            .setKind(StatementKind.DENIAL)
            .setQuote("Nothing happened in Borno.")
            .setSource(new Source("Daily Trust", null, SourceKind.NEWS))
            .setAbout(new StatementSubject(List.of("NG"), List.of(), List.of(), List.of()))
            .build());
    for (int d = 210; d < 225; d++) {
      day(d, 7, 3);
    }
    final SurgeAlert pk = alerts("PK|*|*", "incidents").get(0);
    assertEquals(1, pk.getStatements().size(), "the statement about Nigeria is not about Pakistan");
    final SurgeAlert unattributed = alerts("*|*|UNKNOWN", "incidents").get(0);
    assertEquals(
        List.of(),
        unattributed.getStatements(),
        "a group's alert everywhere takes statements naming the group");
    assertEquals("ST1", pk.getStatements().get(0).getId());
    assertEquals(
        "Ned Price, Spokesperson, US Department of State", pk.getStatements().get(0).getSpeaker());
    final SurgeAlert all = alerts("*|*|*", "incidents").get(0);
    assertTrue(
        pk.getRelatedAlertIds().contains(all.getAlertId())
            || all.getRelatedAlertIds().contains(pk.getAlertId()),
        "the country alert and the global rollup are one story");
  }
}
