package io.surgewatch.cli.alerting;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * Where each partition's commit may go: after the last record handled, but never past a held
 * transition (nor, for a partition just reassigned to us, past what was held before it moved).
 * Touched only by the follower's thread (the rebalance listener runs inside poll on that thread).
 */
final class CommitPositions {
  private final HeldTransitions held;

  /** The offset after the last record handled (delivered, skipped or held), by partition. */
  private final Map<TopicPartition, Long> readTo = new HashMap<>();

  /** The last offset committed, by partition (so that an unchanged one is not committed again). */
  private final Map<TopicPartition, Long> committedTo = new HashMap<>();

  /**
   * Where a partition that moved away had its first held transition: reassigned to us, it is read
   * again from there.
   */
  private final Map<TopicPartition, Long> rewind = new HashMap<>();

  CommitPositions(final HeldTransitions held) {
    this.held = held;
  }

  /** A record was handled (delivered, skipped or held): the commit may go up to {@code next}. */
  void handled(final TopicPartition tp, final long next) {
    readTo.put(tp, next);
  }

  /** The offset to commit, or null when nothing of the partition was handled. */
  Long target(final TopicPartition tp) {
    Long target = readTo.get(tp);
    final Long firstHeld = held.firstOffset(tp);
    if (firstHeld != null) {
      target = target == null ? firstHeld : Math.min(target, firstHeld);
    }
    final Long back = rewind.get(tp);
    if (back != null) {
      target = target == null ? back : Math.min(target, back);
    }
    return target;
  }

  boolean isCommitted(final TopicPartition tp, final long offset) {
    return Long.valueOf(offset).equals(committedTo.get(tp));
  }

  void committed(final TopicPartition tp, final long offset) {
    committedTo.put(tp, offset);
  }

  /**
   * The consumer was sent back to {@code offset} (ours, before anything held there when it moved).
   */
  void resumedAt(final TopicPartition tp, final long offset) {
    readTo.put(tp, offset);
    rewind.remove(tp);
  }

  /**
   * A partition moved away: forgets its positions, remembering its first held offset in case it
   * comes back. Call it before {@link HeldTransitions#drop}.
   */
  void forget(final TopicPartition tp) {
    final Long firstHeld = held.firstOffset(tp);
    if (firstHeld != null) {
      rewind.merge(tp, firstHeld, Math::min);
    }
    readTo.remove(tp);
    committedTo.remove(tp);
  }

  /**
   * After a poll: positions of reassigned partitions are at their committed offsets, before any
   * held record.
   */
  void clearRewinds() {
    rewind.clear();
  }
}
