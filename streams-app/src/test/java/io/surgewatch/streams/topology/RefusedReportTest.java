package io.surgewatch.streams.topology;

import static io.surgewatch.streams.topology.CountingSemanticsTest.D;
import static io.surgewatch.streams.topology.CountingSemanticsTest.KP_TTP;
import static io.surgewatch.streams.topology.CountingSemanticsTest.at;
import static io.surgewatch.streams.topology.TopologyHarness.incident;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.surgewatch.core.Keys;
import io.surgewatch.events.v1.DeadLetter;
import io.surgewatch.events.v1.IncidentEvent;
import io.surgewatch.events.v1.Source;
import io.surgewatch.events.v1.SourceKind;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.utils.Bytes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A report stage 1 refuses as too late (history.days) is kept beside the report that stands for its
 * incident, while it is the later word: the incidents API must not pass the figures that stand off
 * as the latest.
 */
class RefusedReportTest {
  static final Map<String, String> HISTORY = Map.of(Keys.HISTORY_DAYS, "60");
  final TopologyHarness h = new TopologyHarness(HISTORY);

  @AfterEach
  void close() {
    h.close();
  }

  private IncidentEvent standing(final TopologyHarness harness, final String id) {
    final byte[] bytes =
        harness.driver.<String, byte[]>getKeyValueStore(IncidentIntakeProcessor.DETAILS).get(id);
    return bytes == null
        ? null
        : InternalSerdes.avroBinary(IncidentEvent.class).deserializer().deserialize(null, bytes);
  }

  private static RefusedReport refused(final TopologyHarness harness, final String id) {
    final byte[] bytes =
        harness.driver.<String, byte[]>getKeyValueStore(IncidentIntakeProcessor.REFUSED).get(id);
    return bytes == null ? null : RefusedReport.decode(bytes, IncidentIntakeProcessor.REFUSED);
  }

  /** A1 counted on D, then a report 100 days on: D is no longer in the history of 60 days. */
  private void countedBeforeTheHistory(final TopologyHarness harness) {
    harness.send(incident("A1", D, at(D, 10), 5, "Khyber Pakhtunkhwa", "TTP"));
    harness.send(incident("B1", D.plusDays(100), at(D.plusDays(100), 10), 1, "Punjab", null));
  }

  @Test
  void aRevisionMovingAnIncidentFromBeforeTheHistoryIntoItIsKeptBesideTheReportThatStands() {
    countedBeforeTheHistory(h);
    final IncidentEvent revision =
        incident("A1", D.plusDays(99), at(D.plusDays(100), 12), 9, "Khyber Pakhtunkhwa", "TTP");
    h.send(revision);

    final List<DeadLetter> dead = h.deadLetters().readValuesToList();
    assertEquals(List.of("TOO_LATE"), dead.stream().map(DeadLetter::getCategory).toList());
    assertEquals(5, h.killedAsOf(KP_TTP, "P365D", D.plusDays(100)), "the counted report stands");
    final IncidentEvent standing = standing(h, "A1");
    assertEquals(D, standing.getOccurredOn(), "the details still show the report counted");
    assertFalse(standing.getRetracted());

    final RefusedReport refused = refused(h, "A1");
    assertEquals(revision.getReportedAt().toEpochMilli(), refused.reportedAt());
    assertEquals(D.plusDays(99), LocalDate.ofEpochDay(refused.occurredOn()), "where it moved to");
    assertFalse(refused.retracted());
    final DeadLetter letter = refused.deadLetter();
    assertEquals(dead.get(0).getReason(), letter.getReason());
    assertTrue(
        letter.getReason().contains("revises the report counted for incident day " + D),
        letter.getReason());
    assertEquals("TOO_LATE", letter.getCategory());
    assertEquals("A1", letter.getOriginalKey(), "the dead letter's key on its topic");
    assertEquals(dead.get(0).getSourceTopic(), letter.getSourceTopic());
    assertEquals(dead.get(0).getSourcePartition(), letter.getSourcePartition());
    assertEquals(dead.get(0).getSourceOffset(), letter.getSourceOffset());
    assertEquals(dead.get(0).getFailedAt(), letter.getFailedAt());
    assertNull(letter.getOriginalValue(), "the dead letter on its topic has the bytes");
  }

  @Test
  void aDeletionRefusedBecauseTheIncidentWasCountedBeforeTheHistoryIsKeptAsARetraction() {
    countedBeforeTheHistory(h);
    h.send(
        IncidentEvent.newBuilder(incident("A1", D, at(D.plusDays(100), 12), 0, null, null))
            .setRetracted(true)
            .setSource(new Source("ACLED deletions", null, SourceKind.TRACKER))
            .build());
    assertEquals(
        List.of("TOO_LATE"),
        h.deadLetters().readValuesToList().stream().map(DeadLetter::getCategory).toList());
    assertFalse(standing(h, "A1").getRetracted(), "the incident stays counted");
    assertTrue(refused(h, "A1").retracted(), "but its deletion was refused");
  }

  @Test
  void theLatestRefusedReportIsKeptNotAnOlderOneThatComesAfterIt() {
    countedBeforeTheHistory(h);
    h.send(incident("A1", D.plusDays(99), at(D.plusDays(100), 14), 9, "Punjab", "TTP"));
    h.send(incident("A1", D.plusDays(98), at(D.plusDays(100), 12), 7, "Punjab", "TTP"));
    assertEquals(2, h.deadLetters().readValuesToList().size(), "both refused");
    assertEquals(D.plusDays(99), LocalDate.ofEpochDay(refused(h, "A1").occurredOn()));

    h.send(incident("A1", D.plusDays(100), at(D.plusDays(100), 15), 8, "Punjab", "TTP"));
    assertEquals(
        D.plusDays(100), LocalDate.ofEpochDay(refused(h, "A1").occurredOn()), "a later one is");
  }

  @Test
  void aRefusedReportThatIsNoLaterWordIsNotKept() {
    countedBeforeTheHistory(h);
    // A copy of the report that stands, re-published: refused, unchanged as it is, but what stands
    // is still the latest word.
    h.send(incident("A1", D, at(D, 10), 5, "Khyber Pakhtunkhwa", "TTP"));
    // An incident never counted: nothing stands to mark.
    h.send(incident("OLD", D, at(D.plusDays(100), 12), 3, "Khyber Pakhtunkhwa", "TTP"));
    assertEquals(
        List.of("A1", "OLD"),
        h.deadLetters().readValuesToList().stream().map(DeadLetter::getRecordId).toList());
    assertNull(refused(h, "A1"));
    assertNull(refused(h, "OLD"));
    assertNull(standing(h, "OLD"));
  }

  @Test
  void aRevisionMovingAnIncidentBeforeTheHistoryStandsRefusedUntilALaterReportCountsIt() {
    final LocalDate counted = D.plusDays(100);
    h.send(incident("A1", counted, at(counted, 10), 5, "Khyber Pakhtunkhwa", "TTP"));
    h.send(incident("B1", D.plusDays(101), at(D.plusDays(101), 10), 1, "Punjab", null));
    h.send(incident("A1", D, at(D.plusDays(101), 12), 5, "Khyber Pakhtunkhwa", "TTP"));
    final List<DeadLetter> dead = h.deadLetters().readValuesToList();
    assertEquals(List.of("TOO_LATE"), dead.stream().map(DeadLetter::getCategory).toList());
    assertTrue(standing(h, "A1").getRetracted(), "it stands, out of the counts");
    assertEquals(D, LocalDate.ofEpochDay(refused(h, "A1").occurredOn()));
    assertEquals(
        dead.get(0).getReason(),
        refused(h, "A1").deadLetter().getReason(),
        "its reason says the figures counted on the day it left were taken out");

    h.send(incident("A1", counted, at(D.plusDays(101), 13), 7, "Khyber Pakhtunkhwa", "TTP"));
    assertEquals(7, h.killedAsOf(KP_TTP, "P7D", D.plusDays(101)), "counted afresh");
    assertNull(refused(h, "A1"), "the report that stands is the latest word again");
  }

  @Test
  void aReportCountedAfterARefusalClearsItOnlyWhenItIsLater() {
    // Retracted, then reported again twice: the later report, of a day before the history, is
    // refused; the earlier one, of a day inside it, comes after it and is counted.
    h.send(incident("A1", D.plusDays(90), at(D.plusDays(90), 10), 5, "Khyber Pakhtunkhwa", "TTP"));
    h.send(
        IncidentEvent.newBuilder(incident("A1", D, at(D.plusDays(100), 10), 0, null, null))
            .setRetracted(true)
            .build());
    h.send(incident("A1", D, at(D.plusDays(100), 14), 6, "Khyber Pakhtunkhwa", "TTP"));
    h.send(incident("A1", D.plusDays(95), at(D.plusDays(100), 12), 4, "Punjab", "TTP"));
    assertEquals(
        List.of("TOO_LATE"),
        h.deadLetters().readValuesToList().stream().map(DeadLetter::getCategory).toList());
    assertEquals(D.plusDays(95), standing(h, "A1").getOccurredOn(), "counted");
    assertEquals(D, LocalDate.ofEpochDay(refused(h, "A1").occurredOn()), "still the later word");

    h.send(incident("A1", D.plusDays(96), at(D.plusDays(100), 15), 4, "Punjab", "TTP"));
    assertNull(refused(h, "A1"), "a later report counted supersedes it");
  }

  @Test
  void aRefusalIsInAChangelogAndClearedAfterARestartThatLiftedTheHistory() {
    countedBeforeTheHistory(h);
    h.send(incident("A1", D.plusDays(99), at(D.plusDays(100), 12), 9, "Punjab", "TTP"));
    assertTrue(
        h.driver
            .producedTopicNames()
            .contains(h.config.get(Keys.APPLICATION_ID) + "-incident-refused-changelog"),
        h.driver.producedTopicNames().toString());
    final Map<String, Map<Bytes, byte[]>> state = StoredState.read(h);
    try (TopologyHarness lifted = new TopologyHarness(Map.of(Keys.HISTORY_DAYS, "0"))) {
      StoredState.restore(lifted, state);
      assertEquals(D.plusDays(99), LocalDate.ofEpochDay(refused(lifted, "A1").occurredOn()));
      lifted.send(incident("A1", D.plusDays(99), at(D.plusDays(100), 13), 9, "Punjab", "TTP"));
      assertEquals(List.of(), lifted.deadLetters().readValuesToList(), "counted now");
      assertNull(refused(lifted, "A1"));
    }
  }
}
