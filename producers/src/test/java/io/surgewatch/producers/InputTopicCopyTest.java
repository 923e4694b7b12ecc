package io.surgewatch.producers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.surgewatch.core.Keys;
import io.surgewatch.core.ProgressMarkers;
import io.surgewatch.core.SurgewatchConfig;
import io.surgewatch.core.Topics;
import io.surgewatch.stack.TopicInitializer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * {@code topics copy-inputs} on the real broker: a source of several partitions is copied in one
 * arrival order (timestamp, partition, offset), streamed, with what no reader of committed records
 * sees (an aborted transaction) and the source's own progress markers left out.
 */
class InputTopicCopyTest {

  @Test
  void aSourceOfThreePartitionsIsCopiedInArrivalOrder() {
    final SurgewatchConfig config = TestCluster.freshTopics();
    final String source = Topics.from(config).incidents().name();
    final String target = source + ".v2";
    TopicInitializer.ensureTopics(
        Map.of("bootstrap.servers", config.get(Keys.BOOTSTRAP_SERVERS)),
        List.of(new NewTopic(target, 1, (short) 1)),
        Duration.ofSeconds(30));

    final long t0 = System.currentTimeMillis() - 3_600_000;
    try (KafkaProducer<String, byte[]> producer = producer(config, null)) {
      for (int i = 0; i < 1_500; i++) {
        // Spread over the partitions in bursts, so that the broker's append times interleave them.
        // Bursts of seven on one partition, later burst by burst, each with its times out of order.
        producer.send(record(source, (i / 7) % 3, t0 + (i / 7) * 100L + (i * 7919L) % 50, "r" + i));
        if (i % 100 == 99) {
          producer.flush();
        }
      }
      producer.send(
          new ProducerRecord<>(
              source,
              1,
              t0,
              ProgressMarkers.KEY,
              null,
              ProgressMarkers.headers(Instant.ofEpochMilli(t0 + 400))));
    }
    try (KafkaProducer<String, byte[]> aborted = producer(config, "copy-test-aborted")) {
      aborted.initTransactions();
      aborted.beginTransaction();
      aborted.send(record(source, 1, t0, "aborted"));
      aborted.flush();
      aborted.abortTransaction();
    }
    // Arrival order: each partition's offset order (stage 1 judges lateness by it), the partitions
    // merged by the timestamp of their next record, ties by partition.
    final List<List<ConsumerRecord<String, byte[]>>> byPartition =
        List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    TestCluster.readReports(config, source).stream()
        .sorted(Comparator.comparingLong(ConsumerRecord::offset))
        .forEach(r -> byPartition.get(r.partition()).add(r));
    final List<String> expected = new ArrayList<>();
    long switches = 0;
    int last = -1;
    while (byPartition.stream().anyMatch(l -> !l.isEmpty())) {
      int next = -1;
      for (int p = 0; p < 3; p++) {
        if (!byPartition.get(p).isEmpty()
            && (next < 0
                || byPartition.get(p).get(0).timestamp()
                    < byPartition.get(next).get(0).timestamp())) {
          next = p;
        }
      }
      switches += last >= 0 && next != last ? 1 : 0;
      last = next;
      expected.add(new String(byPartition.get(next).remove(0).value(), StandardCharsets.UTF_8));
    }
    assertEquals(1_500, expected.size());
    assertTrue(switches > 10, "the partitions interleave: a merge to do (" + switches + ")");

    final InputTopicCopy.Result result = new InputTopicCopy(config).incidents(target);

    assertEquals(1_500, result.copied());
    assertEquals(1, result.markersSkipped());
    assertNull(result.through(), "no value decodes as a report: no promise to make");
    final List<String> copied =
        TestCluster.readAll(config, target).stream()
            .map(ConsumerRecord::value)
            .map(v -> new String(v, StandardCharsets.UTF_8))
            .toList();
    assertEquals(expected, copied);
  }

  private static ProducerRecord<String, byte[]> record(
      final String topic, final int partition, final long at, final String id) {
    return new ProducerRecord<>(topic, partition, at, id, id.getBytes(StandardCharsets.UTF_8));
  }

  private static KafkaProducer<String, byte[]> producer(
      final SurgewatchConfig config, final String transactionalId) {
    final Map<String, Object> props = new HashMap<>();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.get(Keys.BOOTSTRAP_SERVERS));
    if (transactionalId != null) {
      props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
    }
    return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
  }
}
