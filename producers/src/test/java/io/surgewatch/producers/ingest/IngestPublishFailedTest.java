package io.surgewatch.producers.ingest;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.surgewatch.core.Keys;
import io.surgewatch.core.SurgewatchConfig;
import io.surgewatch.core.Topics;
import io.surgewatch.producers.TestCluster;
import io.surgewatch.stack.TopicInitializer;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

/**
 * A record the broker refuses for good (larger than the topic's {@code max.message.bytes}) is a
 * {@code 500 publish-failed} that says what may be stored, not a 503 to retry: retrying cannot
 * succeed.
 */
class IngestPublishFailedTest {

  @Test
  void aRecordTheBrokerRefusesForGoodIsA500ThatSaysWhatMayBeStored() {
    final SurgewatchConfig made = TestCluster.freshTopics();
    final SurgewatchConfig config =
        made.with(Keys.TOPIC_STATEMENTS, made.get(Keys.TOPIC_STATEMENTS) + "-small")
            .with(Keys.INGEST_PORT, "0");
    final Topics topics = Topics.from(config);
    TopicInitializer.ensureTopics(
        Map.of("bootstrap.servers", config.get(Keys.BOOTSTRAP_SERVERS)),
        List.of(
            new NewTopic(topics.statements().name(), 1, topics.replicationFactor())
                .configs(Map.of("max.message.bytes", "2000"))),
        Duration.ofSeconds(30));
    final String small = Http.statement("SMALL-1");
    // Text no compression shrinks below the limit: the producer compresses its batches.
    final Random random = new Random(42);
    final StringBuilder text = new StringBuilder();
    for (int i = 0; i < 8_000; i++) {
      text.append((char) ('a' + random.nextInt(26)));
    }
    final String large =
        Http.statement("LARGE-1").replace("not lived up to that commitment.", text.toString());
    try (IngestServer server = IngestServer.start(config)) {
      await("ready")
          .atMost(Duration.ofSeconds(30))
          .until(() -> Http.get(server.url() + "/health/ready").statusCode() == 200);
      final HttpResponse<String> r =
          Http.post(
              server.url() + "/v1/statements",
              "application/json",
              "[" + small + "," + large + "]",
              null);
      assertEquals(500, r.statusCode(), r.body());
      final JsonNode problem = Http.json(r);
      assertEquals("https://surgewatch.io/problems/publish-failed", problem.path("type").asText());
      assertTrue(
          problem
              .path("detail")
              .asText()
              .endsWith(
                  "; records of the request sent before the one that failed may be stored:"
                      + " re-posting the same records is harmless (reports are deduplicated by id"
                      + " and reportedAt, a statement is taken as first sent), a changed statement"
                      + " under a stored id is not taken"),
          r.body());
      assertTrue(r.headers().firstValue("Retry-After").isEmpty(), "no retry can succeed");
      assertEquals(
          202,
          Http.post(server.url() + "/v1/statements", "application/json", small, null).statusCode(),
          "the service goes on publishing");
    }
  }
}
