package io.surgewatch.streams.backtest;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Utils;

/**
 * The partition Kafka's default partitioner gives a record with this key: murmur2 of the key's UTF-8 bytes, made
 * positive, modulo the partition count. Backtest places every record where the streams app's topics put it (an
 * input's tie-break in arrival order, a shard's cube partition), so the two agree record for record. The one class
 * of the backtest that uses Kafka: its hash, from kafka-clients, is the definition (a copy could drift from it).
 */
final class KeyPartitions {
  private KeyPartitions() {}

  static int partition(final String key, final int partitions) {
    return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
  }
}
