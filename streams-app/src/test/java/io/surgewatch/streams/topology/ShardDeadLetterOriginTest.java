package io.surgewatch.streams.topology;

import static io.surgewatch.streams.topology.TopologyHarness.incident;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.surgewatch.core.Keys;
import io.surgewatch.core.SourceHeaders;
import io.surgewatch.engine.Contribution;
import io.surgewatch.engine.Tally;
import io.surgewatch.events.v1.DeadLetter;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.junit.jupiter.api.Test;

/**
 * A cube shard's {@code TOO_LATE} letter names the file and line of the report, as stage 1's
 * letters do, when the report's headers named them: with a bounded history (the only case in which
 * a shard dead-letters a report) stage 1 passes the report's origin on with its contributions.
 */
class ShardDeadLetterOriginTest {
  private static final LocalDate D = LocalDate.of(2023, 1, 10);
  private static final String REPARTITION = "-cube-contributions-repartition";

  private static TopologyHarness bounded(final String inputPartitions) {
    return new TopologyHarness(
        Map.of(Keys.HISTORY_DAYS, "60", Keys.TOPIC_INPUT_PARTITIONS, inputPartitions));
  }

  private static ShardInput.Placed placed(
      final String id,
      final LocalDate day,
      final long at,
      final int source,
      final SourceHeaders.Origin origin) {
    final long[] tally = new long[Tally.SIZE];
    tally[Tally.INCIDENTS] = 1;
    return new ShardInput.Placed(
        new ArrivalPosition(at, source, 0, 0),
        at,
        new Contribution(
            Contribution.Shard.REGION,
            id,
            (int) day.toEpochDay(),
            "PK",
            "Khyber Pakhtunkhwa",
            List.of("TTP"),
            tally),
        origin);
  }

  @Test
  void aReportTooLateForItsShardIsDeadLetteredWithTheFileAndLineItCameFrom() {
    try (TopologyHarness h = bounded("2")) {
      final TestInputTopic<String, ShardInput> shard =
          h.driver.createInputTopic(
              h.config.get(Keys.APPLICATION_ID) + REPARTITION,
              new StringSerializer(),
              ShardInput.serde().serializer());
      shard.pipeInput("PK", placed("RECENT", D.plusDays(100), 1_000, 0, null));
      // Partition 1's stage-1 task lagged: it passed a report from 100 days before.
      shard.pipeInput(
          "PK",
          placed("OLD", D, 2_000, 1, new SourceHeaders.Origin("acled_2023-02-01.csv", 4_711L)));
      shard.pipeInput("PK", new ShardInput.Progress(0, ArrivalPosition.through(3_000)));
      shard.pipeInput("PK", new ShardInput.Progress(1, ArrivalPosition.through(3_000)));
      final List<DeadLetter> dead = h.deadLetters().readValuesToList();
      assertEquals(List.of("OLD"), dead.stream().map(DeadLetter::getRecordId).toList());
      assertTrue(dead.get(0).getReason().startsWith("too late for its shard"));
      assertEquals("acled_2023-02-01.csv", dead.get(0).getSourceFile());
      assertEquals(4_711L, dead.get(0).getSourceLine());
      assertEquals(1, dead.get(0).getSourcePartition(), "and its place on the incidents topic");
    }
  }

  /** What stage 1 sent the shards for one report published with a file and line in its headers. */
  private static List<ShardInput.Placed> placedFor(final Map<String, String> config) {
    try (TopologyHarness h = new TopologyHarness(config)) {
      final TestOutputTopic<String, ShardInput> sent =
          h.driver.createOutputTopic(
              h.config.get(Keys.APPLICATION_ID) + REPARTITION,
              new StringDeserializer(),
              ShardInput.serde().deserializer());
      h.send(
          incident(
              "A",
              D,
              D.atStartOfDay().toInstant(ZoneOffset.UTC).plusSeconds(60),
              3,
              "Khyber Pakhtunkhwa",
              "TTP"),
          SourceHeaders.add(new RecordHeaders(), "reports.csv", 12));
      return sent.readValuesToList().stream()
          .flatMap(s -> ShardInput.placedIn(s).stream())
          .toList();
    }
  }

  @Test
  void withABoundedHistoryStageOneSendsEachContributionWithItsReportsOrigin() {
    final List<ShardInput.Placed> placed =
        placedFor(Map.of(Keys.HISTORY_DAYS, "60", Keys.TOPIC_INPUT_PARTITIONS, "2"));
    final List<ShardInput.Placed> contributions =
        placed.stream().filter(p -> !p.contribution().isDay()).toList();
    assertTrue(contributions.size() > 1, "a report contributes to several shards");
    for (final ShardInput.Placed p : contributions) {
      assertEquals(new SourceHeaders.Origin("reports.csv", 12L), p.origin());
    }
    assertTrue(
        placed.stream().filter(p -> p.contribution().isDay()).allMatch(p -> p.origin() == null),
        "the news of a later day is never dead-lettered");
  }

  @Test
  void withoutAHistoryLimitNoShardCanDeadLetterAReportSoNoOriginIsSent() {
    final List<ShardInput.Placed> placed = placedFor(Map.of(Keys.TOPIC_INPUT_PARTITIONS, "2"));
    assertTrue(placed.size() > 1);
    assertTrue(placed.stream().map(ShardInput.Placed::origin).allMatch(Objects::isNull));
  }

  /** Equal as stored: the contribution's figures are an array. */
  private static void assertSame(final ShardInput.Placed expected, final ShardInput.Placed actual) {
    assertEquals(expected.position(), actual.position());
    assertEquals(expected.timestamp(), actual.timestamp());
    assertEquals(expected.origin(), actual.origin());
    assertEquals(expected.contribution().incidentId(), actual.contribution().incidentId());
    assertTrue(expected.contribution().sameFigures(actual.contribution()));
  }

  @Test
  void aPendingContributionKeepsItsOriginAndOneWithoutIsStoredInTheEarlierLayout() {
    final ShardInput.Placed with =
        placed("OLD", D, 2_000, 1, new SourceHeaders.Origin("été.csv", null));
    final byte[] key = with.position().toKey();
    assertSame(with, CubeOrder.ORDER.decode(key, CubeOrder.ORDER.encode(with)));
    final ShardInput.Placed without = placed("OLD", D, 2_000, 1, null);
    final byte[] stored = CubeOrder.ORDER.encode(without);
    assertEquals(1, stored[0], "version 1: a release before origins reads it");
    assertSame(without, CubeOrder.ORDER.decode(key, stored));
    assertArrayEquals(
        stored,
        CubeOrder.ORDER.encode(CubeOrder.ORDER.decode(key, stored)),
        "read and written again unchanged");
  }
}
