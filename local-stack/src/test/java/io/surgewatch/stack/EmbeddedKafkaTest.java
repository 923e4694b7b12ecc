package io.surgewatch.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What `stack` and `demo` rely on between runs: a second start on the same directory keeps cluster
 * id and data.
 */
class EmbeddedKafkaTest {
  @TempDir Path dir;

  @Test
  void secondStartOnTheSameDirectoryReusesIt() throws Exception {
    final String clusterId;
    final int port;
    try (EmbeddedKafka kafka = EmbeddedKafka.start(dir, 0)) {
      port = kafka.port();
      assertEquals("127.0.0.1:" + port, kafka.bootstrapServers());
      clusterId = clusterId(kafka);
      TopicInitializer.ensureTopics(
          Map.of("bootstrap.servers", kafka.bootstrapServers()),
          List.of(new NewTopic("kept", 1, (short) 1)),
          Duration.ofSeconds(30));
      // Idempotent: an existing topic is not an error.
      TopicInitializer.ensureTopics(
          Map.of("bootstrap.servers", kafka.bootstrapServers()),
          List.of(new NewTopic("kept", 1, (short) 1)),
          Duration.ofSeconds(30));
      try (KafkaProducer<String, String> producer =
          new KafkaProducer<>(
              Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
              new StringSerializer(),
              new StringSerializer())) {
        producer.send(new ProducerRecord<>("kept", "k", "v")).get();
      }
    }
    final String meta = Files.readString(dir.resolve("logs/meta.properties"));
    try (EmbeddedKafka kafka = EmbeddedKafka.start(dir, port)) {
      assertEquals(clusterId, clusterId(kafka));
      assertEquals(meta, Files.readString(dir.resolve("logs/meta.properties")));
      try (KafkaConsumer<String, String> consumer =
          new KafkaConsumer<>(
              Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
              new StringDeserializer(),
              new StringDeserializer())) {
        final TopicPartition tp = new TopicPartition("kept", 0);
        consumer.assign(List.of(tp));
        consumer.seekToBeginning(List.of(tp));
        // One poll may come back empty while the restarted broker loads the log: poll until read.
        final List<String> values = new ArrayList<>();
        final long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (values.isEmpty() && System.nanoTime() < deadline) {
          consumer.poll(Duration.ofMillis(500)).forEach(r -> values.add(r.value()));
        }
        assertEquals(List.of("v"), values);
      }
    }
  }

  @Test
  void brokerRefusesABusyPort() {
    final IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> EmbeddedKafka.start(dir, SharedTestStack.get().kafka().port()));
    assertTrue(e.getMessage().contains("port in use"), e.getMessage());
  }

  @Test
  void registryRefusesABusyPort() {
    final IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () ->
                ApicurioRegistry.start(
                    dir, SharedTestStack.get().registry().port(), "127.0.0.1:1"));
    assertTrue(e.getMessage().contains("port in use"), e.getMessage());
  }

  private static String clusterId(final EmbeddedKafka kafka) throws Exception {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
      return admin.describeCluster().clusterId().get();
    }
  }
}
