package io.surgewatch.core;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;

/**
 * A partition read back towards its end gave nothing for longer than the reader's patience (its
 * leader gone, say). A Kafka {@link TimeoutException}, so callers that treat a broker that does not
 * answer as "not now" treat this one alike.
 */
public final class PartitionStalledException extends TimeoutException {
  private static final long serialVersionUID = 1L;

  private final TopicPartition partition;
  private final long offset;
  private final long end;

  public PartitionStalledException(
      final TopicPartition partition, final long offset, final long end, final String message) {
    super(message);
    this.partition = partition;
    this.offset = offset;
    this.end = end;
  }

  public TopicPartition partition() {
    return partition;
  }

  /** Where reading stopped moving. */
  public long offset() {
    return offset;
  }

  /** The end offset it was reading to. */
  public long end() {
    return end;
  }
}
