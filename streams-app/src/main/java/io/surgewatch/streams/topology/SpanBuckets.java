package io.surgewatch.streams.topology;

import io.surgewatch.engine.Bucket;
import io.surgewatch.engine.Tally;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The cube keys' buckets of the recent span (the longest window and the grace back from the
 * watermark), decoded and held per key in day order, for the bucket lookups of a cube task.
 *
 * <p>Nearly every lookup the engine makes is for a day in that span: the day a bucket leaves a
 * window, the open day, the past days of a report inside the grace. Through the buckets store each
 * one composed a store key ("key|day"), looked it up in two hash maps of tens of thousands of
 * entries and, when evicted, read RocksDB: a fifth of the cube stage's time in a profile of {@code
 * bench}. Here it is one lookup on the cube key (its hash cached in the string) and a bit of that
 * key's bitmap of days ({@link Days}), and most lookups, for days without a bucket, end there.
 *
 * <p>A key's entry is complete or absent: it is filled from the store with every bucket of the span
 * when first asked for, then kept in step by every write (the objects are the ones the store writes
 * back, so a bucket changed through one is changed in both). Memory is bounded by a budget of
 * buckets: past it keys not used lately are dropped whole (the clock, {@link #evict}) and filled
 * again when next asked for. Nothing here is state of its own: a revived task builds a new one.
 */
final class SpanBuckets {
  /**
   * One key's buckets in the span, by day ascending, and a copy of their totals side by side: walks
   * and timers read only totals, several a contribution, and through the buckets each read was two
   * more objects scattered over the heap (the bucket, its totals) where the copies of a key's days
   * lie next to each other. The copy is taken whenever a day's bucket is put here: when the key is
   * filled, and at every {@link SpanBuckets#put}, which follows every change of a bucket of the
   * span (the store's {@code addToBucket}; buckets older than the span are never read from here).
   *
   * <p>Which days have a bucket is a bitmap, a bit a day, and a day's place among the buckets is
   * the count of bits before it. A busy key holds a bucket for most of the span's 400-odd days, and
   * a binary search of their days read four or five cache lines of them with a mispredicted branch
   * at each step: 6% of the stream threads' samples in a profile of {@code bench}, the largest self
   * time after the hash maps. The bitmap of a whole span is one cache line, and its count is the
   * same few instructions whether the day has a bucket or not.
   */
  static final class Days {
    /** Asked for since the eviction's last pass (the clock's reference bit). */
    private boolean used;

    /**
     * Bit {@code day & 63} of word {@code (day >> 6) - firstWord} is set when the day has a bucket;
     * the words cover the held days, and grow at either end as days outside them are put. Writes
     * drop the days before the span first, so a key's words cover at most the span: seven or eight
     * for the default windows and grace.
     */
    private long[] present = new long[1];

    private int firstWord;

    private Bucket[] buckets = new Bucket[2];

    /** Bucket i's totals at {@code i * Tally.SIZE}. */
    private long[] tallies = new long[2 * Tally.SIZE];

    private int size;

    /**
     * The day's index among the buckets when it has one, else {@code -(insertion point) - 1}, as
     * {@link Arrays#binarySearch} answers.
     */
    private int indexOf(final int day) {
      final int w = (day >> 6) - firstWord;
      if (w < 0) {
        return -1;
      }
      if (w >= present.length) {
        return -size - 1;
      }
      int rank = 0;
      for (int i = 0; i < w; i++) {
        rank += Long.bitCount(present[i]);
      }
      final long word = present[w];
      final long bit = 1L << day; // the shift takes the day's low six bits
      rank += Long.bitCount(word & (bit - 1));
      return (word & bit) != 0 ? rank : -rank - 1;
    }

    Bucket get(final int day) {
      final int i = indexOf(day);
      return i >= 0 ? buckets[i] : null;
    }

    /**
     * Copies the day's totals, as its bucket had them when last put, into {@code into}: false when
     * the key has no bucket that day.
     */
    boolean tally(final int day, final long[] into) {
      final int i = indexOf(day);
      if (i < 0) {
        return false;
      }
      System.arraycopy(tallies, i * Tally.SIZE, into, 0, Tally.SIZE);
      return true;
    }

    /** Sets the day's bucket: 1 when the day is new here, else 0. */
    int put(final int day, final Bucket bucket) {
      if (size == 0) {
        Arrays.fill(present, 0L);
        firstWord = day >> 6;
      } else {
        cover(day);
      }
      int i = indexOf(day);
      if (i >= 0) {
        buckets[i] = bucket;
        System.arraycopy(bucket.tally, 0, tallies, i * Tally.SIZE, Tally.SIZE);
        return 0;
      }
      i = -i - 1;
      if (size == buckets.length) {
        buckets = Arrays.copyOf(buckets, size * 2);
        tallies = Arrays.copyOf(tallies, size * 2 * Tally.SIZE);
      }
      System.arraycopy(buckets, i, buckets, i + 1, size - i);
      System.arraycopy(
          tallies, i * Tally.SIZE, tallies, (i + 1) * Tally.SIZE, (size - i) * Tally.SIZE);
      present[(day >> 6) - firstWord] |= 1L << day;
      buckets[i] = bucket;
      System.arraycopy(bucket.tally, 0, tallies, i * Tally.SIZE, Tally.SIZE);
      size++;
      return 1;
    }

    /** Widens the bitmap to the day's word. */
    private void cover(final int day) {
      final int w = (day >> 6) - firstWord;
      if (w < 0) {
        final long[] wider = new long[present.length - w];
        System.arraycopy(present, 0, wider, -w, present.length);
        present = wider;
        firstWord += w;
      } else if (w >= present.length) {
        present = Arrays.copyOf(present, w + 1);
      }
    }

    /** Forgets the day's bucket: 1 when it was here, else 0. */
    int remove(final int day) {
      final int i = indexOf(day);
      if (i < 0) {
        return 0;
      }
      System.arraycopy(buckets, i + 1, buckets, i, size - i - 1);
      System.arraycopy(
          tallies, (i + 1) * Tally.SIZE, tallies, i * Tally.SIZE, (size - i - 1) * Tally.SIZE);
      buckets[--size] = null;
      present[(day >> 6) - firstWord] &= ~(1L << day);
      return 1;
    }

    /** Forgets the days before {@code from} (left behind by the span): how many. */
    int dropBefore(final int from) {
      final int w = (from >> 6) - firstWord; // the word of the span's first day
      if (size == 0 || w < 0 || (w == 0 && (present[0] & ((1L << from) - 1)) == 0)) {
        return 0; // nothing before it, as on nearly every write
      }
      final int at = indexOf(from);
      final int i = at >= 0 ? at : -at - 1; // the buckets before it
      // The words before the span's first day's go; in that word, the bits before it.
      final int gone = Math.min(w, present.length);
      System.arraycopy(present, gone, present, 0, present.length - gone);
      Arrays.fill(present, present.length - gone, present.length, 0L);
      firstWord += gone;
      if (w == gone) {
        present[0] &= -(1L << from);
      }
      System.arraycopy(buckets, i, buckets, 0, size - i);
      System.arraycopy(tallies, i * Tally.SIZE, tallies, 0, (size - i) * Tally.SIZE);
      Arrays.fill(buckets, size - i, size, null);
      size -= i;
      return i;
    }

    int size() {
      return size;
    }
  }

  /** A bucket of a key's span as the store holds it, for {@link #fill}. */
  record Stored(int day, Bucket bucket) {}

  /**
   * What a held bucket costs in memory, about (the object, its tally, its top incidents, the copy
   * of its tally).
   */
  static final int BYTES_PER_BUCKET = 480;

  private final int budget;

  /**
   * The keys held, oldest first, evicted by the clock (second chance): a key used since it was last
   * passed goes to the back instead. An LRU in access order relinked the entry on every lookup,
   * several a contribution, for an eviction that runs only past the budget.
   */
  private final LinkedHashMap<String, Days> keys = new LinkedHashMap<>(1024);

  /** The key asked for last and its days: the engine asks for one key's days several times over. */
  private String lastKey;

  private Days lastDays;
  private int held;

  /** The keys dropped lately, to tell a key read again after it was dropped from a first read. */
  private final LinkedHashMap<String, Boolean> droppedLately =
      new LinkedHashMap<>(1024) {
        @Override
        protected boolean removeEldestEntry(final Map.Entry<String, Boolean> eldest) {
          return size() > DROPPED_REMEMBERED;
        }
      };

  private static final int DROPPED_REMEMBERED = 65_536;

  /** Buckets read in the current window of ten budgets, and of those how many had been dropped. */
  private long filled;

  private long refilled;
  private boolean churning;

  /**
   * @param budget the most buckets held; keys not used lately are dropped past it
   */
  SpanBuckets(final int budget) {
    this.budget = budget;
  }

  /**
   * The budget of {@code cube.span-buckets}: as configured, or for 0 an eighth of {@code maxHeap}
   * shared by the cube's partitions. A fixed default of 50,000 was too small for the contract's
   * million-report bench, whose busiest task holds about 80,000: keys were dropped and read again
   * on nearly every report, and the run took three times as long.
   */
  static int budget(final int configured, final int cubePartitions, final long maxHeap) {
    if (configured > 0) {
      return configured;
    }
    final long share = maxHeap / 8 / BYTES_PER_BUCKET / Math.max(1, cubePartitions);
    return (int) Math.max(10_000, Math.min(Integer.MAX_VALUE, share));
  }

  int budget() {
    return budget;
  }

  /**
   * Whether, over the last window of ten budgets of buckets read, most were of keys dropped lately:
   * the keys in use hold more buckets than the budget, and lookups read the store again and again.
   * Keys read once and dropped cold do not count.
   */
  boolean churning() {
    return churning;
  }

  /** The key's days, or null when not held (fill them from the store). */
  Days days(final String key) {
    if (key == lastKey) { // one instance per key: identity is enough, and cheaper
      lastDays.used = true;
      return lastDays;
    }
    final Days d = keys.get(key);
    if (d != null) {
      d.used = true;
      lastKey = key;
      lastDays = d;
    }
    return d;
  }

  /** Holds the key's buckets of the span, read from the store, all of them. */
  Days fill(final String key, final Iterator<Stored> stored) {
    final Days d = new Days();
    while (stored.hasNext()) {
      final Stored s = stored.next();
      d.put(s.day(), s.bucket());
    }
    keys.put(key, d);
    held += d.size();
    filled += d.size();
    if (droppedLately.remove(key) != null) {
      refilled += d.size();
    }
    if (filled >= 10L * budget) {
      churning = 2 * refilled > filled;
      filled = 0;
      refilled = 0;
    }
    evict(d);
    return d;
  }

  /** Sets a held key's bucket of a day; {@code from} is the span's first day. */
  void put(final Days d, final int day, final Bucket bucket, final int from) {
    final int dropped = d.dropBefore(from); // first: the bitmap then covers the span only
    held += d.put(day, bucket) - dropped;
    evict(d);
  }

  void remove(final String key, final int day) {
    final Days d = keys.get(key);
    if (d != null) {
      held -= d.remove(day);
    }
  }

  /**
   * Drops keys not used lately, never {@code keep}, while over the budget: the oldest first, a key
   * used since it was last passed (or {@code keep}) going to the back once instead.
   */
  private void evict(final Days keep) {
    for (int passes = 2 * keys.size(); held > budget && passes > 0; passes--) {
      final Map.Entry<String, Days> oldest = keys.entrySet().iterator().next();
      final String key = oldest.getKey();
      final Days d = oldest.getValue();
      keys.remove(key);
      if (d == keep || d.used) {
        d.used = false;
        keys.put(key, d);
      } else {
        held -= d.size();
        droppedLately.put(key, Boolean.TRUE);
        if (d == lastDays) {
          lastKey = null;
          lastDays = null;
        }
      }
    }
  }

  /** Buckets held (for tests). */
  int held() {
    return held;
  }
}
