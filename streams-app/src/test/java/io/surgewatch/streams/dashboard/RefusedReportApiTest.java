package io.surgewatch.streams.dashboard;

import static io.surgewatch.streams.dashboard.DashboardServerTest.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.surgewatch.core.Keys;
import java.time.Duration;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An incident whose later report the app refused as too late (history.days) says so through the
 * query API, on a real broker: the figures that stand are not passed off as the latest word.
 */
class RefusedReportApiTest {
  static TestApp app;

  @BeforeAll
  static void start() throws Exception {
    app = TestApp.start(Map.of(Keys.HISTORY_DAYS, "60"));
    app.publishIncidents(
        TestApp.incident(
            "PAK1", "2023-01-10T12:00:00Z", "2023-01-10", "Khyber Pakhtunkhwa", "TTP", 5),
        TestApp.incident("PAK3", "2023-04-18T12:00:00Z", "2023-04-18", "Balochistan", "BLA", 2),
        TestApp.incident("PAK2", "2023-04-20T12:00:00Z", "2023-04-20", "Punjab", "TTP", 1),
        // 2023-01-10 is 100 days back, before the history: its figures cannot be taken out, so the
        // revision that moves PAK1 to 2023-04-19 is refused.
        TestApp.incident(
            "PAK1", "2023-04-20T13:00:00Z", "2023-04-19", "Khyber Pakhtunkhwa", "TTP", 9),
        // Re-dated before the history: out of its old day, not counted on its new one.
        TestApp.incident("PAK3", "2023-04-20T14:00:00Z", "2023-01-05", "Balochistan", "BLA", 2));
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  private static JsonNode incident(final String id) {
    return json(app, "/api/v1/incidents/" + id);
  }

  @Test
  void anIncidentNamesTheLaterReportRefusedAndWhereItsDeadLetterIs() {
    TestApp.await(Duration.ofSeconds(60), () -> incident("PAK1").path("refusedReport").isObject());
    final JsonNode pak1 = incident("PAK1");
    assertEquals("2023-01-10", pak1.path("occurredOn").asText(), "the report that stands");
    assertTrue(pak1.path("counted").asBoolean(), pak1.toString());
    final JsonNode refused = pak1.path("refusedReport");
    assertEquals("2023-04-20T13:00:00Z", refused.path("reportedAt").asText(), refused.toString());
    assertEquals("2023-04-19", refused.path("occurredOn").asText(), "the day it moved it to");
    assertFalse(refused.path("retracted").asBoolean(true));
    final JsonNode letter = refused.path("deadLetter");
    assertEquals(app.config.get(Keys.TOPIC_DEAD_LETTER), letter.path("topic").asText());
    assertEquals("PAK1", letter.path("originalKey").asText());
    assertEquals("TOO_LATE", letter.path("category").asText());
    assertTrue(
        letter
            .path("reason")
            .asText()
            .startsWith(
                "too late: it revises the report counted for incident day 2023-01-10 (this report"
                    + " is of 2023-04-19)"),
        letter.toString());
    assertEquals(app.config.get(Keys.TOPIC_INCIDENTS), letter.path("sourceTopic").asText());
    assertFalse(letter.has("originalValue"), "the dead letter on its topic has the bytes");

    // The dead letter it names is the one on the topic (there once the app's transaction commits:
    // queries read the store before).
    TestApp.await(Duration.ofSeconds(30), () -> deadLetterOf(letter) != null);
    final JsonNode onTheTopic = deadLetterOf(letter);
    assertEquals(letter.path("reason"), onTheTopic.path("reason"));
    assertEquals(letter.path("sourcePartition"), onTheTopic.path("sourcePartition"));
    assertEquals(letter.path("failedAt"), onTheTopic.path("failedAt"));
  }

  /** The dead letter on the topic from the same place on the incidents topic, or null. */
  private static JsonNode deadLetterOf(final JsonNode letter) {
    return StreamSupport.stream(
            json(app, "/api/v1/dead-letters?category=TOO_LATE").path("deadLetters").spliterator(),
            false)
        .filter(d -> d.path("sourceOffset").equals(letter.path("sourceOffset")))
        .findFirst()
        .orElse(null);
  }

  @Test
  void aReportRevisedBeforeTheHistoryStandsRefusedUntilALaterReportIsCounted() throws Exception {
    TestApp.await(Duration.ofSeconds(60), () -> incident("PAK3").path("refusedReport").isObject());
    final JsonNode moved = incident("PAK3");
    assertFalse(moved.path("counted").asBoolean(true), moved.toString());
    assertEquals("2023-01-05", moved.path("refusedReport").path("occurredOn").asText());
    assertTrue(
        moved
            .path("refusedReport")
            .path("deadLetter")
            .path("reason")
            .asText()
            .endsWith("counted on 2023-04-18, are taken out of the counts"),
        moved.toString());

    app.publishIncidents(
        TestApp.incident("PAK3", "2023-04-20T15:00:00Z", "2023-04-18", "Balochistan", "BLA", 3));
    TestApp.await(
        Duration.ofSeconds(60),
        () -> {
          final JsonNode now = incident("PAK3");
          return now.path("counted").asBoolean() && now.path("refusedReport").isNull();
        });
    assertEquals(3, incident("PAK3").path("killed").path("securityForces").asInt());
  }
}
