package io.surgewatch.streams.query;

import io.surgewatch.core.CubeKey;
import io.surgewatch.engine.Tally;
import io.surgewatch.streams.topology.CubeWatermark;
import io.surgewatch.streams.topology.SurgewatchTopology;
import java.time.LocalDate;
import java.util.List;
import java.util.TreeMap;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The cube's daily buckets as one shard's task holds them (one partition; all of them when null): a
 * key's tally per day, and the latest event day the shard has seen. Days are epoch days; the
 * counts, current counts and drivers queries all read the same buckets, so they agree with each
 * other and with the counts topic.
 */
final class DailyBuckets {
  private final QueryRouter router;
  private final Integer partition;
  private final ReadOnlyKeyValueStore<String, byte[]> buckets;

  DailyBuckets(final QueryRouter router, final Integer partition) {
    this.router = router;
    this.partition = partition;
    this.buckets = router.store(SurgewatchTopology.STORE_BUCKETS, partition);
  }

  /**
   * Fails with a 404 naming the keys no report was ever counted under (the shard's cube keys store
   * holds every key it has counted, with or without buckets now).
   */
  void requireKnown(final List<CubeKey> keys) {
    final ReadOnlyKeyValueStore<String, byte[]> known =
        router.store(SurgewatchTopology.STORE_CUBE_KEYS, partition);
    final List<CubeKey> unknown = keys.stream().filter(k -> known.get(k.id()) == null).toList();
    if (!unknown.isEmpty()) {
      throw NotFoundException.noCounts(unknown);
    }
  }

  /** The shard's watermark: the latest event day it has seen, or null before its first event. */
  LocalDate latestDay() {
    final byte[] w =
        router
            .<byte[]>store(SurgewatchTopology.STORE_CUBE_META, partition)
            .get(SurgewatchTopology.WATERMARK_KEY);
    return w == null ? null : LocalDate.ofEpochDay(CubeWatermark.decode(w));
  }

  /** The key's non-empty buckets from {@code from} to {@code to} (inclusive), by day. */
  TreeMap<Integer, long[]> tallies(final CubeKey key, final int from, final int to) {
    final TreeMap<Integer, long[]> tallies = new TreeMap<>();
    if (from > to) {
      // A range asked for after the shard's latest day: none, and RocksDB would log a warning for
      // the reversed range on every such query.
      return tallies;
    }
    try (KeyValueIterator<String, byte[]> it =
        buckets.range(
            SurgewatchTopology.bucketKey(key.id(), from),
            SurgewatchTopology.bucketKey(key.id(), to))) {
      it.forEachRemaining(
          kv ->
              tallies.put(
                  SurgewatchTopology.bucketDay(kv.key), SurgewatchTopology.bucketTally(kv.value)));
    }
    return tallies;
  }

  /** Whether the key has a bucket before {@code day}. */
  boolean anyBefore(final CubeKey key, final int day) {
    try (KeyValueIterator<String, byte[]> it =
        buckets.range(
            SurgewatchTopology.bucketKey(key.id(), -1_000_000),
            SurgewatchTopology.bucketKey(key.id(), day - 1))) {
      return it.hasNext();
    }
  }

  /**
   * The key's tally summed from {@code from} to {@code to} (inclusive; zeros when from is after
   * to).
   */
  long[] sum(final CubeKey key, final int from, final int to) {
    final long[] sum = new long[Tally.SIZE];
    if (from > to) {
      return sum;
    }
    try (KeyValueIterator<String, byte[]> it =
        buckets.range(
            SurgewatchTopology.bucketKey(key.id(), from),
            SurgewatchTopology.bucketKey(key.id(), to))) {
      it.forEachRemaining(kv -> Tally.add(sum, SurgewatchTopology.bucketTally(kv.value)));
    }
    return sum;
  }
}
