package io.surgewatch.streams.topology;

import io.surgewatch.engine.StoredFormat;
import io.surgewatch.engine.TieOrder;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
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
 * ({@link CubeOrder}, by {@link ArrivalPosition}); the story stage merges the cube shards and the
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
 * <p>What waits is kept in a {@link PendingBatches} store, written only at a commit ({@link
 * #logWaiting}, from the processor's {@link CommitHook}).
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
     * later events can still come before its latest one ({@link CubeOrder}: a tie in reported-at is
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

  /**
   * Not cached: the merge writes the moved frontiers from its commit hook, and Kafka Streams
   * flushes a task's caches in an order of its own; a cache flushed before the hook ran would carry
   * them into the next transaction, not this commit's.
   */
  static StoreBuilder<KeyValueStore<Integer, byte[]>> frontiersStore(final String name) {
    return Stores.keyValueStoreBuilder(
        Stores.inMemoryKeyValueStore(name), Serdes.Integer(), Serdes.ByteArray());
  }

  static final StoredFormat FRONTIER_FORMAT = new StoredFormat("upstream task's frontier", 1);

  private final Order<P, E> order;
  private final int sources;
  private final IntPredicate awaitedUnheard;
  private final PendingBatches<P, E> pending;
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
    this.pending = new PendingBatches<>(order, pending);
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
    this.pending.restore(waiting);
    released = least();
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
    pending.arrived(at);
    release(release);
  }

  /**
   * Brings the pending store up to what waits, and the frontiers store to the upstreams' frontiers:
   * before every commit, so that the stores hold exactly what waits and how far each upstream came
   * once the commit's input is committed.
   */
  void logWaiting() {
    logFrontiers();
    pending.write(waiting);
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
      pending.released(next.getKey());
      release.accept(next.getValue());
    }
  }
}
