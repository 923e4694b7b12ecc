package io.surgewatch.streams.topology;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.query.Position;
import org.apache.kafka.streams.query.PositionBound;
import org.apache.kafka.streams.query.Query;
import org.apache.kafka.streams.query.QueryConfig;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.internals.CacheFlushListener;
import org.apache.kafka.streams.state.internals.CachedStateStore;

/**
 * A changelogged store of decoded values for the cube's hot state. The processor reads and writes
 * objects; changed ones are encoded and written to the inner store (RocksDB and its changelog) once
 * per commit, not once per event.
 *
 * <p>Written by hand because Kafka Streams' record cache holds bytes: every put serialises the
 * value and goes through the cache's bookkeeping, and a cube key is written several times per event
 * (a kilobyte of rolling sums each time). Correctness under exactly-once rests on one hook: before
 * every commit Kafka Streams calls {@link #flushCache()} on each {@link CachedStateStore}
 * (ProcessorStateManager.flushCache, then the record collector is flushed and the transaction
 * committed), so everything changed is in the changelog of the transaction that commits its input.
 * After a crash or a rollback the task is revived with these stores re-initialised, which drops
 * what was not flushed, and state is restored from the changelog. {@code CachedStateStore} is an
 * internal interface, so the Kafka version is pinned in the root POM and the exactly-once fault
 * tests run on the real broker.
 *
 * <p>Interactive queries and range scans read the inner store: queries see state as of the last
 * commit, and a scan from the processor first writes pending changes back (a range read must see
 * them; it is rare).
 */
final class WriteBackStore<V>
    implements StateStore, ReadOnlyKeyValueStore<String, byte[]>, CachedStateStore<String, byte[]> {
  private static final Object DELETED = new Object();

  /**
   * Cached absence: most buckets a walk asks for were never created, and each such miss was a
   * RocksDB read.
   */
  private static final Object ABSENT = new Object();

  private final KeyValueStore<String, byte[]> inner;
  private final Function<byte[], V> decode;
  private final Function<V, byte[]> encode;
  private final int cacheSize;

  /**
   * Changed since the last commit: a value, or DELETED. Bounded by what one commit interval
   * touches.
   */
  private final Map<String, Object> pending = new HashMap<>();

  /**
   * Decoded values already written back (or ABSENT), most recently used last: saves decoding a busy
   * key on every event, and reading RocksDB for keys that do not exist.
   */
  private final LinkedHashMap<String, Object> clean;

  private Runnable onWriteBack = () -> {};
  private Runnable beforeWriteBack = () -> {};

  /** A store whose changes go to the inner store before this one's, at every write-back. */
  private WriteBackStore<?> after;

  private WriteBackStore(
      final KeyValueStore<String, byte[]> inner,
      final Function<byte[], V> decode,
      final Function<V, byte[]> encode,
      final int cacheSize) {
    this.inner = inner;
    this.decode = decode;
    this.encode = encode;
    this.cacheSize = cacheSize;
    this.clean =
        new LinkedHashMap<>(1024, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(final Map.Entry<String, Object> eldest) {
            return size() > WriteBackStore.this.cacheSize;
          }
        };
  }

  /**
   * A persistent, changelogged store named {@code name} holding values of type V, with up to
   * cacheSize decoded.
   */
  static <V> StoreBuilder<WriteBackStore<V>> builder(
      final String name,
      final Function<byte[], V> decode,
      final Function<V, byte[]> encode,
      final int cacheSize) {
    return new Builder<>(name, decode, encode, cacheSize);
  }

  /** The store beneath, whose bytes are the changelog's (tests restore captured state into it). */
  KeyValueStore<String, byte[]> inner() {
    return inner;
  }

  // ---- the processor's object API ----

  /** The value, or null. Callers that change it must {@link #put} it back. */
  @SuppressWarnings("unchecked")
  V getObject(final String key) {
    final Object p = pending.get(key);
    if (p != null) {
      return p == DELETED ? null : (V) p;
    }
    final Object cached = clean.get(key);
    if (cached != null) {
      return cached == ABSENT ? null : (V) cached;
    }
    final byte[] bytes = inner.get(key);
    if (bytes == null) {
      clean.put(key, ABSENT);
      return null;
    }
    final V value = decode(key, bytes);
    clean.put(key, value);
    return value;
  }

  /** Decodes a value of this store; one it cannot read fails naming the store and the key. */
  V decode(final String key, final byte[] bytes) {
    try {
      return decode.apply(bytes);
    } catch (final RuntimeException e) {
      throw new IllegalStateException(
          "store " + name() + ", key " + key + ": " + e.getMessage(), e);
    }
  }

  void put(final String key, final V value) {
    // A key pending is never among the clean ones (it leaves them when it is written, and returns
    // at the write-back): a busy key written again before the commit costs one lookup, not two.
    if (pending.put(key, value) == null) {
      clean.remove(key);
    }
  }

  void delete(final String key) {
    if (pending.put(key, DELETED) == null) {
      clean.remove(key);
    }
  }

  /**
   * The stored entries from {@code from} to {@code to} inclusive, pending changes included. Close
   * the iterator.
   */
  KeyValueIterator<String, byte[]> rangeIncludingPending(final String from, final String to) {
    flushCache();
    return inner.range(from, to);
  }

  /** Every stored entry, pending changes included. Close the iterator. */
  KeyValueIterator<String, byte[]> allIncludingPending() {
    flushCache();
    return inner.all();
  }

  /**
   * The entries from {@code from} to {@code to} as last written back, without the changes pending
   * since (read those with {@link #getObject}): a range read that does not write back mid-commit.
   */
  KeyValueIterator<String, byte[]> rangeWrittenBack(final String from, final String to) {
    return inner.range(from, to);
  }

  /**
   * Writes {@code first}'s pending changes back before this store's, whichever of the two Kafka
   * Streams flushes first: queries that read both then never see this store ahead of it.
   */
  void writesBackAfter(final WriteBackStore<?> first) {
    this.after = first;
  }

  /** Runs after every write-back, when nothing is pending any more. */
  void onWriteBack(final Runnable listener) {
    this.onWriteBack = listener;
  }

  /**
   * Runs at every write-back, before the pending changes are written: what it puts is written with
   * them, in the same commit.
   */
  void beforeWriteBack(final Runnable listener) {
    this.beforeWriteBack = listener;
  }

  // ---- CachedStateStore: the pre-commit hook ----

  @Override
  @SuppressWarnings("unchecked")
  public void flushCache() {
    if (after != null) {
      after.flushCache();
    }
    beforeWriteBack.run();
    if (pending.isEmpty()) {
      return;
    }
    for (final Map.Entry<String, Object> e : pending.entrySet()) {
      if (e.getValue() == DELETED) {
        inner.delete(e.getKey());
        clean.put(e.getKey(), ABSENT);
      } else {
        final V value = (V) e.getValue();
        inner.put(e.getKey(), encode.apply(value));
        clean.put(e.getKey(), value);
      }
    }
    pending.clear();
    onWriteBack.run();
  }

  @Override
  public void clearCache() {
    pending.clear();
    clean.clear();
  }

  @Override
  public boolean setFlushListener(
      final CacheFlushListener<String, byte[]> listener, final boolean sendOldValues) {
    return false; // nothing downstream listens to this store's writes
  }

  // ---- StateStore: delegated to the inner store, whose changelog and checkpoints Kafka Streams
  // manages ----

  @Override
  public String name() {
    return inner.name();
  }

  @Override
  public void init(final StateStoreContext context, final StateStore root) {
    clearCache(); // a revived task restores from the changelog: nothing unflushed may survive
    inner.init(context, root);
  }

  @Override
  @SuppressWarnings("deprecation")
  public void flush() {
    flushCache();
    inner.flush();
  }

  @Override
  public void commit(final Map<TopicPartition, Long> changelogOffsets) {
    flushCache();
    inner.commit(changelogOffsets);
  }

  @Override
  public Long committedOffset(final TopicPartition partition) {
    return inner.committedOffset(partition);
  }

  @Override
  public boolean managesOffsets() {
    return inner.managesOffsets();
  }

  @Override
  public void close() {
    clearCache();
    inner.close();
  }

  @Override
  public boolean persistent() {
    return inner.persistent();
  }

  @Override
  public boolean isOpen() {
    return inner.isOpen();
  }

  @Override
  public <R> QueryResult<R> query(
      final Query<R> query, final PositionBound positionBound, final QueryConfig config) {
    return inner.query(query, positionBound, config);
  }

  @Override
  public Position getPosition() {
    return inner.getPosition();
  }

  @Override
  public long approximateNumUncommittedBytes() {
    return inner.approximateNumUncommittedBytes();
  }

  // ---- ReadOnlyKeyValueStore: interactive queries read what has been written back (state as of
  // the last commit) ----

  @Override
  public byte[] get(final String key) {
    return inner.get(key);
  }

  @Override
  public KeyValueIterator<String, byte[]> range(final String from, final String to) {
    return inner.range(from, to);
  }

  @Override
  public KeyValueIterator<String, byte[]> all() {
    return inner.all();
  }

  @Override
  public <PS extends Serializer<P>, P> KeyValueIterator<String, byte[]> prefixScan(
      final P prefix, final PS serializer) {
    return inner.prefixScan(prefix, serializer);
  }

  @Override
  public long approximateNumEntries() {
    return inner.approximateNumEntries();
  }

  private static final class Builder<V> implements StoreBuilder<WriteBackStore<V>> {
    private final StoreBuilder<KeyValueStore<String, byte[]>> inner;
    private final Function<byte[], V> decode;
    private final Function<V, byte[]> encode;
    private final int cacheSize;

    Builder(
        final String name,
        final Function<byte[], V> decode,
        final Function<V, byte[]> encode,
        final int cacheSize) {
      // No record cache underneath: this store is the cache.
      this.inner =
          Stores.keyValueStoreBuilder(
                  Stores.persistentKeyValueStore(name), Serdes.String(), Serdes.ByteArray())
              .withCachingDisabled();
      this.decode = decode;
      this.encode = encode;
      this.cacheSize = cacheSize;
    }

    @Override
    public StoreBuilder<WriteBackStore<V>> withCachingEnabled() {
      throw new UnsupportedOperationException("a write-back store is its own cache");
    }

    @Override
    public StoreBuilder<WriteBackStore<V>> withCachingDisabled() {
      return this;
    }

    @Override
    public StoreBuilder<WriteBackStore<V>> withLoggingEnabled(final Map<String, String> config) {
      inner.withLoggingEnabled(config);
      return this;
    }

    @Override
    public StoreBuilder<WriteBackStore<V>> withLoggingDisabled() {
      throw new UnsupportedOperationException("the cube's state must be changelogged");
    }

    @Override
    public WriteBackStore<V> build() {
      return new WriteBackStore<>(inner.build(), decode, encode, cacheSize);
    }

    @Override
    public Map<String, String> logConfig() {
      return inner.logConfig();
    }

    @Override
    public boolean loggingEnabled() {
      return inner.loggingEnabled();
    }

    @Override
    public String name() {
      return inner.name();
    }
  }
}
