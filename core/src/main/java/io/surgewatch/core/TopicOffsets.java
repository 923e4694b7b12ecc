package io.surgewatch.core;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/** The end offsets of whole topics, every partition the broker has, asked in one request. */
public final class TopicOffsets {
  private TopicOffsets() {}

  /**
   * The latest offset of every partition of {@code topics}: the high watermark (Admin's default
   * isolation, read_uncommitted), so records of open transactions and transaction markers count.
   *
   * @param timeout for each of the two requests (describe, then list offsets)
   */
  public static Map<TopicPartition, Long> latest(
      final Admin admin, final Collection<String> topics, final Duration timeout) throws Exception {
    return latest(admin, topics, timeout, IsolationLevel.READ_UNCOMMITTED);
  }

  /**
   * As {@link #latest(Admin, Collection, Duration)}, at {@code isolation}: with read_committed, the
   * last stable offset, below any transaction still open.
   */
  public static Map<TopicPartition, Long> latest(
      final Admin admin,
      final Collection<String> topics,
      final Duration timeout,
      final IsolationLevel isolation)
      throws Exception {
    final Map<TopicPartition, OffsetSpec> ask = new HashMap<>();
    admin
        .describeTopics(topics)
        .allTopicNames()
        .get(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .values()
        .forEach(
            d ->
                d.partitions()
                    .forEach(
                        p ->
                            ask.put(
                                new TopicPartition(d.name(), p.partition()), OffsetSpec.latest())));
    final Map<TopicPartition, Long> out = new HashMap<>();
    admin
        .listOffsets(ask, new ListOffsetsOptions(isolation))
        .all()
        .get(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .forEach((tp, o) -> out.put(tp, o.offset()));
    return out;
  }
}
