package io.surgewatch.streams.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.surgewatch.core.Keys;
import io.surgewatch.events.v1.Source;
import io.surgewatch.events.v1.SourceKind;
import io.surgewatch.events.v1.Speaker;
import io.surgewatch.events.v1.StatementEvent;
import io.surgewatch.events.v1.StatementKind;
import io.surgewatch.events.v1.StatementSubject;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;

/**
 * The statements timeline (what the statements API and the dashboard read) keeps its history: a
 * statement made today does not hide 2022's. It is bounded by statement.timeline-days alone, back
 * from the newest statement, whatever order the statements come in; the stories keep their own,
 * shorter horizon (statement.retention-days).
 */
class StatementTimelineTest {

  private static StatementEvent statement(final String id, final String madeAt) {
    return StatementEvent.newBuilder()
        .setId(id)
        .setMadeAt(Instant.parse(madeAt))
        .setSpeaker(new Speaker("Zabihullah Mujahid", "Spokesman", "Taliban", "AF"))
        .setKind(StatementKind.DENIAL)
        .setQuote("No one is allowed to use Afghan soil against anyone.")
        .setSource(new Source("Tolo News", null, SourceKind.NEWS))
        .setAbout(new StatementSubject(List.of("AF", "PK"), List.of(), List.of("TTP"), List.of()))
        .build();
  }

  private static final StatementEvent CEASEFIRE_END =
      statement("ST-2022-11-28", "2022-11-28T09:00:00Z");
  private static final StatementEvent DENIAL = statement("ST-2023-01-04", "2023-01-04T17:00:00Z");
  private static final StatementEvent TODAY = statement("ST-2026-12-07", "2026-12-07T08:00:00Z");

  /** The ids in the timeline, oldest first (its key order). */
  private static List<String> timeline(final TopologyHarness h) {
    return ids(h.driver.getKeyValueStore(StatementTimeline.STORE));
  }

  /**
   * The ids the story stage keeps for alerts to cite, in id order, once it has told every statement
   * sent: a report after them moves the cube shards on, which the stories wait for, and the shards
   * tell the story stage how far they have come every progress.interval-ms.
   */
  private static List<String> stories(final TopologyHarness h) {
    h.send(TopologyHarness.incident("PAK1", LocalDate.parse("2026-12-08"), 1));
    h.settle();
    h.driver.advanceWallClockTime(h.config.getMillis(Keys.PROGRESS_INTERVAL_MS));
    return ids(h.driver.getKeyValueStore(AlertStoryProcessor.STATEMENTS));
  }

  private static List<String> ids(final KeyValueStore<String, byte[]> store) {
    final List<String> ids = new ArrayList<>();
    try (KeyValueIterator<String, byte[]> it = store.all()) {
      it.forEachRemaining(
          kv ->
              ids.add(
                  InternalSerdes.avroBinary(StatementEvent.class)
                      .deserializer()
                      .deserialize(store.name(), kv.value)
                      .getId()));
    }
    return ids;
  }

  @Test
  void byDefaultTheTimelineKeepsEveryStatementWhileTheStoriesKeepTheirRetention() {
    try (TopologyHarness h = new TopologyHarness()) {
      h.send(CEASEFIRE_END);
      h.send(DENIAL);
      h.send(TODAY);
      assertEquals(List.of("ST-2022-11-28", "ST-2023-01-04", "ST-2026-12-07"), timeline(h));
      assertEquals(
          List.of("ST-2026-12-07"), stories(h), "alerts cite 400 days back from the newest");
    }
  }

  @Test
  void aStatementBeforeTheStoriesHorizonIsNotKeptForThemEvenWhenItComesAfterTheNewest() {
    try (TopologyHarness h = new TopologyHarness()) {
      h.send(TODAY);
      h.send(CEASEFIRE_END); // a backfill: kept until a newer statement came, before
      assertEquals(List.of("ST-2026-12-07"), stories(h));
      assertEquals(List.of("ST-2022-11-28", "ST-2026-12-07"), timeline(h));
    }
  }

  @Test
  void aBoundedTimelineKeepsItsDaysBackFromTheNewestStatementWhateverTheOrder() {
    final Map<String, String> days = Map.of(Keys.STATEMENT_TIMELINE_DAYS, "37");
    try (TopologyHarness inOrder = new TopologyHarness(days);
        TopologyHarness backfilled = new TopologyHarness(days)) {
      inOrder.send(CEASEFIRE_END);
      inOrder.send(DENIAL);
      // 2023-01-04 is 37 days after 2022-11-28: the first day kept.
      assertEquals(List.of("ST-2022-11-28", "ST-2023-01-04"), timeline(inOrder));
      inOrder.send(statement("ST-2023-01-05", "2023-01-05T00:00:00Z"));
      assertEquals(
          List.of("ST-2023-01-04", "ST-2023-01-05"),
          timeline(inOrder),
          "a newer statement drops what falls before the horizon");
      // The same statements, the newest first: the older one is not kept as it arrives, where it
      // used to be shown until a newer statement came.
      backfilled.send(statement("ST-2023-01-05", "2023-01-05T00:00:00Z"));
      backfilled.send(DENIAL);
      backfilled.send(CEASEFIRE_END);
      assertEquals(timeline(inOrder), timeline(backfilled));
    }
  }

  @Test
  void theFirstDayKeptIsWhatTheQueryApiNamesAndNoneWhileEveryDayIsKept() {
    try (TopologyHarness bounded = new TopologyHarness(Map.of(Keys.STATEMENT_TIMELINE_DAYS, "37"));
        TopologyHarness unbounded = new TopologyHarness()) {
      final KeyValueStore<String, byte[]> store =
          bounded.driver.getKeyValueStore(StatementTimeline.STORE);
      assertNull(StatementTimeline.firstDayKept(store, 37), "nothing kept yet");
      bounded.send(DENIAL);
      assertEquals(LocalDate.parse("2022-11-28"), StatementTimeline.firstDayKept(store, 37));
      unbounded.send(DENIAL);
      assertNull(
          StatementTimeline.firstDayKept(
              unbounded.driver.getKeyValueStore(StatementTimeline.STORE), 0));
    }
  }

  @Test
  void keysSortAsTheMadeAtDoesBefore1970AndAfter9999Too() {
    final List<String> keys =
        List.of(
            StatementTimeline.key(Instant.parse("1969-12-31T23:59:59Z"), "b"),
            StatementTimeline.key(Instant.parse("1970-01-01T00:00:00Z"), "a"),
            StatementTimeline.key(Instant.parse("2023-01-04T17:00:00Z"), "a"),
            StatementTimeline.key(Instant.parse("2023-01-04T17:00:00Z"), "b"),
            StatementTimeline.key(Instant.parse("+20231-01-04T17:00:00Z"), "a"));
    assertEquals(keys, keys.stream().sorted().toList());
    // The days a query can name, however far: before and after every key.
    assertEquals(
        List.of(StatementTimeline.dayStart(LocalDate.MIN), keys.get(0)),
        List.of(StatementTimeline.dayStart(LocalDate.MIN), keys.get(0)).stream().sorted().toList());
    assertEquals(
        List.of(keys.get(4), StatementTimeline.dayStart(LocalDate.MAX)),
        List.of(StatementTimeline.dayStart(LocalDate.MAX), keys.get(4)).stream().sorted().toList());
    assertEquals(Instant.parse("1969-12-31T23:59:59Z"), StatementTimeline.madeAt(keys.get(0)));
  }
}
