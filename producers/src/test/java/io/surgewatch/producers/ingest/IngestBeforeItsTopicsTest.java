package io.surgewatch.producers.ingest;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.surgewatch.core.EventJson;
import io.surgewatch.core.EventPreparer;
import io.surgewatch.core.Keys;
import io.surgewatch.core.SurgewatchConfig;
import io.surgewatch.core.Topics;
import io.surgewatch.events.v1.IncidentEvent;
import io.surgewatch.producers.EventPublisher;
import io.surgewatch.producers.TestCluster;
import io.surgewatch.stack.TopicInitializer;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

/**
 * An ingest service started before its input topics exist (before the streams app or {@code topics
 * create} made them): its requests answer 503 at once, and it reads the topics back once they come.
 */
class IngestBeforeItsTopicsTest {

  @Test
  void aRequestForATopicThatDoesNotExistAnswers503NamingItBeforeAnySend() {
    final SurgewatchConfig config =
        TestCluster.freshTopics()
            .withAll(
                Map.of(
                    Keys.INGEST_PORT, "0",
                    Keys.TOPIC_STATEMENTS, "not-made-" + System.nanoTime(),
                    Keys.INGEST_ACK_TIMEOUT_MS, "3000"));
    final StringBuilder body = new StringBuilder("[");
    for (int i = 0; i < 30; i++) {
      body.append(i == 0 ? "" : ",").append(Http.statement("EARLY-S" + i));
    }
    body.append(']');
    try (EventPublisher publisher = EventPublisher.forIngest(config, Duration.ofSeconds(2));
        IngestServer server = IngestServer.start(config, publisher)) {
      final HttpResponse<String> r =
          Http.post(server.url() + "/v1/statements", "application/json", body.toString(), null);
      assertEquals(503, r.statusCode(), r.body());
      assertTrue(r.headers().firstValue("Retry-After").isPresent(), r.headers().toString());
      // Refused by the readiness check, which names the missing topic, before any send: a send
      // waits up to the producer's timeout (2 s) for a topic's metadata, and one wait a record
      // held a request of these 30 for a minute.
      final String detail = Http.json(r).get("detail").asText();
      assertTrue(detail.startsWith("nothing was published"), detail);
      assertTrue(detail.contains("topics missing: " + config.get(Keys.TOPIC_STATEMENTS)), detail);
    }
  }

  @Test
  void aTopicMadeAfterTheServiceStartedIsReadBackOnceItExists() throws Exception {
    final SurgewatchConfig made = TestCluster.freshTopics();
    // Names neither the alias tables nor the data so far hold are refused (400, nothing learnt):
    // a report of them is accepted only once the service has read another writer's back.
    final SurgewatchConfig config =
        made.with(Keys.TOPIC_INCIDENTS, made.get(Keys.TOPIC_INCIDENTS) + "-later")
            .with(Keys.INGEST_PORT, "0")
            .with(Keys.INGEST_UNKNOWN_NAMES, "reject");
    try (IngestServer server = IngestServer.start(config)) {
      // Not ready while a topic it publishes to is missing, saying which.
      final HttpResponse<String> notReady = Http.get(server.url() + "/health/ready");
      assertEquals(503, notReady.statusCode(), notReady.body());
      assertTrue(
          Http.json(notReady)
              .path("checks")
              .path("topics")
              .asText()
              .startsWith("missing: " + config.get(Keys.TOPIC_INCIDENTS)),
          notReady.body());
      // A request is answered so at once: no topic, no 202.
      assertEquals(
          503, post(server, json("EARLY-1", "PK", "Khyber Pakhtunkhwa", "TTP")).statusCode());
      final Topics topics = Topics.from(config);
      TopicInitializer.ensureTopics(
          Map.of("bootstrap.servers", config.get(Keys.BOOTSTRAP_SERVERS)),
          List.of(
              new NewTopic(topics.incidents().name(), 3, topics.replicationFactor())
                  .configs(topics.incidents().configs())),
          Duration.ofSeconds(30));
      try (EventPublisher other = EventPublisher.forIngest(config, Duration.ofSeconds(6))) {
        other
            .publish(
                EventPreparer.standard()
                    .incident(
                        EventJson.parse(
                            json("LATER-1", "KE", "Ngong Hills", "Zeta Test Militia"),
                            IncidentEvent.class)))
            .get();
      }
      await("ready once its topics exist")
          .atMost(Duration.ofSeconds(30))
          .until(() -> Http.get(server.url() + "/health/ready").statusCode() == 200);
      final AtomicInteger attempt = new AtomicInteger();
      await("the service reading the new topic back")
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> {
                final HttpResponse<String> r =
                    post(
                        server,
                        json(
                            "LATER-2-" + attempt.getAndIncrement(),
                            "KE",
                            "Ngong Hills",
                            "Zeta Test Militia"));
                assertEquals(202, r.statusCode(), r.body());
              });
    }
  }

  private static HttpResponse<String> post(final IngestServer server, final String json) {
    return Http.post(server.url() + "/v1/incidents", "application/json", json, null);
  }

  private static String json(
      final String id, final String country, final String region, final String group) {
    return "{\"id\": \""
        + id
        + "\", \"reportedAt\": \"2023-02-04T10:00:00Z\", \"occurredOn\": \"2023-01-30\","
        + " \"country\": \""
        + country
        + "\", \"region\": \""
        + region
        + "\", \"groups\": [{\"name\": \""
        + group
        + "\", \"attribution\": \"CLAIMED\"}], \"eventType\": \"ARMED_CLASH\","
        + " \"killed\": {\"unknown\": 1}, \"injured\": {\"unknown\": 0},"
        + " \"source\": {\"name\": \"test\"}}";
  }
}
