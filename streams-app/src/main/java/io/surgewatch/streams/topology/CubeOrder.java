package io.surgewatch.streams.topology;

import io.surgewatch.core.SourceHeaders;
import io.surgewatch.engine.Codec;
import io.surgewatch.engine.StoredFormat;
import io.surgewatch.engine.TieOrder;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * A cube shard's merge of the input partitions' contributions into the arrival order, by {@link
 * ArrivalPosition}: how it finds, stores and reads back positions and contributions, and the names
 * of its stores.
 */
final class CubeOrder implements ArrivalMerge.Order<ArrivalPosition, ShardInput.Placed> {

  static final CubeOrder ORDER = new CubeOrder();

  static final String PENDING = "cube-pending";
  static final String FRONTIERS = "cube-frontiers";
  static final String COMMIT_HOOK = "cube-commit-hook";

  /**
   * Layout of a pending contribution: version 1 its timestamp and contribution, version 2 its
   * report's origin between them ({@link ShardInput.Placed#origin}).
   */
  static final StoredFormat PENDING_FORMAT = new StoredFormat("pending contribution", 2, 1);

  /** The version a pending contribution without an origin is still written in. */
  private static final byte PENDING_WITHOUT_ORIGIN = 1;

  private CubeOrder() {}

  /**
   * A cube shard's merge of {@code sources} input partitions, each awaited from the start,
   * releasing for at most {@code budget} a call.
   */
  static ArrivalMerge<ArrivalPosition, ShardInput.Placed> merge(
      final int sources,
      final KeyValueStore<Bytes, byte[]> pending,
      final KeyValueStore<Integer, byte[]> frontierStore,
      final Duration budget) {
    return new ArrivalMerge<>(ORDER, sources, s -> true, pending, frontierStore)
        .releasingFor(budget);
  }

  @Override
  public ArrivalPosition nowhere() {
    return ArrivalPosition.NOWHERE;
  }

  /**
   * A partition's own report says only that its earlier times are done: a later report of the same
   * reported-at may come first in {@link TieOrder}. A marker's promise ({@link
   * ArrivalPosition#through}) completes its time.
   */
  @Override
  public ArrivalPosition complete(final ArrivalPosition frontier, final boolean idle) {
    if (frontier.isThrough() || frontier.equals(ArrivalPosition.NOWHERE)) {
      return frontier;
    }
    return ArrivalPosition.through(idle ? frontier.at() : frontier.at() - 1);
  }

  /** One incident's contributions of one time: their alerts are numbered from the first. */
  @Override
  public boolean sameGroup(final ArrivalPosition a, final ArrivalPosition b) {
    return a.at() == b.at() && a.tie() == b.tie();
  }

  @Override
  public ArrivalPosition position(final ShardInput.Placed event) {
    return event.position();
  }

  @Override
  public int source(final ShardInput.Placed event) {
    return event.position().source();
  }

  @Override
  public byte[] key(final ArrivalPosition position) {
    return position.toKey();
  }

  @Override
  public ArrivalPosition position(final ByteBuffer key) {
    return ArrivalPosition.get(key);
  }

  @Override
  public byte[] encode(final ShardInput.Placed placed) {
    final byte[] c = Codec.encode(placed.contribution());
    if (placed.origin() == null) {
      // Version 1 while it says all: a release before origins reads what this one writes without a
      // bounded history.
      return ByteBuffer.allocate(1 + 8 + c.length)
          .put(PENDING_WITHOUT_ORIGIN)
          .putLong(placed.timestamp())
          .put(c)
          .array();
    }
    final byte[] file = ShardInput.fileBytes(placed.origin());
    return ShardInput.putOrigin(
            ByteBuffer.allocate(1 + 8 + 4 + file.length + 8 + c.length)
                .put(PENDING_FORMAT.current())
                .putLong(placed.timestamp()),
            file,
            placed.origin())
        .put(c)
        .array();
  }

  @Override
  public ShardInput.Placed decode(final byte[] key, final byte[] value) {
    final ByteBuffer buf = ByteBuffer.wrap(value);
    final int version = PENDING_FORMAT.read(buf);
    final long timestamp = buf.getLong();
    final SourceHeaders.Origin origin =
        version == PENDING_WITHOUT_ORIGIN ? null : ShardInput.getOrigin(buf);
    return new ShardInput.Placed(
        ArrivalPosition.fromKey(key),
        timestamp,
        Codec.decodeContribution(Arrays.copyOfRange(value, buf.position(), value.length)),
        origin);
  }

  @Override
  public String describe(final int source, final int sources) {
    return "a contribution from input partition "
        + source
        + ", but the app was started for "
        + sources
        + " input partitions: restart it so that it reads the topic's partition count again";
  }
}
