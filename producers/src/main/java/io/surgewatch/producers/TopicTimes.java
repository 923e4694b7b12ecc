package io.surgewatch.producers;

import io.surgewatch.core.MissingTopicException;
import io.surgewatch.core.ProgressMarkers;
import io.surgewatch.core.SurgewatchConfig;
import io.surgewatch.core.TopicRange;
import io.surgewatch.core.Topics;
import io.surgewatch.events.v1.IncidentEvent;
import io.surgewatch.events.v1.StatementEvent;
import io.surgewatch.inputs.ArrivalOrder;
import io.surgewatch.serde.AvroDeserializer;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.TimeoutException;

/**
 * The latest time already written to each input topic: the greatest progress-marker time,
 * reported-at (incidents) or made-at (statements) among the newest records of every partition.
 *
 * <p>A writer whose reports are older than that (a backfill, an older export published after a
 * newer one) needs it: the streams app places a report that is late for its partition just after
 * the point the partition had reached, so such reports sit past everything the writer itself
 * published, and end markers at the writer's own greatest time would never move the other
 * partitions past them. The app would hold them until another writer did ({@link ProgressWriter}
 * marks past this time instead).
 *
 * <p>Reads the last {@link #PER_PARTITION} records of each partition: writers publish in time order
 * and end with markers on every partition, so the newest records hold the latest time; a record
 * that cannot be decoded is passed over.
 */
public final class TopicTimes {
  /** Records read back from the end of each partition. */
  static final int PER_PARTITION = 1_000;

  private TopicTimes() {}

  /**
   * The latest time on each input topic (the incidents and the statements topic), epoch ms; a topic
   * that does not exist yet or holds nothing readable is left out.
   *
   * @throws TimeoutException when the broker does not answer, or the newest records are not read,
   *     within {@code timeout}
   */
  public static Map<String, Long> latest(final SurgewatchConfig config, final Duration timeout) {
    final Topics topics = Topics.from(config);
    final Map<String, Long> out = new HashMap<>();
    try (KafkaConsumer<String, byte[]> consumer =
            TopicRange.consumer(config, "surgewatch-topic-times");
        AvroDeserializer<IncidentEvent> incidents = new AvroDeserializer<>(IncidentEvent.class);
        AvroDeserializer<StatementEvent> statements =
            new AvroDeserializer<>(StatementEvent.class)) {
      incidents.configure(config.clientProperties(), false);
      statements.configure(config.clientProperties(), false);
      read(consumer, topics.incidents().name(), incidents, timeout, out);
      read(consumer, topics.statements().name(), statements, timeout, out);
    }
    return out;
  }

  private static void read(
      final KafkaConsumer<String, byte[]> consumer,
      final String topic,
      final AvroDeserializer<? extends SpecificRecord> events,
      final Duration timeout,
      final Map<String, Long> out) {
    final TopicRange range;
    try {
      range =
          TopicRange.open(
              consumer, topic, TopicRange.Start.lastOfEachPartition(PER_PARTITION), timeout);
    } catch (final MissingTopicException notYet) {
      return;
    }
    final long[] latest = {Long.MIN_VALUE};
    range.readToEnd(r -> latest[0] = Math.max(latest[0], timeOf(r, topic, events)), timeout);
    if (latest[0] != Long.MIN_VALUE) {
      out.put(topic, latest[0]);
    }
  }

  /** A marker's time, or an event's; Long.MIN_VALUE for a record with neither that is readable. */
  private static long timeOf(
      final ConsumerRecord<String, byte[]> r,
      final String topic,
      final AvroDeserializer<? extends SpecificRecord> events) {
    try {
      final long marker = ProgressMarkers.through(r.headers());
      if (marker != Long.MIN_VALUE) {
        return marker;
      }
      return r.value() == null
          ? Long.MIN_VALUE
          : ArrivalOrder.at(events.deserialize(topic, r.value()));
    } catch (final RuntimeException unreadable) {
      // A record the app dead-letters: it moves no partition's time.
      return Long.MIN_VALUE;
    }
  }
}
