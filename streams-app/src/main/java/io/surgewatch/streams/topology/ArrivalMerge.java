package io.surgewatch.streams.topology;

import io.surgewatch.streams.engine.Codec;
import io.surgewatch.streams.engine.StoredFormat;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * A cube shard's merge of its upstream tasks into the one arrival order (see {@link
 * ArrivalPosition}).
 *
 * <p>Each input partition's stage-1 task sends its contributions in position order, and now and
 * then its frontier (a {@link ShardInput.Progress}, to every shard). A contribution is applied once
 * every input partition's frontier has reached its position: nothing placed before it can arrive
 * any more. Until then it waits in {@link #PENDING}, keyed by position so that the store's order is
 * the release order. Kafka Streams merges a task's input partitions by record timestamp on a
 * best-effort basis only ({@code max.task.idle.ms}), and interleaves what several upstream tasks
 * write to one repartition partition as they happen to commit; neither is an order two runs agree
 * on, so the merge is done here, on the positions stage 1 assigns.
 *
 * <p>With {@code progress.idle-ms} set (it is off by default), a partition whose stage-1 task has
 * read nothing that long says so, and is left out of the merge until it sends again (Flink's idle
 * sources): a writer that marks no progress then holds the others back that long, not for ever. The
 * price is exactness: after a quiet spell, the first partition to get reports again runs ahead of
 * the others, and a report that comes to one of them behind the point reached is applied as it
 * comes. Writers that mark progress never need it.
 *
 * <p>Both stores have changelogs: a restarted task resumes with what was pending and with every
 * frontier. With one input partition nothing ever waits (a partition's own contribution is its
 * frontier).
 */
final class ArrivalMerge {
  static final String PENDING = "cube-pending";
  static final String FRONTIERS = "cube-frontiers";

  static StoreBuilder<KeyValueStore<Bytes, byte[]>> pendingStore() {
    // In memory: it holds only what waits for a quiet partition (well under a second of data); the
    // changelog
    // restores it. Caching folds a release within the commit interval into no changelog write at
    // all.
    return Stores.keyValueStoreBuilder(
            Stores.inMemoryKeyValueStore(PENDING), Serdes.Bytes(), Serdes.ByteArray())
        .withCachingEnabled();
  }

  static StoreBuilder<KeyValueStore<Integer, byte[]>> frontiersStore() {
    return Stores.keyValueStoreBuilder(
            Stores.inMemoryKeyValueStore(FRONTIERS), Serdes.Integer(), Serdes.ByteArray())
        .withCachingEnabled();
  }

  /** Layouts of the stored values: a pending contribution, a partition's frontier. */
  static final StoredFormat PENDING_FORMAT = new StoredFormat("pending contribution", 1);

  static final StoredFormat FRONTIER_FORMAT = new StoredFormat("input partition's frontier", 1);

  private final int sources;
  private final KeyValueStore<Bytes, byte[]> pending;
  private final KeyValueStore<Integer, byte[]> frontierStore;
  private final ArrivalPosition[] frontiers;
  private final boolean[] idle;

  /** The least frontier: every position at or before it may be applied. */
  private ArrivalPosition released;

  /**
   * What waits, in order, decoded: the store is its changelogged copy for a restart. Kafka Streams'
   * in-memory store copies the keys of every range it is asked for, which made each release cost as
   * much as all that waited.
   */
  private final TreeMap<ArrivalPosition, ShardInput.Placed> waiting = new TreeMap<>();

  /**
   * @param sources the input partitions (stage-1 tasks) that feed every shard
   */
  ArrivalMerge(
      final int sources,
      final KeyValueStore<Bytes, byte[]> pending,
      final KeyValueStore<Integer, byte[]> frontierStore) {
    this.sources = sources;
    this.pending = pending;
    this.frontierStore = frontierStore;
    this.frontiers = new ArrivalPosition[sources];
    this.idle = new boolean[sources];
    Arrays.fill(frontiers, ArrivalPosition.NOWHERE);
    try (KeyValueIterator<Integer, byte[]> it = frontierStore.all()) {
      while (it.hasNext()) {
        final KeyValue<Integer, byte[]> kv = it.next();
        if (kv.key < sources) {
          final ByteBuffer buf = ByteBuffer.wrap(kv.value);
          FRONTIER_FORMAT.read(buf);
          frontiers[kv.key] = ArrivalPosition.get(buf);
          idle[kv.key] = buf.get() == 1;
        }
      }
    }
    try (KeyValueIterator<Bytes, byte[]> it = pending.all()) {
      while (it.hasNext()) {
        final KeyValue<Bytes, byte[]> kv = it.next();
        final ShardInput.Placed placed = decode(kv.key.get(), kv.value);
        waiting.put(placed.position(), placed);
      }
    }
    released = least();
  }

  /** Contributions waiting for a quiet partition (a gauge). */
  long waiting() {
    return waiting.size();
  }

  /**
   * Takes a placed contribution: applies it, and whatever it lets through, in order, or keeps it
   * until the other partitions have moved past it.
   */
  void place(final ShardInput.Placed placed, final Consumer<ShardInput.Placed> apply) {
    final ArrivalPosition at = placed.position();
    checkSource(at.source());
    advance(at.source(), at, false);
    if (waiting.isEmpty() && at.compareTo(released) <= 0) {
      apply.accept(placed); // nothing can come before it any more: no store traffic at all
      return;
    }
    pending.put(Bytes.wrap(at.toKey()), encode(placed));
    waiting.put(at, placed);
    release(apply);
  }

  /** Takes an upstream task's frontier, and applies whatever it lets through. */
  void progress(final ShardInput.Progress progress, final Consumer<ShardInput.Placed> apply) {
    checkSource(progress.source());
    advance(progress.source(), progress.frontier(), progress.idle());
    release(apply);
  }

  private void checkSource(final int source) {
    if (source < 0 || source >= sources) {
      throw new IllegalStateException(
          "a contribution from input partition "
              + source
              + ", but the app was started "
              + "for "
              + sources
              + " input partitions: restart it so that it reads the topic's partition count again");
    }
  }

  private void advance(final int source, final ArrivalPosition to, final boolean nowIdle) {
    final boolean moved = to.compareTo(frontiers[source]) > 0;
    if (moved || idle[source] != nowIdle) {
      if (moved) {
        frontiers[source] = to;
      }
      idle[source] = nowIdle;
      frontierStore.put(
          source,
          frontiers[source]
              .put(
                  ByteBuffer.allocate(1 + ArrivalPosition.BYTES + 1).put(FRONTIER_FORMAT.current()))
              .put((byte) (nowIdle ? 1 : 0))
              .array());
      released = least();
    }
  }

  /**
   * The least frontier of the partitions that are not idle; when all are idle, the furthest
   * (nothing waits).
   */
  private ArrivalPosition least() {
    ArrivalPosition least = null;
    ArrivalPosition furthest = ArrivalPosition.NOWHERE;
    for (int s = 0; s < sources; s++) {
      furthest = ArrivalPosition.max(furthest, frontiers[s]);
      if (!idle[s] && (least == null || frontiers[s].compareTo(least) < 0)) {
        least = frontiers[s];
      }
    }
    return least == null ? furthest : least;
  }

  private void release(final Consumer<ShardInput.Placed> apply) {
    while (!waiting.isEmpty() && waiting.firstKey().compareTo(released) <= 0) {
      final ShardInput.Placed next = waiting.pollFirstEntry().getValue();
      pending.delete(Bytes.wrap(next.position().toKey()));
      apply.accept(next);
    }
  }

  static byte[] encode(final ShardInput.Placed placed) {
    final byte[] c = Codec.encode(placed.contribution());
    return ByteBuffer.allocate(1 + 8 + c.length)
        .put(PENDING_FORMAT.current())
        .putLong(placed.timestamp())
        .put(c)
        .array();
  }

  static ShardInput.Placed decode(final byte[] key, final byte[] value) {
    final ByteBuffer buf = ByteBuffer.wrap(value);
    PENDING_FORMAT.read(buf);
    final long timestamp = buf.getLong();
    return new ShardInput.Placed(
        ArrivalPosition.fromKey(key),
        timestamp,
        Codec.decodeContribution(Arrays.copyOfRange(value, buf.position(), value.length)));
  }
}
