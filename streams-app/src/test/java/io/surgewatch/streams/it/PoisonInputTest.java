package io.surgewatch.streams.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.surgewatch.core.ProgressMarkers;
import io.surgewatch.core.SurgewatchConfig;
import io.surgewatch.core.Topics;
import io.surgewatch.events.v1.Casualties;
import io.surgewatch.events.v1.DeadLetter;
import io.surgewatch.events.v1.IncidentEvent;
import io.surgewatch.serde.AvroSerdes;
import io.surgewatch.streams.app.StreamsApp;
import io.surgewatch.streams.topology.TopologyHarnessAccess;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * Poison on a real input topic: random bytes, a wrong magic byte, an unknown schema id, and valid
 * Avro with invalid content (negative casualties, an unknown country, a date in the future),
 * between valid reports. Each is dead-lettered with a reason, the app keeps going, and input =
 * processed + dead-lettered.
 */
class PoisonInputTest {

  @Test
  void everyInputRecordIsProcessedOrDeadLetteredWithAReason() throws Exception {
    final SurgewatchConfig config = RealStack.isolatedConfig(Map.of());
    final String topic = Topics.from(config).incidents().name();
    final var serializer =
        AvroSerdes.specific(IncidentEvent.class, config.clientProperties(), false).serializer();
    final LocalDate day = LocalDate.of(2023, 1, 10);
    final IncidentEvent valid = TopologyHarnessAccess.incident("OK1", day, 3);
    final byte[] random = new byte[40];
    new Random(7).nextBytes(random);
    final byte[] wrongMagic = serializer.serialize(topic, valid).clone();
    wrongMagic[0] = 7;
    final byte[] unknownId = serializer.serialize(topic, valid).clone();
    unknownId[1] = 0x7f; // schema id 0x7f...., never registered
    final List<ProducerRecord<String, byte[]>> records =
        List.of(
            new ProducerRecord<>(topic, "OK1", serializer.serialize(topic, valid)),
            new ProducerRecord<>(topic, "P1", random),
            new ProducerRecord<>(topic, "P2", wrongMagic),
            new ProducerRecord<>(topic, "P3", unknownId),
            new ProducerRecord<>(
                topic,
                "P4",
                serializer.serialize(
                    topic,
                    IncidentEvent.newBuilder(valid)
                        .setId("P4")
                        .setKilled(Casualties.newBuilder().setCivilians(-1).build())
                        .build())),
            new ProducerRecord<>(
                topic,
                "P5",
                serializer.serialize(
                    topic, IncidentEvent.newBuilder(valid).setId("P5").setCountry("ZZ").build())),
            new ProducerRecord<>(
                topic,
                "P6",
                serializer.serialize(
                    topic,
                    IncidentEvent.newBuilder(valid)
                        .setId("P6")
                        .setOccurredOn(LocalDate.now(ZoneOffset.UTC).plusDays(3))
                        .setReportedAt(Instant.now())
                        .build())),
            new ProducerRecord<>(
                topic,
                "OK2",
                serializer.serialize(
                    topic,
                    IncidentEvent.newBuilder(valid)
                        .setId("OK2")
                        .setOccurredOn(day.plusDays(1))
                        .build())));
    try (StreamsApp app = StreamsApp.start(config);
        KafkaProducer<String, byte[]> producer =
            new KafkaProducer<>(
                config.clientProperties(), new StringSerializer(), new ByteArraySerializer())) {
      for (final ProducerRecord<String, byte[]> r : records) {
        producer.send(r).get();
      }
      // As every writer should: everything is written (the app would otherwise hold the newest
      // reports back).
      for (final ProducerRecord<String, byte[]> marker :
          ProgressMarkers.forAllPartitions(
              topic, producer.partitionsFor(topic).size(), Instant.now())) {
        producer.send(marker).get();
      }
      RealStack.awaitCaughtUp(config, Duration.ofSeconds(120));
      assertTrue(app.streams().state().isRunningOrRebalancing(), "the app keeps running");
      final List<DeadLetter> dead = RealStack.deadLetters(config);
      assertEquals(
          List.of("P1", "P2", "P3", "P4", "P5", "P6"),
          dead.stream().map(DeadLetter::getRecordId).sorted().toList(),
          "dead letters are spread over partitions");
      dead.forEach(
          d ->
              assertTrue(
                  d.getReason() != null && !d.getReason().isBlank() && d.getSourceOffset() >= 0,
                  d.toString()));
      final long processed = records.size() - dead.size();
      assertEquals(2, processed, "the two valid reports");
      assertEquals(records.size(), processed + dead.size());
      // The second valid report's day is the open day: its figures follow on the app's flush timer.
      await("both valid reports counted")
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(200))
          .until(
              () ->
                  RealStack.counts(config).stream()
                      .anyMatch(c -> c.getCountry().equals("PK") && c.getIncidents() == 2));
    }
  }
}
