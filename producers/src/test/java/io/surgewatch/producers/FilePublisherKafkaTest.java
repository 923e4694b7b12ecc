package io.surgewatch.producers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.surgewatch.core.DeadLetters;
import io.surgewatch.core.EventPreparer;
import io.surgewatch.core.SurgewatchConfig;
import io.surgewatch.events.v1.DeadLetter;
import io.surgewatch.events.v1.IncidentEvent;
import io.surgewatch.events.v1.StatementEvent;
import io.surgewatch.producers.input.InputFormat;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** On the real broker and registry of the shared test stack. */
class FilePublisherKafkaTest {

  static Path resource(final String name) {
    try {
      return Path.of(FilePublisherKafkaTest.class.getResource("/" + name).toURI());
    } catch (final URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void publishesEveryRecordOrDeadLettersIt(@TempDir final Path dir) throws Exception {
    final SurgewatchConfig config = TestCluster.freshTopics();
    final ByteArrayOutputStream log = new ByteArrayOutputStream();
    final Path rejects = dir.resolve("rejects.ndjson");
    final FilePublisher.Result acled;
    final FilePublisher.Result ndjson;
    try (EventPublisher publisher = EventPublisher.create(config)) {
      final FilePublisher files = new FilePublisher(publisher, EventPreparer.standard(),
          new PrintStream(log, true, StandardCharsets.UTF_8), false, Duration.ofSeconds(10));
      acled = files.publish(resource("acled-mixed.csv"), InputFormat.ACLED, rejects);
      ndjson = files.publish(resource("events.ndjson"), InputFormat.NDJSON, null);
    }
    // accounting: nothing lost, nothing invented
    assertEquals(new FilePublisher.Result(5, 3, 2, 3, 0, acled.elapsed()), acled);
    assertEquals(new FilePublisher.Result(4, 2, 2, 1, 1, ndjson.elapsed()), ndjson);
    assertEquals(acled.read(), acled.published() + acled.rejected());
    assertTrue(log.toString(StandardCharsets.UTF_8).contains("read=5 published=3 rejected=2"));
    assertEquals(2, Files.readAllLines(rejects).size());
    assertTrue(Files.readString(rejects).contains("\"category\":\"NOT_COUNTED\""));

    // every published record reads back through the registry deserializer
    final List<IncidentEvent> incidents = TestCluster.readValues(config, config.get("topic.incidents"), IncidentEvent.class);
    assertEquals(4, incidents.size());
    assertEquals(Set.of("PAK100001", "PAK100002", "PAK900001"),
        incidents.stream().map(IncidentEvent::getId).collect(Collectors.toSet()));
    final List<StatementEvent> statements =
        TestCluster.readValues(config, config.get("topic.statements"), StatementEvent.class);
    assertEquals(List.of("ST-2023-01-04-price"), statements.stream().map(StatementEvent::getId).toList());
    final List<DeadLetter> deadLetters =
        TestCluster.readValues(config, config.get("topic.dead-letter"), DeadLetter.class);
    assertEquals(4, deadLetters.size());
    final DeadLetter fatalities = deadLetters.stream().filter(d -> "PAK100004".equals(d.getRecordId())).findFirst()
        .orElseThrow();
    assertEquals(DeadLetters.VALIDATION, fatalities.getCategory());
    assertEquals("fatalities", fatalities.getField());
    assertEquals(6L, fatalities.getSourceLine());
    assertTrue(fatalities.getOriginalText().startsWith("event_id_cnty,event_date,"));

    // revisions of one incident share a key, hence a partition, in file order
    final var byKey = TestCluster.readAll(config, config.get("topic.incidents")).stream()
        .filter(r -> r.key().equals("PAK100001")).toList();
    assertEquals(2, byKey.size());
    assertEquals(byKey.get(0).partition(), byKey.get(1).partition());
    assertTrue(byKey.get(0).offset() < byKey.get(1).offset());
  }
}
