package io.surgewatch.streams.topology;

import io.surgewatch.core.Keys;
import io.surgewatch.core.SurgewatchConfig;
import io.surgewatch.engine.Bucket;
import io.surgewatch.engine.CubeStores;
import io.surgewatch.engine.EngineConfig;
import io.surgewatch.engine.KeyState;
import io.surgewatch.engine.TieRetests;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.StoreBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's state in changelogged Kafka Streams stores, so a restarted or moved task resumes
 * exactly.
 */
final class KafkaCubeStores implements CubeStores {
  private static final Logger LOG = LoggerFactory.getLogger(KafkaCubeStores.class);

  static final String HEADS = "cube-heads";
  static final String BUCKETS = "cube-buckets";
  static final String META = "cube-meta";
  static final String WATERMARK = "watermark";

  /** The UTC day of the latest reported-at told (the same layout as the watermark). */
  private static final String REPORTED_DAY = "reported-day";

  /**
   * Set with a task's first watermark: its keys are placed by the split shards ({@link
   * io.surgewatch.core.ShardKeys}). State without it was placed by country (one global shard), its
   * keys on other partitions than this release puts them, so it is refused rather than mixed.
   */
  private static final String SPLIT_SHARDS = "split-shards";

  /** A tie's re-tests pending at a commit ({@link #retests}). */
  private static final String RETESTS = "tie-retests";

  private final WriteBackStore<KeyState> heads;
  private final WriteBackStore<Bucket> buckets;

  /** Read from the buckets when first needed ({@link #bucketDays()}). */
  private BucketDays bucketDays;

  private final int[] windows;
  private final int retentionDays;
  private final WriteBackStore<byte[]> meta;

  /**
   * Heads and buckets are written on every event: decoded objects, written back once per commit.
   */
  static StoreBuilder<WriteBackStore<KeyState>> headsStore(final boolean compact) {
    return WriteBackStore.builder(
        HEADS, KeyState::decode, compact ? KeyState::encode : KeyState::encodeFixed, 20_000);
  }

  /**
   * Its own cache holds only the days before the span ({@link SpanBuckets} holds the span's), read
   * by corrections beyond the grace.
   */
  static StoreBuilder<WriteBackStore<Bucket>> bucketsStore(final boolean compact) {
    return WriteBackStore.builder(
        BUCKETS, Bucket::decode, compact ? Bucket::encode : Bucket::encodeFixed, 5_000);
  }

  /** Whether {@code cube.state-layout} asks for the compact layouts (validated at start). */
  static boolean compact(final SurgewatchConfig config) {
    return "compact".equalsIgnoreCase(config.get(Keys.CUBE_STATE_LAYOUT));
  }

  /**
   * The watermark and the shard's other days. Written back after the buckets at every commit
   * ({@link WriteBackStore#writesBackAfter}): queries read both, and a latest day that reached them
   * before its buckets read as a dip in every window ending on it until the commit (a record cache
   * underneath, as before, made the new day visible at once).
   */
  static StoreBuilder<WriteBackStore<byte[]>> metaStore() {
    return WriteBackStore.builder(META, b -> b, b -> b, 16);
  }

  /**
   * @param spanBuckets buckets of the span held decoded (the budget of {@code cube.span-buckets})
   */
  KafkaCubeStores(
      final ProcessorContext<?, ?> context, final EngineConfig cfg, final int spanBuckets) {
    partition = context.taskId().partition();
    heads = context.getStateStore(HEADS);
    buckets = context.getStateStore(BUCKETS);
    windows = cfg.windows().clone();
    retentionDays = cfg.retentionDays();
    // The span answers for the days nearly every lookup is for (the longest window and the grace
    // back from the watermark); older days, read only by corrections beyond the grace, go to the
    // store.
    final int[] w = cfg.windows();
    spanDays = Math.min(retentionDays, w[w.length - 1] + cfg.graceDays() + 2);
    span = new SpanBuckets(spanBuckets);
    buckets.onWriteBack(unflushed::clear);
    meta = context.getStateStore(META);
    meta.writesBackAfter(buckets);
    readRetests();
    meta.beforeWriteBack(this::writeRetests);
    if (meta.getObject(WATERMARK) != null && meta.getObject(SPLIT_SHARDS) == null) {
      throw new IllegalStateException(
          "cube partition "
              + partition
              + " holds state of a release that placed the cube's keys by country, with one global"
              + " shard; this release splits them by region, country rollup and group, so the keys"
              + " belong on other partitions. Stop the app, run ./surgewatch reset --yes (or use a"
              + " new application.id) and start it again: it reprocesses its inputs");
    }
  }

  /**
   * The epoch day of a bucket's key ({@code <cube key>|<day>}, the day as {@link #day} writes it).
   */
  static int bucketKeyDay(final String bucketKey) {
    return Integer.parseInt(bucketKey, bucketKey.lastIndexOf('|') + 1, bucketKey.length(), 10)
        - 1_000_000;
  }

  /**
   * Fixed-width, so keys sort by day in the store's byte order (the offset keeps 1900-01-01
   * positive). Hand-rolled: String.format was a visible share of the stream thread's time, called
   * several times per event.
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
  public KeyState keyState(final String key) {
    return heads.getObject(key);
  }

  @Override
  public void putKeyState(final String key, final KeyState state) {
    heads.put(key, state);
  }

  /** The buckets of the span, decoded per key: where nearly every lookup is answered. */
  private final SpanBuckets span;

  /** This task's cube partition, named in warnings. */
  private final int partition;

  private boolean warnedChurn;

  /** The days from the watermark back that {@link #span} holds. */
  private final int spanDays;

  /** The key's buckets of the span, read from the store on first use. */
  private SpanBuckets.Days spanOf(final String key, final int now) {
    final SpanBuckets.Days held = span.days(key);
    if (held != null) {
      return held;
    }
    final int from = now - spanDays;
    final int prefix = key.length() + 1;
    final List<SpanBuckets.Stored> stored = new ArrayList<>();
    try (KeyValueIterator<String, byte[]> it =
        buckets.rangeWrittenBack(key + '|' + day(from), key + '|' + day(now))) {
      while (it.hasNext()) {
        final KeyValue<String, byte[]> kv = it.next();
        stored.add(
            new SpanBuckets.Stored(
                Integer.parseInt(kv.key.substring(prefix)) - 1_000_000,
                buckets.decode(kv.key, kv.value)));
      }
    }
    final SpanBuckets.Days days = span.fill(key, stored.iterator());
    if (!warnedChurn && span.churning()) {
      warnedChurn = true;
      LOG.warn(
          "cube partition {} drops the buckets of its keys' span and reads them again, over and over: "
              + "its keys hold more than {} buckets ({}); raise it, or the heap when it is sized from it",
          partition,
          span.budget(),
          Keys.CUBE_SPAN_BUCKETS);
    }
    // Then the key's changes since the last write-back, read from the store's pending ones (the
    // objects it will write): a key dropped from the span and read again mid-commit no longer
    // writes every pending bucket back first.
    final List<Integer> changed = unflushed.get(key);
    if (changed != null) {
      for (final int d : changed) {
        if (d >= from && d <= now) {
          final Bucket b = buckets.getObject(key + '|' + day(d));
          if (b != null) {
            span.put(days, d, b, from);
          } else {
            span.remove(key, d);
          }
        }
      }
    }
    return days;
  }

  /**
   * The days of each key whose bucket changed since the buckets store last wrote back (emptied when
   * it does): what a span filled from the written-back store must read from the pending changes.
   */
  private final Map<String, List<Integer>> unflushed = new HashMap<>();

  private void changed(final String key, final int day) {
    unflushed.computeIfAbsent(key, k -> new ArrayList<>(2)).add(day);
  }

  private boolean inSpan(final int day, final int now) {
    return now != NO_DAY && day <= now && day >= now - spanDays;
  }

  /** From the span's copies of the totals where it holds the day: see {@link SpanBuckets.Days}. */
  @Override
  public boolean tally(final String key, final int day, final long[] into) {
    final int now = watermark();
    if (inSpan(day, now)) {
      return spanOf(key, now).tally(day, into);
    }
    return CubeStores.super.tally(key, day, into);
  }

  @Override
  public Bucket bucket(final String key, final int day) {
    final int now = watermark();
    if (inSpan(day, now)) {
      return spanOf(key, now).get(day);
    }
    return buckets.getObject(key + '|' + day(day));
  }

  @Override
  public boolean addToBucket(
      final String key, final int day, final String incidentId, final long[] delta) {
    bucketDays(); // read before this bucket is, which scheduleLeaving adds
    Bucket bucket = bucket(key, day);
    final boolean fresh = bucket == null;
    if (fresh) {
      bucket = new Bucket();
    }
    bucket.apply(incidentId, delta);
    putBucket(key, day, bucket);
    return fresh;
  }

  private void putBucket(final String key, final int day, final Bucket bucket) {
    final int now = watermark();
    if (inSpan(day, now)) {
      span.put(spanOf(key, now), day, bucket, now - spanDays);
    }
    buckets.put(key + '|' + day(day), bucket);
    changed(key, day);
  }

  @Override
  public void deleteBucket(final String key, final int day) {
    span.remove(key, day);
    changed(key, day);
    // Only its own last timer deletes a bucket: its day leaves the index then (BucketDays).
    buckets.delete(key + '|' + day(day));
  }

  @Override
  public long[][] tallies(final String key, final int from, final int to) {
    final long[][] out = new long[to - from + 1][];
    final int prefix = key.length() + 1;
    try (KeyValueIterator<String, byte[]> it =
        buckets.rangeIncludingPending(key + '|' + day(from), key + '|' + day(to))) {
      while (it.hasNext()) {
        final KeyValue<String, byte[]> kv = it.next();
        final int d = Integer.parseInt(kv.key.substring(prefix)) - 1_000_000;
        out[d - from] = buckets.decode(kv.key, kv.value).tally;
      }
    }
    return out;
  }

  /**
   * Timers are not stored: a bucket created on day x leaves window w on x + w, so the keys due on
   * day d are those with a bucket on d - w, found in an index of bucket days ({@link BucketDays},
   * in memory, read from the buckets when the task first needs it, after its restore).
   */
  @Override
  public void scheduleLeaving(final String key, final int day, final int now) {
    bucketDays().add(key, day, watermark());
  }

  /**
   * The index of bucket days, read from the buckets the store holds when first needed: the task's
   * state as restored (a task reads it once, when it starts).
   */
  private BucketDays bucketDays() {
    if (bucketDays != null) {
      return bucketDays;
    }
    final long started = System.nanoTime();
    final int now = watermark();
    bucketDays =
        new BucketDays(
            retentionDays < EngineConfig.UNLIMITED ? retentionDays : windows[windows.length - 1]);
    long read = 0;
    // One string per cube key, not one per bucket: a key with a bucket on most days of a year
    // would hold a copy of its name for each.
    final Map<String, String> keys = new HashMap<>();
    try (KeyValueIterator<String, byte[]> it = buckets.allIncludingPending()) {
      while (it.hasNext()) {
        final String stored = it.next().key;
        bucketDays.add(
            keys.computeIfAbsent(stored.substring(0, stored.lastIndexOf('|')), k -> k),
            bucketKeyDay(stored),
            now);
        read++;
      }
    }
    if (read > 0) {
      LOG.info(
          "cube partition {}: read {} buckets in {} ms, {} of them still due to leave a window",
          partition,
          read,
          (System.nanoTime() - started) / 1_000_000,
          bucketDays.size());
    }
    return bucketDays;
  }

  /**
   * The keys with a bucket leaving a window on {@code day}. A bucket created after the watermark
   * had passed one of its leaving days never sees that day scanned, as the watermark only moves
   * forward: the same timers as scheduling each one.
   */
  @Override
  public DueTimers takeTimers(final int day) {
    final HashMap<String, Integer> due = new HashMap<>();
    for (int i = 0; i < windows.length; i++) {
      collect(day - windows[i], 1 << i, due);
    }
    if (retentionDays < EngineConfig.UNLIMITED) {
      collect(day - retentionDays, CLEANUP, due);
    }
    bucketDays().closed(day);
    // In key order, sorted once: the order the day's records and alerts come in.
    final String[] keys = due.keySet().toArray(String[]::new);
    Arrays.sort(keys);
    final int[] masks = new int[keys.length];
    for (int k = 0; k < keys.length; k++) {
      masks[k] = due.get(keys[k]);
    }
    return new DueTimers(keys, masks);
  }

  private void collect(final int bucketDay, final int bit, final Map<String, Integer> due) {
    bucketDays().forEachKey(bucketDay, key -> due.merge(key, bit, (a, b) -> a | b));
  }

  /**
   * The open day's changed keys (read at every day close and every open-day flush), in memory. Not
   * a store of their own: a key changed in the open day is one whose head is at it (the engine sets
   * a key's day to the open day whenever it changes the key, and to an earlier day never after), so
   * a task that starts reads them from the heads. As a changelogged store the marks cost a record
   * when a key first changed in a day and a tombstone when the day closed.
   */
  private HashSet<String> dirtyKeys;

  private HashSet<String> dirtyKeys() {
    if (dirtyKeys == null) {
      dirtyKeys = new HashSet<>();
      final int open = watermark();
      try (KeyValueIterator<String, byte[]> it = heads.allIncludingPending()) {
        while (it.hasNext()) {
          final KeyValue<String, byte[]> kv = it.next();
          if (open != NO_DAY && dayOf(kv.key, kv.value) == open) {
            dirtyKeys.add(kv.key);
          }
        }
      }
    }
    return dirtyKeys;
  }

  /** A stored head's day; a head this release cannot read fails naming the store and the key. */
  private static int dayOf(final String key, final byte[] head) {
    try {
      return KeyState.dayOf(head);
    } catch (final RuntimeException e) {
      throw new IllegalStateException("store " + HEADS + ", key " + key + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void markDirty(final String key) {
    dirtyKeys().add(key);
  }

  @Override
  public List<String> dirty(final boolean clear) {
    // In key order, sorted when read (a day close, an open-day flush) rather than kept sorted
    // through every mark, several a contribution.
    final List<String> keys = new ArrayList<>(dirtyKeys());
    keys.sort(null);
    if (clear) {
      dirtyKeys.clear();
    }
    return keys;
  }

  /**
   * A day of the meta store, read for every contribution: kept here once read, the processor being
   * the store's only writer.
   */
  private final class MetaDay {
    private final String key;
    private boolean read;
    private int day; // an int, not a boxed one: read several times for every contribution

    MetaDay(final String key) {
      this.key = key;
    }

    int get() {
      if (!read) {
        final byte[] b = meta.getObject(key);
        day = b == null ? NO_DAY : CubeWatermark.decode(b);
        read = true;
      }
      return day;
    }

    void set(final int value) {
      day = value;
      read = true;
      meta.put(key, CubeWatermark.encode(value));
    }
  }

  /**
   * The tie's pending re-tests, in memory while it is applied: nearly every tie is whole within one
   * call, its re-tests done before any commit. Only one that the release budget cut across a commit
   * is written (to the meta store, at the commit), so that a task restored from it ends the tie as
   * it would have.
   */
  private final TieRetests retests = new TieRetests();

  /** Whether the meta store holds re-tests written at an earlier commit. */
  private boolean retestsWritten;

  private void readRetests() {
    final byte[] stored = meta.getObject(RETESTS);
    if (stored != null) {
      try {
        retests.restore(stored);
      } catch (final IllegalStateException e) {
        throw new IllegalStateException("cube partition " + partition + ": " + e.getMessage(), e);
      }
      retestsWritten = true;
    }
  }

  private void writeRetests() {
    if (!retests.isEmpty()) {
      meta.put(RETESTS, retests.encode());
      retestsWritten = true;
    } else if (retestsWritten) {
      meta.delete(RETESTS);
      retestsWritten = false;
    }
  }

  @Override
  public TieRetests retests() {
    return retests;
  }

  private final MetaDay watermark = new MetaDay(WATERMARK);
  private final MetaDay reportedDay = new MetaDay(REPORTED_DAY);

  @Override
  public int watermark() {
    return watermark.get();
  }

  @Override
  public void watermark(final int day) {
    if (watermark.get() == NO_DAY) {
      meta.put(SPLIT_SHARDS, new byte[] {1});
    }
    watermark.set(day);
  }

  @Override
  public int reportedDay() {
    return reportedDay.get();
  }

  @Override
  public void reportedDay(final int day) {
    reportedDay.set(day);
  }
}
