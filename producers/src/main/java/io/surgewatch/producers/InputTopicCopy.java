package io.surgewatch.producers;

import io.surgewatch.core.ProgressMarkers;
import io.surgewatch.core.SurgewatchConfig;
import io.surgewatch.core.Topics;
import io.surgewatch.events.v1.IncidentEvent;
import io.surgewatch.events.v1.StatementEvent;
import io.surgewatch.serde.AvroSerdes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Copies an input topic into a new one with another partition count, for moving a deployment from
 * one input partition to several: every record (key, value bytes and headers as they are, so the
 * registry ids still hold) in arrival order, re-partitioned by Kafka's default partitioner on its
 * key, then a progress marker on every partition at the greatest reported-at copied. Adding
 * partitions to the topic in place would not do: an incident's later reports would hash to another
 * partition than its earlier ones, whose stage-1 task holds the figures they revise.
 *
 * <p>Arrival order: a partition's offset order; records of several source partitions are merged by
 * their Kafka timestamp (then partition and offset), which holds the topic in memory for the sort.
 */
public final class InputTopicCopy {

  /** What a copy did. */
  public record Result(String from, String to, long copied, long markersSkipped, Instant through) {}

  private final SurgewatchConfig config;

  public InputTopicCopy(final SurgewatchConfig config) {
    this.config = config;
  }

  /** Copies the incidents topic of {@code config} into {@code target} (created beforehand). */
  public Result incidents(final String target) {
    final Deserializer<IncidentEvent> d =
        AvroSerdes.specific(IncidentEvent.class, config.clientProperties(), false).deserializer();
    final String source = Topics.from(config).incidents().name();
    return copy(
        source, target, bytes -> d.deserialize(source, bytes).getReportedAt().toEpochMilli());
  }

  /** Copies the statements topic of {@code config} into {@code target} (created beforehand). */
  public Result statements(final String target) {
    final Deserializer<StatementEvent> d =
        AvroSerdes.specific(StatementEvent.class, config.clientProperties(), false).deserializer();
    final String source = Topics.from(config).statements().name();
    return copy(source, target, bytes -> d.deserialize(source, bytes).getMadeAt().toEpochMilli());
  }

  private Result copy(
      final String source, final String target, final ToLongFunction<byte[]> timeOf) {
    final List<ConsumerRecord<String, byte[]>> records = readAll(source);
    if (records.stream().map(ConsumerRecord::partition).distinct().count() > 1) {
      records.sort(
          Comparator.<ConsumerRecord<String, byte[]>>comparingLong(ConsumerRecord::timestamp)
              .thenComparingInt(ConsumerRecord::partition)
              .thenComparingLong(ConsumerRecord::offset));
    }
    final Map<String, Object> props = new HashMap<>(config.clientProperties());
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    long copied = 0;
    long skipped = 0;
    long through = Long.MIN_VALUE;
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
      for (final ConsumerRecord<String, byte[]> r : records) {
        if (r.headers().lastHeader(ProgressMarkers.HEADER) != null) {
          skipped++; // the source's own markers speak of its partitions, not the target's
          continue;
        }
        producer.send(
            new ProducerRecord<>(target, null, r.timestamp(), r.key(), r.value(), r.headers()));
        copied++;
        if (r.value() != null) {
          try {
            through = Math.max(through, timeOf.applyAsLong(r.value()));
          } catch (final RuntimeException undecodable) {
            // copied as it is: the app dead-letters it with its reason, as it would have from the
            // source
          }
        }
      }
      producer.flush();
      if (through != Long.MIN_VALUE) {
        ProgressMarkers.forAllPartitions(
                target, producer.partitionsFor(target).size(), Instant.ofEpochMilli(through))
            .forEach(producer::send);
      }
      producer.flush();
    }
    return new Result(
        source,
        target,
        copied,
        skipped,
        through == Long.MIN_VALUE ? null : Instant.ofEpochMilli(through));
  }

  private List<ConsumerRecord<String, byte[]>> readAll(final String topic) {
    final Map<String, Object> props = new HashMap<>(config.clientProperties());
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    final List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> c =
        new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
      final List<TopicPartition> parts =
          c.partitionsFor(topic, Duration.ofSeconds(30)).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      c.assign(parts);
      c.seekToBeginning(parts);
      final Map<TopicPartition, Long> end = c.endOffsets(parts);
      while (parts.stream().anyMatch(p -> c.position(p) < end.get(p))) {
        c.poll(Duration.ofMillis(500)).forEach(out::add);
      }
    }
    return out;
  }
}
