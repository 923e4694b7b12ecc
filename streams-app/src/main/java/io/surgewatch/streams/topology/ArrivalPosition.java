package io.surgewatch.streams.topology;

import java.nio.ByteBuffer;

/**
 * Where a report stands on its input partition: its effective reported-at, then its input
 * partition, then its offset there, then which of the report's contributions it is. Stage 1 reads
 * each partition in offset order and never gives a report an effective reported-at below an earlier
 * one of its partition, so each partition's positions only grow, and a shard can merge the
 * partitions as Flink merges its inputs under a watermark: by the minimum over them. The merge
 * releases by time (a reported-at once every partition has passed it); the reports of one
 * reported-at are then applied in {@link io.surgewatch.streams.engine.TieOrder}, which does not
 * depend on the partitioning, and {@code backtest} replays them so.
 *
 * <p>As a frontier ("everything of this partition up to here has been sent"), a report's own
 * position says that the partition's later times come after it (a later report of the same time may
 * still come); {@link #through(long)} says that nothing of the partition at or before a time
 * follows at all.
 */
record ArrivalPosition(long at, int source, long offset, int index)
    implements Comparable<ArrivalPosition> {
  static final int BYTES = 8 + 4 + 8 + 4;

  /** Before every report: a partition nothing has been heard from. */
  static final ArrivalPosition NOWHERE = new ArrivalPosition(Long.MIN_VALUE, -1, -1, -1);

  /**
   * The frontier of a partition whose writers have promised that nothing at or before {@code at}
   * follows.
   */
  static ArrivalPosition through(final long at) {
    return new ArrivalPosition(at, Integer.MAX_VALUE, Long.MAX_VALUE, Integer.MAX_VALUE);
  }

  /** Whether this is a promise that nothing at or before its time follows ({@link #through}). */
  boolean isThrough() {
    return source == Integer.MAX_VALUE && offset == Long.MAX_VALUE && index == Integer.MAX_VALUE;
  }

  /**
   * After every contribution of the report at this offset: the frontier once the report is
   * processed.
   */
  ArrivalPosition afterReport() {
    return new ArrivalPosition(at, source, offset, Integer.MAX_VALUE);
  }

  @Override
  public int compareTo(final ArrivalPosition o) {
    int c = Long.compare(at, o.at);
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
   * Big-endian with the signs flipped, so that unsigned byte order (the stores' key order) is this
   * order.
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

  static ArrivalPosition get(final ByteBuffer buf) {
    return new ArrivalPosition(
        buf.getLong() ^ Long.MIN_VALUE,
        buf.getInt() ^ Integer.MIN_VALUE,
        buf.getLong() ^ Long.MIN_VALUE,
        buf.getInt() ^ Integer.MIN_VALUE);
  }

  static ArrivalPosition fromKey(final byte[] key) {
    return get(ByteBuffer.wrap(key));
  }
}
