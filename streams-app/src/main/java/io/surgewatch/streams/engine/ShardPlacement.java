package io.surgewatch.streams.engine;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Utils;

/**
 * Which cube partition owns a shard: the global shard ({@code *}: {@code *}/{@code *}/g and {@code *}/{@code *}/{@code *},
 * a third of the cube's key updates, since every incident touches it) has partition 0 to itself, and the countries
 * share the others by Kafka's default key hash. Hashed with the countries, it shared its partition with a sixth of them
 * and that partition carried about twice the others' work at six partitions; on its own it carries what one partition
 * of six would. The streams app routes contributions and queries with it, backtest splits its cube threads with it.
 *
 * <p>murmur2 is Kafka's, so that a country lands where Kafka's default partitioner puts its key.
 */
public final class ShardPlacement {
  private ShardPlacement() {}

  /** The partition of {@code shardKey} among {@code partitions} cube partitions. */
  public static int partition(final String shardKey, final int partitions) {
    if (partitions == 1) {
      return 0;
    }
    if (Contribution.ALL.equals(shardKey)) {
      return 0;
    }
    return 1 + Utils.toPositive(Utils.murmur2(shardKey.getBytes(StandardCharsets.UTF_8))) % (partitions - 1);
  }
}
