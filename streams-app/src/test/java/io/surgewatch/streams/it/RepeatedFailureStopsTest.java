package io.surgewatch.streams.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.surgewatch.core.EventJson;
import io.surgewatch.core.Keys;
import io.surgewatch.core.SurgewatchConfig;
import io.surgewatch.core.Topics;
import io.surgewatch.events.v1.IncidentEvent;
import io.surgewatch.serde.AvroSerdes;
import io.surgewatch.streams.app.FailurePolicy;
import io.surgewatch.streams.app.StreamsApp;
import io.surgewatch.streams.dashboard.DashboardServer;
import io.surgewatch.streams.topology.TopologyHarnessAccess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.Record;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A bug that throws on one record, on the real broker: the thread is replaced
 * failure.max-replacements times (each new thread resumes from the last commit and meets the same
 * record), then the application shuts down, and the health endpoint and the metrics say why,
 * instead of the app looping for ever.
 */
class RepeatedFailureStopsTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @Test
  @Timeout(180)
  void aBugThatFailsOnOneRecordStopsTheAppAfterTheBoundedReplacements() throws Exception {
    // A failed thread's member stays in the group until its session times out: a short session
    // keeps the test short.
    final SurgewatchConfig config =
        RealStack.isolatedConfig(
            Map.of(
                Keys.FAILURE_MAX_REPLACEMENTS,
                "2",
                Keys.DASHBOARD_PORT,
                "0",
                "consumer.session.timeout.ms",
                "6000",
                "consumer.heartbeat.interval.ms",
                "1000"));
    final String topic = Topics.from(config).incidents().name();
    final AtomicInteger attempts = new AtomicInteger();
    // The injected bug: a processor beside the intake that throws on the record keyed POISON.
    try (StreamsApp app =
            StreamsApp.start(
                config,
                topology ->
                    topology.addProcessor(
                        "poison-bug",
                        () ->
                            new Processor<String, byte[], Void, Void>() {
                              @Override
                              public void process(final Record<String, byte[]> record) {
                                if ("POISON".equals(record.key())) {
                                  attempts.incrementAndGet();
                                  throw new IllegalStateException(
                                      "a bug that fails on record POISON");
                                }
                              }
                            },
                        "incidents-source"));
        DashboardServer dashboard = DashboardServer.start(config, app.streams(), app.failures());
        KafkaProducer<String, byte[]> producer =
            new KafkaProducer<>(
                config.clientProperties(), new StringSerializer(), new ByteArraySerializer())) {
      assertTrue(app.awaitRunning(Duration.ofSeconds(60)), "the app starts");
      final var serializer =
          AvroSerdes.specific(IncidentEvent.class, config.clientProperties(), false).serializer();
      final IncidentEvent report =
          TopologyHarnessAccess.incident("POISON", LocalDate.of(2023, 1, 10), 3);
      producer
          .send(new ProducerRecord<>(topic, "POISON", serializer.serialize(topic, report)))
          .get();

      final FailurePolicy.Failure failure = app.failures().stopped().get(150, TimeUnit.SECONDS);
      assertEquals(
          3,
          attempts.get(),
          "the first failure and two replacements, each meeting the record again");
      assertEquals(3, failure.failures());
      assertEquals(IllegalStateException.class.getName(), failure.exception());
      assertEquals(2, app.failures().repeatedReplacements());
      assertEquals(0, app.failures().transientReplacements());
      awaitState(app.streams(), KafkaStreams.State.ERROR, Duration.ofSeconds(60));

      for (final String path : new String[] {"/health", "/health/ready", "/health/live"}) {
        final HttpResponse<String> health = get(dashboard, path);
        assertEquals(503, health.statusCode(), path + ": " + health.body());
        final JsonNode body = EventJson.MAPPER.readTree(health.body());
        assertEquals("DOWN", body.path("status").asText(), health.body());
        assertEquals("ERROR", body.path("streams").asText(), health.body());
        assertEquals(
            "Stopped after repeated failures",
            body.path("problem").path("title").asText(),
            health.body());
        assertEquals(3, body.path("problem").path("failures").asInt(), health.body());
        assertTrue(
            body.path("problem")
                .path("detail")
                .asText()
                .contains("java.lang.IllegalStateException: a bug that fails on record POISON"),
            health.body());
      }
      final String metrics = get(dashboard, "/metrics").body();
      assertTrue(
          metrics.contains("surgewatch_stream_thread_replacements_total{kind=\"repeated\"} 2.0"),
          metrics);
      assertTrue(
          metrics.contains("surgewatch_stream_thread_replacements_total{kind=\"transient\"} 0.0"),
          metrics);
      assertTrue(metrics.contains("surgewatch_streams_failed 1.0"), metrics);
    }
  }

  private static HttpResponse<String> get(final DashboardServer dashboard, final String path)
      throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(dashboard.url() + path))
            .timeout(Duration.ofSeconds(10))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static void awaitState(
      final KafkaStreams streams, final KafkaStreams.State state, final Duration timeout) {
    Awaitility.await("streams in state " + state)
        .atMost(timeout)
        .pollInterval(Duration.ofMillis(100))
        .until(streams::state, s -> s == state);
  }
}
