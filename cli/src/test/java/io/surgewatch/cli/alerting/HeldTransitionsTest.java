package io.surgewatch.cli.alerting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.surgewatch.events.v1.AlertStatus;
import io.surgewatch.events.v1.SurgeAlert;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * The debounce's bookkeeping, without a broker: what is held, when it falls due, where it holds
 * back commits.
 */
class HeldTransitionsTest {
  private static final Duration DEBOUNCE = Duration.ofSeconds(3);
  private static final TopicPartition P0 = new TopicPartition("alerts", 0);
  private static final TopicPartition P1 = new TopicPartition("alerts", 1);

  private final AtomicReference<Instant> now =
      new AtomicReference<>(Instant.parse("2023-02-04T10:00:00Z"));
  private final InstantSource clock = now::get;
  private final HeldTransitions held = new HeldTransitions(clock, DEBOUNCE);

  private void advance(final Duration d) {
    now.updateAndGet(t -> t.plus(d));
  }

  private static SurgeAlert kp(final int sequence, final AlertStatus status) {
    return TestAlerts.alert("Khyber Pakhtunkhwa", sequence, status, status.toString());
  }

  private static SurgeAlert balochistan(final int sequence, final AlertStatus status) {
    return TestAlerts.alert("Balochistan", sequence, status, status.toString());
  }

  @Test
  void laterTransitionsOfOneAlertFallDueTogetherAfterTheDebounceOfTheFirst() {
    held.hold(P0, 10, kp(2, AlertStatus.ESCALATED));
    advance(Duration.ofSeconds(2));
    held.hold(P0, 11, kp(3, AlertStatus.ESCALATED));
    assertEquals(2, held.count());
    assertEquals(1, held.alerts());
    assertNull(held.firstDue());
    assertEquals(
        Duration.ofMillis(500), held.untilDue(), "a poll never waits more than half a second");

    advance(Duration.ofMillis(800));
    assertEquals(Duration.ofMillis(200), held.untilDue());
    assertNull(held.firstDue());

    advance(Duration.ofMillis(200));
    final HeldTransitions.Held due = held.firstDue();
    assertEquals(3, due.latest().getSequence());
    assertEquals(List.of(2, 3), due.sequences());
    assertEquals(P0, due.partition());
    assertEquals(Duration.ZERO, held.untilDue());
  }

  @Test
  void theLatestStateIsTheHighestSequenceWhateverTheOrderRead() {
    held.hold(P0, 12, kp(4, AlertStatus.ESCALATED));
    held.hold(P0, 10, kp(2, AlertStatus.ESCALATED));
    held.hold(P0, 11, kp(3, AlertStatus.ESCALATED));
    advance(DEBOUNCE);
    final HeldTransitions.Held due = held.firstDue();
    assertEquals(4, due.latest().getSequence());
    assertEquals(List.of(2, 3, 4), due.sequences());
  }

  @Test
  void releasingAHeldAlertFreesItsOffsets() {
    held.hold(P0, 10, kp(2, AlertStatus.ESCALATED));
    held.hold(P0, 12, balochistan(2, AlertStatus.ESCALATED));
    assertEquals(10L, held.firstOffset(P0));
    assertNull(held.firstOffset(P1));

    advance(DEBOUNCE);
    final HeldTransitions.Held first = held.firstDue();
    held.release(first);
    assertFalse(held.isHeld(first));
    assertEquals(
        12L, held.firstOffset(P0), "the other alert's transition still holds back the commit");
    assertEquals(1, held.count());

    held.release(held.firstDue());
    assertTrue(held.isEmpty());
    assertEquals(0, held.count());
    assertNull(held.firstOffset(P0));
  }

  @Test
  void theFlappingGuardFindsAHeldEndOfAnotherAlertOnTheSameSeries() {
    held.hold(P0, 5, kp(2, AlertStatus.RESOLVED));
    final SurgeAlert reopened =
        TestAlerts.openedOn(kp(1, AlertStatus.OPEN), LocalDate.of(2023, 2, 10));
    assertEquals(AlertStatus.RESOLVED, held.endOfSeries(reopened).latest().getStatus());
    assertNull(
        held.endOfSeries(TestAlerts.openedOn(kp(1, AlertStatus.OPEN), LocalDate.of(2022, 3, 4))),
        "an end after the opening (a replay's partitions out of date order) is not its flapping");
    assertNull(held.endOfSeries(kp(1, AlertStatus.OPEN)), "not the alert's own end");
    assertNull(held.endOfSeries(balochistan(1, AlertStatus.OPEN)), "another series");

    final HeldTransitions escalating = new HeldTransitions(clock, DEBOUNCE);
    escalating.hold(P0, 5, kp(2, AlertStatus.ESCALATED));
    assertNull(escalating.endOfSeries(reopened), "only an end is folded in");
  }

  @Test
  void anOpeningHeldForItsPredecessorsEndIsFoundByThatEndWhenItIsReadAfterIt() {
    final SurgeAlert next = TestAlerts.openedOn(kp(1, AlertStatus.OPEN), LocalDate.of(2023, 2, 10));
    held.awaitEnd(P1, 3, next);
    assertEquals(3L, held.firstOffset(P1), "the opening holds back its partition's commit");
    assertEquals(1, held.count());

    held.hold(P0, 5, kp(2, AlertStatus.ESCALATED));
    assertNull(held.openingAfter(held.of(kp(2, AlertStatus.ESCALATED))), "only an end is folded");
    held.hold(P0, 6, kp(3, AlertStatus.WITHDRAWN));
    final HeldTransitions.Opening opening =
        held.openingAfter(held.of(kp(3, AlertStatus.WITHDRAWN)));
    assertEquals(next, opening.alert());
    held.release(opening);
    assertNull(held.firstOffset(P1));
    assertEquals(2, held.count(), "the end's transitions, until the follower releases them too");
  }

  @Test
  void anOpeningGoesBeforeItsAlertsLaterTransitionsAndAloneWhenItsWaitEnds() {
    final SurgeAlert next = TestAlerts.openedOn(kp(1, AlertStatus.OPEN), LocalDate.of(2023, 2, 10));
    held.awaitEnd(P1, 3, next);
    held.hold(P1, 4, TestAlerts.openedOn(kp(2, AlertStatus.ESCALATED), LocalDate.of(2023, 2, 10)));
    assertEquals(1, held.alerts());
    advance(DEBOUNCE);
    assertNull(held.firstDue(), "not the escalation while its opening waits");
    final HeldTransitions.Opening due = held.firstDueOpening();
    assertEquals(next, due.alert());
    held.release(due);
    assertEquals(2, held.firstDue().latest().getSequence());
  }

  @Test
  void anOpeningWaitsOnlyForAnEarlierAlertOfItsSeriesReadOpenAndNotEnded() {
    final OpenAlerts open = new OpenAlerts();
    final SurgeAlert next = TestAlerts.openedOn(kp(1, AlertStatus.OPEN), LocalDate.of(2023, 2, 10));
    assertFalse(open.endPending(next), "nothing read open");
    open.read(P0, kp(1, AlertStatus.OPEN));
    open.read(P1, balochistan(1, AlertStatus.OPEN));
    assertTrue(open.endPending(next));
    assertFalse(
        open.endPending(TestAlerts.openedOn(kp(1, AlertStatus.OPEN), LocalDate.of(2022, 3, 4))),
        "an earlier alert met after a later one (a replay's partitions out of date order)");
    open.read(P0, kp(2, AlertStatus.RESOLVED));
    assertFalse(open.endPending(next), "its end was read");
    open.read(P0, kp(2, AlertStatus.ESCALATED));
    open.drop(List.of(P0));
    assertFalse(open.endPending(next), "its partition moved away: the new owner reads the end");
  }

  @Test
  void droppingAPartitionForgetsWhatIsHeldOfItOnly() {
    held.hold(P0, 5, kp(2, AlertStatus.ESCALATED));
    held.hold(P1, 7, balochistan(2, AlertStatus.ESCALATED));
    held.drop(List.of(P0));
    assertNull(held.firstOffset(P0));
    assertEquals(7L, held.firstOffset(P1));
    assertEquals(1, held.count());
    advance(DEBOUNCE);
    assertEquals(P1, held.firstDue().partition());
  }
}
