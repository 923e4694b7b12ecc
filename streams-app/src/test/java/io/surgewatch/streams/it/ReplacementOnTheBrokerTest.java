package io.surgewatch.streams.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.surgewatch.backtest.Backtest;
import io.surgewatch.core.DeadLetters;
import io.surgewatch.core.EventJson;
import io.surgewatch.core.EventPreparer;
import io.surgewatch.core.Keys;
import io.surgewatch.core.SurgewatchConfig;
import io.surgewatch.core.Topics;
import io.surgewatch.inputs.InputFormat;
import io.surgewatch.producers.EventPublisher;
import io.surgewatch.producers.FilePublisher;
import io.surgewatch.producers.TopicTimes;
import io.surgewatch.streams.app.StreamsApp;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A newer export replacing an older one, as a user loads it: {@code produce OLDER}, then {@code
 * produce NEWER --replaces OLDER}, against {@code backtest NEWER --replaces OLDER}. The newer
 * export holds incidents dated before the end of the older one that the older did not (a new
 * release that adds old events, as UCDP's do), a revision of an incident inside the grace, a
 * statement the older lacked, and leaves out incidents the older held (retracted). The app takes
 * the newer file's earlier-dated reports as late, placed just past the older run's last progress
 * markers, and backtest must replay them so: same alerts, same counts, same dead letters.
 */
class ReplacementOnTheBrokerTest {

  /** The seeds, incidents then statements, each a JSON object with its time. */
  private record Row(ObjectNode json, Instant at, boolean statement) {}

  private static List<Row> seeds() throws Exception {
    final List<Row> rows = new ArrayList<>();
    for (final String f : List.of("incidents.ndjson", "statements.ndjson")) {
      for (final String l : Files.readAllLines(Path.of("..", "seeds").resolve(f))) {
        final ObjectNode node = (ObjectNode) EventJson.MAPPER.readTree(l);
        final boolean statement = node.has("madeAt");
        rows.add(
            new Row(
                node,
                Instant.parse(node.get(statement ? "madeAt" : "reportedAt").asText()),
                statement));
      }
    }
    return rows;
  }

  private static Path write(final Path file, final List<JsonNode> rows) throws Exception {
    final List<String> lines = new ArrayList<>();
    for (final JsonNode n : rows) {
      lines.add(EventJson.MAPPER.writeValueAsString(n));
    }
    return Files.write(file, lines);
  }

  @Test
  void theAppAndBacktestAgreeOnANewerExportPublishedAfterTheOlder(@TempDir final Path tmp)
      throws Exception {
    final List<Row> rows = seeds();
    final List<Row> incidents = rows.stream().filter(r -> !r.statement()).toList();
    // The older export ends three quarters of the way through the seeds, in the TTP surge.
    final Instant end = incidents.get(incidents.size() * 3 / 4).at();
    final Instant lastWeeks = end.minus(Duration.ofDays(45));
    // Past the grace (60 days) from the older export's end, inside it from their own times.
    final Instant addedFrom = end.minus(Duration.ofDays(150));
    final Instant addedTo = end.minus(Duration.ofDays(70));
    final List<JsonNode> older = new ArrayList<>();
    final List<JsonNode> newer = new ArrayList<>();
    int recent = 0;
    int added = 0;
    boolean edited = false;
    int retracted = 0;
    boolean revised = false;
    // The older export's last statement is left to the newer one.
    final Instant lateStatement =
        rows.stream()
            .filter(r -> r.statement() && !r.at().isAfter(end))
            .map(Row::at)
            .max(Instant::compareTo)
            .orElseThrow();
    // And the older export holds a statement past its last incident (its run marks the statements
    // topic there), so the newer one's statement before it is late for statements only.
    final Instant olderLastWord =
        rows.stream()
            .filter(r -> r.statement() && r.at().isAfter(end))
            .map(Row::at)
            .sorted()
            .skip(1)
            .findFirst()
            .orElseThrow();
    for (final Row r : rows) {
      if (r.statement()) {
        if (r.at().equals(olderLastWord)) {
          older.add(r.json());
        } else if (r.at().isAfter(end)) {
          newer.add(r.json());
        } else if (r.at().equals(lateStatement)) {
          newer.add(r.json()); // a statement only the newer export holds, dated before its end
        } else {
          older.add(r.json());
        }
        continue;
      }
      if (r.at().isAfter(end)) {
        newer.add(r.json());
      } else if (r.at().isAfter(lastWeeks) && recent++ % 3 == 0
          || r.at().isAfter(addedFrom) && r.at().isBefore(addedTo) && added++ % 2 == 0) {
        // Added by the newer release, dated in the older one's last weeks or months before them.
        if (!edited && r.at().isBefore(addedTo)) {
          // One of them edited a day later, the edit listed first: publishing in time order puts
          // the first version first, as backtest must.
          final ObjectNode edit = r.json().deepCopy();
          edit.put("reportedAt", r.at().plus(Duration.ofDays(1)).toString());
          ((ObjectNode) edit.get("killed")).put("civilians", 25);
          newer.add(edit);
          edited = true;
        }
        newer.add(r.json());
      } else if (r.at().isBefore(addedFrom) && retracted < 2 && older.size() > 100) {
        older.add(r.json()); // gone from the newer release: retracted
        retracted++;
      } else if (!revised && r.at().isAfter(lastWeeks)) {
        older.add(r.json());
        final ObjectNode revision = r.json().deepCopy();
        revision.put("revision", 2);
        ((ObjectNode) revision.get("killed")).put("civilians", 40);
        newer.add(revision); // its figures revised, at the same reported-at
        revised = true;
      } else {
        older.add(r.json());
        newer.add(r.json());
      }
    }
    final Path olderFile = write(tmp.resolve("older.ndjson"), older);
    final Path newerFile = write(tmp.resolve("newer.ndjson"), newer);

    final SurgewatchConfig config = RealStack.isolatedConfig(Map.of());
    final Backtest.Collected collected = new Backtest.Collected();
    new Backtest(config).run(List.of(newerFile), InputFormat.NDJSON, olderFile, collected);
    final Outputs expected = Outputs.of(collected.counts, collected.alerts, collected.deadLetters);
    assertFalse(expected.alerts().isEmpty(), "the seeds raise alerts");

    appEqualsBacktest(config, olderFile, newerFile, expected);
  }

  /**
   * With a bounded history, a report is too late by where the arrival order stands when it comes,
   * not by its partition's own latest report: here the newer export's X12 (incident day 2020-11-30)
   * is late, placed after the older run's markers at Y2's 2021-12-01T00:00:30Z, 366 days on, though
   * the latest report of its own partition (X1's) is on 2021-11-30. Backtest refuses it; the app
   * counted it when stage 1 measured from its partition's latest. A retraction too late to take its
   * incident out is dead-lettered on both sides.
   */
  @Test
  void aReportLateForItsPartitionIsTooLateAsBacktestJudgesIt(@TempDir final Path tmp)
      throws Exception {
    final String x1 = report("H89X1", "2021-11-30T23:59:00Z", "2021-11-30", 5);
    final String y2 = report("H89Y2", "2021-12-01T00:00:30Z", "2021-12-01", 5);
    final String x12 = report("H89X12", "2021-11-30T23:59:30Z", "2020-11-30", 7);
    // And an incident of the older export that the newer lacks, counted when it came (361 days
    // before Y2), whose retraction comes after the newer export's latest report (370 days on):
    // too late to take out, dead-lettered by the app and backtest alike.
    final String z0 = report("H89Z0", "2020-12-06T10:00:00Z", "2020-12-05", 3);
    final String n9 = report("H89N9", "2021-12-10T08:00:00Z", "2021-12-10", 2);
    final Path olderFile = Files.write(tmp.resolve("older.ndjson"), List.of(z0, x1, y2));
    final Path newerFile = Files.write(tmp.resolve("newer.ndjson"), List.of(x1, y2, x12, n9));
    final SurgewatchConfig config = RealStack.isolatedConfig(Map.of(Keys.HISTORY_DAYS, "365"));
    final int partitions = Topics.from(config).incidents().partitions();
    assertEquals(partition("H89X1", partitions), partition("H89X12", partitions));
    assertNotEquals(partition("H89X1", partitions), partition("H89Y2", partitions));

    final Backtest.Collected collected = new Backtest.Collected();
    new Backtest(config).run(List.of(newerFile), InputFormat.NDJSON, olderFile, collected);
    final Outputs expected = Outputs.of(collected.counts, collected.alerts, collected.deadLetters);
    assertTrue(
        expected.deadLetters().contains("H89X12 " + DeadLetters.TOO_LATE),
        expected.deadLetters().toString());
    assertTrue(
        expected.deadLetters().contains("H89Z0 " + DeadLetters.TOO_LATE),
        expected.deadLetters().toString());

    appEqualsBacktest(config, olderFile, newerFile, expected);
  }

  private static String report(
      final String id, final String reportedAt, final String day, final int killed) {
    return "{\"id\": \""
        + id
        + "\", \"reportedAt\": \""
        + reportedAt
        + "\", \"occurredOn\": \""
        + day
        + "\", \"country\": \"BF\", \"region\": \"Sahel\", \"groups\": [{\"name\": \"JNIM\"}],"
        + " \"killed\": {\"unknown\": "
        + killed
        + "}, \"injured\": {}, \"source\": {\"name\": \"test\"}}";
  }

  /** The input partition Kafka's default partitioner gives a key. */
  private static int partition(final String key, final int partitions) {
    return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
  }

  /** {@code produce OLDER}, then {@code produce NEWER --replaces OLDER}: the app's outputs. */
  private static void appEqualsBacktest(
      final SurgewatchConfig config,
      final Path olderFile,
      final Path newerFile,
      final Outputs expected)
      throws Exception {
    try (StreamsApp app = StreamsApp.start(config);
        EventPublisher publisher = EventPublisher.create(config)) {
      final FilePublisher produce =
          new FilePublisher(
              publisher, EventPreparer.standard(), null, false, Duration.ofSeconds(30));
      produce
          .after(TopicTimes.latest(config, Duration.ofSeconds(30)))
          .publish(olderFile, InputFormat.NDJSON, null);
      produce
          .after(TopicTimes.latest(config, Duration.ofSeconds(30)))
          .publish(newerFile, InputFormat.NDJSON, null, olderFile);
      RealStack.awaitCaughtUp(config, Duration.ofSeconds(180));
      Outputs.awaitAppEquals(config, expected);
    }
  }
}
