package io.surgewatch.cli.alerting;

import io.surgewatch.events.v1.SurgeAlert;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * What the alert topic said before the follower's start in the partitions it was just given: each
 * alert's latest transition there. Without it a follower restarted after paging an alert's OPEN (or
 * a new group started at the topic's end) would not know that alert is open, and a correction that
 * withdraws it and opens its series' next alert, read opening first, would page twice ({@link
 * OpenAlerts#endPending}). An alert's transitions share its key, hence its partition, in sequence
 * order, so the last one read of each alert is its state at the start, whatever order the
 * partitions are read in.
 *
 * <p>Read with a consumer of its own, outside the group (the group's consumer is inside its
 * rebalance callback), committed records only. Best effort: a record it cannot decode is left out
 * (the follower's own read of it, if any, logs it). The alert topic keeps a year of transitions, a
 * few thousand records in practice, so this is read once per assignment.
 */
final class AlertHistory {
  private static final Duration POLL = Duration.ofMillis(200);

  private final Map<String, Object> client;
  private final AlertDecoder decoder;

  /**
   * @param client cluster and pass-through client properties, as the follower's consumer has them
   */
  AlertHistory(final Map<String, Object> client, final AlertDecoder decoder) {
    this.client = client;
    this.decoder = decoder;
  }

  /**
   * Reads each partition from its beginning up to (not including) its start, and hands each alert's
   * latest transition there, with its partition, to {@code latest}.
   *
   * @param starts where the follower starts reading each partition
   * @param stopping ends the read early (the follower is asked to stop)
   */
  void readBefore(
      final Map<TopicPartition, Long> starts,
      final BooleanSupplier stopping,
      final BiConsumer<TopicPartition, SurgeAlert> latest) {
    final Map<TopicPartition, Long> toRead = new HashMap<>(starts);
    toRead.values().removeIf(start -> start <= 0);
    if (toRead.isEmpty()) {
      return;
    }
    final Map<String, Map.Entry<TopicPartition, SurgeAlert>> byAlert = new LinkedHashMap<>();
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(
            properties(client), new StringDeserializer(), new ByteArrayDeserializer())) {
      consumer.assign(toRead.keySet());
      consumer.seekToBeginning(toRead.keySet());
      while (!toRead.isEmpty() && !stopping.getAsBoolean()) {
        for (final ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
          final TopicPartition tp = new TopicPartition(record.topic(), record.partition());
          final Long start = toRead.get(tp);
          if (start == null || record.offset() >= start || record.value() == null) {
            continue;
          }
          final SurgeAlert alert = decoder.decodeOrNull(record);
          if (alert != null) {
            byAlert.put(alert.getAlertId().toString(), Map.entry(tp, alert));
          }
        }
        // Past the start (transaction markers move the position beyond the last record): done.
        toRead.entrySet().removeIf(e -> consumer.position(e.getKey()) >= e.getValue());
        consumer.pause(
            consumer.assignment().stream().filter(tp -> !toRead.containsKey(tp)).toList());
      }
    }
    byAlert.values().forEach(e -> latest.accept(e.getKey(), e.getValue()));
  }

  static Map<String, Object> properties(final Map<String, Object> client) {
    final Map<String, Object> props = new HashMap<>(client);
    props.remove(ConsumerConfig.GROUP_ID_CONFIG);
    props.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, "surgewatch-alerts-history");
    return props;
  }
}
