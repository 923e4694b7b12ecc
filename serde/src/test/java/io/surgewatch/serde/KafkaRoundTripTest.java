package io.surgewatch.serde;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.surgewatch.events.v1.IncidentEvent;
import io.surgewatch.stack.LocalStack;
import io.surgewatch.stack.SharedTestStack;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * An IncidentEvent through the real broker and the real registry, written and read by our serde
 * configured by class name.
 */
class KafkaRoundTripTest {

  @Test
  void anIncidentEventGoesThroughTheBrokerAndComesBackEqual() throws Exception {
    final LocalStack stack = SharedTestStack.get();
    final String topic = "serde-it." + UUID.randomUUID();
    try (Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()))) {
      admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
    }
    final Map<String, Object> producerConfig =
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
            ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
            // Configured the way Kafka does it: by class name and the shared config map.
            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, AvroSerializer.class.getName(),
            AvroSerdeConfig.SCHEMA_REGISTRY_URL, stack.registryUrl());
    try (KafkaProducer<String, IncidentEvent> producer = new KafkaProducer<>(producerConfig)) {
      producer.send(new ProducerRecord<>(topic, "PAK900001", Incidents.peshawar())).get();
      producer.send(new ProducerRecord<>(topic, "PAK900001", null)).get();
    }
    final Map<String, Object> consumerConfig =
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
            ConsumerConfig.GROUP_ID_CONFIG, "serde-it-" + UUID.randomUUID(),
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
            ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
            ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, AvroDeserializer.class.getName(),
            AvroSerdeConfig.SPECIFIC_AVRO_READER, true,
            AvroSerdeConfig.SCHEMA_REGISTRY_URL, stack.registryUrl());
    final List<ConsumerRecord<String, Object>> received = new ArrayList<>();
    try (KafkaConsumer<String, Object> consumer = new KafkaConsumer<>(consumerConfig)) {
      consumer.subscribe(List.of(topic));
      // The consumer's own poll blocks until records come; on this thread (a consumer is not
      // thread-safe).
      Awaitility.await("the record and its tombstone")
          .atMost(Duration.ofSeconds(30))
          .pollDelay(Duration.ZERO)
          .pollInterval(Duration.ofMillis(1))
          .pollInSameThread()
          .until(
              () -> {
                consumer.poll(Duration.ofMillis(200)).forEach(received::add);
                return received.size() >= 2;
              });
    }
    assertEquals(2, received.size());
    assertEquals("PAK900001", received.get(0).key());
    assertEquals(Incidents.peshawar(), received.get(0).value());
    assertEquals(null, received.get(1).value(), "a tombstone stays a tombstone");
  }
}
