package io.surgewatch.streams.topology;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.surgewatch.core.Keys;
import io.surgewatch.engine.AlertState;
import io.surgewatch.engine.Bucket;
import io.surgewatch.engine.Codec;
import io.surgewatch.engine.KeyState;
import io.surgewatch.events.v1.IncidentEvent;
import io.surgewatch.events.v1.StatementCount;
import io.surgewatch.events.v1.StatementEvent;
import io.surgewatch.events.v1.SurgeAlert;
import io.surgewatch.serde.AvroSerdes;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.junit.jupiter.api.Test;

/**
 * An upgraded app restores the state the previous release wrote (captured by {@link StoredState} at
 * that release: test resources stored-state/previous-release) and carries on as if it had never
 * stopped.
 */
class UpgradeRestoreTest {
  static final String PREVIOUS = "previous-release";

  /**
   * How this release stores what each store held: {@code rewrite} decodes a value and encodes it
   * again, which puts {@code header} bytes (a format version, a schema fingerprint) before bytes
   * equal to the previous release's. {@code skip}: bytes Kafka Streams puts first (the timestamp of
   * a timestamped store), not the value's layout. {@code content}: for a store whose layout changed
   * since (the cube's compact numbers; the alerts' schema, which added {@code successor} and {@code
   * predecessor}), what a value holds, decoded; its bytes are then compared by that, not byte for
   * byte.
   */
  record Layout(
      int skip, int header, UnaryOperator<byte[]> rewrite, Function<byte[], String> content) {
    Layout(final int skip, final int header, final UnaryOperator<byte[]> rewrite) {
      this(skip, header, rewrite, null);
    }
  }

  static final int SINGLE_OBJECT_HEADER = 10;

  /**
   * Stores added since the previous release: nothing to restore, but their values carry a format
   * version too.
   */
  static final Set<String> NEW_STORES =
      Set.of(
          CubeOrder.PENDING,
          CubeOrder.FRONTIERS,
          AlertStoryProcessor.PENDING,
          AlertStoryProcessor.FRONTIERS,
          StatementIntakeProcessor.POSITIONS,
          IncidentIntakeProcessor.REFUSED,
          StatementTimeline.STORE,
          StatementIndex.STORE);

  /**
   * Stores the previous release had and this one has not: an upgraded app leaves their changelogs
   * unread. The bucket-days index is built from the buckets when a task starts (BucketDays), the
   * open day's changed keys from the heads.
   */
  static final Set<String> REMOVED_STORES = Set.of("cube-bucket-days", "cube-dirty");

  static final Map<String, Layout> LAYOUTS =
      Map.ofEntries(
          Map.entry(
              CubeOrder.PENDING,
              new Layout(
                  0,
                  0,
                  // A batch of pending contributions (the key is read only by a single one's
                  // layout, version 1).
                  b ->
                      PendingBatches.encodeBatch(
                          CubeOrder.ORDER,
                          PendingBatches.decodeBatch(
                              CubeOrder.ORDER, new ArrivalPosition(1, 0, 0, 0).toKey(), b)))),
          Map.entry(CubeOrder.FRONTIERS, new Layout(0, 0, b -> b)),
          // The story stage's merge: a format version, the record's timestamp, a StoryEvent.
          Map.entry(AlertStoryProcessor.PENDING, new Layout(0, 0, b -> b)),
          Map.entry(AlertStoryProcessor.FRONTIERS, new Layout(0, 0, b -> b)),
          // Keys only: the value is the entry's format version.
          Map.entry(StatementIndex.STORE, new Layout(0, 0, b -> b)),
          Map.entry(StatementIntakeProcessor.POSITIONS, new Layout(0, 0, longs())),
          Map.entry(
              KafkaCubeStores.HEADS,
              new Layout(
                  0, 0, b -> KeyState.decode(b).encode(), b -> describe(KeyState.decode(b)))),
          Map.entry(
              KafkaCubeStores.BUCKETS,
              new Layout(0, 0, b -> Bucket.decode(b).encode(), b -> describe(Bucket.decode(b)))),
          Map.entry(
              KafkaCubeStores.META,
              new Layout(0, 1, b -> CubeWatermark.encode(CubeWatermark.decode(b)))),
          Map.entry(
              IncidentIntakeProcessor.LATEST,
              new Layout(0, 1, b -> Codec.encode(Codec.decodeReport(b)))),
          Map.entry(IncidentIntakeProcessor.WATERMARK, new Layout(0, 0, longs())),
          // A format version, the report's ordering fields and day, then its versioned dead letter.
          Map.entry(
              IncidentIntakeProcessor.REFUSED,
              new Layout(0, 0, b -> RefusedReport.decode(b, null).encode())),
          Map.entry(
              IncidentIntakeProcessor.DETAILS,
              new Layout(0, SINGLE_OBJECT_HEADER, avro(IncidentEvent.class))),
          Map.entry(StatementIntakeProcessor.SEEN, new Layout(0, 0, longs())),
          Map.entry(
              SurgewatchTopology.STORE_STATEMENT_COUNTS,
              new Layout(8, SINGLE_OBJECT_HEADER, avro(StatementCount.class))),
          Map.entry(
              AlertStoryProcessor.STATEMENTS,
              new Layout(0, SINGLE_OBJECT_HEADER, avro(StatementEvent.class))),
          // Alerts: written since with SurgeAlert's 2.avsc, read with 1.avsc's fields kept.
          Map.entry(
              StatementTimeline.STORE,
              new Layout(0, SINGLE_OBJECT_HEADER, avro(StatementEvent.class))),
          Map.entry(
              AlertStoryProcessor.OPEN_ALERTS,
              new Layout(
                  0, SINGLE_OBJECT_HEADER, avro(SurgeAlert.class), decoded(SurgeAlert.class))),
          Map.entry(
              AlertStoryProcessor.ALERTS,
              new Layout(
                  0, SINGLE_OBJECT_HEADER, avro(SurgeAlert.class), decoded(SurgeAlert.class))),
          Map.entry(
              AlertStoryProcessor.HISTORY,
              new Layout(
                  0,
                  SINGLE_OBJECT_HEADER,
                  b -> AlertHistory.encode(AlertHistory.decode(b)),
                  b -> AlertHistory.decode(b).toString())));

  /** Every field a key head carries. */
  static String describe(final KeyState h) {
    final StringBuilder b =
        new StringBuilder()
            .append(h.day)
            .append(Arrays.deepToString(h.rolling))
            .append(h.emittedDay)
            .append(' ')
            .append(h.sentMask)
            .append(Arrays.deepToString(h.emitted));
    for (final AlertState a : h.alerts) {
      b.append('|')
          .append(a.status)
          .append(a.alertId)
          .append(' ')
          .append(a.sequence)
          .append(' ')
          .append(a.severity)
          .append(' ')
          .append(a.openedOn)
          .append(' ')
          .append(a.lastDay)
          .append(' ')
          .append(a.baseSum)
          .append(' ')
          .append(a.baseSquares);
    }
    b.append('|');
    for (int i = 0; i < h.redundant.size(); i++) {
      b.append(h.redundant.get(i)).append(' ');
    }
    return b.toString();
  }

  /** Every field a bucket carries. */
  static String describe(final Bucket bucket) {
    final StringBuilder b = new StringBuilder(Arrays.toString(bucket.tally));
    for (int i = 0; i < bucket.top.size(); i++) {
      b.append('|').append(bucket.top.id(i)).append(' ').append(bucket.top.weight(i));
    }
    return b.toString();
  }

  private static UnaryOperator<byte[]> longs() {
    final Serde<Long> longs = Serdes.Long();
    return b -> longs.serializer().serialize(null, longs.deserializer().deserialize(null, b));
  }

  private static <T extends SpecificRecord> UnaryOperator<byte[]> avro(final Class<T> type) {
    final Serde<T> serde = InternalSerdes.avroBinary(type);
    return b -> serde.serializer().serialize(null, serde.deserializer().deserialize(null, b));
  }

  /** Every field of a record, as this release reads it. */
  private static <T extends SpecificRecord> Function<byte[], String> decoded(final Class<T> type) {
    final Serde<T> serde = InternalSerdes.avroBinary(type);
    return b -> serde.deserializer().deserialize(null, b).toString();
  }

  @Test
  void everyStoreHasAKnownLayout() {
    try (TopologyHarness h = new TopologyHarness(StoredState.CONFIG)) {
      assertEquals(
          LAYOUTS.keySet(),
          StoredState.stored(h).keySet(),
          "a new store: give its values a format version (README, \"Upgrades and stored state\") and its layout here");
    }
  }

  @Test
  void everyValueThePreviousReleaseStoredReadsAndKeepsAllItCarried() {
    final Map<String, Map<Bytes, byte[]>> state = StoredState.load(PREVIOUS);
    final Set<String> previous = new HashSet<>(LAYOUTS.keySet());
    previous.removeAll(NEW_STORES);
    previous.addAll(REMOVED_STORES);
    assertEquals(previous, state.keySet());
    state.forEach(
        (store, entries) -> {
          if (REMOVED_STORES.contains(store)) {
            return;
          }
          final Layout layout = LAYOUTS.get(store);
          assertFalse(entries.isEmpty(), store + " was captured empty");
          entries.forEach(
              (key, raw) -> {
                final String where = store + " " + new String(key.get(), StandardCharsets.UTF_8);
                final byte[] before = Arrays.copyOfRange(raw, layout.skip(), raw.length);
                final byte[] now = layout.rewrite().apply(before);
                if (layout.content() != null) {
                  assertEquals(layout.content().apply(before), layout.content().apply(now), where);
                } else {
                  assertEquals(before.length + layout.header(), now.length, where);
                  assertArrayEquals(
                      before, Arrays.copyOfRange(now, layout.header(), now.length), where);
                }
                assertArrayEquals(
                    now,
                    layout.rewrite().apply(now),
                    where + ": this release reads what it writes");
              });
        });
  }

  @Test
  void aTopologyRestoredFromThePreviousReleasesStateCarriesOnAsOneThatNeverStopped() {
    final Outputs restored;
    try (TopologyHarness h = new TopologyHarness(StoredState.CONFIG)) {
      StoredState.restore(h, StoredState.load(PREVIOUS));
      restored = outputsOfTheSecondPart(h);
    }
    final Outputs continuous;
    try (TopologyHarness h = new TopologyHarness(StoredState.CONFIG)) {
      StoredState.firstPart(h);
      outputs(h); // the first part's, read out
      continuous = outputsOfTheSecondPart(h);
    }
    assertFalse(continuous.counts().isEmpty());
    assertFalse(
        continuous.alerts().isEmpty(), "the surge goes on in the second part: its alerts change");
    assertFalse(continuous.statementCounts().isEmpty());
    assertTrue(
        continuous.statementCounts().stream().anyMatch(c -> c.getTotal() > 1),
        "a count carried on from the first part");
    assertEquals(continuous.statementCounts(), restored.statementCounts());
    assertEquals(continuous.deadLetters(), restored.deadLetters());
    assertEquals(continuous.alerts(), restored.alerts());
    assertEquals(continuous.counts(), restored.counts());
  }

  @Test
  void anUpgradedAppsTimelineStartsWithTheStatementsThePreviousReleaseKeptForItsStories() {
    try (TopologyHarness h = new TopologyHarness(StoredState.CONFIG)) {
      StoredState.restore(h, StoredState.load(PREVIOUS));
      StoredState.secondPart(h);
      final Serde<StatementEvent> statements = InternalSerdes.avroBinary(StatementEvent.class);
      final List<String> timeline = new ArrayList<>();
      try (KeyValueIterator<String, byte[]> it =
          h.driver.<String, byte[]>getKeyValueStore(StatementTimeline.STORE).all()) {
        it.forEachRemaining(
            kv -> timeline.add(statements.deserializer().deserialize(null, kv.value).getId()));
      }
      assertEquals(List.of("ST1", "ST2", "ST3"), timeline);
    }
  }

  /**
   * This release's own restart: a task that stops with its open day's changes committed but not yet
   * written as count records (the open-day flush had not come) writes them when that day closes, as
   * a task that never stopped does. The open day's changed keys are not stored; they are the keys
   * whose head is at the open day.
   */
  @Test
  void aTaskRestartedBeforeItsOpenDayWasFlushedCarriesOnAsOneThatNeverStopped() {
    // The next day's first report closes the open day before it changes any key of its own.
    final IncidentEvent nextDay =
        TopologyHarness.incident("N24", StoredState.START.plusDays(24), 1);
    final Outputs continuous;
    try (TopologyHarness h = new TopologyHarness(StoredState.CONFIG)) {
      StoredState.firstPartUnflushed(h);
      h.counts().readKeyValuesToList(); // the first part's, read out; its open day not flushed
      h.alerts().readValuesToList();
      h.send(nextDay);
      continuous = outputsOfTheSecondPart(h);
    }
    final Map<String, Map<Bytes, byte[]>> stopped;
    try (TopologyHarness h = new TopologyHarness(StoredState.CONFIG)) {
      StoredState.firstPartUnflushed(h);
      stopped = StoredState.read(h);
    }
    final Outputs restarted;
    try (TopologyHarness h = new TopologyHarness(StoredState.CONFIG)) {
      StoredState.restore(h, stopped);
      h.send(nextDay);
      restarted = outputsOfTheSecondPart(h);
    }
    assertTrue(
        continuous.counts().stream().anyMatch(c -> c.contains("\"windowEnd\": \"2023-03-24\"")),
        "the open day of the first part, 2023-03-24, is written in the second");
    assertEquals(continuous.counts(), restarted.counts());
    assertEquals(continuous.alerts(), restarted.alerts());
  }

  record Outputs(
      List<String> counts,
      List<SurgeAlert> alerts,
      List<String> deadLetters,
      List<StatementCount> statementCounts) {}

  private static Outputs outputsOfTheSecondPart(final TopologyHarness h) {
    StoredState.secondPart(h);
    return outputs(h);
  }

  private static Outputs outputs(final TopologyHarness h) {
    h.drainCounts();
    final List<String> counts = new ArrayList<>();
    h.countLog.forEach(c -> counts.add(c.toString()));
    h.countLog.clear();
    final List<String> dead = new ArrayList<>();
    h.deadLetters().readValuesToList().forEach(d -> dead.add(d.getReason() + " " + d.getField()));
    final List<StatementCount> statementCounts =
        h.driver
            .createOutputTopic(
                h.topics.statementCounts().name(),
                new StringDeserializer(),
                AvroSerdes.specific(StatementCount.class, h.config.clientProperties(), false)
                    .deserializer())
            .readValuesToList();
    return new Outputs(counts, h.alerts().readValuesToList(), dead, statementCounts);
  }

  @Test
  void recordsLeftOnTheInternalTopicsByThePreviousReleaseRead() {
    final HexFormat hex = HexFormat.of();
    final Serde<StoryEvent> stories = StoryEvent.serde();
    final Serde<StatementEvent> statements = InternalSerdes.avroBinary(StatementEvent.class);
    final Serde<ShardInput> contributions = ShardInput.serde(); // reads them as Unplaced
    for (final String line :
        StoredState.text(PREVIOUS + '/' + StoredState.IN_FLIGHT).lines().toList()) {
      final String topic = line.substring(0, line.indexOf(' '));
      final byte[] before = hex.parseHex(line.substring(topic.length() + 1));
      switch (topic) {
        case "alert-stories" -> { // the tag, then the record: the header goes after the tag
          final byte[] now =
              stories
                  .serializer()
                  .serialize(topic, stories.deserializer().deserialize(topic, before));
          assertEquals(before[0], now[0], line);
          final StoryEvent read = stories.deserializer().deserialize(topic, before);
          if (read.alert() != null) {
            // Written since with SurgeAlert's 2.avsc: compared by what it holds.
            assertEquals(
                read.alert(), stories.deserializer().deserialize(topic, now).alert(), line);
          } else {
            assertArrayEquals(
                Arrays.copyOfRange(before, 1, before.length),
                Arrays.copyOfRange(now, 1 + SINGLE_OBJECT_HEADER, now.length),
                line);
          }
        }
        case "statements-by-country-kind" -> {
          final byte[] now =
              statements
                  .serializer()
                  .serialize(topic, statements.deserializer().deserialize(topic, before));
          assertArrayEquals(
              before, Arrays.copyOfRange(now, SINGLE_OBJECT_HEADER, now.length), line);
        }
        case "cube-contributions" ->
            assertArrayEquals(
                before,
                contributions
                    .serializer()
                    .serialize(topic, contributions.deserializer().deserialize(topic, before)),
                line);
        default -> throw new AssertionError("an internal topic this test does not know: " + topic);
      }
    }
  }

  /**
   * Written by KeyState.encode (then KeyHead) at 835f360, the release before layout version 2 (see
   * the values in WriteV1 there).
   */
  @Test
  void aKeyStateOfLayoutVersion1Reads() {
    final KeyState h =
        KeyState.decode(HexFormat.of().parseHex(StoredState.text("key-head-version-1.hex").trim()));
    assertEquals(19_500, h.day);
    assertEquals(3, h.rolling.length);
    assertEquals(21, h.rolling[2][1]);
    assertEquals(19_499, h.emittedDay);
    assertEquals(-1, h.sentMask, "version 1 sent every window it kept");
    assertEquals(101, h.emitted[1][1]);
    final AlertState a = h.alerts[1];
    assertEquals(AlertState.ESCALATED, a.status);
    assertEquals("PK|*|*|killed|2023-05-01", a.alertId);
    assertEquals(2, a.sequence);
    assertEquals(19_478, a.openedOn);
    assertEquals(19_480, a.lastDay);
    assertEquals(-1, a.baseSum, "no opening baseline in version 1");
    assertEquals(AlertState.NONE, h.alerts[0].status);
    assertEquals(1, h.redundant.size());
    assertTrue(h.redundant.contains(0, 42));
  }

  /**
   * For a rolling upgrade from the previous release: with {@code cube.state-layout=fixed} this
   * release writes key heads and buckets as that release did, byte for byte, so a task that moves
   * back to an old pod reads them; by default it writes the compact layouts.
   */
  @Test
  void theFixedLayoutWritesWhatThePreviousReleaseWroteAndReads() {
    final Map<String, Map<Bytes, byte[]>> previous = StoredState.load(PREVIOUS);
    previous
        .get(KafkaCubeStores.HEADS)
        .forEach((k, v) -> assertArrayEquals(v, KeyState.decode(v).encodeFixed()));
    previous
        .get(KafkaCubeStores.BUCKETS)
        .forEach((k, v) -> assertArrayEquals(v, Bucket.decode(v).encodeFixed()));
    for (final String layout : List.of("fixed", "compact")) {
      final Map<String, String> config = new HashMap<>(StoredState.CONFIG);
      config.put(Keys.CUBE_STATE_LAYOUT, layout);
      try (TopologyHarness h = new TopologyHarness(config)) {
        StoredState.firstPart(h);
        final Map<String, Map<Bytes, byte[]>> written = StoredState.read(h);
        final int head = layout.equals("fixed") ? 2 : 3;
        final int bucket = layout.equals("fixed") ? 1 : 2;
        assertFalse(written.get(KafkaCubeStores.HEADS).isEmpty());
        written.get(KafkaCubeStores.HEADS).values().forEach(v -> assertEquals(head, v[0], layout));
        written
            .get(KafkaCubeStores.BUCKETS)
            .values()
            .forEach(v -> assertEquals(bucket, v[0], layout));
      }
    }
  }

  @Test
  void aValueOfAVersionThisReleaseDoesNotReadStopsTheAppNamingTheStoreAndTheVersion() {
    final Map<String, Map<Bytes, byte[]>> state = StoredState.load(PREVIOUS);
    state
        .get(KafkaCubeStores.HEADS)
        .values()
        .forEach(v -> v[0] = 9); // as a later release might write
    try (TopologyHarness h = new TopologyHarness(StoredState.CONFIG)) {
      StoredState.restore(h, state);
      final RuntimeException e =
          assertThrows(
              RuntimeException.class,
              () -> {
                h.send(TopologyHarness.incident("NEW", StoredState.START.plusDays(30), 1));
                h.settle();
              });
      final String messages = messages(e);
      assertTrue(messages.contains("store cube-heads, key "), messages);
      assertTrue(
          messages.contains(
              "a key head stored with format version 9, which this release does not read (it reads 1, 2, 3)"),
          messages);
    }
  }

  private static String messages(final Throwable e) {
    final StringBuilder b = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      b.append(t.getMessage()).append('\n');
    }
    return b.toString();
  }
}
