package io.surgewatch.streams.it;

import io.surgewatch.core.Keys;
import io.surgewatch.core.SurgewatchConfig;
import io.surgewatch.core.Topics;
import io.surgewatch.events.v1.DeadLetter;
import io.surgewatch.events.v1.RollingCount;
import io.surgewatch.events.v1.StatementCount;
import io.surgewatch.events.v1.SurgeAlert;
import io.surgewatch.serde.AvroSerdes;
import io.surgewatch.stack.LocalStack;
import io.surgewatch.stack.SharedTestStack;
import io.surgewatch.stack.TestClientMetrics;
import io.surgewatch.stack.TopicInitializer;
import io.surgewatch.streams.app.AppProgress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Integration-test support on the real broker and registry: an isolated set of topics and app id
 * per test.
 */
final class RealStack {
  private RealStack() {}

  /**
   * A configuration with its own topic names, application id and state directory on the shared
   * stack.
   */
  static SurgewatchConfig isolatedConfig(final Map<String, String> extra) throws Exception {
    final LocalStack stack = SharedTestStack.get();
    final String run = "it" + UUID.randomUUID().toString().substring(0, 8);
    final Map<String, String> s = new HashMap<>();
    s.put(Keys.BOOTSTRAP_SERVERS, stack.bootstrapServers());
    s.put(Keys.SCHEMA_REGISTRY_URL, stack.registryUrl());
    for (final String t :
        List.of("incidents", "statements", "counts", "alerts", "dead-letter", "statement-counts")) {
      s.put("topic." + t, run + "." + t);
    }
    s.put(Keys.APPLICATION_ID, run);
    s.put(Keys.STATE_DIR, SharedTestStack.newDirectory("surgewatch-state").toString());
    // The app's wall-clock intervals, short: tests wait for what they drive (commits, the open
    // day's figures).
    s.put("commit.interval.ms", "200");
    s.put(Keys.OPEN_DAY_FLUSH_MS, "100");
    // Stories compared with backtest's wait for the statements markers the writers put, however
    // long a broker restart or a slow test machine stalls the app (the default stops waiting after
    // 10 s without a record, which such a stall can look like).
    s.put(Keys.PROGRESS_STATEMENTS_IDLE_MS, "0");
    s.putAll(TestClientMetrics.UNREPORTED);
    s.putAll(extra);
    final SurgewatchConfig config = SurgewatchConfig.defaultsOnly().withAll(s);
    TopicInitializer.ensureTopics(
        config.clientProperties(), Topics.from(config).newTopics(), Duration.ofSeconds(60));
    return config;
  }

  static void awaitCaughtUp(final SurgewatchConfig config, final Duration timeout)
      throws Exception {
    try (AppProgress progress = new AppProgress(config)) {
      if (!progress.awaitCaughtUp(timeout)) {
        throw new AssertionError(
            "the streams app did not catch up within "
                + timeout
                + "; where this JVM's Kafka Streams threads were:\n"
                + kafkaThreads());
      }
    }
  }

  /**
   * The stacks of this JVM's stream, state-updater and producer threads: when an app running in the
   * test's JVM stalls, where it waits (a producer call, a rebalance, a restore).
   */
  static String kafkaThreads() {
    final StringBuilder out = new StringBuilder();
    Thread.getAllStackTraces()
        .forEach(
            (thread, stack) -> {
              final String name = thread.getName();
              if (name.contains("StreamThread")
                  || name.contains("StateUpdater")
                  || name.startsWith("kafka-producer-network-thread")) {
                out.append('"').append(name).append("\" ").append(thread.getState()).append('\n');
                for (int i = 0; i < Math.min(stack.length, 25); i++) {
                  out.append("    at ").append(stack[i]).append('\n');
                }
              }
            });
    return out.length() == 0 ? "(none in this JVM)\n" : out.toString();
  }

  /** Every committed record of a topic, in offset order per partition. */
  static <T> List<ConsumerRecord<String, T>> readAll(
      final SurgewatchConfig config, final String topic, final Deserializer<T> values) {
    final Map<String, Object> props = config.clientProperties();
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    final List<ConsumerRecord<String, T>> out = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> c =
        new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
      final List<TopicPartition> parts =
          c.partitionsFor(topic).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      c.assign(parts);
      c.seekToBeginning(parts);
      final Map<TopicPartition, Long> end = c.endOffsets(parts);
      while (parts.stream().anyMatch(p -> c.position(p) < end.get(p))) {
        for (final ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(500))) {
          out.add(
              new ConsumerRecord<>(
                  r.topic(),
                  r.partition(),
                  r.offset(),
                  r.key(),
                  values.deserialize(topic, r.value())));
        }
      }
    }
    return out;
  }

  static List<RollingCount> counts(final SurgewatchConfig config) {
    return readAll(
            config,
            Topics.from(config).counts().name(),
            AvroSerdes.specific(RollingCount.class, config.clientProperties(), false)
                .deserializer())
        .stream()
        .map(ConsumerRecord::value)
        .toList();
  }

  /** The statement-counts topic's records, in offset order per partition (a key's in order). */
  static List<StatementCount> statementCounts(final SurgewatchConfig config) {
    return readAll(
            config,
            Topics.from(config).statementCounts().name(),
            AvroSerdes.specific(StatementCount.class, config.clientProperties(), false)
                .deserializer())
        .stream()
        .map(ConsumerRecord::value)
        .toList();
  }

  static List<SurgeAlert> alerts(final SurgewatchConfig config) {
    return readAll(
            config,
            Topics.from(config).alerts().name(),
            AvroSerdes.specific(SurgeAlert.class, config.clientProperties(), false).deserializer())
        .stream()
        .map(ConsumerRecord::value)
        .toList();
  }

  static List<DeadLetter> deadLetters(final SurgewatchConfig config) {
    return readAll(
            config,
            Topics.from(config).deadLetter().name(),
            AvroSerdes.specific(DeadLetter.class, config.clientProperties(), false).deserializer())
        .stream()
        .map(ConsumerRecord::value)
        .toList();
  }
}
