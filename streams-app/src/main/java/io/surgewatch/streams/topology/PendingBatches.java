package io.surgewatch.streams.topology;

import io.surgewatch.engine.StoredFormat;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The pending store of an {@link ArrivalMerge}: its changelogged copy of what waits, for a restart,
 * written only at a commit ({@link #write}) and in batches. What arrived since the last commit and
 * still waits is one record (or a few, {@link #BATCH_BYTES} each), keyed by its first position; a
 * batch some of whose events were released since is written again with the rest, or deleted once
 * all are gone. An event released within the commit interval it arrived in costs nothing. Written
 * one record an event, with Kafka Streams' record cache, the pending store's changelog was the
 * app's largest after the counts (two records a contribution, a put and a tombstone): upstream
 * tasks that run apart by more than a commit interval make most events wait across a commit.
 *
 * @param <P> the positions, in release order
 * @param <E> the events merged
 */
final class PendingBatches<P extends Comparable<P>, E> {

  /**
   * Layout of a pending store's values: version 1 was one event (its order's own layout, which
   * starts with its own version 1), version 2 a batch: the count, then each event's key and value
   * as the order encodes them, each after its length.
   */
  static final StoredFormat BATCH_FORMAT = new StoredFormat("batch of pending events", 2, 1);

  /** A batch is cut past this many bytes: well below Kafka's default limit of a record (1 MiB). */
  static final int BATCH_BYTES = 256 << 10;

  private final ArrivalMerge.Order<P, E> order;
  private final KeyValueStore<Bytes, byte[]> store;

  /** What waits and is not in the store yet: written at the commit, if still waiting. */
  private final Set<P> unlogged = new HashSet<>();

  /** What waits and is in the store: its batch. */
  private final Map<P, Batch<P>> batchOf = new HashMap<>();

  /** Each stored batch, by its key. */
  private final Map<P, Batch<P>> batches = new HashMap<>();

  /** Batches some of whose events were released since the last commit. */
  private final Set<Batch<P>> changedBatches = new HashSet<>();

  /**
   * A stored batch: its events' positions in order, their stored keys and values as written (a
   * batch that loses events is written again from these, not encoded again: with upstreams that run
   * apart, re-encoding and sorting what still waited was a twentieth of a cube task's time), and
   * which of them still wait.
   */
  private static final class Batch<P extends Comparable<P>> {
    /** Where it is stored: its first event's position when written (kept when it loses events). */
    private final P at;

    private final Bytes storeKey;
    private final List<P> positions;

    /** The stored keys and values of the events that still wait (null once released). */
    private final byte[][] keys;

    private final byte[][] values;
    private int waiting;

    Batch(
        final P at,
        final Bytes storeKey,
        final List<P> positions,
        final List<byte[]> keys,
        final List<byte[]> values) {
      for (int i = 1; i < positions.size(); i++) {
        if (positions.get(i - 1).compareTo(positions.get(i)) >= 0) {
          throw new IllegalStateException("a batch of pending events out of order at " + at);
        }
      }
      this.at = at;
      this.storeKey = storeKey;
      this.positions = List.copyOf(positions);
      this.keys = keys.toArray(byte[][]::new);
      this.values = values.toArray(byte[][]::new);
      this.waiting = positions.size();
    }

    void release(final P position) {
      final int i = Collections.binarySearch(positions, position);
      if (i < 0 || keys[i] == null) {
        throw new IllegalStateException("an event not waiting in its batch: " + position);
      }
      keys[i] = null;
      values[i] = null;
      waiting--;
    }

    /** The stored value of the events that still wait. */
    byte[] rest() {
      final List<byte[]> k = new ArrayList<>(waiting);
      final List<byte[]> v = new ArrayList<>(waiting);
      for (int i = 0; i < keys.length; i++) {
        if (keys[i] != null) {
          k.add(keys[i]);
          v.add(values[i]);
        }
      }
      return encodeBatch(k, v);
    }
  }

  PendingBatches(final ArrivalMerge.Order<P, E> order, final KeyValueStore<Bytes, byte[]> store) {
    this.order = order;
    this.store = store;
  }

  static StoreBuilder<KeyValueStore<Bytes, byte[]>> store(final String name) {
    // In memory: it holds only what waits for a slower upstream (about a commit interval of data);
    // the changelog restores it. Not cached: the merge writes only what still waits at a commit.
    return Stores.keyValueStoreBuilder(
        Stores.inMemoryKeyValueStore(name), Serdes.Bytes(), Serdes.ByteArray());
  }

  /** Reads back what waited at the last commit into {@code waiting}, and remembers its batches. */
  void restore(final Map<P, E> waiting) {
    try (KeyValueIterator<Bytes, byte[]> it = store.all()) {
      while (it.hasNext()) {
        final KeyValue<Bytes, byte[]> kv = it.next();
        final List<P> at = new ArrayList<>();
        final List<byte[]> keys = new ArrayList<>();
        final List<byte[]> values = new ArrayList<>();
        for (final E event : decodeBatch(order, kv.key.get(), kv.value, keys, values)) {
          final P position = order.position(event);
          waiting.put(position, event);
          at.add(position);
        }
        final Batch<P> batch =
            new Batch<>(order.position(ByteBuffer.wrap(kv.key.get())), kv.key, at, keys, values);
        at.forEach(position -> batchOf.put(position, batch));
        batches.put(batch.at, batch);
      }
    }
  }

  /** An event that waits from now on. */
  void arrived(final P position) {
    unlogged.add(position);
  }

  /** An event that waited and is released. */
  void released(final P position) {
    if (!unlogged.remove(position)) {
      final Batch<P> batch = batchOf.remove(position);
      batch.release(position);
      changedBatches.add(batch);
    }
  }

  /**
   * Brings the store up to {@code waiting}, all that waits: batches that lost events are written
   * again with the rest (or deleted), and what arrived since the last commit and still waits is
   * written as new batches, in position order.
   */
  void write(final NavigableMap<P, E> waiting) {
    for (final Batch<P> batch : changedBatches) {
      if (batch.waiting == 0) {
        batches.remove(batch.at);
        store.delete(batch.storeKey);
      } else {
        store.put(batch.storeKey, batch.rest());
      }
    }
    changedBatches.clear();
    if (unlogged.isEmpty()) {
      return;
    }
    final List<Map.Entry<P, E>> fresh = freshInOrder(waiting);
    unlogged.clear();
    final List<P> at = new ArrayList<>();
    final List<byte[]> keys = new ArrayList<>();
    final List<byte[]> values = new ArrayList<>();
    int bytes = 0;
    for (final Map.Entry<P, E> event : fresh) {
      final P position = event.getKey();
      final byte[] key = order.key(position);
      final byte[] value = order.encode(event.getValue());
      if (!keys.isEmpty() && bytes + key.length + value.length > BATCH_BYTES) {
        writeBatch(at, keys, values);
        at.clear();
        keys.clear();
        values.clear();
        bytes = 0;
      }
      at.add(position);
      keys.add(key);
      values.add(value);
      bytes += key.length + value.length;
    }
    writeBatch(at, keys, values);
  }

  /**
   * What waits and is not in the store yet, in position order. Usually nearly all that waits
   * arrived since the last commit: then read off the waiting events, which are in order, rather
   * than sorted and looked up one by one; after an upstream held the merge back for long, sorted.
   */
  private List<Map.Entry<P, E>> freshInOrder(final NavigableMap<P, E> waiting) {
    final List<Map.Entry<P, E>> fresh = new ArrayList<>(unlogged.size());
    if (2 * unlogged.size() >= waiting.size()) {
      for (final Map.Entry<P, E> e : waiting.entrySet()) {
        if (unlogged.contains(e.getKey())) {
          fresh.add(e);
        }
      }
    } else {
      final List<P> positions = new ArrayList<>(unlogged);
      Collections.sort(positions);
      for (final P position : positions) {
        fresh.add(Map.entry(position, waiting.get(position)));
      }
    }
    return fresh;
  }

  /**
   * Writes a new batch of events, given by their positions and their stored keys and values, keyed
   * by its first.
   */
  private void writeBatch(final List<P> at, final List<byte[]> keys, final List<byte[]> values) {
    final Batch<P> batch = new Batch<>(at.get(0), Bytes.wrap(keys.get(0)), at, keys, values);
    for (final P position : at) {
      batchOf.put(position, batch);
    }
    if (batches.put(batch.at, batch) != null) {
      // A position is one event's, and an event one batch's: a second batch at one is a defect.
      throw new IllegalStateException("two batches of pending events at " + batch);
    }
    store.put(batch.storeKey, encodeBatch(keys, values));
  }

  /** A batch's stored value ({@link #BATCH_FORMAT}) of events in the order's layout. */
  static <P, E> byte[] encodeBatch(final ArrivalMerge.Order<P, E> order, final List<E> events) {
    return encodeBatch(
        events.stream().map(e -> order.key(order.position(e))).toList(),
        events.stream().map(order::encode).toList());
  }

  private static byte[] encodeBatch(final List<byte[]> keys, final List<byte[]> values) {
    int size = 1 + 4;
    for (int i = 0; i < keys.size(); i++) {
      size += 8 + keys.get(i).length + values.get(i).length;
    }
    final ByteBuffer buf = ByteBuffer.allocate(size).put(BATCH_FORMAT.current());
    buf.putInt(keys.size());
    for (int i = 0; i < keys.size(); i++) {
      buf.putInt(keys.get(i).length).put(keys.get(i));
      buf.putInt(values.get(i).length).put(values.get(i));
    }
    return buf.array();
  }

  /** The events of a stored value: a batch, or (version 1) the one event stored under its key. */
  static <P, E> List<E> decodeBatch(
      final ArrivalMerge.Order<P, E> order, final byte[] key, final byte[] value) {
    return decodeBatch(order, key, value, new ArrayList<>(), new ArrayList<>());
  }

  /**
   * {@link #decodeBatch}, adding each event's stored key and value to {@code keys}, {@code values}.
   */
  private static <P, E> List<E> decodeBatch(
      final ArrivalMerge.Order<P, E> order,
      final byte[] key,
      final byte[] value,
      final List<byte[]> keys,
      final List<byte[]> values) {
    final ByteBuffer buf = ByteBuffer.wrap(value);
    if (BATCH_FORMAT.read(buf) == 1) {
      keys.add(key);
      values.add(value);
      return List.of(order.decode(key, value));
    }
    final int n = buf.getInt();
    final List<E> events = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      final byte[] k = new byte[buf.getInt()];
      buf.get(k);
      final byte[] v = new byte[buf.getInt()];
      buf.get(v);
      keys.add(k);
      values.add(v);
      events.add(order.decode(k, v));
    }
    return events;
  }
}
