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
import io.surgewatch.serde.SchemaRegistryException;
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
 * that cannot be decoded is passed over, unless the registry is away ({@link
 * SchemaRegistryException#registryAwayIn}): that fails the read.
 */
public final class TopicTimes {
  /** Records read back from the end of each partition. */
  static final int PER_PARTITION = 1_000;

  private TopicTimes() {}

  /**
   * What the input topics hold, per topic (epoch ms; a topic that does not exist yet or holds
   * nothing readable is left out).
   *
   * @param times the latest time: of an event or of a progress marker's promise, where the app's
   *     arrival order stands (a writer's markers can go a few milliseconds past the events, see
   *     {@link ProgressWriter}); what orders a writer's reports against the topic
   * @param events the latest event's own time (a report's reported-at, a statement's made-at): what
   *     a message quotes, a time the user finds in an input
   */
  public record OnTopics(Map<String, Long> times, Map<String, Long> events) {
    /** Nothing known of the topics. */
    public static final OnTopics NONE = new OnTopics(Map.of(), Map.of());

    public OnTopics {
      times = Map.copyOf(times);
      events = Map.copyOf(events);
    }
  }

  /**
   * The latest time on each input topic (the incidents and the statements topic), epoch ms; a topic
   * that does not exist yet or holds nothing readable is left out.
   *
   * @throws TimeoutException when the broker does not answer, or the newest records are not read,
   *     within {@code timeout}
   */
  public static Map<String, Long> latest(final SurgewatchConfig config, final Duration timeout) {
    return read(config, timeout).times();
  }

  /**
   * {@link #latest}, and the latest event's own time on each topic ({@link OnTopics}).
   *
   * @throws TimeoutException when the broker does not answer, or the newest records are not read,
   *     within {@code timeout}
   * @throws SchemaRegistryException when the registry does not answer (or answers 5xx) for a record
   */
  public static OnTopics read(final SurgewatchConfig config, final Duration timeout) {
    final Topics topics = Topics.from(config);
    final Map<String, Long> out = new HashMap<>();
    final Map<String, Long> events = new HashMap<>();
    try (KafkaConsumer<String, byte[]> consumer =
            TopicRange.consumer(config, "surgewatch-topic-times");
        AvroDeserializer<IncidentEvent> incidents = new AvroDeserializer<>(IncidentEvent.class);
        AvroDeserializer<StatementEvent> statements =
            new AvroDeserializer<>(StatementEvent.class)) {
      incidents.configure(config.clientProperties(), false);
      statements.configure(config.clientProperties(), false);
      read(consumer, topics.incidents().name(), incidents, timeout, out, events);
      read(consumer, topics.statements().name(), statements, timeout, out, events);
    }
    return new OnTopics(out, events);
  }

  private static void read(
      final KafkaConsumer<String, byte[]> consumer,
      final String topic,
      final AvroDeserializer<? extends SpecificRecord> decoder,
      final Duration timeout,
      final Map<String, Long> out,
      final Map<String, Long> events) {
    final TopicRange range;
    try {
      range =
          TopicRange.open(
              consumer, topic, TopicRange.Start.lastOfEachPartition(PER_PARTITION), timeout);
    } catch (final MissingTopicException notYet) {
      return;
    }
    final long[] latest = {Long.MIN_VALUE, Long.MIN_VALUE}; // any record's, an event's
    range.readToEnd(
        r -> {
          final long marker = ProgressMarkers.through(r.headers());
          final long at = marker != Long.MIN_VALUE ? Long.MIN_VALUE : eventTime(r, topic, decoder);
          latest[0] = Math.max(latest[0], Math.max(marker, at));
          latest[1] = Math.max(latest[1], at);
        },
        timeout);
    if (latest[0] != Long.MIN_VALUE) {
      out.put(topic, latest[0]);
    }
    if (latest[1] != Long.MIN_VALUE) {
      events.put(topic, latest[1]);
    }
  }

  /** An event's time; Long.MIN_VALUE for a record that is none or cannot be read. */
  private static long eventTime(
      final ConsumerRecord<String, byte[]> r,
      final String topic,
      final AvroDeserializer<? extends SpecificRecord> decoder) {
    try {
      return r.value() == null
          ? Long.MIN_VALUE
          : ArrivalOrder.at(decoder.deserialize(topic, r.value()));
    } catch (final RuntimeException unreadable) {
      if (SchemaRegistryException.registryAwayIn(unreadable)) {
        // Not the record's fault: passing over every record would leave the times unknown, after
        // each had waited out the registry's retries.
        throw unreadable;
      }
      // A record the app dead-letters: it moves no partition's time.
      return Long.MIN_VALUE;
    }
  }
}
