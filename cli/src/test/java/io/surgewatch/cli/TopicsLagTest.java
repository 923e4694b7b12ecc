package io.surgewatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.surgewatch.core.Keys;
import io.surgewatch.core.SurgewatchConfig;
import io.surgewatch.core.TopicOffsets;
import io.surgewatch.core.Topics;
import io.surgewatch.stack.TopicInitializer;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * `topics lag` tells a script whether the streams app has processed everything on its input topics,
 * from the app's committed offsets on the real broker: exit 0 and "caught up" once it has, 1 and
 * what is left before.
 */
class TopicsLagTest {

  @Test
  @Timeout(120)
  void saysBehindUntilTheAppsGroupHasCommittedToTheEndThenCaughtUp() throws Exception {
    final String run = RunSettings.name("lag");
    final Map<String, String> values = RunSettings.of(run);
    values.put(Keys.APPLICATION_ID, run + "-app");
    final SurgewatchConfig config = SurgewatchConfig.defaultsOnly().withAll(values);
    final Topics topics = Topics.from(config);
    TopicInitializer.ensureTopics(
        config.clientProperties(), topics.newTopics(), Duration.ofSeconds(60));
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(
            config.clientProperties(), new StringSerializer(), new ByteArraySerializer())) {
      for (int i = 0; i < 10; i++) {
        producer.send(new ProducerRecord<>(topics.incidents().name(), "I" + i, new byte[] {1}));
      }
      producer.flush();
    }

    final Launcher.Run negative =
        Launcher.run(RunSettings.args(values, "topics", "lag", "--wait", "-1"));
    assertEquals(2, negative.exit(), negative.err());
    assertTrue(negative.err().contains("--wait must be at least 0 seconds"), negative.err());

    final Launcher.Run before = Launcher.run(RunSettings.args(values, "topics", "lag"));
    assertEquals(1, before.exit(), before.out() + before.err());
    assertTrue(
        before.out().contains(topics.incidents().name() + " end=10 committed=0 behind=10"),
        before.out());
    // Nothing committed: not started, or another application.id (a typo reads the same).
    assertTrue(
        before
            .out()
            .strip()
            .endsWith(
                "behind: 10 records to process; the app (application.id "
                    + run
                    + "-app) has committed nothing: it has not started yet, or the running app"
                    + " has another application.id (`streams` prints its own when it starts)"),
        before.out());

    commitToTheEnd(config, topics.incidents().name(), 4);
    final Launcher.Run partly = Launcher.run(RunSettings.args(values, "topics", "lag"));
    assertEquals(1, partly.exit(), partly.out());
    assertTrue(partly.out().contains("end=10 committed=4 behind=6"), partly.out());
    assertTrue(
        partly
            .out()
            .strip()
            .endsWith("behind: 6 records to process (application.id " + run + "-app)"),
        partly.out());

    commitToTheEnd(config, topics.incidents().name(), 10);
    final Launcher.Run after =
        Launcher.run(RunSettings.args(values, "topics", "lag", "--wait", "30"));
    assertEquals(0, after.exit(), after.out() + after.err());
    assertTrue(after.out().contains("end=10 committed=10 behind=0"), after.out());
    assertTrue(after.out().strip().endsWith("caught up"), after.out());
  }

  @Test
  @Timeout(60)
  void aMissingInputTopicIsNamedWithItsSettingAndTheFixAtOnceEvenWithAWait() {
    final String run = RunSettings.name("lag-missing");
    final Map<String, String> values = RunSettings.of(run); // no topic made
    final Launcher.Run r = Launcher.run(RunSettings.args(values, "topics", "lag", "--wait", "600"));
    assertEquals(1, r.exit(), r.out() + r.err());
    assertTrue(
        r.err()
            .contains(
                "the input topics "
                    + run
                    + ".incidents (topic.incidents) and "
                    + run
                    + ".statements (topic.statements) do not exist on "
                    + values.get(Keys.BOOTSTRAP_SERVERS)),
        r.err());
    assertTrue(r.err().contains("./surgewatch topics create"), r.err());
  }

  @Test
  @Timeout(60)
  void aBrokerThatDoesNotAnswerIsWaitedForAsLongAsWaitSaysThenNamed() throws Exception {
    final int closed = RunSettings.closedPort();
    final long start = System.nanoTime();
    final Launcher.Run r =
        Launcher.run("topics", "lag", "--bootstrap-servers", "127.0.0.1:" + closed, "--wait", "17");
    final Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertEquals(1, r.exit(), r.err());
    assertTrue(
        r.err()
            .contains(
                "cannot reach Kafka at 127.0.0.1:" + closed + " (bootstrap.servers) within 17 s"),
        r.err());
    assertTrue(took.compareTo(Duration.ofSeconds(17)) >= 0, "gave up after " + took);
  }

  /** Commits, as the app's group, the incidents topic's offsets up to {@code total} records. */
  private static void commitToTheEnd(
      final SurgewatchConfig config, final String topic, final long total) throws Exception {
    try (Admin admin = Admin.create(config.clientProperties())) {
      final Map<TopicPartition, Long> ends =
          new TreeMap<>(Comparator.comparingInt(TopicPartition::partition));
      ends.putAll(TopicOffsets.latest(admin, List.of(topic), Duration.ofSeconds(10)));
      final Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
      long left = total;
      for (final Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
        final long n = Math.min(left, end.getValue());
        left -= n;
        offsets.put(end.getKey(), new OffsetAndMetadata(n));
      }
      admin
          .alterConsumerGroupOffsets(config.get(Keys.APPLICATION_ID), offsets)
          .all()
          .get(10, TimeUnit.SECONDS);
    }
  }
}
