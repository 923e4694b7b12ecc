package io.surgewatch.core;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Utils;

/**
 * Which cube partition owns a shard: the global shard ({@code *}: {@code *}/{@code *}/g and {@code
 * *}/{@code *}/{@code *}, a third of the cube's key updates, since every incident touches it) has
 * partition 0 to itself, and the countries share the others by Kafka's default key hash. Hashed
 * with the countries, it shared its partition with a sixth of them and that partition carried about
 * twice the others' work at six partitions; on its own it carries what one partition of six would.
 * The streams app routes contributions and queries with it, backtest splits its cube threads with
 * it.
 *
 * <p>murmur2 is Kafka's, so that a country lands where Kafka's default partitioner puts its key. In
 * core, beside Kafka's client, because the streams app and backtest both place shards and the
 * engine has no Kafka.
 */
public final class ShardPlacement {
  /** The global shard's key: the keys whose country is {@code *}. */
  public static final String GLOBAL = "*";

  private ShardPlacement() {}

  /** The partition of {@code shardKey} among {@code partitions} cube partitions. */
  public static int partition(final String shardKey, final int partitions) {
    if (partitions == 1) {
      return 0;
    }
    if (GLOBAL.equals(shardKey)) {
      return 0;
    }
    return 1 + defaultPartition(shardKey, partitions - 1);
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
