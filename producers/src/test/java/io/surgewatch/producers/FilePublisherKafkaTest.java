package io.surgewatch.producers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.surgewatch.core.DeadLetters;
import io.surgewatch.core.EventPreparer;
import io.surgewatch.core.ReplacementHeaders;
import io.surgewatch.core.SourceHeaders;
import io.surgewatch.core.SurgewatchConfig;
import io.surgewatch.events.v1.DeadLetter;
import io.surgewatch.events.v1.IncidentEvent;
import io.surgewatch.events.v1.StatementEvent;
import io.surgewatch.inputs.InputFileException;
import io.surgewatch.inputs.InputFormat;
import io.surgewatch.serde.AvroDeserializer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
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
  void aFileWithNothingRejectedWritesNoRejectsFileAndRemovesAnEarlierRunsOne(
      @TempDir final Path dir) throws Exception {
    // Inputs often sit on read-only mounts: a clean file must not need to write beside itself.
    final Path valid =
        Files.writeString(
            dir.resolve("valid.ndjson"),
            FilePublisherProgressMarkersTest.incident("CLEAN-1", "2023-02-10T10:00:00Z") + "\n");
    final Path rejects = dir.resolve("valid.ndjson.rejects.ndjson");
    final SurgewatchConfig config = TestCluster.freshTopics();
    try (EventPublisher publisher = EventPublisher.create(config)) {
      final FilePublisher files =
          new FilePublisher(
              publisher, EventPreparer.standard(), null, false, Duration.ofSeconds(10));
      assertEquals(1, files.publish(valid, InputFormat.NDJSON, rejects).published());
      assertTrue(Files.notExists(rejects), "no rejects file for a clean file");
      Files.writeString(rejects, "{\"stale\": true}\n");
      assertEquals(0, files.publish(valid, InputFormat.NDJSON, rejects).rejected());
      assertTrue(Files.notExists(rejects), "an earlier run's rejections are not this run's");
    }
  }

  @Test
  void aRecordTooLargeForKafkaIsRejectedWithItsLineAndIdAndTheRestOfTheFileIsPublished(
      @TempDir final Path dir) throws Exception {
    // The trial's file: line 2 quotes 600,000 Urdu characters, 1.1 MB of UTF-8, fewer characters
    // than the reader's limit but more bytes than Kafka takes.
    final String urdu = "\u067E\u0627\u06A9\u0633\u062A\u0627\u0646 ".repeat(75_000);
    final Path file =
        Files.writeString(
            dir.resolve("statements-oversized-middle.ndjson"),
            statement("H125-MID-before", "2023-02-09T09:00:00Z", "We will strike.")
                + statement("H125-MID-big", "2023-02-09T10:00:00Z", urdu)
                + statement("H125-MID-after", "2023-02-09T11:00:00Z", "We will strike again."));
    final Path rejects = dir.resolve("statements-oversized-middle.ndjson.rejects.ndjson");
    final SurgewatchConfig config = TestCluster.freshTopics();
    final FilePublisher.Result result;
    try (EventPublisher publisher = EventPublisher.create(config)) {
      result =
          new FilePublisher(
                  publisher, EventPreparer.standard(), null, false, Duration.ofSeconds(10))
              .publish(file, InputFormat.NDJSON, rejects);
    }
    assertEquals("read=3 published=2 rejected=1", result.summary());
    // Keyed by id to several partitions: read back in partition order, not the file's.
    assertEquals(
        List.of("H125-MID-after", "H125-MID-before"),
        TestCluster.readValues(config, config.get("topic.statements"), StatementEvent.class)
            .stream()
            .map(StatementEvent::getId)
            .sorted()
            .toList());
    final DeadLetter dead =
        TestCluster.readValues(config, config.get("topic.dead-letter"), DeadLetter.class).get(0);
    assertEquals("H125-MID-big", dead.getRecordId());
    assertEquals(DeadLetters.VALIDATION, dead.getCategory());
    assertEquals("quote", dead.getField());
    assertEquals(2L, dead.getSourceLine());
    assertTrue(
        dead.getReason()
            .matches(
                "line 2: quote: the record is 1\\d{6} bytes as published, more than the 1015808"
                    + " an input record may be \\(max.request.size 1048576, less 32768 .*"),
        dead.getReason());
    assertTrue(dead.getOriginalText().length() < 5_000, "its start: the whole is in the file");
    final List<String> rejected = Files.readAllLines(rejects);
    assertEquals(1, rejected.size());
    assertTrue(rejected.get(0).contains("\"recordId\":\"H125-MID-big\""), rejected.get(0));
  }

  private static String statement(final String id, final String madeAt, final String quote) {
    return "{\"type\": \"statement\", \"id\": \""
        + id
        + "\", \"madeAt\": \""
        + madeAt
        + "\", \"speaker\": {\"name\": \"Muhammad Khurasani\"}, \"kind\": \"THREAT\","
        + " \"quote\": \""
        + quote
        + "\", \"about\": {\"countries\": [\"PK\"]}, \"source\": {\"name\": \"Reuters\"}}\n";
  }

  @Test
  void publishesEveryRecordOrDeadLettersIt(@TempDir final Path dir) throws Exception {
    final SurgewatchConfig config = TestCluster.freshTopics();
    final ByteArrayOutputStream log = new ByteArrayOutputStream();
    final Path rejects = dir.resolve("rejects.ndjson");
    final FilePublisher.Result acled;
    final FilePublisher.Result ndjson;
    try (EventPublisher publisher = EventPublisher.create(config)) {
      final FilePublisher files =
          new FilePublisher(
              publisher,
              EventPreparer.standard(),
              new PrintStream(log, true, StandardCharsets.UTF_8),
              false,
              Duration.ofSeconds(10));
      acled = files.publish(resource("acled-mixed.csv"), InputFormat.ACLED, rejects);
      ndjson = files.publish(resource("events.ndjson"), InputFormat.NDJSON, null);
    }
    // accounting: nothing lost, nothing invented
    // The protest is published like any row: stage 1 sets it aside (the type filter is where
    // revisions are judged).
    assertEquals(new FilePublisher.Result(5, 4, 1, 4, 0, acled.elapsed(), List.of()), acled);
    assertEquals(new FilePublisher.Result(4, 2, 2, 1, 1, ndjson.elapsed(), List.of()), ndjson);
    assertEquals(acled.read(), acled.published() + acled.rejected());
    assertEquals("read=5 published=4 rejected=1", acled.summary());
    assertEquals(1, Files.readAllLines(rejects).size());
    assertTrue(Files.readString(rejects).contains("\"category\":\"VALIDATION\""));

    // every published record reads back through the registry deserializer
    final List<IncidentEvent> incidents =
        TestCluster.readValues(config, config.get("topic.incidents"), IncidentEvent.class);
    assertEquals(5, incidents.size());
    assertEquals(
        Set.of("PAK100001", "PAK100002", "PAK100003", "PAK900001"),
        incidents.stream().map(IncidentEvent::getId).collect(Collectors.toSet()));
    final List<StatementEvent> statements =
        TestCluster.readValues(config, config.get("topic.statements"), StatementEvent.class);
    assertEquals(
        List.of("ST-2023-01-04-price"), statements.stream().map(StatementEvent::getId).toList());
    final List<DeadLetter> deadLetters =
        TestCluster.readValues(config, config.get("topic.dead-letter"), DeadLetter.class);
    assertEquals(3, deadLetters.size());
    final DeadLetter fatalities =
        deadLetters.stream()
            .filter(d -> "PAK100004".equals(d.getRecordId()))
            .findFirst()
            .orElseThrow();
    assertEquals(DeadLetters.VALIDATION, fatalities.getCategory());
    assertEquals("fatalities", fatalities.getField());
    assertEquals(6L, fatalities.getSourceLine());
    assertTrue(fatalities.getOriginalText().startsWith("event_id_cnty,event_date,"));

    // revisions of one incident share a key, hence a partition, in file order
    final var byKey =
        TestCluster.readAll(config, config.get("topic.incidents")).stream()
            .filter(r -> r.key().equals("PAK100001"))
            .toList();
    assertEquals(2, byKey.size());
    assertEquals(byKey.get(0).partition(), byKey.get(1).partition());
    assertTrue(byKey.get(0).offset() < byKey.get(1).offset());
  }

  @Test
  void aFileWithALaterHeaderTheReaderRefusesPublishesNothing(@TempDir final Path dir)
      throws Exception {
    // An export with a rejected row, then ACLED's monadic export, which a dyadic file cannot take:
    // refused before the first record, so not even the rejected row's dead letter goes out.
    final Path joined =
        Files.writeString(
            dir.resolve("kinds.csv"),
            Files.readString(resource("acled-mixed.csv"))
                + "event_id_cnty,event_date,event_type,sub_event_type,actor1,assoc_actor_1,"
                + "inter1,iso,country,admin1,fatalities,timestamp\n"
                + "KEN1,2023-01-30,Battles,Armed clash,Al-Shabaab,,2,404,Kenya,Lamu,1,1675368000\n");
    final Path rejects = dir.resolve("kinds.csv.rejects.ndjson");
    final SurgewatchConfig config = TestCluster.freshTopics();
    try (EventPublisher publisher = EventPublisher.create(config)) {
      final FilePublisher files =
          new FilePublisher(
              publisher, EventPreparer.standard(), null, false, Duration.ofSeconds(10));
      final InputFileException e =
          assertThrows(
              InputFileException.class, () -> files.publish(joined, InputFormat.ACLED, rejects));
      assertTrue(
          e.getMessage().contains(": line 8 starts another export, a monadic one"), e.getMessage());
    }
    for (final String topic : List.of("topic.incidents", "topic.statements", "topic.dead-letter")) {
      assertEquals(List.of(), TestCluster.readAll(config, config.get(topic)), topic);
    }
    assertTrue(Files.notExists(rejects), "no rejects file either");
  }

  @Test
  void aNewReleaseMovingAnIncidentToAnEarlierDayIsPublishedAtTheOlderReleasesTimeSoThatItStands(
      @TempDir final Path dir) throws Exception {
    // Files without edit times date a report by its event day: the new release's report of MOV-1
    // would be older than the release it corrects, and the app would keep the old one. GONE-1, in
    // the older release only, is retracted; SAME-1, at the same time in both, is not raised.
    final Path older =
        Files.writeString(
            dir.resolve("release-1.ndjson"),
            FilePublisherProgressMarkersTest.incident("MOV-1", "2023-02-20T23:59:59.999Z")
                + "\n"
                + FilePublisherProgressMarkersTest.incident("GONE-1", "2023-02-15T23:59:59.999Z")
                + "\n"
                + FilePublisherProgressMarkersTest.incident("SAME-1", "2023-02-12T23:59:59.999Z")
                + "\n");
    final Path newer =
        Files.writeString(
            dir.resolve("release-2.ndjson"),
            FilePublisherProgressMarkersTest.incident("MOV-1", "2023-02-10T23:59:59.999Z")
                + "\n"
                + FilePublisherProgressMarkersTest.incident("SAME-1", "2023-02-12T23:59:59.999Z")
                + "\n");
    final SurgewatchConfig config = TestCluster.freshTopics();
    final FilePublisher.Result r;
    try (EventPublisher publisher = EventPublisher.create(config)) {
      r =
          new FilePublisher(
                  publisher, EventPreparer.standard(), null, false, Duration.ofSeconds(10))
              .publish(newer, InputFormat.NDJSON, null, older);
    }
    assertTrue(
        r.notes().stream()
            .anyMatch(
                n ->
                    n.startsWith(
                        "1 report, of 1 incident, was dated before release-1.ndjson's latest"
                            + " report of the same incident")),
        r.notes().toString());
    // The file's two reports, and the retraction of GONE-1 beside them.
    assertEquals("read=2 published=2 rejected=0 retracted=1", r.summary());
    assertTrue(
        r.notes()
            .contains("retracted 1 incident of " + older + " that " + newer + " no longer holds"),
        r.notes().toString());
    final AvroDeserializer<IncidentEvent> avro = new AvroDeserializer<>(IncidentEvent.class);
    avro.configure(config.clientProperties(), false);
    final var records = TestCluster.readReports(config, config.get("topic.incidents"));
    final List<IncidentEvent> published =
        records.stream().map(x -> avro.deserialize(x.topic(), x.value())).toList();
    assertEquals(
        Set.of("SAME-1", "MOV-1", "GONE-1"),
        published.stream().map(IncidentEvent::getId).collect(Collectors.toSet()));
    assertEquals(3, published.size());
    final int moved = published.stream().map(IncidentEvent::getId).toList().indexOf("MOV-1");
    assertEquals(
        LocalDate.parse("2023-02-10"), published.get(moved).getOccurredOn(), "the new day");
    assertEquals(
        Instant.parse("2023-02-20T23:59:59.999Z"),
        published.get(moved).getReportedAt(),
        "the older release's report's time: the later arrival at it wins");
    // The headers tell the app how MOV-1 came, for the reason of a dead letter.
    assertEquals("release-1.ndjson", ReplacementHeaders.replaces(records.get(moved).headers()));
    assertEquals(
        Instant.parse("2023-02-10T23:59:59.999Z"),
        ReplacementHeaders.raisedFrom(records.get(moved).headers()));
    final int same = published.stream().map(IncidentEvent::getId).toList().indexOf("SAME-1");
    assertEquals("release-1.ndjson", ReplacementHeaders.replaces(records.get(same).headers()));
    assertEquals(null, ReplacementHeaders.raisedFrom(records.get(same).headers()), "not raised");
  }

  @Test
  void theNotesOfTheReadNameTheFileAsBacktestsDo(@TempDir final Path dir) throws Exception {
    // Excel's "CSV" in a locale whose decimal mark is a comma: semicolons, noted.
    final Path file =
        Files.writeString(
            dir.resolve("excel.csv"),
            "event_id_cnty;event_date;event_type;actor1;country;fatalities;timestamp\n"
                + "PAK1;2023-01-30;Battles;TTP;Pakistan;2;1675368000\n");
    final SurgewatchConfig config = TestCluster.freshTopics();
    try (EventPublisher publisher = EventPublisher.create(config)) {
      final FilePublisher.Result r =
          new FilePublisher(
                  publisher, EventPreparer.standard(), null, false, Duration.ofSeconds(10))
              .publish(file, InputFormat.ACLED, null);
      assertEquals(1, r.published(), r.toString());
      assertTrue(
          r.notes()
              .contains(
                  file + ": columns separated by ';', not commas (as the header is): read as such"),
          r.notes().toString());
    }
  }

  @Test
  void withoutReplacesTheSummaryHasNoRetractedField(@TempDir final Path dir) throws Exception {
    final Path file =
        Files.writeString(
            dir.resolve("plain.ndjson"),
            FilePublisherProgressMarkersTest.incident("PLAIN-1", "2023-02-10T10:00:00Z") + "\n");
    final SurgewatchConfig config = TestCluster.freshTopics();
    try (EventPublisher publisher = EventPublisher.create(config)) {
      final FilePublisher.Result r =
          new FilePublisher(
                  publisher, EventPreparer.standard(), null, false, Duration.ofSeconds(10))
              .publish(file, InputFormat.NDJSON, null);
      assertEquals("read=1 published=1 rejected=0", r.summary());
      assertEquals(
          null,
          ReplacementHeaders.replaces(
              TestCluster.readReports(config, config.get("topic.incidents")).get(0).headers()));
    }
  }

  @Test
  void publishesInArrivalOrderWhateverTheFilesOrderInRunsSpooledToDisk(@TempDir final Path dir)
      throws Exception {
    // Newest first, as exports come; two reports at one instant keep their file order.
    final List<String> lines = new ArrayList<>();
    for (int i = 9; i >= 0; i--) {
      lines.add(
          "{\"id\": \"ORD"
              + i
              + "\", \"reportedAt\": \"2023-02-"
              + (10 + i)
              + "T10:00:00Z\", "
              + "\"occurredOn\": \"2023-02-"
              + (10 + i)
              + "\", \"country\": \"PK\", \"eventType\": \"ATTACK\", "
              + "\"killed\": {\"civilians\": 1}, \"injured\": {}, \"source\": {\"name\": \"test\"}}");
    }
    lines.add(lines.get(9).replace("ORD0", "ORD0b")); // the same instant as ORD0, later in the file
    final Path file = Files.write(dir.resolve("newest-first.ndjson"), lines);
    final SurgewatchConfig config = TestCluster.freshTopics();
    final Set<Path> spoolsBefore = spoolFiles();
    try (EventPublisher publisher = EventPublisher.create(config)) {
      final FilePublisher.Result r =
          new FilePublisher(
                  publisher, EventPreparer.standard(), null, false, Duration.ofSeconds(10), 3)
              .publish(file, InputFormat.NDJSON, null);
      assertEquals(11, r.published(), r.toString());
    }
    // The test topics have three partitions: each one holds its records in arrival order.
    final List<String> arrival =
        List.of(
            "ORD0", "ORD0b", "ORD1", "ORD2", "ORD3", "ORD4", "ORD5", "ORD6", "ORD7", "ORD8",
            "ORD9");
    final var records = TestCluster.readReports(config, config.get("topic.incidents"));
    assertEquals(11, records.size());
    for (int partition = 0; partition < 3; partition++) {
      final int p = partition;
      final List<String> held =
          records.stream()
              .filter(x -> x.partition() == p)
              .sorted(Comparator.comparingLong(x -> x.offset()))
              .map(x -> x.key())
              .toList();
      assertEquals(arrival.stream().filter(held::contains).toList(), held, "partition " + p);
    }
    // Each record names its file and line, through the runs spooled to disk: ORD9 is line 1.
    for (final var record : records) {
      final String id = record.key();
      final long line = id.equals("ORD0b") ? 11 : 10 - Long.parseLong(id.substring(3));
      final DeadLetter letter =
          SourceHeaders.describe(
              DeadLetter.newBuilder()
                  .setCategory("X")
                  .setErrorClass("X")
                  .setReason("X")
                  .setFailedAt(Instant.EPOCH)
                  .build(),
              record.headers());
      assertEquals(file.toString(), letter.getSourceFile(), id);
      assertEquals(line, letter.getSourceLine(), id);
    }
    final Set<Path> left = new HashSet<>(spoolFiles());
    left.removeAll(spoolsBefore);
    assertEquals(Set.of(), left, "spool files are removed");
  }

  /**
   * The arrival order's spool files in the temporary directory: this test JVM's own under target/
   * (the module's pom sets java.io.tmpdir per JVM), so no other process's.
   */
  private static Set<Path> spoolFiles() throws IOException {
    try (var files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
      return files
          .filter(p -> p.getFileName().toString().startsWith("surgewatch-arrivals"))
          .collect(Collectors.toSet());
    }
  }
}
