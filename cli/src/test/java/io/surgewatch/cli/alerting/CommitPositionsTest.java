package io.surgewatch.cli.alerting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.surgewatch.events.v1.AlertStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** How far a partition may be committed: after what was handled, never past a held transition. */
class CommitPositionsTest {
  private static final TopicPartition P0 = new TopicPartition("alerts", 0);

  private final HeldTransitions held =
      new HeldTransitions(() -> Instant.EPOCH, Duration.ofSeconds(3));
  private final CommitPositions positions = new CommitPositions(held);

  @Test
  void nothingHandledIsNothingToCommit() {
    assertNull(positions.target(P0));
  }

  @Test
  void theCommitFollowsTheRecordsHandledButStopsAtTheFirstHeld() {
    positions.handled(P0, 4);
    assertEquals(4L, positions.target(P0));
    held.hold(P0, 4, TestAlerts.alert("Khyber Pakhtunkhwa", 2, AlertStatus.ESCALATED, ""));
    positions.handled(P0, 5);
    positions.handled(P0, 9);
    assertEquals(4L, positions.target(P0));
    assertFalse(positions.isCommitted(P0, 4));
    positions.committed(P0, 4);
    assertTrue(positions.isCommitted(P0, 4));
  }

  @Test
  void aPartitionThatMovedAwayAndCameBackIsNotCommittedPastWhatWasHeldThere() {
    positions.handled(P0, 9);
    held.hold(P0, 6, TestAlerts.alert("Khyber Pakhtunkhwa", 2, AlertStatus.ESCALATED, ""));
    positions.committed(P0, 6);
    positions.forget(P0);
    held.drop(List.of(P0));
    assertEquals(6L, positions.target(P0), "the rewind");
    assertFalse(positions.isCommitted(P0, 6));

    positions.handled(P0, 12); // a stale record of the batch, handled before the next poll
    assertEquals(6L, positions.target(P0));
    positions.resumedAt(P0, 6);
    assertEquals(6L, positions.target(P0));
    positions.handled(P0, 12);
    assertEquals(12L, positions.target(P0), "read again from there: no rewind any more");
  }

  @Test
  void aPollForgetsTheRewinds() {
    held.hold(P0, 6, TestAlerts.alert("Khyber Pakhtunkhwa", 2, AlertStatus.ESCALATED, ""));
    positions.forget(P0);
    held.drop(List.of(P0));
    assertEquals(6L, positions.target(P0));
    positions.clearRewinds();
    assertNull(positions.target(P0));
  }
}
