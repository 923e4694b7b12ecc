package io.surgewatch.streams.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.surgewatch.core.KafkaClientKeys;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

/**
 * Core lists Kafka Streams' keys without depending on Kafka Streams (so that a Streams key such as
 * num.standby.replicas passes through, and is never taken for a misspelt Surgewatch key): the list
 * is Kafka's.
 */
class KafkaStreamsKeysTest {

  @Test
  void coresListIsKafkaStreamsOwnKeys() {
    final Set<String> streamsOnly = new TreeSet<>(StreamsConfig.configDef().names());
    streamsOnly.removeAll(ConsumerConfig.configNames());
    streamsOnly.removeAll(ProducerConfig.configNames());
    streamsOnly.removeAll(AdminClientConfig.configNames());
    assertEquals(
        streamsOnly,
        new TreeSet<>(KafkaClientKeys.STREAMS_KEYS),
        "update KafkaClientKeys.STREAMS_KEYS to this Kafka Streams version");
  }

  @Test
  void everyStreamsKeyAndPrefixedClientKeyPassesThrough() {
    StreamsConfig.configDef().names().forEach(k -> assertTrue(KafkaClientKeys.isClientKey(k), k));
    assertTrue(
        KafkaClientKeys.isClientKey(
            StreamsConfig.mainConsumerPrefix(ConsumerConfig.MAX_POLL_RECORDS_CONFIG)));
    assertTrue(
        KafkaClientKeys.isClientKey(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG)));
    assertTrue(KafkaClientKeys.isClientKey(StreamsConfig.topicPrefix("min.insync.replicas")));
  }
}
