package io.surgewatch.producers;

import io.surgewatch.core.Keys;
import io.surgewatch.core.ProgressMarkers;
import io.surgewatch.core.SurgewatchConfig;
import io.surgewatch.core.Topics;
import io.surgewatch.serde.AvroDeserializer;
import io.surgewatch.stack.LocalStack;
import io.surgewatch.stack.SharedTestStack;
import io.surgewatch.stack.TopicInitializer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;

/**
 * The shared broker and registry, with fresh topic names per test so tests never see each other's
 * records.
 */
public final class TestCluster {
  private TestCluster() {}

  /** A config on the shared stack whose five topics have a unique prefix, created and ready. */
  public static SurgewatchConfig freshTopics() {
    final LocalStack stack = SharedTestStack.get();
    return freshTopics(stack.bootstrapServers(), stack.registryUrl());
  }

  public static SurgewatchConfig freshTopics(final String bootstrap, final String registryUrl) {
    final String p = "t" + UUID.randomUUID().toString().substring(0, 8) + ".";
    final SurgewatchConfig config =
        SurgewatchConfig.defaultsOnly()
            .withAll(
                Map.of(
                    Keys.BOOTSTRAP_SERVERS,
                    bootstrap,
                    Keys.SCHEMA_REGISTRY_URL,
                    registryUrl,
                    Keys.TOPIC_INCIDENTS,
                    p + "incidents",
                    Keys.TOPIC_STATEMENTS,
                    p + "statements",
                    Keys.TOPIC_DEAD_LETTER,
                    p + "dead-letter",
                    Keys.TOPIC_PARTITIONS,
                    "3"));
    final Topics topics = Topics.from(config);
    final List<NewTopic> newTopics = new ArrayList<>();
    for (final Topics.Topic<?> t :
        List.of(topics.incidents(), topics.statements(), topics.deadLetter())) {
      newTopics.add(
          new NewTopic(t.name(), topics.partitions(), topics.replicationFactor())
              .configs(t.configs()));
    }
    TopicInitializer.ensureTopics(
        Map.of("bootstrap.servers", bootstrap), newTopics, Duration.ofSeconds(30));
    return config;
  }

  /** Every record of a topic from the beginning to its current end, raw. */
  public static List<ConsumerRecord<String, byte[]>> readAll(
      final SurgewatchConfig config, final String topic) {
    final Map<String, Object> props = new HashMap<>();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.get(Keys.BOOTSTRAP_SERVERS));
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    final List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
      final List<TopicPartition> partitions =
          consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      final Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(10));
      // The consumer's own poll blocks until records come: no pause between attempts, and on this
      // thread (a consumer is not thread-safe).
      Awaitility.await("reading " + topic + " to its end")
          .atMost(Duration.ofSeconds(30))
          .pollDelay(Duration.ZERO)
          .pollInterval(Duration.ofMillis(1))
          .pollInSameThread()
          .until(
              () -> {
                if (partitions.stream().allMatch(tp -> consumer.position(tp) >= end.get(tp))) {
                  return true;
                }
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
                return false;
              });
    }
    return out;
  }

  /**
   * Every record of a topic from the beginning to its current end, raw, without the progress
   * markers.
   */
  public static List<ConsumerRecord<String, byte[]>> readReports(
      final SurgewatchConfig config, final String topic) {
    return readAll(config, topic).stream().filter(r -> !isMarker(r)).toList();
  }

  /** Whether a record is a progress marker ({@link ProgressMarkers}). */
  public static boolean isMarker(final ConsumerRecord<String, byte[]> record) {
    return ProgressMarkers.through(record.headers()) != Long.MIN_VALUE;
  }

  /** The values of {@link #readReports}, decoded. */
  public static <T extends SpecificRecord> List<T> readValues(
      final SurgewatchConfig config, final String topic, final Class<T> type) {
    final AvroDeserializer<T> deserializer = new AvroDeserializer<>(type);
    deserializer.configure(config.clientProperties(), false);
    return readReports(config, topic).stream()
        .map(r -> deserializer.deserialize(topic, r.value()))
        .toList();
  }
}
