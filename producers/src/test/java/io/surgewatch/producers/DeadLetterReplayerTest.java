package io.surgewatch.producers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.surgewatch.core.Canonicalizer;
import io.surgewatch.core.DeadLetters;
import io.surgewatch.core.EventPreparer;
import io.surgewatch.core.Keys;
import io.surgewatch.core.ProgressMarkers;
import io.surgewatch.core.SurgewatchConfig;
import io.surgewatch.events.v1.Casualties;
import io.surgewatch.events.v1.DeadLetter;
import io.surgewatch.events.v1.IncidentEvent;
import io.surgewatch.events.v1.Source;
import io.surgewatch.events.v1.SourceKind;
import io.surgewatch.inputs.InputFormat;
import io.surgewatch.serde.AvroSerializer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** On the real broker and registry of the shared test stack. */
class DeadLetterReplayerTest {

  @Test
  void aSupersededReportIsNeverSelected() {
    // Published again, an older report would become its incident's surviving record on the
    // compacted input topic.
    final DeadLetter superseded =
        DeadLetters.fromKafka(
            "security.incidents.v1",
            0,
            3,
            "A1",
            new byte[] {0},
            DeadLetters.SUPERSEDED,
            null,
            "superseded: ...",
            Instant.now());
    assertFalse(DeadLetterReplayer.Selection.all().matches(superseded));
    assertFalse(
        new DeadLetterReplayer.Selection(Set.of(DeadLetters.SUPERSEDED), null, null, null)
            .matches(superseded));
  }

  @Test
  void replaysSelectedDeadLettersFromTextAndFromBytes() throws Exception {
    final SurgewatchConfig config = TestCluster.freshTopics();
    final String incidents = config.get(Keys.TOPIC_INCIDENTS);
    final Instant start = Instant.now();
    try (EventPublisher publisher = EventPublisher.create(config)) {
      // Published with a clock in January 2023: the January 30 and February rows are "in the
      // future" and dead-lettered.
      final EventPreparer past =
          new EventPreparer(
              Canonicalizer.standard(),
              Clock.fixed(Instant.parse("2023-01-20T00:00:00Z"), ZoneOffset.UTC));
      final FilePublisher.Result first =
          new FilePublisher(publisher, past, null, false, Duration.ofSeconds(10))
              .publish(FilePublisherKafkaTest.resource("acled-mixed.csv"), InputFormat.ACLED, null);
      assertEquals(0, first.published());
      assertEquals(5, first.rejected());

      // A dead letter from Kafka, carrying the original bytes.
      final AvroSerializer<SpecificRecord> serializer = new AvroSerializer<>();
      serializer.configure(config.clientProperties(), false);
      final IncidentEvent raw =
          IncidentEvent.newBuilder()
              .setId("RAW-1")
              .setReportedAt(Instant.parse("2023-02-01T00:00:00Z"))
              .setSource(new Source("x", null, SourceKind.NEWS))
              .setOccurredOn(LocalDate.of(2023, 1, 31))
              .setCountry("PK")
              .setKilled(new Casualties(1, 0, 0, 0, null, null))
              .setInjured(new Casualties(0, 0, 0, 0, null, null))
              .build();
      publisher
          .publishDeadLetter(
              DeadLetters.fromKafka(
                  incidents,
                  0,
                  7,
                  "RAW-1",
                  serializer.serialize(incidents, raw),
                  DeadLetters.DESERIALIZATION,
                  null,
                  "simulated",
                  Instant.now()))
          .get();

      final DeadLetterReplayer replayer =
          new DeadLetterReplayer(config, publisher, EventPreparer.standard());
      final DeadLetterReplayer.Result none =
          replayer.replay(
              new DeadLetterReplayer.Selection(null, null, null, start.minusSeconds(60)));
      assertEquals(6, none.scanned());
      assertEquals(0, none.selected());

      final DeadLetterReplayer.Result future =
          replayer.replay(
              new DeadLetterReplayer.Selection(
                  Set.of(DeadLetters.VALIDATION), "IN THE FUTURE", start.minusSeconds(60), null));
      assertEquals(6, future.scanned());
      // PAK100001 twice, PAK100002, PAK100003 (a protest: published, stage 1 sets it aside)
      assertEquals(4, future.selected(), future.examples().toString());
      assertEquals(4, future.republished());
      assertEquals(0, future.stillRejected());

      final long markersBefore = markers(config, incidents).count();
      final DeadLetterReplayer.Result bytes =
          replayer.replay(
              new DeadLetterReplayer.Selection(
                  Set.of(DeadLetters.DESERIALIZATION), null, null, null));
      assertEquals(1, bytes.republished());
      // Its bytes are not decoded, but it was on the topic: marked just past the latest time there,
      // or the app would hold it until another writer marked the partitions.
      assertEquals(markersBefore + 3, markers(config, incidents).count(), "one a partition");
      final long latestReport =
          TestCluster.readValues(config, incidents, IncidentEvent.class).stream()
              .mapToLong(e -> e.getReportedAt().toEpochMilli())
              .max()
              .orElseThrow();
      final Map<Integer, ConsumerRecord<String, byte[]>> last = new HashMap<>();
      TestCluster.readAll(config, incidents)
          .forEach(r -> last.merge(r.partition(), r, (a, b) -> a.offset() > b.offset() ? a : b));
      last.values()
          .forEach(
              r ->
                  assertTrue(
                      TestCluster.isMarker(r)
                          && ProgressMarkers.through(r.headers()) > latestReport,
                      "partition " + r.partition() + " ends past " + latestReport));

      final DeadLetterReplayer.Result invalid =
          replayer.replay(
              new DeadLetterReplayer.Selection(
                  Set.of(DeadLetters.VALIDATION), "fatalities", null, null));
      assertEquals(1, invalid.selected());
      assertEquals(0, invalid.republished());
      assertEquals(1, invalid.stillRejected());
      // Named by the record's own file and line, not the line of the re-read text.
      assertTrue(
          invalid
              .examples()
              .get(0)
              .matches("PAK100004 \\(.*acled-mixed\\.csv line 6\\): .*fatalities.*"),
          invalid.examples().get(0));
    }
    final List<String> ids =
        TestCluster.readValues(config, incidents, IncidentEvent.class).stream()
            .map(IncidentEvent::getId)
            .sorted()
            .toList();
    assertEquals(List.of("PAK100001", "PAK100001", "PAK100002", "PAK100003", "RAW-1"), ids);
  }

  @Test
  void withNoDeadLetterTopicYetNothingIsScannedAndTheTopicIsNotCreated() throws Exception {
    final SurgewatchConfig fresh = TestCluster.freshTopics();
    final SurgewatchConfig config =
        fresh.with(Keys.TOPIC_DEAD_LETTER, "absent-" + fresh.get(Keys.TOPIC_DEAD_LETTER));
    assertEquals(0, DeadLetterReplayer.scan(config, "replayer-test", d -> {}));
    try (Admin admin =
        Admin.create(Map.of("bootstrap.servers", config.get(Keys.BOOTSTRAP_SERVERS)))) {
      assertFalse(
          admin.listTopics().names().get().contains(config.get(Keys.TOPIC_DEAD_LETTER)),
          "asking for it does not create it with the broker's default partitions");
    }
  }

  private static Stream<ConsumerRecord<String, byte[]>> markers(
      final SurgewatchConfig config, final String topic) {
    return TestCluster.readAll(config, topic).stream().filter(TestCluster::isMarker);
  }
}
