package io.surgewatch.streams.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.surgewatch.events.v1.AlertStatus;
import io.surgewatch.events.v1.Severity;
import io.surgewatch.events.v1.SurgeAlert;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The value of the alert-history store: transitions in order, their opening, peak and latest. */
class AlertHistoryTest {
  static SurgeAlert t(
      final int seq, final AlertStatus status, final Severity severity, final double score) {
    final LocalDate end = LocalDate.of(2023, 1, 30).plusDays(seq);
    return SurgeAlert.newBuilder()
        .setAlertId("PK|*|*|killed|2023-01-31")
        .setSequence(seq)
        .setStatus(status)
        .setCountry("PK")
        .setRegion("*")
        .setGroup("*")
        .setMetric("killed")
        .setWindowStart(end.minusDays(29))
        .setWindowEnd(end)
        .setObserved(100 + seq)
        .setExpected(5)
        .setScore(score)
        .setPValue(0.001)
        .setSeverity(severity)
        .setReason("r")
        .setOpenedOn(LocalDate.of(2023, 1, 31))
        .build();
  }

  @Test
  void keepsEveryTransitionAndKnowsOpeningPeakAndLatest() {
    List<SurgeAlert> h = new ArrayList<>();
    for (final SurgeAlert a :
        List.of(
            t(1, AlertStatus.OPEN, Severity.MEDIUM, 7),
            t(2, AlertStatus.ESCALATED, Severity.CRITICAL, 40),
            t(3, AlertStatus.ESCALATED, Severity.CRITICAL, 30),
            t(4, AlertStatus.RESOLVED, Severity.LOW, 1))) {
      h = AlertHistory.decode(AlertHistory.encode(AlertHistory.append(h, a)));
    }
    assertEquals(4, h.size());
    assertEquals(1, AlertHistory.opened(h).getSequence());
    assertEquals(2, AlertHistory.peak(h).getSequence(), "CRITICAL at the higher score");
    assertEquals(AlertStatus.RESOLVED, AlertHistory.latest(h).getStatus());
  }

  @Test
  void aRepeatedSequenceReplacesItAndWhatFollowed() {
    List<SurgeAlert> h = new ArrayList<>();
    h = AlertHistory.append(h, t(1, AlertStatus.OPEN, Severity.HIGH, 9));
    h = AlertHistory.append(h, t(2, AlertStatus.WITHDRAWN, Severity.LOW, 1));
    h =
        AlertHistory.append(
            h, t(1, AlertStatus.OPEN, Severity.MEDIUM, 7)); // re-opened on the same day
    assertEquals(1, h.size());
    assertEquals(Severity.MEDIUM, AlertHistory.peak(h).getSeverity());
    assertEquals(0, AlertHistory.decode(null).size());
  }

  @Test
  void aBasisWithdrawnThenFoundAgainIsNotTheOpeningNorThePeak() {
    final List<SurgeAlert> h =
        List.of(
            t(1, AlertStatus.OPEN, Severity.HIGH, 12),
            t(2, AlertStatus.ESCALATED, Severity.CRITICAL, 40),
            t(3, AlertStatus.WITHDRAWN, Severity.LOW, 1),
            t(4, AlertStatus.OPEN, Severity.LOW, 6.5),
            t(5, AlertStatus.ESCALATED, Severity.MEDIUM, 8.5));
    assertEquals(4, AlertHistory.opened(h).getSequence());
    assertEquals(5, AlertHistory.peak(h).getSequence());
    final List<SurgeAlert> withdrawn = h.subList(0, 3);
    assertEquals(1, AlertHistory.opened(withdrawn).getSequence(), "what was withdrawn, as it was");
    assertEquals(2, AlertHistory.peak(withdrawn).getSequence());
  }

  @Test
  void aReopenedAlertKnowsTheWithdrawalItFollowsAndWhatThatStoryFirstTold() {
    final List<SurgeAlert> h =
        List.of(
            t(1, AlertStatus.OPEN, Severity.HIGH, 12),
            t(2, AlertStatus.ESCALATED, Severity.CRITICAL, 40),
            t(3, AlertStatus.WITHDRAWN, Severity.LOW, 1),
            t(4, AlertStatus.OPEN, Severity.LOW, 6.5),
            t(5, AlertStatus.WITHDRAWN, Severity.LOW, 2),
            t(6, AlertStatus.OPEN, Severity.MEDIUM, 8.5));
    assertEquals(5, AlertHistory.withdrawalBefore(h).getSequence(), "the latest withdrawal");
    assertEquals(4, AlertHistory.withdrawnOpening(h).getSequence(), "the opening it withdrew");
    assertEquals(6, AlertHistory.opened(h).getSequence());
  }

  @Test
  void anAlertNeverReopenedFollowsNoWithdrawalNotEvenOneThatEndsIt() {
    final List<SurgeAlert> withdrawn =
        List.of(
            t(1, AlertStatus.OPEN, Severity.HIGH, 12),
            t(2, AlertStatus.WITHDRAWN, Severity.LOW, 1));
    assertNull(AlertHistory.withdrawalBefore(withdrawn));
    assertNull(AlertHistory.withdrawnOpening(withdrawn));
    assertNull(AlertHistory.withdrawalBefore(withdrawn.subList(0, 1)));
  }

  @Test
  void aResolutionIsNeverThePeak() {
    final List<SurgeAlert> h =
        List.of(
            t(1, AlertStatus.OPEN, Severity.LOW, 6),
            t(2, AlertStatus.RESOLVED, Severity.MEDIUM, 3));
    assertEquals(1, AlertHistory.peak(h).getSequence());
  }
}
