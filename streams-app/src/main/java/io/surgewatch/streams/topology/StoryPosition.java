package io.surgewatch.streams.topology;

import java.nio.ByteBuffer;

/**
 * An event's place in the one order the story stage tells stories in, the order {@code backtest}
 * tells them in: the arrival of what caused it (its effective time, then its input partition, then
 * incidents before statements, then its offset there), then for an alert transition the cube
 * partition that emitted it and its emit order among the transitions that report caused there. An
 * alert carries the position of the report whose contribution raised it; a statement its own place
 * on the statements topic.
 *
 * <p>As a frontier of one upstream task (a cube shard, a statements partition): nothing that task
 * sends later is at or before it.
 */
record StoryPosition(long at, int partition, int kind, long offset, int shard, int order)
    implements Comparable<StoryPosition> {
  static final int BYTES = 8 + 4 + 4 + 8 + 4 + 4;

  /** {@link #kind} of an alert: it comes from a report on the incidents topic. */
  static final int INCIDENT = 0;

  /** {@link #kind} of a statement: on the statements topic. */
  static final int STATEMENT = 1;

  /** Before everything: an upstream task nothing has been heard from. */
  static final StoryPosition NOWHERE =
      new StoryPosition(Long.MIN_VALUE, -1, INCIDENT, -1, Integer.MIN_VALUE, Integer.MIN_VALUE);

  /**
   * The {@code order}-th transition the report at {@code report} caused on cube partition shard.
   */
  static StoryPosition ofAlert(final ArrivalPosition report, final int shard, final int order) {
    return new StoryPosition(report.at(), report.source(), INCIDENT, report.offset(), shard, order);
  }

  /** A statement at its effective made-at, on its partition of the statements topic. */
  static StoryPosition ofStatement(final long at, final int partition, final long offset) {
    return new StoryPosition(at, partition, STATEMENT, offset, 0, 0);
  }

  /** After everything at or before {@code at}: a progress marker's promise. */
  static StoryPosition through(final long at) {
    return new StoryPosition(
        at, Integer.MAX_VALUE, STATEMENT, Long.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE);
  }

  /**
   * The frontier of a cube shard that has applied every contribution at or before {@code released}
   * (its merge's frontier): the transitions of reports up to it are all sent. When it stops inside
   * a report (some of the report's contributions may still come), only the reports before it are
   * done.
   */
  static StoryPosition afterCube(final ArrivalPosition released) {
    final boolean whole = released.index() == Integer.MAX_VALUE;
    return new StoryPosition(
        released.at(),
        released.source(),
        INCIDENT,
        released.offset(),
        whole ? Integer.MAX_VALUE : Integer.MIN_VALUE,
        whole ? Integer.MAX_VALUE : Integer.MIN_VALUE);
  }

  @Override
  public int compareTo(final StoryPosition o) {
    int c = Long.compare(at, o.at);
    if (c == 0) {
      c = Integer.compare(partition, o.partition);
    }
    if (c == 0) {
      c = Integer.compare(kind, o.kind);
    }
    if (c == 0) {
      c = Long.compare(offset, o.offset);
    }
    if (c == 0) {
      c = Integer.compare(shard, o.shard);
    }
    return c != 0 ? c : Integer.compare(order, o.order);
  }

  /** Big-endian with the signs flipped, so that unsigned byte order is this order. */
  byte[] toKey() {
    return put(ByteBuffer.allocate(BYTES)).array();
  }

  ByteBuffer put(final ByteBuffer buf) {
    return buf.putLong(at ^ Long.MIN_VALUE)
        .putInt(partition ^ Integer.MIN_VALUE)
        .putInt(kind ^ Integer.MIN_VALUE)
        .putLong(offset ^ Long.MIN_VALUE)
        .putInt(shard ^ Integer.MIN_VALUE)
        .putInt(order ^ Integer.MIN_VALUE);
  }

  static StoryPosition get(final ByteBuffer buf) {
    return new StoryPosition(
        buf.getLong() ^ Long.MIN_VALUE,
        buf.getInt() ^ Integer.MIN_VALUE,
        buf.getInt() ^ Integer.MIN_VALUE,
        buf.getLong() ^ Long.MIN_VALUE,
        buf.getInt() ^ Integer.MIN_VALUE,
        buf.getInt() ^ Integer.MIN_VALUE);
  }
}
