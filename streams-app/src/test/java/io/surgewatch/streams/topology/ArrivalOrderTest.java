package io.surgewatch.streams.topology;

import static io.surgewatch.streams.topology.TopologyHarness.incident;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.surgewatch.core.Keys;
import io.surgewatch.core.ProgressMarkers;
import io.surgewatch.engine.Contribution;
import io.surgewatch.engine.Tally;
import io.surgewatch.engine.TieOrder;
import io.surgewatch.events.v1.RollingCount;
import io.surgewatch.serde.AvroSerdes;
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
 * A cube shard applies contributions in the one arrival order (effective reported-at, then the
 * reports of one time in {@link TieOrder}), whatever order its upstream tasks' records reach it in
 * and whatever partition each came from, and only once every input partition has moved past their
 * time. TopologyTestDriver has one partition a topic, so the stage-1 tasks of other partitions are
 * played by writing their records to the cube's repartition topic directly.
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
  void aContributionWaitsUntilEveryInputPartitionHasMovedPastItsTime() {
    try (TopologyHarness h = twoInputPartitions()) {
      final var shard = shardTopic(h);
      shard.pipeInput("PK", placed("A", 1_000, 1, 0, 3));
      assertEquals(List.of(), killedSeries(h), "partition 0 might still send something earlier");
      shard.pipeInput("PK", through(0, 1_000));
      assertEquals(
          List.of(), killedSeries(h), "partition 1 might still send another report of its time");
      shard.pipeInput("PK", through(1, 1_000));
      assertEquals(List.of(3L), killedSeries(h));
    }
  }

  @Test
  void contributionsAreAppliedInArrivalOrderWhateverOrderTheyReachTheShardIn() {
    try (TopologyHarness h = twoInputPartitions()) {
      final var shard = shardTopic(h);
      shard.pipeInput("PK", placed("LATER", 2_000, 1, 0, 5));
      shard.pipeInput("PK", placed("EARLIER", 1_500, 0, 0, 2));
      assertEquals(List.of(), killedSeries(h), "partition 0 has not passed 1,500 yet");
      shard.pipeInput("PK", through(0, 2_500));
      assertEquals(
          List.of(2L), killedSeries(h), "the earlier report; the later waits for partition 1");
      shard.pipeInput("PK", through(1, 2_000));
      assertEquals(List.of(2L, 7L), killedSeries(h));
    }
  }

  /** The P7D killed series when reports A (1 killed) and B (5) of one time come as given. */
  private static List<Long> tieOfTwo(final int sourceOfA, final boolean aFirst) {
    try (TopologyHarness h = twoInputPartitions()) {
      final var shard = shardTopic(h);
      final ShardInput a = placed("A", 1_000, sourceOfA, 3, 1);
      final ShardInput b = placed("B", 1_000, 1 - sourceOfA, 7, 5);
      shard.pipeInput("PK", aFirst ? a : b);
      shard.pipeInput("PK", aFirst ? b : a);
      shard.pipeInput("PK", through(0, 1_000));
      assertEquals(List.of(), killedSeries(h), "the tie waits until both partitions passed it");
      shard.pipeInput("PK", through(1, 1_000));
      return killedSeries(h);
    }
  }

  @Test
  void theReportsOfOneTimeAreAppliedTogetherWhicheverPartitionEachCameFrom() {
    final List<Long> series = tieOfTwo(0, true);
    assertEquals(List.of(6L), series, "both, then the day's figure once");
    assertEquals(series, tieOfTwo(1, true));
    assertEquals(series, tieOfTwo(0, false));
    assertEquals(series, tieOfTwo(1, false));
  }

  @Test
  void anIdlePartitionIsLeftOutOfTheMergeUntilItSendsAgain() {
    try (TopologyHarness h = twoInputPartitions()) {
      final var shard = shardTopic(h);
      shard.pipeInput("PK", placed("A", 1_000, 1, 0, 3));
      shard.pipeInput("PK", through(1, 1_000));
      shard.pipeInput("PK", new ShardInput.Progress(0, ArrivalPosition.NOWHERE, true));
      assertEquals(List.of(3L), killedSeries(h), "partition 0 read nothing for progress.idle-ms");
      shard.pipeInput("PK", placed("B", 2_000, 0, 0, 1));
      shard.pipeInput("PK", placed("C", 3_000, 1, 1, 5));
      shard.pipeInput("PK", through(1, 3_000));
      assertEquals(List.of(3L), killedSeries(h), "partition 0 is back: B waits for it again");
      shard.pipeInput("PK", through(0, 3_000));
      assertEquals(
          List.of(3L, 9L), killedSeries(h), "B and C together: the day's figure once, after both");
    }
  }

  @Test
  void whenEveryPartitionIsIdleTheirLatestTimesAreDone() {
    try (TopologyHarness h = new TopologyHarness(Map.of(Keys.TOPIC_INPUT_PARTITIONS, "1"))) {
      final var shard = shardTopic(h);
      shard.pipeInput("PK", placed("A", 1_000, 0, 0, 3));
      assertEquals(List.of(), killedSeries(h), "another report of its time may follow");
      shard.pipeInput(
          "PK",
          new ShardInput.Progress(0, new ArrivalPosition(1_000, 0, 0, Integer.MAX_VALUE), true));
      assertEquals(List.of(3L), killedSeries(h), "a writer that marks nothing, quiet since");
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
  void aPartitionDeclaredIdleIsDoneWithItsLatestTimeAndALaterReportComesAfterIt() {
    try (TopologyHarness h =
        new TopologyHarness(
            Map.of(Keys.TOPIC_INPUT_PARTITIONS, "2", Keys.PROGRESS_IDLE_MS, "1000"))) {
      final TestOutputTopic<String, ShardInput> shardRecords = sentToShards(h);
      final Instant at = D.atStartOfDay().toInstant(ZoneOffset.UTC).plusSeconds(3_600);
      h.send(incident("A", D, at, 3, "Khyber Pakhtunkhwa", "TTP"));
      h.driver.advanceWallClockTime(Duration.ofMillis(1_000));
      h.driver.advanceWallClockTime(Duration.ofMillis(1_000));
      final List<ShardInput> sent = shardRecords.readValuesToList();
      assertEquals(
          new ShardInput.Progress(0, ArrivalPosition.through(at.toEpochMilli()), true),
          sent.get(sent.size() - 1),
          "idle, and done with its latest time");
      h.send(incident("B", D, at, 4, "Khyber Pakhtunkhwa", "TTP"));
      final List<Long> placedAt =
          shardRecords.readValuesToList().stream()
              .flatMap(s -> ShardInput.placedIn(s).stream())
              .map(p -> p.position().at())
              .distinct()
              .toList();
      assertEquals(
          List.of(at.toEpochMilli() + 1),
          placedAt,
          "a report of that time coming later is placed after it, never splitting a tie");
    }
  }

  @Test
  void withOneInputPartitionAReportWaitsForItsPartitionToPassItsTime() {
    try (TopologyHarness h = new TopologyHarness()) {
      final TestOutputTopic<String, RollingCount> counts =
          h.driver.createOutputTopic(
              h.topics.counts().name(),
              new StringDeserializer(),
              AvroSerdes.specific(RollingCount.class, h.config.clientProperties(), false)
                  .deserializer());
      h.send(incident("A", D, 3));
      h.driver.advanceWallClockTime(SurgewatchTopology.openDayFlush(h.config));
      assertEquals(List.of(), counts.readValuesToList(), "another report of its time may follow");
      assertEquals(3, h.killedAsOf(KEY, "P7D", D), "a marker says the partition has passed it");
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
              .flatMap(s -> ShardInput.placedIn(s).stream())
              .map(p -> p.position().at())
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
