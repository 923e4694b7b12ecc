package io.surgewatch.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.surgewatch.stack.EmbeddedKafka;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reading a topic back on a real broker of its own (one test stops it): what a mock consumer cannot
 * show, transaction markers past the last record and topics the broker does not have.
 */
@Timeout(120)
class TopicRangeOnTheBrokerTest {
  private static final Duration PATIENCE = Duration.ofSeconds(30);

  @TempDir static Path dir;
  private static EmbeddedKafka kafka;
  private static SurgewatchConfig config;

  @BeforeAll
  static void start() {
    kafka = EmbeddedKafka.start(dir, 0);
    config =
        SurgewatchConfig.defaultsOnly()
            .withAll(Map.of(Keys.BOOTSTRAP_SERVERS, kafka.bootstrapServers()));
  }

  @AfterAll
  static void stop() {
    kafka.close();
  }

  private static String newTopic(final int partitions) throws Exception {
    final String topic = "range-" + UUID.randomUUID();
    try (Admin admin = Admin.create(config.clientProperties())) {
      admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
    }
    return topic;
  }

  private static KafkaProducer<String, byte[]> producer(final String transactionalId) {
    final Map<String, Object> props = config.clientProperties();
    if (transactionalId != null) {
      props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
    }
    return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
  }

  private static ProducerRecord<String, byte[]> record(
      final String topic, final int partition, final String value) {
    return new ProducerRecord<>(topic, partition, value, value.getBytes(StandardCharsets.UTF_8));
  }

  private static List<String> values(final List<ConsumerRecord<String, byte[]>> records) {
    return records.stream().map(r -> new String(r.value(), StandardCharsets.UTF_8)).toList();
  }

  @Test
  void aTransactionalTopicIsReadToItsEndThoughNoRecordSitsAtItsLastOffsets() throws Exception {
    // Each transaction ends with a marker that takes an offset and gives no record; an aborted
    // transaction's records take offsets too. The end is past all of them.
    final String topic = newTopic(1);
    try (KafkaProducer<String, byte[]> producer = producer("range-" + UUID.randomUUID())) {
      producer.initTransactions();
      producer.beginTransaction();
      producer.send(record(topic, 0, "committed"));
      producer.commitTransaction();
      producer.beginTransaction();
      producer.send(record(topic, 0, "aborted"));
      producer.flush();
      producer.abortTransaction();
    }
    final List<ConsumerRecord<String, byte[]>> read = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer = TopicRange.consumer(config, "range-test")) {
      final TopicRange range =
          TopicRange.open(consumer, topic, TopicRange.Start.beginning(), PATIENCE);
      assertEquals(4, range.end(new TopicPartition(topic, 0)), "2 records, 2 markers");
      range.readToEnd(read::add);
      assertTrue(range.atEnd());
    }
    assertEquals(List.of("committed"), values(read));
  }

  @Test
  void theLastRecordsOfEachPartitionAreTheNewest() throws Exception {
    final String topic = newTopic(2);
    try (KafkaProducer<String, byte[]> producer = producer(null)) {
      for (int i = 0; i < 5; i++) {
        producer.send(record(topic, 0, "a" + i));
        producer.send(record(topic, 1, "b" + i));
      }
    }
    final List<ConsumerRecord<String, byte[]>> read = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer = TopicRange.consumer(config, "range-test")) {
      TopicRange.open(consumer, topic, TopicRange.Start.lastOfEachPartition(2), PATIENCE)
          .readToEnd(read::add);
    }
    assertEquals(List.of("a3", "a4", "b3", "b4"), values(read).stream().sorted().toList());
  }

  @Test
  void aTopicTheBrokerDoesNotHaveIsMissingAndAskingDoesNotCreateIt() throws Exception {
    final String topic = "range-absent-" + UUID.randomUUID();
    try (KafkaConsumer<String, byte[]> consumer = TopicRange.consumer(config, "range-test")) {
      final MissingTopicException e =
          assertThrows(
              MissingTopicException.class,
              () -> TopicRange.open(consumer, topic, TopicRange.Start.beginning(), PATIENCE));
      assertEquals(topic, e.topic());
    }
    try (Admin admin = Admin.create(config.clientProperties())) {
      assertFalse(admin.listTopics().names().get().contains(topic));
    }
  }

  @Test
  void aPartitionWhoseBrokerIsGoneFailsNamingWhereItStoppedInsteadOfHanging() throws Exception {
    final String topic = newTopic(1);
    try (KafkaProducer<String, byte[]> producer = producer(null)) {
      producer.send(record(topic, 0, "unread"));
    }
    try (KafkaConsumer<String, byte[]> consumer = TopicRange.consumer(config, "range-test")) {
      final TopicRange range =
          TopicRange.open(consumer, topic, TopicRange.Start.beginning(), Duration.ofSeconds(2));
      kafka.stop();
      try {
        final PartitionStalledException e =
            assertThrows(PartitionStalledException.class, () -> range.readToEnd(r -> {}));
        assertEquals(new TopicPartition(topic, 0), e.partition());
        assertEquals(0, e.offset());
        assertEquals(1, e.end());
      } finally {
        kafka.restart();
      }
    }
  }
}
