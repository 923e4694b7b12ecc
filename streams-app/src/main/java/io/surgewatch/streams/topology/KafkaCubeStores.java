package io.surgewatch.streams.topology;

import io.surgewatch.streams.engine.Bucket;
import io.surgewatch.streams.engine.CubeStores;
import io.surgewatch.streams.engine.KeyHead;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/** The engine's state in changelogged Kafka Streams stores, so a restarted or moved task resumes exactly. */
final class KafkaCubeStores implements CubeStores {
  static final String HEADS = "cube-heads";
  static final String BUCKETS = "cube-buckets";
  static final String TIMERS = "cube-timers";
  static final String DIRTY = "cube-dirty";
  static final String META = "cube-meta";
  private static final String WATERMARK = "watermark";
  private static final byte[] EMPTY = new byte[0];
  private static final StringSerializer KEYS = new StringSerializer();

  private final KeyValueStore<String, byte[]> heads;
  private final KeyValueStore<String, byte[]> buckets;
  private final KeyValueStore<String, byte[]> timers;
  private final KeyValueStore<String, byte[]> dirty;
  private final KeyValueStore<String, byte[]> meta;

  /**
   * Decoded heads and buckets of recently used keys, written through to the stores. The stores stay the truth (and
   * the changelog); this only saves decoding the same few hundred bytes again on every event of a busy key. A task
   * that is closed, moved or rolled back gets a new processor, and so an empty cache.
   */
  private final java.util.Map<String, KeyHead> headCache = lru(20_000);
  private final java.util.Map<String, Bucket> bucketCache = lru(50_000);

  private static <V> java.util.Map<String, V> lru(final int size) {
    return new java.util.LinkedHashMap<>(1024, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(final java.util.Map.Entry<String, V> eldest) {
        return size() > size;
      }
    };
  }

  KafkaCubeStores(final ProcessorContext<?, ?> context) {
    heads = context.getStateStore(HEADS);
    buckets = context.getStateStore(BUCKETS);
    timers = context.getStateStore(TIMERS);
    dirty = context.getStateStore(DIRTY);
    meta = context.getStateStore(META);
  }

  /** Fixed-width, so timer keys sort by day in the store's byte order (the offset keeps 1900-01-01 positive). */
  static String day(final int epochDay) {
    return String.format("%07d", epochDay + 1_000_000);
  }

  @Override
  public KeyHead head(final String key) {
    final KeyHead cached = headCache.get(key);
    if (cached != null) {
      return cached;
    }
    final byte[] b = heads.get(key);
    if (b == null) {
      return null;
    }
    final KeyHead head = KeyHead.decode(b);
    headCache.put(key, head);
    return head;
  }

  @Override
  public void putHead(final String key, final KeyHead head) {
    headCache.put(key, head);
    heads.put(key, head.encode());
  }

  @Override
  public Bucket bucket(final String key, final int day) {
    final String k = key + '|' + day(day);
    final Bucket cached = bucketCache.get(k);
    if (cached != null) {
      return cached;
    }
    final byte[] b = buckets.get(k);
    if (b == null) {
      return null;
    }
    final Bucket bucket = Bucket.decode(b);
    bucketCache.put(k, bucket);
    return bucket;
  }

  @Override
  public void putBucket(final String key, final int day, final Bucket bucket) {
    final String k = key + '|' + day(day);
    bucketCache.put(k, bucket);
    buckets.put(k, bucket.encode());
  }

  @Override
  public void deleteBucket(final String key, final int day) {
    final String k = key + '|' + day(day);
    bucketCache.remove(k);
    buckets.delete(k);
  }

  @Override
  public long[][] tallies(final String key, final int from, final int to) {
    final long[][] out = new long[to - from + 1][];
    final int prefix = key.length() + 1;
    try (KeyValueIterator<String, byte[]> it = buckets.range(key + '|' + day(from), key + '|' + day(to))) {
      while (it.hasNext()) {
        final KeyValue<String, byte[]> kv = it.next();
        final int d = Integer.parseInt(kv.key.substring(prefix)) - 1_000_000;
        out[d - from] = Bucket.decode(kv.value).tally;
      }
    }
    return out;
  }

  @Override
  public void addTimer(final int day, final String key, final int mask) {
    // One entry per (day, key, mask): a blind put, no read-modify-write; takeTimers ORs them back together.
    timers.put(day(day) + '|' + key + '|' + Integer.toHexString(mask), EMPTY);
  }

  @Override
  public java.util.SortedMap<String, Integer> takeTimers(final int day) {
    final String prefix = day(day) + '|';
    final java.util.SortedMap<String, Integer> due = new java.util.TreeMap<>();
    final List<String> keys = new ArrayList<>();
    try (KeyValueIterator<String, byte[]> it = timers.prefixScan(prefix, KEYS)) {
      while (it.hasNext()) {
        final String k = it.next().key;
        keys.add(k);
        final int bar = k.lastIndexOf('|');
        due.merge(k.substring(prefix.length(), bar), Integer.parseUnsignedInt(k.substring(bar + 1), 16), (a, b) -> a | b);
      }
    }
    keys.forEach(timers::delete);
    return due;
  }

  @Override
  public void markDirty(final String key) {
    dirty.put(key, EMPTY);
  }

  @Override
  public List<String> dirty(final boolean clear) {
    final List<String> keys = new ArrayList<>();
    try (KeyValueIterator<String, byte[]> it = dirty.all()) {
      while (it.hasNext()) {
        final KeyValue<String, byte[]> kv = it.next();
        keys.add(kv.key);
      }
    }
    if (clear) {
      keys.forEach(dirty::delete);
    }
    return keys;
  }

  @Override
  public int watermark() {
    final byte[] b = meta.get(WATERMARK);
    return b == null ? NO_DAY : ByteBuffer.wrap(b).getInt();
  }

  @Override
  public void watermark(final int day) {
    meta.put(WATERMARK, ByteBuffer.allocate(4).putInt(day).array());
  }
}
