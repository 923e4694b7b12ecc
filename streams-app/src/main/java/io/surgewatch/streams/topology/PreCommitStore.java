package io.surgewatch.streams.topology;

import java.util.Collections;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.processor.api.ProcessorContext;
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
 * A processor's hook into every commit: a store that is not logged, not persistent and holds
 * nothing across a commit, registered so that Kafka Streams calls {@link #flushCache()} on it
 * before each one (ProcessorStateManager.flushCache, then the record collector is flushed and the
 * transaction committed). What {@link #beforeCommit()} forwards or writes to a logged store belongs
 * to the transaction that commits the input it came from. It runs as the connected processor (its
 * node and a record context of its own, as Kafka Streams' record cache does when it flushes a
 * KTable), so it may forward and write to changelogged stores. {@code CachedStateStore} and the
 * context calls are internal, so the Kafka version is pinned in the root POM.
 *
 * <p>A task closed dirty after a failure re-initialises the store ({@link #discard()}) and
 * processes its input again.
 */
abstract class PreCommitStore implements StateStore, CachedStateStore<Object, Object> {
  private final String name;
  private Consumer<Runnable> asProcessor;
  private boolean open;

  PreCommitStore(final String name) {
    this.name = name;
  }

  /** Connects the processor whose work {@link #beforeCommit()} is: call from its init. */
  final void connect(final ProcessorContext<?, ?> context) {
    final InternalProcessorContext<?, ?> internal = (InternalProcessorContext<?, ?>) context;
    final ProcessorNode<?, ?, ?, ?> node = internal.currentNode();
    this.asProcessor =
        block -> {
          final ProcessorNode<?, ?, ?, ?> previousNode = internal.currentNode();
          final ProcessorRecordContext previousRecord = internal.recordContext();
          internal.setCurrentNode(node);
          // No input record: like a punctuation's, the records carry no offset.
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

  /** Runs before every commit, as the connected processor. */
  abstract void beforeCommit();

  /** Drops whatever is held: the task starts again from its last commit. */
  abstract void discard();

  @Override
  public final void flushCache() {
    if (asProcessor != null) {
      asProcessor.accept(this::beforeCommit);
    }
  }

  @Override
  public final void clearCache() {
    discard();
  }

  @Override
  public final boolean setFlushListener(
      final CacheFlushListener<Object, Object> listener, final boolean sendOldValues) {
    return false; // the processor writes; no DSL listener is attached
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final void init(final StateStoreContext context, final StateStore root) {
    discard(); // a revived task processes its input again: nothing held may survive
    context.register(root, (key, value) -> {});
    open = true;
  }

  @Override
  @SuppressWarnings("deprecation")
  public final void flush() {
    // Nothing: the work is done in flushCache, before the transaction commits. flush and commit
    // also run after it (and while a task restores, with no processor to run as).
  }

  @Override
  public final void commit(final Map<TopicPartition, Long> changelogOffsets) {
    // As flush.
  }

  @Override
  public final void close() {
    discard();
    open = false;
  }

  @Override
  public final boolean persistent() {
    return false;
  }

  @Override
  public final boolean isOpen() {
    return open;
  }

  @Override
  public final <R> QueryResult<R> query(
      final Query<R> query, final PositionBound positionBound, final QueryConfig config) {
    return QueryResult.forUnknownQueryType(query, this);
  }

  @Override
  public final Position getPosition() {
    return Position.emptyPosition();
  }

  /** A builder of such stores: never cached by Kafka Streams, never logged. */
  static <S extends PreCommitStore> StoreBuilder<S> builder(
      final String name, final Function<String, S> create) {
    return new StoreBuilder<>() {
      @Override
      public StoreBuilder<S> withCachingEnabled() {
        return this;
      }

      @Override
      public StoreBuilder<S> withCachingDisabled() {
        return this;
      }

      @Override
      public StoreBuilder<S> withLoggingEnabled(final Map<String, String> config) {
        throw new UnsupportedOperationException(name + " never holds anything across a commit");
      }

      @Override
      public StoreBuilder<S> withLoggingDisabled() {
        return this;
      }

      @Override
      public S build() {
        return create.apply(name);
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
        return name;
      }
    };
  }
}
