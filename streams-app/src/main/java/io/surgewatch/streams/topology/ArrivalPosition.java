package io.surgewatch.streams.topology;

import java.nio.ByteBuffer;

/**
 * A contribution's place in the one order every cube shard applies them in, whatever the
 * partitioning: its report's effective reported-at, then its key among the reports of that time
 * ({@link io.surgewatch.engine.TieOrder}: the news of a later day first, then by incident id, so
 * the order does not depend on the partition each came from), then its input partition, its offset
 * there and which of the report's contributions it is (the versions of one incident, on one
 * partition, in the order they were published). {@code backtest} replays ties in the same order.
 * Stage 1 reads each partition in offset order and never gives a report an effective reported-at
 * below an earlier one of its partition, so a partition's times only grow, and a shard can merge
 * the partitions as Flink merges its inputs under a watermark: by the minimum over them, a time
 * once every partition has passed it ({@link ArrivalMerge.Order#complete}).
 *
 * <p>The tie key is not stored: it is the contribution's, set where a placed contribution is made
 * ({@link ShardInput.Placed}); stored positions and frontiers keep the layout of earlier releases.
 *
 * <p>As a frontier ("everything of this partition up to here has been sent"), a report's own
 * position says that the partition's later times come after it (a later report of the same time may
 * still come); {@link #through(long)} says that nothing of the partition at or before a time
 * follows at all.
 */
record ArrivalPosition(long at, long tie, int source, long offset, int index)
    implements Comparable<ArrivalPosition> {
  static final int BYTES = 8 + 4 + 8 + 4;

  /** Before every report: a partition nothing has been heard from. */
  static final ArrivalPosition NOWHERE =
      new ArrivalPosition(Long.MIN_VALUE, Long.MIN_VALUE, -1, -1, -1);

  /** A position whose tie key is not known yet (a frontier, or a contribution's to be placed). */
  ArrivalPosition(final long at, final int source, final long offset, final int index) {
    this(at, 0, source, offset, index);
  }

  /** This position with the tie key of its contribution. */
  ArrivalPosition withTie(final long key) {
    return key == tie ? this : new ArrivalPosition(at, key, source, offset, index);
  }

  /**
   * The frontier of a partition whose writers have promised that nothing at or before {@code at}
   * follows.
   */
  static ArrivalPosition through(final long at) {
    return new ArrivalPosition(
        at, Long.MAX_VALUE, Integer.MAX_VALUE, Long.MAX_VALUE, Integer.MAX_VALUE);
  }

  /** Whether this is a promise that nothing at or before its time follows ({@link #through}). */
  boolean isThrough() {
    return source == Integer.MAX_VALUE && offset == Long.MAX_VALUE && index == Integer.MAX_VALUE;
  }

  @Override
  public int compareTo(final ArrivalPosition o) {
    int c = Long.compare(at, o.at);
    if (c == 0) {
      c = Long.compare(tie, o.tie);
    }
    if (c == 0) {
      c = Integer.compare(source, o.source);
    }
    if (c == 0) {
      c = Long.compare(offset, o.offset);
    }
    return c != 0 ? c : Integer.compare(index, o.index);
  }

  static ArrivalPosition max(final ArrivalPosition a, final ArrivalPosition b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  /**
   * Big-endian with the signs flipped, without the tie key (the layout of earlier releases):
   * unsigned byte order is the order of positions of one tie key, which is all a store key needs to
   * be unique.
   */
  byte[] toKey() {
    return put(ByteBuffer.allocate(BYTES)).array();
  }

  ByteBuffer put(final ByteBuffer buf) {
    return buf.putLong(at ^ Long.MIN_VALUE)
        .putInt(source ^ Integer.MIN_VALUE)
        .putLong(offset ^ Long.MIN_VALUE)
        .putInt(index ^ Integer.MIN_VALUE);
  }

  /**
   * A stored position: a frontier as it was made ({@link #through}, {@link #NOWHERE}), any other
   * without its tie key (a placed contribution takes its contribution's).
   */
  static ArrivalPosition get(final ByteBuffer buf) {
    final ArrivalPosition p =
        new ArrivalPosition(
            buf.getLong() ^ Long.MIN_VALUE,
            buf.getInt() ^ Integer.MIN_VALUE,
            buf.getLong() ^ Long.MIN_VALUE,
            buf.getInt() ^ Integer.MIN_VALUE);
    if (p.isThrough()) {
      return through(p.at);
    }
    return p.at == Long.MIN_VALUE && p.source == -1 ? NOWHERE : p;
  }

  static ArrivalPosition fromKey(final byte[] key) {
    return get(ByteBuffer.wrap(key));
  }
}
