package io.surgewatch.streams.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.surgewatch.core.DeadLetters;
import io.surgewatch.core.EventPreparer;
import io.surgewatch.core.SurgewatchConfig;
import io.surgewatch.events.v1.StatementContext;
import io.surgewatch.events.v1.SurgeAlert;
import io.surgewatch.inputs.InputFormat;
import io.surgewatch.producers.EventPublisher;
import io.surgewatch.producers.FilePublisher;
import io.surgewatch.streams.app.StreamsApp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The trial's case (helper-125's F1 and F2): statements that quote a whole speech transcript, five
 * of 250,000 characters, then a surge whose alerts cite them; and a statement of 600,000 Urdu
 * characters, too large for a Kafka record. Once, the alerts carried the five quotes whole (1.25
 * MB), the producer refused them, and the app stopped for good; the oversized statement stopped
 * {@code produce} partway. Now the app keeps running and publishes the alerts, citing the
 * statements by excerpt, the oversized statement is a dead letter naming its line, and backtest
 * gives the same alerts and dead letters.
 */
class LongQuotesOnTheBrokerTest {

  @Test
  void statementsWithTranscriptsForQuotesAreCitedByExcerptAndTheAppKeepsRunning(
      @TempDir final Path tmp) throws Exception {
    final Path input = Files.writeString(tmp.resolve("transcripts-surge.ndjson"), scenario());
    final SurgewatchConfig config = RealStack.isolatedConfig(Map.of());

    final Outputs expected = Outputs.backtest(config, input);
    assertFalse(expected.alerts().isEmpty(), "the surge raises alerts");
    assertEquals(List.of("ST-URDU-BIG " + DeadLetters.VALIDATION), expected.deadLetters());

    try (StreamsApp app = StreamsApp.start(config);
        EventPublisher publisher = EventPublisher.create(config)) {
      final FilePublisher.Result published =
          new FilePublisher(
                  publisher, EventPreparer.standard(), null, false, Duration.ofSeconds(30))
              .publish(input, InputFormat.NDJSON, null);
      assertEquals(1, published.rejected(), published.summary());
      RealStack.awaitCaughtUp(config, Duration.ofSeconds(180));
      Outputs.awaitAppEquals(config, expected);
      assertTrue(app.streams().state().isRunningOrRebalancing(), "the app keeps running");

      final List<SurgeAlert> alerts = RealStack.alerts(config);
      final List<StatementContext> cited =
          alerts.stream().flatMap(a -> a.getStatements().stream()).toList();
      assertFalse(cited.isEmpty(), "the alerts cite the transcripts");
      for (final StatementContext c : cited) {
        assertTrue(c.getQuote().startsWith("Full transcript, part "), c.getQuote());
        assertTrue(c.getQuote().endsWith(" characters in all]"), c.getQuote());
        assertTrue(c.getQuote().length() < 500, "an excerpt: " + c.getQuote().length());
      }
    }
  }

  /**
   * 39 weekly clashes (a baseline), five statements quoting 250,000 characters each, one of 600,000
   * Urdu characters (1.1 MB), then a week of suicide bombings.
   */
  private static String scenario() {
    final StringBuilder out = new StringBuilder();
    final LocalDate start = LocalDate.of(2023, 1, 2);
    for (int week = 0; week < 39; week++) {
      out.append(incident("BASE-" + week, start.plusWeeks(week), "ARMED_CLASH", 2));
    }
    final String speech = "Mr Speaker, the House must know the truth of these attacks. ";
    for (int part = 1; part <= 5; part++) {
      final String quote =
          "Full transcript, part " + part + ": " + speech.repeat(250_000 / speech.length());
      out.append(statement("ST-TRANSCRIPT-" + part, LocalDate.of(2023, 10, 19 + part), quote));
    }
    out.append(
        statement(
            "ST-URDU-BIG",
            LocalDate.of(2023, 10, 24),
            "\u067E\u0627\u06A9\u0633\u062A\u0627\u0646 ".repeat(75_000)));
    for (int day = 0; day < 7; day++) {
      out.append(
          incident(
              "SURGE-" + day, LocalDate.of(2023, 10, 25).plusDays(day), "SUICIDE_BOMBING", 20));
    }
    return out.toString();
  }

  private static String incident(
      final String id, final LocalDate day, final String type, final int killed) {
    return "{\"id\": \"LQ-"
        + id
        + "\", \"reportedAt\": \""
        + day
        + "T18:00:00Z\", \"occurredOn\": \""
        + day
        + "\", \"country\": \"PK\", \"region\": \"Khyber Pakhtunkhwa\", \"groups\": [{\"name\":"
        + " \"TTP\", \"attribution\": \"CLAIMED\"}], \"eventType\": \""
        + type
        + "\", \"killed\": {\"securityForces\": "
        + killed
        + "}, \"injured\": {}, \"source\": {\"name\": \"Dawn\"}}\n";
  }

  private static String statement(final String id, final LocalDate day, final String quote) {
    return "{\"type\": \"statement\", \"id\": \""
        + id
        + "\", \"madeAt\": \""
        + day
        + "T12:00:00Z\", \"speaker\": {\"name\": \"Khawaja Asif\", \"role\": \"Minister of"
        + " Defence\"}, \"kind\": \"ACCUSATION\", \"quote\": \""
        + quote
        + "\", \"about\": {\"countries\": [\"PK\"], \"groups\": [\"TTP\"]}, \"source\": {\"name\":"
        + " \"Dawn\"}}\n";
  }
}
