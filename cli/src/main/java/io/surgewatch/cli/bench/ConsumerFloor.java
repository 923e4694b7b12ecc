package io.surgewatch.cli.bench;

import io.surgewatch.core.ProgressMarkers;
import io.surgewatch.core.SurgewatchConfig;
import io.surgewatch.core.Topics;
import io.surgewatch.events.v1.IncidentEvent;
import io.surgewatch.serde.AvroSerdes;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The floor the pipeline is compared with: a plain consumer reading the input topic and decoding it
 * with the project's deserializer, and nothing else.
 */
final class ConsumerFloor {
  private final SurgewatchConfig config;
  private final PrintStream out;

  ConsumerFloor(final SurgewatchConfig config, final PrintStream out) {
    this.config = config;
    this.out = out;
  }

  /** Reads the whole input topic once; its reports/s. */
  double measure() {
    final Map<String, Object> props = config.clientProperties();
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
    props.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 1 << 20);
    final var decoder = AvroSerdes.specific(IncidentEvent.class, props, false).deserializer();
    final String topic = Topics.from(config).incidents().name();
    long n = 0;
    long checksum = 0;
    final long start;
    try (KafkaConsumer<String, byte[]> c =
        new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
      final List<TopicPartition> parts =
          c.partitionsFor(topic).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      c.assign(parts);
      c.seekToBeginning(parts);
      final Map<TopicPartition, Long> end = c.endOffsets(parts);
      start = System.nanoTime();
      while (parts.stream().anyMatch(p -> c.position(p) < end.get(p))) {
        for (final ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(500))) {
          if (!ProgressMarkers.isMarker(r.headers())) {
            checksum += decoder.deserialize(topic, r.value()).getKilled().getCivilians();
            n++;
          }
        }
      }
    }
    final double seconds = (System.nanoTime() - start) / 1e9;
    out.printf(
        "bench: floor: plain consumer + Avro decode of %,d reports in %.1f s: %.0f events/s (checksum %d)%n",
        n, seconds, n / seconds, checksum);
    return n / seconds;
  }
}
