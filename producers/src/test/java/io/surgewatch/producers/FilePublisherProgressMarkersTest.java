package io.surgewatch.producers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.surgewatch.core.EventJson;
import io.surgewatch.core.EventPreparer;
import io.surgewatch.core.Keys;
import io.surgewatch.core.ProgressMarkers;
import io.surgewatch.core.SurgewatchConfig;
import io.surgewatch.events.v1.IncidentEvent;
import io.surgewatch.events.v1.StatementEvent;
import io.surgewatch.inputs.ArrivalOrder;
import io.surgewatch.inputs.InputFormat;
import io.surgewatch.serde.AvroDeserializer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The progress markers {@code produce} writes, on the real broker of the shared test stack (three
 * partitions a topic).
 */
class FilePublisherProgressMarkersTest {

  private static final Instant LATEST_INCIDENT = Instant.parse("2023-02-21T10:00:00Z");
  private static final Instant LATEST_STATEMENT = Instant.parse("2023-03-03T12:00:00Z");

  /**
   * Twelve incidents newest first, as exports come, and three statements made after the last of
   * them.
   */
  private static Path newestFirst(final Path dir) throws Exception {
    final List<String> lines = new ArrayList<>();
    for (int i = 11; i >= 0; i--) {
      lines.add(incident("MRK" + i, "2023-02-" + (10 + i) + "T10:00:00Z"));
    }
    for (int i = 3; i >= 1; i--) {
      lines.add(
          "{\"type\": \"statement\", \"id\": \"ST-MRK"
              + i
              + "\", \"madeAt\": \"2023-03-0"
              + i
              + "T12:00:00Z\","
              + " \"speaker\": {\"name\": \"Ned Price\", \"country\": \"US\"}, \"kind\": \"ACCUSATION\","
              + " \"quote\": \"q\", \"about\": {\"countries\": [\"PK\"], \"groups\": [\"TTP\"]}, \"source\": {\"name\": \"s\"}}");
    }
    return Files.write(dir.resolve("newest-first.ndjson"), lines);
  }

  /** An NDJSON incident of Pakistan, reported at {@code reportedAt}, on that day. */
  static String incident(final String id, final String reportedAt) {
    return "{\"id\": \""
        + id
        + "\", \"reportedAt\": \""
        + reportedAt
        + "\", \"occurredOn\": \""
        + reportedAt.substring(0, 10)
        + "\", \"country\": \"PK\", \"eventType\": \"ATTACK\", "
        + "\"killed\": {\"civilians\": 1}, \"injured\": {}, \"source\": {\"name\": \"test\"}}";
  }

  @Test
  void everyPartitionOfEachInputTopicEndsWithAMarkerAtTheGreatestTimePublishedThere(
      @TempDir final Path dir) throws Exception {
    final SurgewatchConfig config = TestCluster.freshTopics();
    try (EventPublisher publisher = EventPublisher.create(config)) {
      final FilePublisher.Result r =
          new FilePublisher(
                  publisher, EventPreparer.standard(), null, false, Duration.ofSeconds(10))
              .publish(newestFirst(dir), InputFormat.NDJSON, null);
      assertEquals(15, r.published(), r.toString());
    }
    assertEndsWithMarkersAt(config, config.get(Keys.TOPIC_INCIDENTS), LATEST_INCIDENT);
    assertEndsWithMarkersAt(config, config.get(Keys.TOPIC_STATEMENTS), LATEST_STATEMENT);
  }

  @Test
  void noMarkerPromisesATimeLaterThanAReportThatFollowsItOnItsPartition(@TempDir final Path dir)
      throws Exception {
    // Markers before every event (interval zero), the events sorted in runs of three spooled to
    // disk, and an older export replaced: its retraction follows the file, reported at the file's
    // latest incident, after statements made later than that.
    final Path older =
        Files.write(
            dir.resolve("older.ndjson"), List.of(incident("GONE-1", "2023-01-05T10:00:00Z")));
    final SurgewatchConfig config = TestCluster.freshTopics();
    try (EventPublisher publisher = EventPublisher.create(config)) {
      final FilePublisher.Result r =
          new FilePublisher(
                  publisher,
                  EventPreparer.standard(),
                  null,
                  false,
                  Duration.ofSeconds(10),
                  3,
                  Duration.ZERO)
              .publish(newestFirst(dir), InputFormat.NDJSON, null, older);
      assertEquals(15, r.published(), r.toString());
    }
    final String incidents = config.get(Keys.TOPIC_INCIDENTS);
    final String statements = config.get(Keys.TOPIC_STATEMENTS);
    assertTrue(
        TestCluster.readReports(config, incidents).stream().anyMatch(r -> r.key().equals("GONE-1")),
        "the retraction was published");
    final Map<String, Class<? extends SpecificRecord>> types =
        Map.of(incidents, IncidentEvent.class, statements, StatementEvent.class);
    for (final var topic : types.entrySet()) {
      final AvroDeserializer<? extends SpecificRecord> avro =
          new AvroDeserializer<>(topic.getValue());
      avro.configure(config.clientProperties(), false);
      final List<ConsumerRecord<String, byte[]>> all = TestCluster.readAll(config, topic.getKey());
      int markers = 0;
      for (int p = 0; p < 3; p++) {
        long promised = Long.MIN_VALUE;
        for (final ConsumerRecord<String, byte[]> r : partition(all, p)) {
          if (TestCluster.isMarker(r)) {
            promised = Math.max(promised, ProgressMarkers.through(r.headers()));
            markers++;
          } else {
            final long at = ArrivalOrder.at(avro.deserialize(topic.getKey(), r.value()));
            assertTrue(
                at > promised,
                r.key()
                    + " at "
                    + Instant.ofEpochMilli(at)
                    + " follows a marker at "
                    + Instant.ofEpochMilli(promised)
                    + " on "
                    + topic.getKey()
                    + "-"
                    + p);
          }
        }
      }
      assertTrue(
          markers > 3,
          "markers while publishing, not only at the end, on " + topic.getKey() + ": " + markers);
    }
    assertEndsWithMarkersAt(config, incidents, LATEST_INCIDENT);
    assertEndsWithMarkersAt(config, statements, LATEST_STATEMENT);
  }

  @Test
  void anOlderFileAfterANewerOneEndsWithMarkersJustPastTheNewestTimeAlreadyOnTheTopic(
      @TempDir final Path dir) throws Exception {
    // The app places the older file's reports just after the point each partition had reached:
    // markers at the older file's own latest time would never move the other partitions past them.
    final Path older =
        Files.write(
            dir.resolve("older.ndjson"),
            List.of(
                incident("OLD-1", "2022-06-01T10:00:00Z"),
                incident("OLD-2", "2022-06-02T10:00:00Z"),
                incident("OLD-3", "2022-06-03T10:00:00Z")));
    final SurgewatchConfig config = TestCluster.freshTopics();
    try (EventPublisher publisher = EventPublisher.create(config)) {
      new FilePublisher(publisher, EventPreparer.standard(), null, false, Duration.ofSeconds(10))
          .after(TopicTimes.latest(config, Duration.ofSeconds(30)))
          .publish(newestFirst(dir), InputFormat.NDJSON, null);
      final Map<String, Long> onTopics = TopicTimes.latest(config, Duration.ofSeconds(30));
      assertEquals(LATEST_INCIDENT.toEpochMilli(), onTopics.get(config.get(Keys.TOPIC_INCIDENTS)));
      final FilePublisher.Result r =
          new FilePublisher(
                  publisher, EventPreparer.standard(), null, false, Duration.ofSeconds(10))
              .after(onTopics)
              .publish(older, InputFormat.NDJSON, null);
      assertEquals(3, r.published(), r.toString());
      assertTrue(
          r.notes().stream().anyMatch(n -> n.startsWith("3 events are at or before where")),
          r.notes().toString());
    }
    assertEndsWithMarkersAt(
        config, config.get(Keys.TOPIC_INCIDENTS), LATEST_INCIDENT.plusMillis(1));
  }

  @Test
  void aLateFilesNoteQuotesTheNewestReportsOwnTimeNotTheMarkersPlacementPastIt(
      @TempDir final Path dir) throws Exception {
    // After an older file, the topic's markers stand a millisecond past its newest report
    // (2023-02-21T10:00:00.001Z), a time no input holds: a user looking for it finds nothing. The
    // note of a third, late file quotes the newest report's own reported-at.
    final SurgewatchConfig config = TestCluster.freshTopics();
    final String incidents = config.get(Keys.TOPIC_INCIDENTS);
    try (EventPublisher publisher = EventPublisher.create(config)) {
      new FilePublisher(publisher, EventPreparer.standard(), null, false, Duration.ofSeconds(10))
          .publish(newestFirst(dir), InputFormat.NDJSON, null);
      for (final String name : List.of("older.ndjson", "oldest.ndjson")) {
        final Path late =
            Files.write(dir.resolve(name), List.of(incident(name, "2022-06-01T10:00:00Z")));
        final TopicTimes.OnTopics onTopics = TopicTimes.read(config, Duration.ofSeconds(30));
        final FilePublisher.Result r =
            new FilePublisher(
                    publisher, EventPreparer.standard(), null, false, Duration.ofSeconds(10))
                .after(onTopics)
                .publish(late, InputFormat.NDJSON, null);
        assertEquals(
            LATEST_INCIDENT.toEpochMilli(), onTopics.events().get(incidents), "the report's own");
        assertTrue(
            r.notes()
                .contains(
                    "1 event is at or before where "
                        + incidents
                        + " already stands (its newest event is of 2023-02-21T10:00:00Z): the app"
                        + " takes it as late, after it (counted unless a later report of the"
                        + " same incident is counted already; alerts only within grace.days of the"
                        + " latest reported-at), and this run's progress markers go past that time"
                        + " so that they do not wait"),
            r.notes().toString());
      }
      assertEquals(
          LATEST_INCIDENT.plusMillis(2).toEpochMilli(),
          TopicTimes.latest(config, Duration.ofSeconds(30)).get(incidents),
          "the markers, past it, still order the files");
    }
  }

  @Test
  void aReportOfADayBeforeTheHistoryIsNotedAsTooLateNotAsLateAndCounted(@TempDir final Path dir)
      throws Exception {
    // The app keeps 700 days (history.days, the setting produce is given too). A late file's
    // report of a day 900 days before the newest report on the topic will be dead-lettered
    // TOO_LATE: the note says so, as the ingest API's 202 would, instead of "counted unless ...".
    final SurgewatchConfig config = TestCluster.freshTopics().with(Keys.HISTORY_DAYS, "700");
    final String incidents = config.get(Keys.TOPIC_INCIDENTS);
    try (EventPublisher publisher = EventPublisher.create(config)) {
      new FilePublisher(publisher, EventPreparer.standard(), null, false, Duration.ofSeconds(10))
          .publish(newestFirst(dir), InputFormat.NDJSON, null);
      final Path late =
          Files.write(
              dir.resolve("late.ndjson"),
              List.of(
                  incident("KEPT-1", "2023-02-20T10:00:00Z"),
                  incident("OLD-1", "2023-02-20T11:00:00Z")
                      .replace(
                          "\"occurredOn\": \"2023-02-20\"", "\"occurredOn\": \"2020-09-04\"")));
      final FilePublisher.Result r =
          new FilePublisher(
                  publisher, EventPreparer.standard(), null, false, Duration.ofSeconds(10))
              .after(TopicTimes.read(config, Duration.ofSeconds(30)))
              .predicting(TooLatePrediction.from(config))
              .publish(late, InputFormat.NDJSON, null);
      assertEquals(2, r.published(), r.toString());
      assertEquals(
          List.of(
              "1 event is at or before where "
                  + incidents
                  + " already stands (its newest event is of 2023-02-21T10:00:00Z): the app takes"
                  + " it as late, after it (counted unless a later report of the same incident is"
                  + " counted already; alerts only within grace.days of the latest reported-at), and"
                  + " this run's progress markers go past that time so that they do not wait",
              "1 report is of a day before the history the app keeps, back from the latest report"
                  + " before it: the app will dead-letter it TOO_LATE, not counted (the first: line"
                  + " 2, OLD-1: predicted too late: incident day 2020-09-04 is 900 days before the"
                  + " latest report on the topic or in the file before it (2023-02-21T10:00:00Z),"
                  + " beyond the history the streams app keeps (history.days=700; history.days=900"
                  + " or 0, no limit, would count it): it will be dead-lettered TOO_LATE, not"
                  + " counted)"),
          r.notes());
    }
  }

  @Test
  void aWriterThatPublishesBehindItsOwnMarkersMarksJustPastThem() throws Exception {
    // The app places a report at or before its partition's marker just after it: markers at the
    // writer's greatest time again would leave that report waiting for another writer's.
    final SurgewatchConfig config = TestCluster.freshTopics();
    try (EventPublisher publisher = EventPublisher.create(config)) {
      final ProgressWriter markers = new ProgressWriter(publisher);
      for (final String[] report :
          new String[][] {{"NEW-1", "2023-02-21T10:00:00Z"}, {"LATE-1", "2023-02-20T10:00:00Z"}}) {
        final IncidentEvent event = event(incident(report[0], report[1]));
        publisher.publish(event).get();
        markers.published(event); // once acknowledged, as every writer does
        markers.markPublished().get();
      }
    }
    assertEndsWithMarkersAt(
        config, config.get(Keys.TOPIC_INCIDENTS), Instant.parse("2023-02-21T10:00:00.001Z"));
  }

  private static IncidentEvent event(final String json) throws Exception {
    return EventPreparer.standard()
        .whole(EventJson.partial(EventJson.MAPPER.readTree(json), IncidentEvent.class));
  }

  private static List<ConsumerRecord<String, byte[]>> partition(
      final List<ConsumerRecord<String, byte[]>> records, final int p) {
    return records.stream()
        .filter(r -> r.partition() == p)
        .sorted(Comparator.comparingLong(ConsumerRecord::offset))
        .toList();
  }

  private static void assertEndsWithMarkersAt(
      final SurgewatchConfig config, final String topic, final Instant at) {
    final List<ConsumerRecord<String, byte[]>> all = TestCluster.readAll(config, topic);
    for (int p = 0; p < 3; p++) {
      final List<ConsumerRecord<String, byte[]>> held = partition(all, p);
      assertTrue(!held.isEmpty(), topic + "-" + p + " is empty");
      final ConsumerRecord<String, byte[]> last = held.get(held.size() - 1);
      assertEquals(ProgressMarkers.KEY, last.key(), topic + "-" + p + " ends with " + last.key());
      assertEquals(
          0,
          last.value().length,
          "an empty value, not null: a delete marker on the compacted topic is compacted away");
      assertEquals(
          at, Instant.ofEpochMilli(ProgressMarkers.through(last.headers())), topic + "-" + p);
    }
  }
}
