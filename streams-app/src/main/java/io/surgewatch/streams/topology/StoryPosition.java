package io.surgewatch.streams.topology;

import java.nio.ByteBuffer;

/**
 * An event's place in the one order the story stage tells stories in, the order {@code backtest}
 * tells them in: the time of what caused it (its effective time), then what comes first at that
 * time. An alert transition carries the time of the report whose contribution raised it, partition
 * 0, kind {@link #INCIDENT}, the report's key in its tie ({@link io.surgewatch.engine.TieOrder}) in
 * place of an offset, the cube partition that emitted it and its emit order among the transitions
 * of that time and key there; so the alerts of one time are told in the order the cube applied
 * their reports, whatever the input partitions. A statement carries its own place on the statements
 * topic (its partition, kind {@link #STATEMENT}, its offset): after every alert of its time.
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
   * The {@code order}-th transition that the reports at {@code at} with key {@code tieKey} in their
   * tie caused on cube partition shard.
   */
  static StoryPosition ofAlert(final long at, final long tieKey, final int shard, final int order) {
    return new StoryPosition(at, 0, INCIDENT, tieKey, shard, order);
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
   * (its merge's frontier, a time every input partition has passed, or nothing yet): the
   * transitions of reports up to that time are all sent.
   */
  static StoryPosition afterCube(final ArrivalPosition released) {
    return released.isThrough() ? through(released.at()) : NOWHERE;
  }

  /**
   * The frontier of a cube shard whose next contribution to apply is at {@code next} (its merge
   * stops between groups, {@link ArrivalMerge.Order#sameGroup}): every transition of the groups
   * before it is sent, none of its group's.
   */
  static StoryPosition before(final ArrivalPosition next) {
    return new StoryPosition(
        next.at(), 0, INCIDENT, next.tie(), Integer.MIN_VALUE, Integer.MIN_VALUE);
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
