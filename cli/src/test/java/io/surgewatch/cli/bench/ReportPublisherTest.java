package io.surgewatch.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.surgewatch.core.Keys;
import io.surgewatch.core.ProgressMarkers;
import io.surgewatch.core.SurgewatchConfig;
import io.surgewatch.core.Topics;
import io.surgewatch.events.v1.IncidentEvent;
import io.surgewatch.inputs.SyntheticIncidents;
import io.surgewatch.serde.AvroSerdes;
import io.surgewatch.stack.LocalStack;
import io.surgewatch.stack.SharedTestStack;
import io.surgewatch.stack.TopicInitializer;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * bench's publisher on a real broker: markers on every partition, each promising only what is true.
 */
class ReportPublisherTest {

  @Test
  @Timeout(120)
  void everyMarkerPrecedesTheReportsItDoesNotCoverAndTheLastOneCoversThemAll() throws Exception {
    final int partitions = 3;
    final SurgewatchConfig config = withFreshIncidentsTopic(partitions);
    final Topics.Topic<IncidentEvent> incidents = Topics.from(config).incidents();
    final SyntheticIncidents data = SyntheticIncidents.generate(3_000, 7);
    final long rounds;
    try (ReportPublisher publisher = new ReportPublisher(config)) {
      for (int i = 0; i < data.size(); i++) {
        publisher.publish(data.event(i));
      }
      publisher.finish();
      rounds = publisher.markerRounds();
    }
    final long greatest = data.event(data.size() - 1).getReportedAt().toEpochMilli();

    final Map<String, Object> props = config.clientProperties();
    final var decoder = AvroSerdes.specific(IncidentEvent.class, props, false).deserializer();
    final Map<Integer, Long> promised =
        new HashMap<>(); // partition -> the newest marker's time read there
    final Map<Integer, ConsumerRecord<String, byte[]>> lastRecord = new HashMap<>();
    int reports = 0;
    int markers = 0;
    try (KafkaConsumer<String, byte[]> c =
        new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
      final List<TopicPartition> parts =
          IntStream.range(0, partitions)
              .mapToObj(p -> new TopicPartition(incidents.name(), p))
              .toList();
      c.assign(parts);
      c.seekToBeginning(parts);
      final Map<TopicPartition, Long> end = c.endOffsets(parts);
      while (parts.stream().anyMatch(p -> c.position(p) < end.get(p))) {
        for (final ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(200))) {
          lastRecord.put(r.partition(), r);
          final long through = ProgressMarkers.through(r.headers());
          if (through != Long.MIN_VALUE) {
            assertEquals(ProgressMarkers.KEY, r.key());
            assertEquals(0, r.value().length, "a marker's value is empty, never null");
            promised.merge(r.partition(), through, Math::max);
            markers++;
            continue;
          }
          final IncidentEvent e = decoder.deserialize(incidents.name(), r.value());
          final long before = promised.getOrDefault(r.partition(), Long.MIN_VALUE);
          assertTrue(
              e.getReportedAt().toEpochMilli() > before,
              e.getId()
                  + " at "
                  + e.getReportedAt()
                  + " after a marker at "
                  + before
                  + " in partition "
                  + r.partition());
          reports++;
        }
      }
    }
    assertEquals(data.size(), reports);
    assertTrue(
        rounds >= 2, "rounds of markers: " + rounds); // at least one while publishing, and the last
    assertEquals(rounds * partitions, markers);
    for (int p = 0; p < partitions; p++) {
      assertEquals(
          greatest, ProgressMarkers.through(lastRecord.get(p).headers()), "partition " + p);
    }
  }

  /**
   * The shared stack, markers every millisecond, and an incidents topic of its own with that many
   * partitions.
   */
  private static SurgewatchConfig withFreshIncidentsTopic(final int partitions) {
    final LocalStack stack = SharedTestStack.get();
    final SurgewatchConfig config =
        SurgewatchConfig.defaultsOnly()
            .withAll(
                Map.of(
                    Keys.BOOTSTRAP_SERVERS,
                    stack.bootstrapServers(),
                    Keys.SCHEMA_REGISTRY_URL,
                    stack.registryUrl(),
                    Keys.TOPIC_INCIDENTS,
                    "marks-" + UUID.randomUUID() + ".incidents",
                    Keys.TOPIC_INPUT_PARTITIONS,
                    Integer.toString(partitions),
                    Keys.PROGRESS_INTERVAL_MS,
                    "1"));
    final String name = Topics.from(config).incidents().name();
    TopicInitializer.ensureTopics(
        config.clientProperties(),
        Topics.from(config).newTopics().stream().filter(t -> t.name().equals(name)).toList(),
        Duration.ofSeconds(60));
    return config;
  }
}
