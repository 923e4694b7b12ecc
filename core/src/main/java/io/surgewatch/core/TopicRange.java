package io.surgewatch.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * A topic's committed records read back: in each partition from a {@link Start} to the end offset
 * taken when the range is opened ({@link #poll}, {@link #readToEnd}), or on past it ({@link
 * #pollFollowing}). The one way Surgewatch reads its own topics back, on partitions assigned to a
 * consumer of {@link #consumer} (no group, nothing committed), which the caller owns and closes.
 *
 * <p>Why it reads as it does:
 *
 * <ul>
 *   <li>read_committed: the end offsets are the last stable offsets, past every committed record
 *       and below any transaction still open, and aborted records never come.
 *   <li>The end is reached by position, not by the last record: transaction markers and aborted
 *       records take offsets without giving records, and compaction leaves gaps, so the last record
 *       can sit below the end while the consumer's position passes it.
 *   <li>Records at or past the end (committed since the range was opened) are left out: the range
 *       is what the topic held at the start, so a reader that writes back to it (the dead-letter
 *       replayer) does not read its own writes.
 *   <li>A partition short of its end that gives nothing for the reader's patience fails, named,
 *       instead of hanging (its leader gone, say).
 * </ul>
 */
public final class TopicRange {
  /** How long one poll waits for records: short, so callers notice a stop request soon. */
  private static final Duration POLL = Duration.ofMillis(200);

  /** Where reading starts in a partition. */
  @FunctionalInterface
  public interface Start {
    /**
     * The offset to start at in a partition holding offsets [{@code beginning}, {@code end}), one
     * of {@code partitions} read.
     */
    long offset(long beginning, long end, int partitions);

    /** Every record the partitions hold. */
    static Start beginning() {
      return (beginning, end, partitions) -> beginning;
    }

    /** The newest {@code records} offsets of each partition. */
    static Start lastOfEachPartition(final long records) {
      return (beginning, end, partitions) -> Math.max(beginning, end - records);
    }

    /** The newest {@code records} offsets of the topic, an equal share of them per partition. */
    static Start lastSpreadOverPartitions(final long records) {
      return (beginning, end, partitions) ->
          Math.max(beginning, end - (records + partitions - 1) / partitions);
    }
  }

  /** Takes each record read (a function of its own: Kafka's {@link Consumer} has the name). */
  @FunctionalInterface
  public interface Visitor {
    void accept(ConsumerRecord<String, byte[]> record);
  }

  private final Consumer<String, byte[]> consumer;
  private final Map<TopicPartition, Long> ends;
  private final Duration patience;

  /** Where each partition short of its end was at the last poll, and how long polls waited. */
  private final Map<TopicPartition, Long> positions = new HashMap<>();

  private final Map<TopicPartition, Long> waitedNanos = new HashMap<>();

  private TopicRange(
      final Consumer<String, byte[]> consumer,
      final Map<TopicPartition, Long> ends,
      final Map<TopicPartition, Long> starts,
      final Duration patience) {
    this.consumer = consumer;
    this.ends = ends;
    this.patience = patience;
    positions.putAll(starts);
  }

  /**
   * The properties of a consumer that reads back: {@code config}'s client settings (bootstrap,
   * security, registry), read_committed, no group, nothing committed, and no topic created by
   * asking for it (a topic is created with its own partition count, never the broker's default).
   */
  public static Map<String, Object> consumerProperties(
      final SurgewatchConfig config, final String clientId) {
    final Map<String, Object> props = new HashMap<>(config.clientProperties());
    props.remove(ConsumerConfig.GROUP_ID_CONFIG);
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
    // Records deleted by retention between opening and fetching: read from what is left, rather
    // than skip the partition to its end (the default, "latest").
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    return props;
  }

  /** A consumer of {@link #consumerProperties}, keys as strings and values as bytes. */
  public static KafkaConsumer<String, byte[]> consumer(
      final SurgewatchConfig config, final String clientId) {
    return new KafkaConsumer<>(
        consumerProperties(config, clientId),
        new StringDeserializer(),
        new ByteArrayDeserializer());
  }

  /**
   * The partitions of {@code topic}.
   *
   * @throws MissingTopicException when the broker has no such topic
   * @throws TimeoutException when the broker does not answer within {@code timeout}
   */
  public static List<TopicPartition> partitionsOf(
      final Consumer<?, ?> consumer, final String topic, final Duration timeout)
      throws MissingTopicException {
    final List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
    if (infos == null || infos.isEmpty()) {
      throw new MissingTopicException(topic);
    }
    return infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
  }

  /**
   * Assigns every partition of {@code topic} to {@code consumer} (replacing what it had) and seeks
   * each to {@code start}.
   *
   * @param patience the most each request to the broker may take, and a partition short of its end
   *     may give nothing while polled
   * @throws MissingTopicException when the broker has no such topic
   * @throws TimeoutException when the broker does not answer within {@code patience}
   */
  public static TopicRange open(
      final Consumer<String, byte[]> consumer,
      final String topic,
      final Start start,
      final Duration patience)
      throws MissingTopicException {
    return open(consumer, partitionsOf(consumer, topic, patience), start, patience);
  }

  /** As {@link #open(Consumer, String, Start, Duration)}, for partitions known to exist. */
  public static TopicRange open(
      final Consumer<String, byte[]> consumer,
      final List<TopicPartition> partitions,
      final Start start,
      final Duration patience) {
    final Map<TopicPartition, Long> ends = Map.copyOf(consumer.endOffsets(partitions, patience));
    final Map<TopicPartition, Long> begins = consumer.beginningOffsets(partitions, patience);
    final Map<TopicPartition, Long> starts = new HashMap<>();
    consumer.assign(partitions);
    for (final TopicPartition tp : partitions) {
      final long at = start.offset(begins.get(tp), ends.get(tp), partitions.size());
      consumer.seek(tp, at);
      starts.put(tp, at);
    }
    return new TopicRange(consumer, ends, starts, patience);
  }

  /** The partitions read. */
  public List<TopicPartition> partitions() {
    return List.copyOf(ends.keySet());
  }

  /** The end offset of {@code partition} when the range was opened: the first offset not read. */
  public long end(final TopicPartition partition) {
    return ends.get(partition);
  }

  /** Whether every partition's position has reached its end offset. */
  public boolean atEnd() {
    return ends.entrySet().stream()
        .allMatch(e -> consumer.position(e.getKey(), patience) >= e.getValue());
  }

  /**
   * The next records below the end offsets, in each partition's order; none while waiting, and none
   * once {@link #atEnd}.
   *
   * @throws PartitionStalledException when a partition short of its end gave nothing for longer
   *     than the patience, over the polls that waited for it
   */
  public List<ConsumerRecord<String, byte[]>> poll() {
    final long started = System.nanoTime();
    final List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
    for (final ConsumerRecord<String, byte[]> r : consumer.poll(POLL)) {
      if (r.offset() < ends.get(new TopicPartition(r.topic(), r.partition()))) {
        out.add(r);
      }
    }
    guardAgainstStalls(System.nanoTime() - started);
    return out;
  }

  /**
   * The next records, past the end offsets too (the end only tells {@link #atEnd}, caught up). No
   * stall guard: a followed topic may be quiet for any time.
   */
  public List<ConsumerRecord<String, byte[]>> pollFollowing() {
    final List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
    consumer.poll(POLL).forEach(out::add);
    return out;
  }

  /**
   * Hands every record of the range to {@code each}, in each partition's order.
   *
   * @return how many there were
   * @throws PartitionStalledException as {@link #poll} does
   */
  public long readToEnd(final Visitor each) {
    return readToEnd(each, null);
  }

  /**
   * As {@link #readToEnd(Visitor)}, within a time.
   *
   * @throws TimeoutException when the end is not reached {@code within}: checked before each record
   *     too, so a visitor slow on every record (a registry that does not answer) cannot carry the
   *     read far past it
   */
  public long readToEnd(final Visitor each, final Duration within) {
    final long started = System.nanoTime();
    long read = 0;
    while (!atEnd()) {
      failIfLate(started, within);
      for (final ConsumerRecord<String, byte[]> r : poll()) {
        failIfLate(started, within);
        each.accept(r);
        read++;
      }
    }
    return read;
  }

  private void failIfLate(final long started, final Duration within) {
    if (within != null && System.nanoTime() - started > within.toNanos()) {
      throw new TimeoutException(
          "reading " + topics() + " to its end took longer than " + seconds(within));
    }
  }

  /**
   * Counts the time a poll spent against each partition still short of its end that did not move.
   * Only polling time counts: a caller busy elsewhere between polls (a merge taking another
   * partition's records) does not stall the partitions it is not reading.
   */
  private void guardAgainstStalls(final long spentNanos) {
    for (final Map.Entry<TopicPartition, Long> e : ends.entrySet()) {
      final TopicPartition tp = e.getKey();
      final long position = consumer.position(tp, patience);
      if (position >= e.getValue()) {
        continue;
      }
      final Long before = positions.put(tp, position);
      if (before == null || before != position) {
        waitedNanos.put(tp, 0L);
      } else if (waitedNanos.merge(tp, spentNanos, Long::sum) > patience.toNanos()) {
        throw new PartitionStalledException(
            tp,
            position,
            e.getValue(),
            "reading "
                + tp
                + " stopped at offset "
                + position
                + " of "
                + e.getValue()
                + " for "
                + seconds(patience)
                + ": is its leader available?");
      }
    }
  }

  private String topics() {
    return ends.keySet().stream()
        .map(TopicPartition::topic)
        .distinct()
        .sorted()
        .collect(Collectors.joining(", "));
  }

  private static String seconds(final Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
  }
}
