package io.surgewatch.streams.topology;

import io.surgewatch.core.SourceHeaders;
import io.surgewatch.engine.Codec;
import io.surgewatch.engine.StoredFormat;
import io.surgewatch.engine.TieOrder;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.IntPredicate;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * A merge of several upstream tasks into one order by position, under a watermark: the least of the
 * upstream frontiers (Flink's watermark, with positions instead of bare times so that ties have one
 * order). A cube shard merges the stage-1 tasks of the input partitions into the arrival order
 * ({@link #CUBE}, by {@link ArrivalPosition}); the story stage merges the cube shards and the
 * statements partitions into the order {@code backtest} tells stories in ({@link
 * AlertStoryProcessor}, by {@link StoryPosition}).
 *
 * <p>Each upstream task sends its events in position order, and now and then its frontier (a
 * progress record). An event is released once what every upstream has completed ({@link
 * Order#complete}) has reached its position: nothing placed before it can arrive any more. A cube
 * shard thereby releases the reports of one reported-at together, once every input partition has
 * passed that time, and applies them in {@link TieOrder}. Until then it waits in the pending store,
 * keyed by position so that the store's order is the release order. Kafka Streams merges a task's
 * input partitions by record timestamp on a best-effort basis only ({@code max.task.idle.ms}), and
 * interleaves what several upstream tasks write to one repartition partition as they happen to
 * commit; neither is an order two runs agree on, so the merge is done here, on the positions the
 * upstream tasks assign.
 *
 * <p>With {@code progress.idle-ms} set (it is off by default), an upstream whose own input has been
 * quiet that long says so, and is left out of the merge until it sends again (Flink's idle
 * sources): a writer that marks no progress then holds the others back that long, not for ever. The
 * price is exactness: after a quiet spell, the first upstream to send again runs ahead of the
 * others, and an event that comes behind the point reached is released as it comes. Writers that
 * mark progress never need it. Likewise an upstream that {@code awaitedUnheard} says nothing of is
 * left out until it is first heard from (the statements partitions: a deployment that publishes no
 * statements must still see its alerts).
 *
 * <p>Both stores have changelogs: a restarted task resumes with what was pending and with every
 * frontier. In the story order, with one upstream nothing ever waits (an upstream's own event is
 * its frontier); a cube shard waits even for one input partition to pass a report's time.
 *
 * <p>The pending store is written only at a commit ({@link #logWaiting}, from the processor's
 * {@link CommitHook}), in batches: what arrived since the last commit and still waits is one record
 * (or a few, {@link #BATCH_BYTES} each), keyed by its first position; a batch some of whose events
 * were released since is written again with the rest, or deleted once all are gone. An event
 * released within the commit interval it arrived in costs nothing. Written one record an event,
 * with Kafka Streams' record cache, the pending store's changelog was the app's largest after the
 * counts (two records a contribution, a put and a tombstone): upstream tasks that run apart by more
 * than a commit interval make most events wait across a commit.
 *
 * @param <P> the positions, in release order
 * @param <E> the events merged
 */
final class ArrivalMerge<P extends Comparable<P>, E> {

  /** How a merge finds, stores and reads back its events' positions and its events. */
  interface Order<P, E> {
    /** Before every event: an upstream nothing has been heard from. */
    P nowhere();

    /**
     * The furthest position up to which an upstream at {@code frontier} has sent everything it
     * will: the frontier itself where an upstream's own events are in this order, less where its
     * later events can still come before its latest one ({@link #CUBE}: a tie in reported-at is
     * applied in {@link TieOrder}, not in an upstream's order). An idle upstream is taken to have
     * sent everything at its frontier's time. A function of its arguments alone: the merge
     * remembers its answers.
     */
    P complete(P frontier, boolean idle);

    /**
     * Whether two events, one after the other, belong to one group that a call releases whole (what
     * it emits is numbered within the group, from its start).
     */
    default boolean sameGroup(final P a, final P b) {
      return false;
    }

    P position(E event);

    /** The upstream task an event comes from, 0 .. sources - 1. */
    int source(E event);

    /** The position as a store key: unsigned byte order is the position's order. */
    byte[] key(P position);

    P position(ByteBuffer key);

    /** The event's stored value, without its position (the key holds it). */
    byte[] encode(E event);

    E decode(byte[] key, byte[] value);

    /** What an upstream is, for the message when one is out of range. */
    String describe(int source, int sources);
  }

  static final String PENDING = "cube-pending";
  static final String FRONTIERS = "cube-frontiers";
  static final String COMMIT_HOOK = "cube-commit-hook";

  /** A cube shard's merge of the input partitions' contributions into the arrival order. */
  static final Order<ArrivalPosition, ShardInput.Placed> CUBE =
      new Order<>() {
        @Override
        public ArrivalPosition nowhere() {
          return ArrivalPosition.NOWHERE;
        }

        /**
         * A partition's own report says only that its earlier times are done: a later report of the
         * same reported-at may come first in {@link TieOrder}. A marker's promise ({@link
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
        public byte[] encode(final ShardInput.Placed event) {
          return ArrivalMerge.encode(event);
        }

        @Override
        public ShardInput.Placed decode(final byte[] key, final byte[] value) {
          return ArrivalMerge.decode(key, value);
        }

        @Override
        public String describe(final int source, final int sources) {
          return "a contribution from input partition "
              + source
              + ", but the app was started for "
              + sources
              + " input partitions: restart it so that it reads the topic's partition count again";
        }
      };

  static StoreBuilder<KeyValueStore<Bytes, byte[]>> pendingStore() {
    return pendingStore(PENDING);
  }

  static StoreBuilder<KeyValueStore<Integer, byte[]>> frontiersStore() {
    return frontiersStore(FRONTIERS);
  }

  static StoreBuilder<KeyValueStore<Bytes, byte[]>> pendingStore(final String name) {
    // In memory: it holds only what waits for a slower upstream (about a commit interval of data);
    // the changelog restores it. Not cached: the merge writes only what still waits at a commit.
    return Stores.keyValueStoreBuilder(
        Stores.inMemoryKeyValueStore(name), Serdes.Bytes(), Serdes.ByteArray());
  }

  /**
   * Not cached: the merge writes the moved frontiers from its commit hook, and Kafka Streams
   * flushes a task's caches in an order of its own; a cache flushed before the hook ran would carry
   * them into the next transaction, not this commit's.
   */
  static StoreBuilder<KeyValueStore<Integer, byte[]>> frontiersStore(final String name) {
    return Stores.keyValueStoreBuilder(
        Stores.inMemoryKeyValueStore(name), Serdes.Integer(), Serdes.ByteArray());
  }

  /** Layouts of the stored values: a pending contribution, an upstream's frontier. */
  /**
   * Layout of a pending contribution: version 1 its timestamp and contribution, version 2 its
   * report's origin between them ({@link ShardInput.Placed#origin}).
   */
  static final StoredFormat PENDING_FORMAT = new StoredFormat("pending contribution", 2, 1);

  /** The version a pending contribution without an origin is still written in. */
  private static final byte PENDING_WITHOUT_ORIGIN = 1;

  /**
   * Layout of a pending store's values: version 1 was one event (its order's own layout, which
   * starts with its own version 1), version 2 a batch: the count, then each event's key and value
   * as the order encodes them, each after its length.
   */
  static final StoredFormat BATCH_FORMAT = new StoredFormat("batch of pending events", 2, 1);

  /** A batch is cut past this many bytes: well below Kafka's default limit of a record (1 MiB). */
  static final int BATCH_BYTES = 256 << 10;

  static final StoredFormat FRONTIER_FORMAT = new StoredFormat("upstream task's frontier", 1);

  private final Order<P, E> order;
  private final int sources;
  private final IntPredicate awaitedUnheard;
  private final KeyValueStore<Bytes, byte[]> pending;
  private final KeyValueStore<Integer, byte[]> frontierStore;
  private final List<P> frontiers;
  private final boolean[] idle;

  /** The least frontier: every position at or before it may be released. */
  private P released;

  /**
   * What waits, in order, decoded: the store is its changelogged copy for a restart. Kafka Streams'
   * in-memory store copies the keys of every range it is asked for, which made each release cost as
   * much as all that waited.
   */
  private final TreeMap<P, E> waiting = new TreeMap<>();

  /** What waits and is not in the pending store yet: written at the commit, if still waiting. */
  private final Set<P> unlogged = new HashSet<>();

  /** What waits and is in the pending store: its batch. */
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

  /**
   * @param sources the upstream tasks (for a cube shard, the input partitions' stage-1 tasks)
   * @param awaitedUnheard whether an upstream holds the merge back before it is first heard from
   */
  ArrivalMerge(
      final Order<P, E> order,
      final int sources,
      final IntPredicate awaitedUnheard,
      final KeyValueStore<Bytes, byte[]> pending,
      final KeyValueStore<Integer, byte[]> frontierStore) {
    this.order = order;
    this.sources = sources;
    this.awaitedUnheard = awaitedUnheard;
    this.pending = pending;
    this.frontierStore = frontierStore;
    this.frontiers = new ArrayList<>(Collections.nCopies(sources, order.nowhere()));
    this.completedOf = new ArrayList<>(Collections.nCopies(sources, (P) null));
    this.completedIdle = new ArrayList<>(Collections.nCopies(sources, (P) null));
    this.completedBusy = new ArrayList<>(Collections.nCopies(sources, (P) null));
    this.idle = new boolean[sources];
    try (KeyValueIterator<Integer, byte[]> it = frontierStore.all()) {
      while (it.hasNext()) {
        final KeyValue<Integer, byte[]> kv = it.next();
        if (kv.key < sources) {
          final ByteBuffer buf = ByteBuffer.wrap(kv.value);
          FRONTIER_FORMAT.read(buf);
          frontiers.set(kv.key, order.position(buf));
          idle[kv.key] = buf.get() == 1;
        }
      }
    }
    try (KeyValueIterator<Bytes, byte[]> it = pending.all()) {
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
    released = least();
  }

  /**
   * A cube shard's merge of {@code sources} input partitions, each awaited from the start,
   * releasing for at most {@code budget} a call.
   */
  static ArrivalMerge<ArrivalPosition, ShardInput.Placed> cube(
      final int sources,
      final KeyValueStore<Bytes, byte[]> pending,
      final KeyValueStore<Integer, byte[]> frontierStore,
      final Duration budget) {
    return new ArrivalMerge<>(CUBE, sources, s -> true, pending, frontierStore)
        .releasingFor(budget);
  }

  /**
   * Each call releases for at most {@code budget}, stopping between groups ({@link
   * Order#sameGroup}); {@link #releaseMore} goes on.
   */
  ArrivalMerge<P, E> releasingFor(final Duration budget) {
    releaseBudgetNanos = budget.toNanos();
    return this;
  }

  /** The most one call releases for (0: no limit). */
  private long releaseBudgetNanos;

  /** Events waiting for a quiet upstream. */
  long waiting() {
    return waiting.size();
  }

  /** What waits, in position order (the story stage finds the statements it has not told). */
  Collection<E> waitingEvents() {
    return Collections.unmodifiableCollection(waiting.values());
  }

  /**
   * How far every upstream has come: the merge releases up to here (see {@link #next} for what it
   * has not released yet).
   */
  P released() {
    return released;
  }

  /** The first event that waits and could be released now (its budget ran out), or null. */
  P next() {
    return !waiting.isEmpty() && waiting.firstKey().compareTo(released) <= 0
        ? waiting.firstKey()
        : null;
  }

  /** Releases more of what every upstream has passed, after a call ran out of its budget. */
  void releaseMore(final Consumer<E> release) {
    release(release);
  }

  /**
   * Takes an event: releases it, and whatever it lets through, in order, or keeps it until the
   * other upstreams have moved past it.
   */
  void place(final E event, final Consumer<E> release) {
    final P at = order.position(event);
    final int source = order.source(event);
    checkSource(source);
    advance(source, at, false);
    if (waiting.isEmpty() && at.compareTo(released) <= 0) {
      release.accept(event); // nothing can come before it any more: no store traffic at all
      return;
    }
    waiting.put(at, event);
    unlogged.add(at);
    release(release);
  }

  /**
   * Brings the pending store up to what waits, and the frontiers store to the upstreams' frontiers:
   * before every commit, so that the stores hold exactly what waits and how far each upstream came
   * once the commit's input is committed. Batches that lost events are written again with the rest
   * (or deleted), and what arrived since the last commit and still waits is written as new batches,
   * in position order.
   */
  void logWaiting() {
    logFrontiers();
    for (final Batch<P> batch : changedBatches) {
      if (batch.waiting == 0) {
        batches.remove(batch.at);
        pending.delete(batch.storeKey);
      } else {
        pending.put(batch.storeKey, batch.rest());
      }
    }
    changedBatches.clear();
    if (unlogged.isEmpty()) {
      return;
    }
    final List<Map.Entry<P, E>> fresh = freshInOrder();
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
   * What waits and is not in the pending store yet, in position order. Usually nearly all that
   * waits arrived since the last commit: then read off the waiting events, which are in order,
   * rather than sorted and looked up one by one; after an upstream held the merge back for long,
   * sorted.
   */
  private List<Map.Entry<P, E>> freshInOrder() {
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
    pending.put(batch.storeKey, encodeBatch(keys, values));
  }

  /** A batch's stored value ({@link #BATCH_FORMAT}) of events in the order's layout. */
  static <P, E> byte[] encodeBatch(final Order<P, E> order, final List<E> events) {
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
  static <P, E> List<E> decodeBatch(final Order<P, E> order, final byte[] key, final byte[] value) {
    return decodeBatch(order, key, value, new ArrayList<>(), new ArrayList<>());
  }

  /**
   * {@link #decodeBatch}, adding each event's stored key and value to {@code keys}, {@code values}.
   */
  private static <P, E> List<E> decodeBatch(
      final Order<P, E> order,
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

  /** Takes an upstream task's frontier, and releases whatever it lets through. */
  void progress(
      final int source, final P frontier, final boolean nowIdle, final Consumer<E> release) {
    checkSource(source);
    advance(source, frontier, nowIdle);
    release(release);
  }

  private void checkSource(final int source) {
    if (source < 0 || source >= sources) {
      throw new IllegalStateException(order.describe(source, sources));
    }
  }

  private void advance(final int source, final P to, final boolean nowIdle) {
    final boolean moved = to.compareTo(frontiers.get(source)) > 0;
    if (moved || idle[source] != nowIdle) {
      if (moved) {
        frontiers.set(source, to);
      }
      idle[source] = nowIdle;
      movedFrontiers.set(source);
      released = least();
    }
  }

  /**
   * Upstreams whose frontier moved since the last commit: written at the commit ({@link
   * #logWaiting}), not with every event (a store write each, five a report, to keep the last).
   */
  private final BitSet movedFrontiers = new BitSet();

  private void logFrontiers() {
    for (int s = movedFrontiers.nextSetBit(0); s >= 0; s = movedFrontiers.nextSetBit(s + 1)) {
      final byte[] key = order.key(frontiers.get(s));
      frontierStore.put(
          s,
          ByteBuffer.allocate(1 + key.length + 1)
              .put(FRONTIER_FORMAT.current())
              .put(key)
              .put((byte) (idle[s] ? 1 : 0))
              .array());
    }
    movedFrontiers.clear();
  }

  /**
   * Each upstream's frontier as {@link #least} last completed it, and what it completes, idle and
   * not: one upstream moves at a time, and completing every frontier again made two positions an
   * upstream for every event placed (a twentieth of the bytes a cube task allocated).
   */
  private final List<P> completedOf;

  private final List<P> completedIdle;
  private final List<P> completedBusy;

  /**
   * The least of what the upstreams that are neither idle nor unheard and not awaited have
   * completed ({@link Order#complete}); when none is left, the furthest (nothing waits).
   */
  private P least() {
    final P nowhere = order.nowhere();
    P least = null;
    P furthest = nowhere;
    for (int s = 0; s < sources; s++) {
      final P f = frontiers.get(s);
      if (completedOf.get(s) != f) {
        completedOf.set(s, f);
        completedIdle.set(s, order.complete(f, true));
        completedBusy.set(s, order.complete(f, false));
      }
      final P done = completedIdle.get(s);
      if (done.compareTo(furthest) > 0) {
        furthest = done;
      }
      final boolean counted = !idle[s] && (awaitedUnheard.test(s) || f.compareTo(nowhere) > 0);
      if (counted) {
        final P complete = completedBusy.get(s);
        if (least == null || complete.compareTo(least) < 0) {
          least = complete;
        }
      }
    }
    return least == null ? furthest : least;
  }

  /**
   * Releases, in order, what every upstream has passed, for at most {@link #releaseBudgetNanos}:
   * what is left waits (and is stored at the commit as any event that waits) until the next call. A
   * cube shard stops so, since a large tie is released at once and a late report's corrections can
   * run to hundreds of count records each: one call must not outlast the transaction it is in.
   */
  private void release(final Consumer<E> release) {
    final long stop =
        releaseBudgetNanos > 0 ? System.nanoTime() + releaseBudgetNanos : Long.MAX_VALUE;
    P last = null;
    while (!waiting.isEmpty() && waiting.firstKey().compareTo(released) <= 0) {
      if (stop != Long.MAX_VALUE
          && last != null
          && !order.sameGroup(last, waiting.firstKey())
          && System.nanoTime() > stop) {
        return; // between groups only: a group's numbering starts again after a restart
      }
      last = waiting.firstKey();
      final Map.Entry<P, E> next = waiting.pollFirstEntry();
      if (!unlogged.remove(next.getKey())) {
        final Batch<P> batch = batchOf.remove(next.getKey());
        batch.release(next.getKey());
        changedBatches.add(batch);
      }
      release.accept(next.getValue());
    }
  }

  static byte[] encode(final ShardInput.Placed placed) {
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

  static ShardInput.Placed decode(final byte[] key, final byte[] value) {
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
}
