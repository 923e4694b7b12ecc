package io.surgewatch.streams.topology;

import static io.surgewatch.streams.topology.TopologyHarness.incident;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.surgewatch.core.Keys;
import io.surgewatch.core.ProgressMarkers;
import io.surgewatch.events.v1.RollingCount;
import io.surgewatch.streams.engine.Contribution;
import io.surgewatch.streams.engine.Tally;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/**
 * A cube shard applies contributions in the one arrival order (effective reported-at, input
 * partition, offset), whatever order its upstream tasks' records reach it in, and only once every
 * input partition has moved past them. TopologyTestDriver has one partition a topic, so the stage-1
 * tasks of other partitions are played by writing their records to the cube's repartition topic
 * directly.
 */
class ArrivalOrderTest {
  private static final LocalDate D = LocalDate.of(2023, 1, 10);
  private static final String KEY = "PK|Khyber Pakhtunkhwa|TTP";

  private static TopologyHarness twoInputPartitions() {
    return new TopologyHarness(Map.of(Keys.TOPIC_INPUT_PARTITIONS, "2"));
  }

  private static TestInputTopic<String, ShardInput> shardTopic(final TopologyHarness h) {
    return h.driver.createInputTopic(
        h.config.get(Keys.APPLICATION_ID) + "-cube-contributions-repartition",
        new StringSerializer(),
        ShardInput.serde().serializer());
  }

  private static ShardInput.Placed placed(
      final String id, final long at, final int source, final long offset, final int killed) {
    final long[] tally = new long[Tally.SIZE];
    tally[Tally.INCIDENTS] = 1;
    tally[Tally.KILLED] = killed;
    return new ShardInput.Placed(
        new ArrivalPosition(at, source, offset, 0),
        at,
        new Contribution(
            Contribution.Shard.REGION,
            id,
            (int) D.toEpochDay(),
            "PK",
            "Khyber Pakhtunkhwa",
            List.of("TTP"),
            tally));
  }

  private static ShardInput.Progress through(final int source, final long at) {
    return new ShardInput.Progress(source, ArrivalPosition.through(at));
  }

  /** What stage 1 sends the cube's shards, as they read it. */
  private static TestOutputTopic<String, ShardInput> sentToShards(final TopologyHarness h) {
    return h.driver.createOutputTopic(
        h.config.get(Keys.APPLICATION_ID) + "-cube-contributions-repartition",
        new StringDeserializer(),
        ShardInput.serde().deserializer());
  }

  /** The P7D killed figures of the key on day D, in the order the shard emitted them. */
  private static List<Long> killedSeries(final TopologyHarness h) {
    h.drainCounts();
    return h.countLog.stream()
        .filter(
            c ->
                c.getWindow().equals("P7D")
                    && c.getWindowEnd().equals(D)
                    && (c.getCountry() + '|' + c.getRegion() + '|' + c.getGroup()).equals(KEY))
        .map(RollingCount::getKilled)
        .toList();
  }

  @Test
  void aContributionWaitsUntilEveryInputPartitionHasMovedPastIt() {
    try (TopologyHarness h = twoInputPartitions()) {
      final var shard = shardTopic(h);
      shard.pipeInput("PK", placed("A", 1_000, 1, 0, 3));
      assertEquals(List.of(), killedSeries(h), "partition 0 might still send something earlier");
      shard.pipeInput("PK", through(0, 1_000));
      assertEquals(List.of(3L), killedSeries(h));
    }
  }

  @Test
  void contributionsAreAppliedInArrivalOrderWhateverOrderTheyReachTheShardIn() {
    try (TopologyHarness h = twoInputPartitions()) {
      final var shard = shardTopic(h);
      shard.pipeInput("PK", placed("LATER", 2_000, 1, 0, 5));
      shard.pipeInput("PK", placed("EARLIER", 1_500, 0, 0, 2));
      assertEquals(
          List.of(2L),
          killedSeries(h),
          "the earlier report first; the later waits for partition 0");
      shard.pipeInput("PK", through(0, 2_500));
      assertEquals(List.of(2L, 7L), killedSeries(h));
    }
  }

  @Test
  void tiesInReportedAtGoByInputPartition() {
    try (TopologyHarness h = twoInputPartitions()) {
      final var shard = shardTopic(h);
      shard.pipeInput("PK", placed("B", 1_000, 1, 7, 5));
      shard.pipeInput("PK", placed("A", 1_000, 0, 3, 1));
      assertEquals(
          List.of(1L),
          killedSeries(h),
          "partition 0's report first; partition 1's waits for partition 0");
      shard.pipeInput("PK", through(0, 1_000));
      assertEquals(List.of(1L, 6L), killedSeries(h));
    }
  }

  @Test
  void anIdlePartitionIsLeftOutOfTheMergeUntilItSendsAgain() {
    try (TopologyHarness h = twoInputPartitions()) {
      final var shard = shardTopic(h);
      shard.pipeInput("PK", placed("A", 1_000, 1, 0, 3));
      shard.pipeInput("PK", new ShardInput.Progress(0, ArrivalPosition.NOWHERE, true));
      assertEquals(List.of(3L), killedSeries(h), "partition 0 read nothing for progress.idle-ms");
      shard.pipeInput("PK", placed("B", 2_000, 0, 0, 1));
      shard.pipeInput("PK", placed("C", 3_000, 1, 1, 5));
      assertEquals(List.of(3L, 4L), killedSeries(h), "partition 0 is back: C waits for it again");
    }
  }

  @Test
  void stageOneSaysItsPartitionIsIdleWhenItHasReadNothingForTheIdleTime() {
    try (TopologyHarness h =
        new TopologyHarness(
            Map.of(Keys.TOPIC_INPUT_PARTITIONS, "2", Keys.PROGRESS_IDLE_MS, "1000"))) {
      final TestOutputTopic<String, ShardInput> shardRecords = sentToShards(h);
      h.driver.advanceWallClockTime(Duration.ofMillis(1_000));
      final List<ShardInput> sent = shardRecords.readValuesToList();
      assertEquals(List.of(new ShardInput.Progress(0, ArrivalPosition.NOWHERE, true)), sent);
    }
  }

  @Test
  void withOneInputPartitionNothingWaits() {
    try (TopologyHarness h = new TopologyHarness()) {
      h.send(incident("A", D, 3));
      assertEquals(3, h.killedAsOf(KEY, "P7D", D));
    }
  }

  @Test
  void stageOneTellsEveryShardHowFarItsPartitionHasComeAndMarkersMoveIt() {
    try (TopologyHarness h = twoInputPartitions()) {
      final TestOutputTopic<String, ShardInput> shardRecords = sentToShards(h);
      final Instant at = D.atStartOfDay().toInstant(ZoneOffset.UTC).plusSeconds(3_600);
      h.send(incident("A", D, at, 3, "Khyber Pakhtunkhwa", "TTP"));
      // A marker promising a later time, then a report written late for the partition (reported
      // before the promise).
      h.rawIncidents.pipeInput(
          new TestRecord<>(
              ProgressMarkers.KEY,
              null,
              ProgressMarkers.headers(at.plusSeconds(60)),
              at.plusSeconds(60)));
      h.send(incident("B", D, at.plusSeconds(30), 4, "Khyber Pakhtunkhwa", "TTP"));
      h.driver.advanceWallClockTime(Duration.ofMillis(h.config.getInt(Keys.PROGRESS_INTERVAL_MS)));
      final List<ShardInput> sent = shardRecords.readValuesToList();
      final List<Long> placedAt =
          sent.stream()
              .filter(s -> s instanceof ShardInput.Placed)
              .map(s -> ((ShardInput.Placed) s).position().at())
              .distinct()
              .toList();
      assertEquals(
          List.of(at.toEpochMilli(), at.plusSeconds(60).toEpochMilli() + 1),
          placedAt,
          "B is placed just after the marker's promise, not at its own reported-at");
      final ShardInput last = sent.get(sent.size() - 1);
      assertEquals(
          new ShardInput.Progress(
              0,
              new ArrivalPosition(at.plusSeconds(60).toEpochMilli() + 1, 0, 2, Integer.MAX_VALUE)),
          last,
          "the frontier after B (offset 2), sent to every shard");
    }
  }
}
