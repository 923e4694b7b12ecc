package io.surgewatch.streams.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import io.surgewatch.streams.app.StreamsApp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The differential test: the streams app on a real broker and registry and the backtest, fed the
 * same input, give the same counts, alerts and dead letters. The input is the seeds (with
 * revisions, duplicates, retractions and late reports), corrections years late and a re-coding to a
 * type that does not count, a statement sent again as it was and with other content, plus invalid
 * records.
 */
class BacktestEqualsStreamsAppTest {

  /**
   * Six input partitions (the default) and two instances of the app, against backtest for six
   * partitions.
   */
  @Test
  void backtestAndTwoInstancesOfTheStreamsAppAgreeOnTheSeeds(@TempDir final Path tmp)
      throws Exception {
    agree(tmp, Map.of());
  }

  /**
   * The same with a cube that holds a few dozen buckets of the recent span: keys are dropped and
   * read again from the store all the time, often with changes not yet written back.
   */
  @Test
  void theyAgreeWhenTheCubeHoldsFewBucketsInMemory(@TempDir final Path tmp) throws Exception {
    agree(tmp, Map.of(Keys.CUBE_SPAN_BUCKETS, "40"), arrivalOrdered(tmp, false));
  }

  /**
   * Incident reports stamped as a weekly upload stamps them (ACLED's {@code timestamp}): the
   * reports of a week share one reported-at, the Monday after, so each tie holds up to 32 reports
   * of up to 12 incident days, read by different input partitions and carrying the news of later
   * days into the same time. The cube must apply each tie in the tie order whatever partition
   * passed the time last.
   */
  @Test
  void theyAgreeWhenAWeeksReportsShareOneReportedAt(@TempDir final Path tmp) throws Exception {
    agree(tmp, Map.of(), arrivalOrdered(tmp, true));
  }

  /**
   * A late correction that withdraws an alert and opens its successor from the next day in the same
   * re-test: the two records name each other (successor, predecessor) on the app's topic as in
   * backtest's output.
   */
  @Test
  void theyAgreeOnAWithdrawalThatOpensItsSuccessor(@TempDir final Path tmp) throws Exception {
    final SurgewatchConfig config = RealStack.isolatedConfig(Map.of());
    final Path input = withdrawnForASuccessor(tmp);
    final Outputs expected = Outputs.backtest(config, input);
    assertTrue(
        expected.alerts().stream()
            .anyMatch(
                a ->
                    a.startsWith("PK|*|*|killed|2022-08-25 ")
                        && a.contains(" successor PK|*|*|killed|2022-08-26 ")),
        "the withdrawal names its successor: " + expected.alerts());
    assertTrue(
        expected.alerts().stream()
            .anyMatch(
                a ->
                    a.startsWith("PK|*|*|killed|2022-08-26 1 OPEN ")
                        && a.contains(" predecessor PK|*|*|killed|2022-08-25 ")),
        "the successor names the alert it replaces: " + expected.alerts());
    try (StreamsApp app = StreamsApp.start(config);
        StreamsApp second =
            StreamsApp.start(config.with(Keys.STATE_DIR, tmp.resolve("second").toString()));
        EventPublisher publisher = EventPublisher.create(config)) {
      new FilePublisher(publisher, EventPreparer.standard(), null, false, Duration.ofSeconds(30))
          .publish(input, InputFormat.NDJSON, null);
      RealStack.awaitCaughtUp(config, Duration.ofSeconds(180));
      Outputs.awaitAppEquals(config, expected);
    }
  }

  /**
   * One killed a day in Khyber Pakhtunkhwa from 1 January to 5 September 2022; 45 killed on 25
   * August (an alert opens) and 40 on 26 August; on 6 September 25 of the 45 are revised away: 25
   * August no longer reaches the open score, 26 August still does.
   */
  private static Path withdrawnForASuccessor(final Path tmp) throws IOException {
    final List<String> out = new ArrayList<>();
    for (LocalDate d = LocalDate.of(2022, 1, 1);
        !d.isAfter(LocalDate.of(2022, 9, 5));
        d = d.plusDays(1)) {
      out.add(killed("K" + d, d, 1, d.atTime(10, 0)));
      if (d.equals(LocalDate.of(2022, 8, 25))) {
        out.add(killed("S0", d, 20, d.atTime(11, 0)));
        out.add(killed("S1", d, 25, d.atTime(12, 0)));
      } else if (d.equals(LocalDate.of(2022, 8, 26))) {
        out.add(killed("S2", d, 40, d.atTime(11, 0)));
      }
    }
    out.add(killed("S1", LocalDate.of(2022, 8, 25), 0, LocalDate.of(2022, 9, 6).atTime(10, 0)));
    final Path file = tmp.resolve("successor.ndjson");
    Files.write(file, out);
    return file;
  }

  private static String killed(
      final String id, final LocalDate day, final int killed, final LocalDateTime reportedAt) {
    return "{\"id\": \""
        + id
        + "\", \"reportedAt\": \""
        + reportedAt.toInstant(ZoneOffset.UTC)
        + "\", \"occurredOn\": \""
        + day
        + "\", \"country\": \"PK\", \"region\": \"Khyber Pakhtunkhwa\","
        + " \"groups\": [{\"name\": \"TTP\"}], \"killed\": {\"securityForces\": "
        + killed
        + "}, \"injured\": {}, \"source\": {\"name\": \"ACLED\"}}";
  }

  private static void agree(final Path tmp, final Map<String, String> settings) throws Exception {
    agree(tmp, settings, arrivalOrdered(tmp, false));
  }

  private static void agree(final Path tmp, final Map<String, String> settings, final Path input)
      throws Exception {
    final SurgewatchConfig config = RealStack.isolatedConfig(settings);
    assertEquals(6, Topics.from(config).incidents().partitions());

    final Outputs expected = Outputs.backtest(config, input);
    assertFalse(expected.alerts().isEmpty(), "the seeds raise alerts");
    assertTrue(
        expected.deadLetters().contains("PAK100002 " + DeadLetters.SUPERSEDED),
        "the input holds a superseded report: " + expected.deadLetters());
    assertEquals(
        1,
        Collections.frequency(expected.deadLetters(), "PAK100004 " + DeadLetters.NOT_COUNTED),
        "the input holds a set-aside report and its repeat, one letter: " + expected.deadLetters());
    assertTrue(
        expected.deadLetters().contains("ST-2021-07-15-mofa-dasu " + DeadLetters.VALIDATION),
        "the input holds a statement sent again with other content: " + expected.deadLetters());

    try (StreamsApp app = StreamsApp.start(config);
        StreamsApp second =
            StreamsApp.start(config.with(Keys.STATE_DIR, tmp.resolve("second").toString()));
        EventPublisher publisher = EventPublisher.create(config)) {
      new FilePublisher(publisher, EventPreparer.standard(), null, false, Duration.ofSeconds(30))
          .publish(input, InputFormat.NDJSON, null);
      RealStack.awaitCaughtUp(config, Duration.ofSeconds(180));
      Outputs.awaitAppEquals(config, expected);
      // Each dead letter names the file and line of its record, the app's as backtest's.
      final Backtest.Collected reference = new Backtest.Collected();
      new Backtest(config).run(List.of(input), InputFormat.NDJSON, reference);
      final List<String> places = Outputs.deadLetterPlaces(reference.deadLetters);
      assertTrue(
          places.stream().anyMatch(p -> p.contains(DeadLetters.SUPERSEDED + " " + input + ":")),
          "a letter of the app's stage 1 among them: " + places);
      assertEquals(places, Outputs.deadLetterPlaces(RealStack.deadLetters(config)));
      // The statement counts: what security.statement-counts.v1 holds last under each key is
      // backtest's statement-counts.ndjson (the repeat and the refused statement count nothing).
      final Map<String, String> statementCounts =
          Outputs.statementCounts(reference.statementCounts);
      assertFalse(statementCounts.isEmpty(), "the seeds hold statements");
      await("the app's statement counts equal to the backtest's")
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(200))
          .untilAsserted(
              () ->
                  assertEquals(
                      statementCounts, Outputs.statementCounts(RealStack.statementCounts(config))));
    }
  }

  /**
   * The seeds, interleaved in arrival order, plus records the producer rejects, as one NDJSON file.
   */
  static Path arrivalOrdered(final Path tmp) throws IOException {
    return arrivalOrdered(tmp, false);
  }

  /**
   * @param weekly stamp each incident report with the Monday (00:00 UTC) after its reported-at, as
   *     a weekly upload does
   */
  static Path arrivalOrdered(final Path tmp, final boolean weekly) throws IOException {
    final Path seeds = Path.of("..", "seeds");
    record Line(String text, String at) {}
    final List<Line> lines = new ArrayList<>();
    for (final String f : List.of("incidents.ndjson", "statements.ndjson")) {
      for (final String l : Files.readAllLines(seeds.resolve(f))) {
        final ObjectNode node = (ObjectNode) EventJson.MAPPER.readTree(l);
        if (weekly && node.has("reportedAt")) {
          node.put("reportedAt", mondayAfter(Instant.parse(node.get("reportedAt").asText())));
          lines.add(
              new Line(EventJson.MAPPER.writeValueAsString(node), node.get("reportedAt").asText()));
          continue;
        }
        lines.add(
            new Line(
                l,
                Instant.parse(
                        node.has("reportedAt")
                            ? node.get("reportedAt").asText()
                            : node.get("madeAt").asText())
                    .toString()));
      }
    }
    lines.sort(Comparator.comparing(l -> Instant.parse(l.at())));
    final List<String> out = new ArrayList<>(lines.stream().map(Line::text).toList());
    // Corrections as ACLED makes them, after the seeds' last report: an edit three years late
    // (beyond the grace: counts only), a re-coding to a type that does not count (its figures
    // leave) and its repeat, a retraction.
    out.add(
        "{\"id\": \"PAK100002\", \"reportedAt\": \"2024-01-22T09:00:00Z\", \"occurredOn\": \"2021-01-01\", "
            + "\"country\": \"PK\", \"region\": \"KP\", \"groups\": [{\"name\": \"TTP\"}], "
            + "\"killed\": {\"securityForces\": 4, \"militants\": 3}, \"injured\": {}, \"source\": {\"name\": \"ACLED\"}}");
    final String recoded =
        "{\"id\": \"PAK100004\", \"reportedAt\": \"2024-01-22T09:01:00Z\", \"occurredOn\": \"2021-01-02\", "
            + "\"country\": \"PK\", \"region\": \"Balochistan\", \"sourceEventType\": \"Strategic developments\", "
            + "\"killed\": {}, \"injured\": {}, \"source\": {\"name\": \"ACLED\"}}";
    out.add(recoded);
    out.add(recoded); // a repeat of a set-aside report (a re-download): no second letter
    out.add(
        "{\"id\": \"PAK100001\", \"reportedAt\": \"2024-01-22T09:02:00Z\", \"occurredOn\": \"2021-01-01\", "
            + "\"country\": \"PK\", \"retracted\": true, \"killed\": {}, \"injured\": {}, \"source\": {\"name\": \"ACLED\"}}");
    // Two revisions of one time, the higher first: the lower is superseded (dead-lettered).
    for (final int revision : new int[] {2, 1}) {
      out.add(
          "{\"id\": \"PAK100002\", \"reportedAt\": \"2024-01-22T09:03:00Z\", \"revision\": "
              + revision
              + ", \"occurredOn\": \"2021-01-01\", \"country\": \"PK\", \"region\": \"KP\","
              + " \"groups\": [{\"name\": \"TTP\"}], \"killed\": {\"securityForces\": "
              + (3 + revision)
              + "}, \"injured\": {}, \"source\": {\"name\": \"ACLED\"}}");
    }
    // A statement sent again as it was (a repeat: nothing changes) and again with another kind
    // (refused, naming what differs: a statement is taken once, as first sent).
    final String statement = Files.readAllLines(seeds.resolve("statements.ndjson")).get(0);
    out.add(statement);
    out.add(statement.replace("\"CONDEMNATION\"", "\"DENIAL\""));
    out.add("{\"id\": \"BAD1\", \"reportedAt\": \"2023-12-31T10:00:00Z\"}");
    out.add("not json at all");
    final Path file = tmp.resolve("input.ndjson");
    Files.write(file, out);
    return file;
  }

  private static String mondayAfter(final Instant at) {
    final LocalDate day = at.atZone(ZoneOffset.UTC).toLocalDate();
    return day.with(TemporalAdjusters.next(DayOfWeek.MONDAY))
        .atStartOfDay(ZoneOffset.UTC)
        .toInstant()
        .toString();
  }
}
