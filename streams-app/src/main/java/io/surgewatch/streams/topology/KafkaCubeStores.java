package io.surgewatch.streams.topology;

import io.surgewatch.streams.engine.Bucket;
import io.surgewatch.streams.engine.CubeStores;
import io.surgewatch.streams.engine.EngineConfig;
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
  static final String BUCKET_DAYS = "cube-bucket-days";
  static final String DIRTY = "cube-dirty";
  static final String META = "cube-meta";
  private static final String WATERMARK = "watermark";
  private static final byte[] EMPTY = new byte[0];
  private static final StringSerializer KEYS = new StringSerializer();

  private final KeyValueStore<String, byte[]> heads;
  private final KeyValueStore<String, byte[]> buckets;
  private final KeyValueStore<String, byte[]> bucketDays;
  private final int[] windows;
  private final int retentionDays;
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

  KafkaCubeStores(final ProcessorContext<?, ?> context, final EngineConfig cfg) {
    heads = context.getStateStore(HEADS);
    buckets = context.getStateStore(BUCKETS);
    bucketDays = context.getStateStore(BUCKET_DAYS);
    windows = cfg.windows().clone();
    retentionDays = cfg.retentionDays();
    dirty = context.getStateStore(DIRTY);
    meta = context.getStateStore(META);
  }

  /**
   * Fixed-width, so keys sort by day in the store's byte order (the offset keeps 1900-01-01 positive). Hand-rolled:
   * String.format was a visible share of the stream thread's time, called several times per event.
   */
  static String day(final int epochDay) {
    final int v = epochDay + 1_000_000;
    if (v < 0 || v > 9_999_999) {
      throw new IllegalArgumentException("epoch day out of range: " + epochDay);
    }
    final char[] c = new char[7];
    int r = v;
    for (int i = 6; i >= 0; i--) {
      c[i] = (char) ('0' + r % 10);
      r /= 10;
    }
    return new String(c);
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
    bucketDays.delete(day(day) + '|' + key);
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

  /**
   * Timers are not stored: a bucket created on day x leaves window w on x + w, so the keys due on day d are those
   * with a bucket on d - w, found in an index of bucket days. One index entry per bucket (written once, deleted at
   * cleanup) replaces a timer entry per window, which was a third of the changelog traffic.
   */
  @Override
  public void scheduleLeaving(final String key, final int day, final int now) {
    bucketDays.put(day(day) + '|' + key, EMPTY);
  }

  /**
   * The keys with a bucket leaving a window on {@code day}. A bucket created after the watermark had passed one of
   * its leaving days never sees that day scanned, as the watermark only moves forward: the same timers as
   * scheduling each one.
   */
  @Override
  public DueTimers takeTimers(final int day) {
    final java.util.TreeMap<String, Integer> due = new java.util.TreeMap<>();
    for (int i = 0; i < windows.length; i++) {
      collect(day - windows[i], 1 << i, due);
    }
    collect(day - retentionDays, CLEANUP, due);
    return new DueTimers(due.keySet().toArray(String[]::new), due.values().stream().mapToInt(Integer::intValue).toArray());
  }

  private void collect(final int bucketDay, final int bit, final java.util.Map<String, Integer> due) {
    final String prefix = day(bucketDay) + '|';
    try (KeyValueIterator<String, byte[]> it = bucketDays.prefixScan(prefix, KEYS)) {
      while (it.hasNext()) {
        due.merge(it.next().key.substring(prefix.length()), bit, (a, b) -> a | b);
      }
    }
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
