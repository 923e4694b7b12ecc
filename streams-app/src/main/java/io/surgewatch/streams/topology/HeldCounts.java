package io.surgewatch.streams.topology;

import io.surgewatch.events.v1.RollingCount;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.internals.InternalProcessorContext;
import org.apache.kafka.streams.processor.internals.ProcessorNode;
import org.apache.kafka.streams.processor.internals.ProcessorRecordContext;
import org.apache.kafka.streams.query.Position;
import org.apache.kafka.streams.query.PositionBound;
import org.apache.kafka.streams.query.Query;
import org.apache.kafka.streams.query.QueryConfig;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.internals.CacheFlushListener;
import org.apache.kafka.streams.state.internals.CachedStateStore;

/**
 * The count records a cube task has changed since its last commit, the latest value of each record
 * key, written to the counts topic at the commit: once per key and commit rather than once per
 * change. A busy key ({@code * / * / *}, a large country) changes with nearly every report, and its
 * records were most of the output; under exactly-once a read_committed consumer saw them all at the
 * same moment, the commit, so holding them back delays nothing it could see (under at_least_once
 * they now come at the commit rather than as they happen). The topic's last value per key, what
 * compaction keeps and what dashboards read, is the same either way.
 *
 * <p>Kafka Streams' own record cache does this for a KTable, but the cube's output is a stream from
 * a processor (a KTable after it would add a repartition topic), and the cache would serialise
 * every change. The hook is the one {@link WriteBackStore} relies on: before every commit Kafka
 * Streams calls {@link #flushCache()} on each {@link CachedStateStore}, then flushes the record
 * collector and commits the transaction, so the records forwarded here belong to the transaction
 * that commits their input. A task closed dirty after a failure drops what it holds (it is
 * re-initialised, and its input processed again); one that Kafka Streams revives after corrupted
 * state first prepares a commit, which writes what was held, and then writes the reprocessed values
 * again: repeated records for the same keys, as with Kafka Streams' own caches, with the same last
 * value. Past {@code limit} keys the least recently changed is written at once, so memory stays
 * bounded whatever the commit interval.
 *
 * <p>Not logged and not persistent: nothing held outlives a commit.
 */
final class HeldCounts implements StateStore, CachedStateStore<String, RollingCount> {
  static final String NAME = "cube-held-counts";

  private interface Emitter {
    void emit(String key, RollingCount count, long timestamp);
  }

  private record Held(RollingCount count, long timestamp) {}

  private final int limit;
  private final LinkedHashMap<String, Held> held;
  private Emitter emitter;

  /** Runs the flush with the processor's node current: set by the processor that forwards. */
  private Consumer<Runnable> asProcessor;

  private boolean open;

  private HeldCounts(final int limit) {
    this.limit = limit;
    this.held =
        // In the order of the last change: the eldest is the key least likely to change again
        // before the commit (busy keys would be written early under a first-in order).
        new LinkedHashMap<>(1024, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(final Map.Entry<String, Held> eldest) {
            if (size() <= HeldCounts.this.limit) {
              return false;
            }
            // Called from put, inside the processor: it can forward directly.
            emitter.emit(eldest.getKey(), eldest.getValue().count(), eldest.getValue().timestamp());
            return true;
          }
        };
  }

  /** A store holding up to {@code limit} count records between commits; 0 writes each at once. */
  static StoreBuilder<HeldCounts> builder(final int limit) {
    return new Builder(limit);
  }

  /**
   * Connects the processor that forwards the records: {@code wrap} makes its output value of a
   * count record. Call from the processor's init.
   */
  <V> void connect(
      final ProcessorContext<String, V> context, final Function<RollingCount, V> wrap) {
    this.emitter = (key, count, at) -> context.forward(new Record<>(key, wrap.apply(count), at));
    this.asProcessor = asNodeOf(context);
  }

  /**
   * Runs a block that forwards from the processor owning {@code context} at a commit, where Kafka
   * Streams has no processor current: what its own record cache does when it flushes a KTable
   * (TimestampedCacheFlushListener), with the same internal calls, so the Kafka version is pinned
   * in the root POM. The records carry no input offset, like a punctuation's.
   */
  private static Consumer<Runnable> asNodeOf(final ProcessorContext<?, ?> context) {
    final InternalProcessorContext<?, ?> internal = (InternalProcessorContext<?, ?>) context;
    final ProcessorNode<?, ?, ?, ?> node = internal.currentNode();
    return block -> {
      final ProcessorNode<?, ?, ?, ?> previousNode = internal.currentNode();
      final ProcessorRecordContext previousRecord = internal.recordContext();
      internal.setCurrentNode(node);
      internal.setRecordContext(
          new ProcessorRecordContext(
              previousRecord == null ? 0L : previousRecord.timestamp(),
              -1L,
              -1,
              null,
              new RecordHeaders()));
      try {
        block.run();
      } finally {
        internal.setCurrentNode(previousNode);
        internal.setRecordContext(previousRecord);
      }
    };
  }

  /**
   * Holds the record's latest value until the commit (or writes it now, with a limit of 0); past
   * the limit, writes the least recently changed.
   */
  void put(final String key, final RollingCount count, final long timestamp) {
    if (limit == 0) {
      emitter.emit(key, count, timestamp);
    } else {
      held.put(key, new Held(count, timestamp));
    }
  }

  // ---- CachedStateStore: the pre-commit hook ----

  @Override
  public void flushCache() {
    if (held.isEmpty()) {
      return;
    }
    // Each record leaves the map as it is written: a flush that fails part-way must not write the
    // first part again.
    asProcessor.accept(
        () -> {
          final Iterator<Map.Entry<String, Held>> it = held.entrySet().iterator();
          while (it.hasNext()) {
            final Map.Entry<String, Held> e = it.next();
            it.remove();
            emitter.emit(e.getKey(), e.getValue().count(), e.getValue().timestamp());
          }
        });
  }

  @Override
  public void clearCache() {
    held.clear();
  }

  @Override
  public boolean setFlushListener(
      final CacheFlushListener<String, RollingCount> listener, final boolean sendOldValues) {
    return false; // the processor forwards; no DSL listener is attached
  }

  // ---- StateStore: in memory, registered so that Kafka Streams calls the hook ----

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void init(final StateStoreContext context, final StateStore root) {
    held.clear(); // a revived task processes its input again: nothing held may survive
    context.register(root, (key, value) -> {});
    open = true;
  }

  @Override
  @SuppressWarnings("deprecation")
  public void flush() {
    // Nothing: records are written only from flushCache, before the transaction commits. flush and
    // commit also run after it (and while a task restores, with no processor to forward from).
  }

  @Override
  public void commit(final Map<TopicPartition, Long> changelogOffsets) {
    // As flush.
  }

  @Override
  public void close() {
    held.clear();
    open = false;
  }

  @Override
  public boolean persistent() {
    return false;
  }

  @Override
  public boolean isOpen() {
    return open;
  }

  @Override
  public <R> QueryResult<R> query(
      final Query<R> query, final PositionBound positionBound, final QueryConfig config) {
    return QueryResult.forUnknownQueryType(query, this);
  }

  @Override
  public Position getPosition() {
    return Position.emptyPosition();
  }

  private static final class Builder implements StoreBuilder<HeldCounts> {
    private final int limit;

    Builder(final int limit) {
      this.limit = limit;
    }

    @Override
    public StoreBuilder<HeldCounts> withCachingEnabled() {
      return this;
    }

    @Override
    public StoreBuilder<HeldCounts> withCachingDisabled() {
      return this;
    }

    @Override
    public StoreBuilder<HeldCounts> withLoggingEnabled(final Map<String, String> config) {
      throw new UnsupportedOperationException("held count records never outlive a commit");
    }

    @Override
    public StoreBuilder<HeldCounts> withLoggingDisabled() {
      return this;
    }

    @Override
    public HeldCounts build() {
      return new HeldCounts(limit);
    }

    @Override
    public Map<String, String> logConfig() {
      return Collections.emptyMap();
    }

    @Override
    public boolean loggingEnabled() {
      return false;
    }

    @Override
    public String name() {
      return NAME;
    }
  }
}
