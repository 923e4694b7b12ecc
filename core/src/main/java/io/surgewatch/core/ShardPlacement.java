package io.surgewatch.core;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Utils;

/**
 * Which cube partition owns a shard ({@link ShardKeys}): the shards by Kafka's default key hash,
 * except the grand total {@code *|*|*}, which every report updates (about a sixth of the cube's key
 * updates when reports name one group), and so has partition 0 to itself from six partitions up:
 * there it carries what one partition of six would, and hashed with the others it would carry
 * nearly twice that. With fewer partitions it is hashed with the others (on its own it would leave
 * the rest more than their share). The streams app routes contributions and queries with it,
 * backtest splits its cube threads with it.
 *
 * <p>murmur2 is Kafka's, so that a shard lands where Kafka's default partitioner puts its key. In
 * core, beside Kafka's client, because the streams app and backtest both place shards and the
 * engine has no Kafka.
 */
public final class ShardPlacement {
  /** From this many cube partitions up the grand total has partition 0 to itself. */
  static final int GRAND_TOTAL_ALONE_FROM = 6;

  private ShardPlacement() {}

  /** The partition of {@code shardKey} among {@code partitions} cube partitions. */
  public static int partition(final String shardKey, final int partitions) {
    if (partitions < GRAND_TOTAL_ALONE_FROM) {
      return defaultPartition(shardKey, partitions);
    }
    if (ShardKeys.GRAND_TOTAL.equals(shardKey)) {
      return 0;
    }
    return 1 + defaultPartition(shardKey, partitions - 1);
  }

  /** The partition of cube key {@code country|region|group}: its shard's. */
  public static int partitionOfKey(final String cubeKey, final int partitions) {
    return partition(ShardKeys.ofKey(cubeKey), partitions);
  }

  /**
   * The partition Kafka's default partitioner gives a record with this key (murmur2 of its UTF-8
   * bytes, made positive, modulo the partition count): where producers put an input report, which
   * backtest reproduces for its tie-break.
   */
  public static int defaultPartition(final String key, final int partitions) {
    return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
  }
}
