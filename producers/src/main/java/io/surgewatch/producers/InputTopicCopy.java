package io.surgewatch.producers;

import io.surgewatch.core.Keys;
import io.surgewatch.core.MissingTopicException;
import io.surgewatch.core.ProgressMarkers;
import io.surgewatch.core.SurgewatchConfig;
import io.surgewatch.core.TopicRange;
import io.surgewatch.core.Topics;
import io.surgewatch.events.v1.IncidentEvent;
import io.surgewatch.events.v1.StatementEvent;
import io.surgewatch.serde.AvroSerdes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.ToLongFunction;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Copies an input topic into a new one with another partition count, for moving a deployment from
 * one input partition to several: every record (key, value bytes and headers as they are, so the
 * registry ids still hold) in arrival order, re-partitioned by Kafka's default partitioner on its
 * key, then a progress marker on every partition at the greatest reported-at copied. Adding
 * partitions to the topic in place would not do: an incident's later reports would hash to another
 * partition than its earlier ones, whose stage-1 task holds the figures they revise.
 *
 * <p>Arrival order: each source partition in offset order (the order stage 1 judges lateness by),
 * the partitions merged by the timestamp of their next record, ties by partition. The merge streams
 * (one poll batch a source partition in memory), so a topic of any size copies in a small heap.
 */
public final class InputTopicCopy {

  /** What a copy did. */
  public record Result(String from, String to, long copied, long markersSkipped, Instant through) {}

  private static final String CLIENT_ID = "surgewatch-input-copy";

  private final SurgewatchConfig config;

  public InputTopicCopy(final SurgewatchConfig config) {
    this.config = config;
  }

  /** Copies the incidents topic of {@code config} into {@code target} (created beforehand). */
  public Result incidents(final String target) {
    final Deserializer<IncidentEvent> d =
        AvroSerdes.specific(IncidentEvent.class, config.clientProperties(), false).deserializer();
    final String source = Topics.from(config).incidents().name();
    return copy(
        source,
        target,
        bytes -> d.deserialize(source, bytes).getReportedAt().toEpochMilli(),
        Long.MIN_VALUE);
  }

  /** Copies the statements topic of {@code config} into {@code target} (created beforehand). */
  public Result statements(final String target) {
    return statements(target, null);
  }

  /**
   * Copies the statements topic, and marks it through {@code incidentsThrough} at least (the
   * incidents copy's markers): the app's story stage holds an alert until every statements
   * partition has passed it, so markers at the last statement would hold back every later alert.
   */
  public Result statements(final String target, final Instant incidentsThrough) {
    final Deserializer<StatementEvent> d =
        AvroSerdes.specific(StatementEvent.class, config.clientProperties(), false).deserializer();
    final String source = Topics.from(config).statements().name();
    return copy(
        source,
        target,
        bytes -> d.deserialize(source, bytes).getMadeAt().toEpochMilli(),
        incidentsThrough == null ? Long.MIN_VALUE : incidentsThrough.toEpochMilli());
  }

  private Result copy(
      final String source,
      final String target,
      final ToLongFunction<byte[]> timeOf,
      final long markAtLeast) {
    final Map<String, Object> props = new HashMap<>(config.clientProperties());
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    long copied = 0;
    long skipped = 0;
    long through = Long.MIN_VALUE;
    // A copy that lost a record would rebuild the app's state without it: the first failed send
    // stops the copy, named.
    final AtomicReference<Exception> failed = new AtomicReference<>();
    final Callback check =
        (metadata, e) -> {
          if (e != null) {
            failed.compareAndSet(null, e);
          }
        };
    try (SourceMerge records = new SourceMerge(source);
        KafkaProducer<String, byte[]> producer =
            new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
      for (ConsumerRecord<String, byte[]> r = records.next(); r != null; r = records.next()) {
        if (ProgressMarkers.isMarker(r.headers())) {
          skipped++; // the source's own markers speak of its partitions, not the target's
          continue;
        }
        throwIfFailed(failed, target);
        producer.send(
            new ProducerRecord<>(target, null, r.timestamp(), r.key(), r.value(), r.headers()),
            check);
        copied++;
        if (r.value() != null) {
          try {
            through = Math.max(through, timeOf.applyAsLong(r.value()));
          } catch (final RuntimeException undecodable) {
            // copied as it is: the app dead-letters it with its reason, as it would have from the
            // source
          }
        }
      }
      producer.flush();
      throwIfFailed(failed, target);
      through = Math.max(through, markAtLeast);
      if (through != Long.MIN_VALUE) {
        ProgressMarkers.forAllPartitions(
                target, producer.partitionsFor(target).size(), Instant.ofEpochMilli(through))
            .forEach(marker -> producer.send(marker, check));
      }
      producer.flush();
      throwIfFailed(failed, target);
    }
    return new Result(
        source,
        target,
        copied,
        skipped,
        through == Long.MIN_VALUE ? null : Instant.ofEpochMilli(through));
  }

  private static void throwIfFailed(final AtomicReference<Exception> failed, final String target) {
    if (failed.get() != null) {
      throw new IllegalStateException(
          "writing to "
              + target
              + " failed: "
              + failed.get().getMessage()
              + "; the copy is incomplete: delete the target topics and copy again",
          failed.get());
    }
  }

  /**
   * Between the heads of two source partitions: the earlier timestamp, then the lower partition.
   */
  static final Comparator<ConsumerRecord<String, byte[]>> ARRIVAL =
      Comparator.<ConsumerRecord<String, byte[]>>comparingLong(ConsumerRecord::timestamp)
          .thenComparingInt(ConsumerRecord::partition)
          .thenComparingLong(ConsumerRecord::offset);

  /**
   * The source topic's committed records up to its end offsets at the start: a k-way merge of one
   * cursor a partition (each holding one poll batch), by {@link #ARRIVAL} of their next records.
   */
  private final class SourceMerge implements AutoCloseable {
    private final List<PartitionCursor> cursors = new ArrayList<>();
    private final PriorityQueue<PartitionCursor> heads =
        new PriorityQueue<>(Comparator.comparing(PartitionCursor::head, ARRIVAL));

    SourceMerge(final String topic) {
      try {
        final List<TopicPartition> partitions;
        try (KafkaConsumer<String, byte[]> c = TopicRange.consumer(config, CLIENT_ID)) {
          partitions = TopicRange.partitionsOf(c, topic, PartitionCursor.STALLED);
        } catch (final MissingTopicException e) {
          throw new IllegalStateException(
              "the topic "
                  + topic
                  + " does not exist on "
                  + config.get(Keys.BOOTSTRAP_SERVERS)
                  + ": nothing to copy",
              e);
        }
        for (final TopicPartition p : partitions) {
          final KafkaConsumer<String, byte[]> consumer = TopicRange.consumer(config, CLIENT_ID);
          final PartitionCursor cursor;
          try {
            cursor = new PartitionCursor(consumer, p);
          } catch (final RuntimeException e) {
            consumer.close();
            throw e;
          }
          cursors.add(cursor);
          if (cursor.peek() != null) {
            heads.add(cursor);
          }
        }
      } catch (final RuntimeException e) {
        close();
        throw e;
      }
    }

    /** The next record in arrival order, or null when every partition is read. */
    ConsumerRecord<String, byte[]> next() {
      final PartitionCursor cursor = heads.poll();
      if (cursor == null) {
        return null;
      }
      final ConsumerRecord<String, byte[]> record = cursor.take();
      if (cursor.peek() != null) {
        heads.add(cursor);
      }
      return record;
    }

    @Override
    public void close() {
      RuntimeException first = null;
      for (final PartitionCursor cursor : cursors) {
        try {
          cursor.close();
        } catch (final RuntimeException e) {
          if (first == null) {
            first = e;
          } else {
            first.addSuppressed(e);
          }
        }
      }
      if (first != null) {
        throw first;
      }
    }
  }

  /**
   * One source partition, read from its beginning to its end offset at the start, on a consumer of
   * its own: the merge takes from each at its own pace.
   */
  private static final class PartitionCursor {
    /** How long a partition may give nothing before the copy gives up on it, named. */
    static final Duration STALLED = Duration.ofMinutes(2);

    private final KafkaConsumer<String, byte[]> consumer;
    private final TopicRange range;
    private final ArrayDeque<ConsumerRecord<String, byte[]>> batch = new ArrayDeque<>();

    PartitionCursor(final KafkaConsumer<String, byte[]> consumer, final TopicPartition partition) {
      this.consumer = consumer;
      this.range =
          TopicRange.open(consumer, List.of(partition), TopicRange.Start.beginning(), STALLED);
    }

    /**
     * The partition's next record, or null once its end offset is reached; polls for it when the
     * batch is used up. Fails when the partition gives nothing for {@link #STALLED} (its leader
     * gone, say), naming where it stopped, instead of waiting for ever.
     */
    ConsumerRecord<String, byte[]> peek() {
      // Transaction markers and aborted records take offsets without giving records: poll until a
      // record comes or the position passes the end.
      while (batch.isEmpty() && !range.atEnd()) {
        batch.addAll(range.poll());
      }
      return batch.peekFirst();
    }

    /** The record {@link #peek} found: only for cursors that have one (the merge's heap). */
    ConsumerRecord<String, byte[]> head() {
      return batch.peekFirst();
    }

    ConsumerRecord<String, byte[]> take() {
      return batch.pollFirst();
    }

    void close() {
      consumer.close();
    }
  }
}
