package io.surgewatch.producers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.surgewatch.core.EventPreparer;
import io.surgewatch.core.Keys;
import io.surgewatch.core.SurgewatchConfig;
import io.surgewatch.inputs.InputFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What produce's notes say of a file's statements that will not count as sent, as far as the file
 * shows it: a statement under an id the file gave another statement first (the app will refuse it),
 * one about no country (counted under none), and statements behind the topic (late, but with
 * nothing of incidents' revisions or grace).
 */
class FilePublisherStatementNotesTest {

  static String statement(
      final String id, final String madeAt, final String kind, final String about) {
    return "{\"type\": \"statement\", \"id\": \""
        + id
        + "\", \"madeAt\": \""
        + madeAt
        + "\", \"speaker\": {\"name\": \"ISPR\"}, \"kind\": \""
        + kind
        + "\", \"quote\": \"q\", \"about\": "
        + about
        + ", \"source\": {\"name\": \"s\"}}";
  }

  private static FilePublisher.Result publish(
      final SurgewatchConfig config, final EventPublisher publisher, final Path file) {
    return new FilePublisher(
            publisher, EventPreparer.standard(), null, false, Duration.ofSeconds(10))
        .after(TopicTimes.read(config, Duration.ofSeconds(30)))
        .publish(file, InputFormat.NDJSON, null);
  }

  @Test
  void aStatementTheFileGaveItsIdBeforeWithOtherContentAndOneAboutNoCountryAreNoted(
      @TempDir final Path dir) throws Exception {
    final String pk = "{\"countries\": [\"PK\"]}";
    final Path file =
        Files.write(
            dir.resolve("statements.ndjson"),
            List.of(
                statement("ST1", "2023-02-01T10:00:00Z", "ACCUSATION", pk),
                statement("ST1", "2023-02-01T10:00:00Z", "ACCUSATION", pk), // a copy: harmless
                statement("ST1", "2023-02-01T10:00:00Z", "DENIAL", pk),
                statement("ST2", "2023-02-02T10:00:00Z", "THREAT", "{\"groups\": [\"TTP\"]}"),
                statement("ST3", "2023-02-03T10:00:00Z", "THREAT", "{}")));
    final SurgewatchConfig config = TestCluster.freshTopics();
    try (EventPublisher publisher = EventPublisher.create(config)) {
      final FilePublisher.Result r = publish(config, publisher, file);
      assertEquals(5, r.published(), r.toString());
      assertEquals(
          List.of(
              "1 statement takes an id an earlier statement of the file took with other content:"
                  + " the app will dead-letter it VALIDATION (field id), not counted"
                  + " (CHANGED_STATEMENT; the first: line 3, statement ST1 was taken before with a"
                  + " different kind (as taken: kind ACCUSATION; this one: kind DENIAL): a statement"
                  + " is taken once, as first sent; publish a correction under an id of its own"
                  + " (the statement taken was sent earlier by the same writer): the streams app"
                  + " will dead-letter this one VALIDATION, not counted)",
              "2 statements are about no country (about.countries empty): stored and listed, but"
                  + " counted under no country in the statement counts (NO_COUNTRY; the first:"
                  + " line 4, ST2)"),
          r.notes());
    }
  }

  @Test
  void statementsBehindTheTopicAreNotedAsLateStatementsNotAsIncidents(@TempDir final Path dir)
      throws Exception {
    final String pk = "{\"countries\": [\"PK\"]}";
    final SurgewatchConfig config = TestCluster.freshTopics();
    final String statements = config.get(Keys.TOPIC_STATEMENTS);
    try (EventPublisher publisher = EventPublisher.create(config)) {
      publish(
          config,
          publisher,
          Files.write(
              dir.resolve("newer.ndjson"),
              List.of(statement("ST-NEW", "2024-01-02T12:00:00Z", "DENIAL", pk))));
      final FilePublisher.Result r =
          publish(
              config,
              publisher,
              Files.write(
                  dir.resolve("older.ndjson"),
                  List.of(statement("ST-OLD", "2023-01-02T12:00:00Z", "DENIAL", pk))));
      assertEquals(
          List.of(
              "1 event is at or before where "
                  + statements
                  + " already stands (its newest event is of 2024-01-02T12:00:00Z): the app takes"
                  + " it as late, after it (counted, and attached only to the alerts told after"
                  + " it), and this run's progress markers go past that time so that they do not"
                  + " wait"),
          r.notes());
    }
  }
}
