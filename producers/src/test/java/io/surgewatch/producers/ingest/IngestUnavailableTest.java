package io.surgewatch.producers.ingest;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.surgewatch.core.Keys;
import io.surgewatch.core.SurgewatchConfig;
import io.surgewatch.producers.TestCluster;
import io.surgewatch.stack.EmbeddedKafka;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A broker outage while clients keep posting: 503 with Retry-After, readiness goes down, and every
 * record that got a 202 is really stored. A dedicated broker (stopping the shared one would take
 * the registry down with it, which stores its schemas in Kafka) and the in-memory registry.
 */
class IngestUnavailableTest {

  @Test
  void answers503WhileTheBrokerIsDownAndNeverAcknowledgesWhatWasNotStored(@TempDir final Path dir)
      throws Exception {
    final EmbeddedKafka kafka = EmbeddedKafka.start(dir, 0);
    try {
      final SurgewatchConfig config =
          TestCluster.freshTopics(kafka.bootstrapServers(), "mock://ingest-unavailable")
              .with(Keys.INGEST_PORT, "0");
      try (IngestServer server = IngestServer.start(config)) {
        final String url = server.url() + "/v1/incidents";
        assertEquals(
            202,
            Http.post(url, "application/json", Http.incident("OUT-0", "2023-02-04T10:00:00Z"), null)
                .statusCode());

        // a client posting continuously through the outage
        final Map<String, JsonNode> acknowledged = new ConcurrentHashMap<>();
        final AtomicInteger unavailable = new AtomicInteger();
        final AtomicBoolean running = new AtomicBoolean(true);
        final Thread client =
            new Thread(
                () -> {
                  int i = 1;
                  while (running.get()) {
                    final String id = "OUT-" + i++;
                    final HttpResponse<String> r =
                        Http.post(
                            url,
                            "application/json",
                            Http.incident(id, "2023-02-04T10:00:00Z"),
                            null);
                    if (r.statusCode() == 202) {
                      acknowledged.put(id, Http.json(r).get("accepted").get(0));
                    } else if (r.statusCode() == 503) {
                      assertEquals("5", r.headers().firstValue("Retry-After").orElse(""));
                      assertEquals(
                          "application/problem+json",
                          r.headers().firstValue("Content-Type").orElse(""));
                      unavailable.incrementAndGet();
                    } else {
                      throw new AssertionError("unexpected " + r.statusCode() + " " + r.body());
                    }
                  }
                });
        client.start();
        await("a 202 before the outage")
            .atMost(Duration.ofSeconds(30))
            .until(() -> !acknowledged.isEmpty());
        kafka.stop();
        await("a 503 while the broker is down")
            .atMost(Duration.ofSeconds(30))
            .until(() -> unavailable.get() > 0);
        // The readiness check is cached: wait for it to notice the broker is gone.
        await("/health/ready answering 503")
            .atMost(Duration.ofSeconds(30))
            .pollInterval(Duration.ofMillis(200))
            .untilAsserted(
                () -> {
                  final HttpResponse<String> ready = Http.get(server.url() + "/health/ready");
                  assertEquals(503, ready.statusCode(), ready.body());
                  assertFalse(Http.json(ready).get("checks").get("broker").asText().equals("ok"));
                });

        kafka.restart();
        final int before = acknowledged.size();
        await("202s after the broker came back")
            .atMost(Duration.ofSeconds(30))
            .until(() -> acknowledged.size() > before + 2);
        running.set(false);
        client.join(30_000);

        // everything acknowledged is stored, at the partition and offset the client was told
        final List<ConsumerRecord<String, byte[]>> stored =
            TestCluster.readAll(config, config.get(Keys.TOPIC_INCIDENTS));
        acknowledged.forEach(
            (id, where) ->
                assertTrue(
                    stored.stream()
                        .anyMatch(
                            r ->
                                r.key().equals(id)
                                    && r.partition() == where.get("partition").asInt()
                                    && r.offset() == where.get("offset").asLong()),
                    id + " acknowledged at " + where + " but not stored"));
        assertEquals(200, Http.get(server.url() + "/health/live").statusCode());
      }
    } finally {
      kafka.close();
    }
  }
}
