package io.surgewatch.streams.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.surgewatch.core.Keys;
import io.surgewatch.core.SurgewatchConfig;
import io.surgewatch.core.Topics;
import io.surgewatch.events.v1.AlertStatus;
import io.surgewatch.events.v1.Casualties;
import io.surgewatch.events.v1.IncidentEvent;
import io.surgewatch.events.v1.Source;
import io.surgewatch.events.v1.SourceKind;
import io.surgewatch.events.v1.SurgeAlert;
import io.surgewatch.producers.EventPublisher;
import io.surgewatch.producers.ProgressWriter;
import io.surgewatch.producers.ingest.IngestServer;
import io.surgewatch.serde.AvroSerdes;
import io.surgewatch.streams.app.StreamsApp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

/**
 * Issue 15's duty officer: one big incident posted for the newest day raises its alert on the topic
 * with no later report to close the day (how soon is measured by bench's latency phase).
 */
class LatestDaySurgeTest {

  @Test
  void oneBigIncidentOnTheLatestDayRaisesItsAlertWithNoLaterReportToCloseTheDay() throws Exception {
    // The default open-day flush interval, as users run it (RealStack shortens it).
    final SurgewatchConfig config =
        RealStack.isolatedConfig(
            Map.of(
                Keys.INGEST_PORT,
                "0",
                Keys.OPEN_DAY_FLUSH_MS,
                SurgewatchConfig.DEFAULTS.get(Keys.OPEN_DAY_FLUSH_MS)));
    final LocalDate today = LocalDate.now(ZoneOffset.UTC);
    try (StreamsApp app = StreamsApp.start(config);
        EventPublisher publisher = EventPublisher.create(config);
        IngestServer ingest = IngestServer.start(config)) {
      // A quiet year in Khyber Pakhtunkhwa, up to today: one or two small attacks a day.
      final List<CompletableFuture<?>> sent = new ArrayList<>();
      final ProgressWriter markers = new ProgressWriter(publisher);
      for (int d = 240; d >= 0; d--) {
        final LocalDate day = today.minusDays(d);
        for (int i = 0; i < 1 + d % 2; i++) {
          final IncidentEvent quiet = incident("Q" + d + "-" + i, day, 1 + (d + i) % 3);
          sent.add(publisher.publish(quiet));
          markers.published(quiet);
        }
      }
      publisher.flush();
      CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get();
      markers.markPublished().get(); // every one acknowledged first
      RealStack.awaitCaughtUp(config, Duration.ofSeconds(120));

      try (KafkaConsumer<String, byte[]> alerts = alertConsumer(config)) {
        final long posted = System.nanoTime();
        final HttpResponse<String> accepted =
            HttpClient.newHttpClient()
                .send(
                    HttpRequest.newBuilder(URI.create(ingest.url() + "/v1/incidents"))
                        .header("Content-Type", "application/json")
                        .POST(
                            HttpRequest.BodyPublishers.ofString(
                                "{\"id\": \"PAK900001\", \"reportedAt\": \""
                                    + Instant.now()
                                    + "\", \"occurredOn\": \""
                                    + today
                                    + "\", \"country\": \"PK\", \"region\": \"Khyber Pakhtunkhwa\", "
                                    + "\"groups\": [{\"name\": \"TTP\", \"attribution\": \"CLAIMED\"}], \"eventType\": \"SUICIDE_BOMBING\", "
                                    + "\"killed\": {\"securityForces\": 83, \"civilians\": 1}, \"injured\": {\"unknown\": 220}, "
                                    + "\"source\": {\"name\": \"Peshawar Police\"}}"))
                        .build(),
                    HttpResponse.BodyHandlers.ofString());
        assertEquals(202, accepted.statusCode(), accepted.body());

        final Deserializer<SurgeAlert> values =
            AvroSerdes.specific(SurgeAlert.class, config.clientProperties(), false).deserializer();
        final String topic = Topics.from(config).alerts().name();
        SurgeAlert found = null;
        // A deadline, not a latency target (bench's latency phase measures that): the newest day
        // stays open for the whole test, so an alert at all is one the open day's evaluation
        // raised.
        while (found == null && System.nanoTime() - posted < Duration.ofSeconds(60).toNanos()) {
          for (final ConsumerRecord<String, byte[]> r : alerts.poll(Duration.ofMillis(100))) {
            final SurgeAlert a = values.deserialize(topic, r.value());
            if (a.getRegion().equals("Khyber Pakhtunkhwa")
                && a.getMetric().equals("killed")
                && a.getTopIncidentIds().contains("PAK900001")) {
              found = a;
            }
          }
        }
        assertTrue(found != null, "no alert on the topic within 60 s of the 202");
        assertEquals(AlertStatus.OPEN, found.getStatus());
        assertEquals(today, found.getWindowEnd(), "the newest day, still open");
      }
    }
  }

  private static IncidentEvent incident(final String id, final LocalDate day, final int killed) {
    return IncidentEvent.newBuilder()
        .setId(id)
        .setReportedAt(
            day.atTime(20, 0).toInstant(ZoneOffset.UTC).isAfter(Instant.now())
                ? Instant.now().minusSeconds(60)
                : day.atTime(20, 0).toInstant(ZoneOffset.UTC))
        .setSource(new Source("quiet baseline", null, SourceKind.OTHER))
        .setOccurredOn(day)
        .setCountry("PK")
        .setRegion("Khyber Pakhtunkhwa")
        .setKilled(Casualties.newBuilder().setSecurityForces(killed).build())
        .setInjured(Casualties.newBuilder().build())
        .build();
  }

  /** Reads the alerts committed from now on (the baseline's, if any, are behind it). */
  private static KafkaConsumer<String, byte[]> alertConsumer(final SurgewatchConfig config) {
    final Map<String, Object> props = config.clientProperties();
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    final KafkaConsumer<String, byte[]> c =
        new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    final String topic = Topics.from(config).alerts().name();
    final var parts =
        c.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition())).toList();
    c.assign(parts);
    c.seekToEnd(parts);
    parts.forEach(c::position); // fix the positions before the post
    return c;
  }
}
