package io.surgewatch.streams.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.surgewatch.core.Keys;
import io.surgewatch.engine.TieOrder;
import io.surgewatch.events.v1.AlertStatus;
import io.surgewatch.events.v1.Severity;
import io.surgewatch.events.v1.Source;
import io.surgewatch.events.v1.SourceKind;
import io.surgewatch.events.v1.Speaker;
import io.surgewatch.events.v1.StatementContext;
import io.surgewatch.events.v1.StatementEvent;
import io.surgewatch.events.v1.StatementKind;
import io.surgewatch.events.v1.StatementSubject;
import io.surgewatch.events.v1.SurgeAlert;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;

/**
 * The story stage tells alerts and statements in one order, backtest's, whatever order its upstream
 * tasks reach it in: by position, once every cube shard (and every statements partition heard from)
 * has moved past. TopologyTestDriver runs one task a sub-topology, so the two cube shards and the
 * statements partition are played by writing their records to the story stage's repartition topic
 * directly.
 */
class StoryOrderTest {
  private static final LocalDate DAY = LocalDate.of(2023, 1, 30);
  private static final long T = Instant.parse("2023-01-30T10:00:00Z").toEpochMilli();

  /** Two cube shards, one statements partition. */
  private static TopologyHarness twoShards() {
    return new TopologyHarness(Map.of(Keys.TOPIC_PARTITIONS, "2"));
  }

  private static TestInputTopic<String, StoryInput> storyTopic(final TopologyHarness h) {
    return h.driver.createInputTopic(
        h.config.get(Keys.APPLICATION_ID) + "-alert-stories-repartition",
        new StringSerializer(),
        StoryInput.serde().serializer());
  }

  private static SurgeAlert opened(final String country, final String region) {
    return SurgeAlert.newBuilder()
        .setAlertId(country + "|" + region + "|*|killed|" + DAY)
        .setSequence(1)
        .setStatus(AlertStatus.OPEN)
        .setCountry(country)
        .setRegion(region)
        .setGroup("*")
        .setMetric("killed")
        .setWindowStart(DAY.minusDays(29))
        .setWindowEnd(DAY)
        .setObserved(100)
        .setExpected(5)
        .setScore(9)
        .setPValue(1e-9)
        .setSeverity(Severity.MEDIUM)
        .setReason("r")
        .setOpenedOn(DAY)
        .build();
  }

  /** An alert caused on {@code shard} by a report at {@code at} (ms after T). */
  private static StoryInput.Placed alert(final SurgeAlert a, final long at, final int shard) {
    return new StoryInput.Placed(
        StoryPosition.ofAlert(T + at, TieOrder.incidentKey("i" + at), shard, 0),
        T + at,
        new StoryEvent(a, null));
  }

  private static StoryInput.Placed statement(final String id, final long at) {
    return new StoryInput.Placed(
        StoryPosition.ofStatement(T + at, 0, at),
        T + at,
        new StoryEvent(null, statementEvent(id, at)));
  }

  private static StatementEvent statementEvent(final String id, final long at) {
    return StatementEvent.newBuilder()
        .setId(id)
        .setMadeAt(Instant.ofEpochMilli(T + at))
        .setSpeaker(new Speaker("A Spokesperson", null, null, "US"))
        .setKind(StatementKind.ACCUSATION)
        .setQuote("q")
        .setSource(new Source("A wire", null, SourceKind.NEWS))
        .setAbout(new StatementSubject(List.of("PK"), List.of(), List.of(), List.of()))
        .build();
  }

  /** A cube shard's progress: it has applied every report up to {@code at} (ms after T). */
  private static StoryInput.Progress shardThrough(final int shard, final long at) {
    return new StoryInput.Progress(
        StoryPosition.INCIDENT,
        shard,
        StoryPosition.afterCube(ArrivalPosition.through(T + at)),
        false);
  }

  private static void send(final TestInputTopic<String, StoryInput> topic, final StoryInput in) {
    topic.pipeInput(StoryEvent.KEY, in);
  }

  private static List<String> told(final TopologyHarness h) {
    return h.alerts().readValuesToList().stream()
        .map(a -> a.getAlertId() + " related " + a.getRelatedAlertIds())
        .toList();
  }

  @Test
  void alertsReachingItOutOfOrderFromTwoShardsAreToldInPositionOrder() {
    try (TopologyHarness h = twoShards()) {
      final TestInputTopic<String, StoryInput> in = storyTopic(h);
      final SurgeAlert region = opened("PK", "Punjab");
      final SurgeAlert country = opened("PK", "*");
      // Shard 1's alert (a later report) arrives first: shard 0 may still send earlier ones.
      send(in, alert(country, 2_000, 1));
      assertEquals(List.of(), told(h), "waits for shard 0");
      // Shard 0's alert, earlier in the arrival order: told at once; shard 1's still waits for
      // shard 0 to pass it.
      send(in, alert(region, 1_000, 0));
      assertEquals(List.of("PK|Punjab|*|killed|2023-01-30 related []"), told(h));
      send(in, shardThrough(0, 3_000));
      // Told second, the country alert links the region alert opened before it, as backtest tells
      // it.
      assertEquals(
          List.of("PK|*|*|killed|2023-01-30 related [PK|Punjab|*|killed|2023-01-30]"), told(h));
    }
  }

  @Test
  void aQuietShardHoldsNothingBackOnceItsProgressPassesTheAlert() {
    try (TopologyHarness h = twoShards()) {
      final TestInputTopic<String, StoryInput> in = storyTopic(h);
      send(in, alert(opened("PK", "Punjab"), 1_000, 0));
      assertEquals(List.of(), told(h), "shard 1 has said nothing yet");
      send(in, shardThrough(1, 500));
      assertEquals(List.of(), told(h), "shard 1 has not passed it yet");
      send(in, shardThrough(1, 1_500));
      assertEquals(List.of("PK|Punjab|*|killed|2023-01-30 related []"), told(h));
    }
  }

  @Test
  void aStatementIsToldAtItsPlaceAmongTheAlerts() {
    try (TopologyHarness h = twoShards()) {
      final TestInputTopic<String, StoryInput> in = storyTopic(h);
      send(in, statementsThrough(0)); // the statements partition is heard from: it is waited for
      send(in, alert(opened("PK", "Punjab"), 1_000, 0));
      send(in, alert(opened("PK", "*"), 3_000, 1));
      send(in, shardThrough(0, 4_000));
      assertEquals(List.of(), statementsOf(h), "both wait for the statements partition");
      // The statement reaches the stage after both alerts, but was made between their reports.
      send(in, statement("ST-between", 2_000));
      assertEquals(List.of("PK|Punjab|*|killed|2023-01-30 []"), statementsOf(h));
      send(in, statementsThrough(5_000));
      assertEquals(List.of("PK|*|*|killed|2023-01-30 [ST-between]"), statementsOf(h));
    }
  }

  @Test
  void aStatementIsShownAtOnceButNotToAnAlertBeforeIt() {
    try (TopologyHarness h = twoShards()) {
      final TestInputTopic<String, StoryInput> in = storyTopic(h);
      send(in, alert(opened("PK", "*"), 3_000, 0)); // waits for shard 1
      send(in, statement("ST-after", 4_000));
      final KeyValueStore<String, byte[]> shown =
          h.driver.getKeyValueStore(StatementTimeline.STORE);
      assertEquals(
          true,
          shown.get(StatementTimeline.key(Instant.ofEpochMilli(T + 4_000), "ST-after")) != null,
          "the query API shows the statement as it arrives");
      send(in, shardThrough(1, 3_500));
      assertEquals(
          List.of("PK|*|*|killed|2023-01-30 []"),
          statementsOf(h),
          "the alert came first: the statement is not part of its story");
    }
  }

  @Test
  void aStatementsPartitionQuietForTheIdleTimeHoldsTheAlertsNoLonger() {
    try (TopologyHarness h = twoShards()) {
      final TestInputTopic<String, StoryInput> in = storyTopic(h);
      // A statements writer that marks no progress: one statement, then nothing.
      h.statements.pipeInput("ST-1", statementEvent("ST-1", 0), T);
      send(in, alert(opened("PK", "Punjab"), 1_000, 0));
      send(in, shardThrough(0, 2_000));
      send(in, shardThrough(1, 2_000));
      assertEquals(List.of(), told(h), "the statements partition, heard from, has not passed it");
      h.driver.advanceWallClockTime(
          h.config.getMillis(Keys.PROGRESS_STATEMENTS_IDLE_MS).minusMillis(200));
      assertEquals(List.of(), told(h), "not yet quiet for progress.statements-idle-ms");
      h.driver.advanceWallClockTime(Duration.ofMillis(200));
      assertEquals(List.of("PK|Punjab|*|killed|2023-01-30 related []"), told(h));
    }
  }

  private static StoryInput.Progress statementsThrough(final long at) {
    return new StoryInput.Progress(
        StoryPosition.STATEMENT, 0, StoryPosition.through(T + at), false);
  }

  private static List<String> statementsOf(final TopologyHarness h) {
    return h.alerts().readValuesToList().stream()
        .map(
            a ->
                a.getAlertId()
                    + " "
                    + a.getStatements().stream().map(StatementContext::getId).toList())
        .toList();
  }

  @Test
  void aRecordOfThePreviousReleaseIsToldAsItComes() {
    try (TopologyHarness h = twoShards()) {
      final TestInputTopic<String, StoryInput> in = storyTopic(h);
      send(in, new StoryInput.Unplaced(new StoryEvent(opened("PK", "Punjab"), null)));
      assertEquals(List.of("PK|Punjab|*|killed|2023-01-30 related []"), told(h));
    }
  }

  @Test
  void whatWaitsIsKeptInTheChangeloggedPendingStoreUntilItIsTold() {
    try (TopologyHarness h = twoShards()) {
      final TestInputTopic<String, StoryInput> in = storyTopic(h);
      send(in, alert(opened("PK", "*"), 2_000, 1));
      assertEquals(1, pending(h), "a restart restores it from the changelog");
      send(in, shardThrough(0, 3_000));
      assertEquals(0, pending(h));
    }
  }

  private static int pending(final TopologyHarness h) {
    final KeyValueStore<Bytes, byte[]> store =
        h.driver.getKeyValueStore(AlertStoryProcessor.PENDING);
    int n = 0;
    try (KeyValueIterator<Bytes, byte[]> it = store.all()) {
      while (it.hasNext()) {
        it.next();
        n++;
      }
    }
    return n;
  }
}
