package io.surgewatch.core;

import io.surgewatch.serde.AvroSerdeConfig;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.TopicConfig;

/**
 * The keys that belong to Kafka's clients, to Kafka Streams or to the registry serde: Surgewatch
 * passes them through unchanged, and never takes one of them for a misspelt key of its own.
 */
public final class KafkaClientKeys {
  private KafkaClientKeys() {}

  /**
   * Kafka Streams' own keys, beyond those of its consumer, producer and admin client. Core does not
   * depend on Kafka Streams (the ingest API and the CLI's tools do not need it), so they are listed
   * here; KafkaStreamsKeysTest in streams-app fails when Kafka Streams' {@code StreamsConfig} and
   * this list diverge.
   */
  public static final List<String> STREAMS_KEYS =
      List.of(
          "acceptable.recovery.lag",
          "allow.os.group.write.access",
          "application.id",
          "application.server",
          "buffered.records.per.partition",
          "built.in.metrics.version",
          "cache.max.bytes.buffering",
          "commit.interval.ms",
          "default.client.supplier",
          "default.deserialization.exception.handler",
          "default.dsl.store",
          "default.interactive.query.isolation.level",
          "default.key.serde",
          "default.list.key.serde.inner",
          "default.list.key.serde.type",
          "default.list.value.serde.inner",
          "default.list.value.serde.type",
          "default.production.exception.handler",
          "default.timestamp.extractor",
          "default.value.serde",
          "deserialization.exception.handler",
          "dsl.store.format",
          "dsl.store.suppliers.class",
          "enable.transactional.statestores",
          "ensure.explicit.internal.resource.naming",
          "errors.dead.letter.queue.topic.name",
          "log.summary.interval.ms",
          "max.task.idle.ms",
          "max.warmup.replicas",
          "num.standby.replicas",
          "num.stream.threads",
          "poll.ms",
          "probing.rebalance.interval.ms",
          "processing.exception.handler",
          "processing.exception.handler.global.enabled",
          "processing.guarantee",
          "processor.wrapper.class",
          "production.exception.handler",
          "rack.aware.assignment.non_overlap_cost",
          "rack.aware.assignment.strategy",
          "rack.aware.assignment.tags",
          "rack.aware.assignment.traffic_cost",
          "repartition.purge.interval.ms",
          "replication.factor",
          "rocksdb.config.setter",
          "state.cleanup.delay.ms",
          "state.cleanup.dir.max.age.ms",
          "state.dir",
          "statestore.cache.max.bytes",
          "statestore.uncommitted.max.bytes",
          "task.assignor.class",
          "task.timeout.ms",
          "topology.description.push.enabled",
          "topology.optimization",
          "upgrade.from",
          "window.size.ms",
          "windowed.inner.class.serde",
          "windowstore.changelog.additional.retention.ms");

  /**
   * Kafka Streams' per-client prefixes (StreamsConfig.consumerPrefix, producerPrefix, ...), then a
   * client key.
   */
  private static final List<String> CLIENT_PREFIXES =
      List.of(
          "main.consumer.",
          "restore.consumer.",
          "global.consumer.",
          "consumer.",
          "producer.",
          "admin.");

  /**
   * Families whose members are open-ended: security settings and the registry serde's credentials.
   */
  private static final List<String> OPEN_PREFIXES =
      List.of(
          "sasl.",
          "ssl.",
          "basic.auth.",
          "bearer.auth.",
          AvroSerdeConfig.SSL_PREFIX,
          "config.providers.",
          "client.tag.");

  private static final Set<String> KEYS = keys();
  private static final Set<String> TOPIC_CONFIGS = constants(TopicConfig.class);

  private static Set<String> keys() {
    final Set<String> out = new HashSet<>(STREAMS_KEYS);
    out.addAll(ConsumerConfig.configNames());
    out.addAll(ProducerConfig.configNames());
    out.addAll(AdminClientConfig.configNames());
    constants(AvroSerdeConfig.class).stream().filter(k -> !k.endsWith(".")).forEach(out::add);
    return Set.copyOf(out);
  }

  private static Set<String> constants(final Class<?> type) {
    final Set<String> out = new HashSet<>();
    for (final Field f : type.getFields()) {
      if (Modifier.isStatic(f.getModifiers())
              && f.getType() == String.class
              && f.getName().endsWith("CONFIG")
          || type == AvroSerdeConfig.class
              && Modifier.isStatic(f.getModifiers())
              && f.getType() == String.class) {
        try {
          out.add((String) f.get(null));
        } catch (final IllegalAccessException e) {
          throw new IllegalStateException(e);
        }
      }
    }
    return out;
  }

  /** Whether Kafka's clients, Kafka Streams or the registry serde read this key. */
  public static boolean isClientKey(final String key) {
    if (KEYS.contains(key) || OPEN_PREFIXES.stream().anyMatch(key::startsWith)) {
      return true;
    }
    for (final String prefix : CLIENT_PREFIXES) {
      if (key.startsWith(prefix)) {
        return KEYS.contains(key.substring(prefix.length()));
      }
    }
    // Kafka Streams' "topic." prefix sets a config of its internal topics; Surgewatch's own topic.*
    // keys are declared.
    return key.startsWith("topic.") && TOPIC_CONFIGS.contains(key.substring("topic.".length()));
  }

  /** Every exact key (no prefixed or open-ended ones). */
  static Set<String> exactKeys() {
    return KEYS;
  }
}
