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
    final byte[] b = heads.get(key);
    return b == null ? null : KeyHead.decode(b);
  }

  @Override
  public void putHead(final String key, final KeyHead head) {
    heads.put(key, head.encode());
  }

  @Override
  public Bucket bucket(final String key, final int day) {
    final byte[] b = buckets.get(key + '|' + day(day));
    return b == null ? null : Bucket.decode(b);
  }

  @Override
  public void putBucket(final String key, final int day, final Bucket bucket) {
    buckets.put(key + '|' + day(day), bucket.encode());
  }

  @Override
  public void deleteBucket(final String key, final int day) {
    buckets.delete(key + '|' + day(day));
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
    final String k = day(day) + '|' + key;
    final byte[] old = timers.get(k);
    final int merged = old == null ? mask : ByteBuffer.wrap(old).getInt() | mask;
    timers.put(k, ByteBuffer.allocate(4).putInt(merged).array());
  }

  @Override
  public java.util.SortedMap<String, Integer> takeTimers(final int day) {
    final String prefix = day(day) + '|';
    final java.util.SortedMap<String, Integer> due = new java.util.TreeMap<>();
    final List<String> keys = new ArrayList<>();
    try (KeyValueIterator<String, byte[]> it = timers.prefixScan(prefix, KEYS)) {
      while (it.hasNext()) {
        final KeyValue<String, byte[]> kv = it.next();
        keys.add(kv.key);
        due.put(kv.key.substring(prefix.length()), ByteBuffer.wrap(kv.value).getInt());
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
