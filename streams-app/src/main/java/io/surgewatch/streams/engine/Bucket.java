package io.surgewatch.streams.engine;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** One cube key's totals for one day, and its largest contributing incidents (for the alerts' evidence). */
public final class Bucket {
  static final int TOP = 5;
  public final long[] tally;
  public final List<String> topIds;
  public final List<Long> topWeights;
  /**
   * The day this bucket belongs to, for stores that index buckets by ring slot (not encoded: stores keyed by day
   * know it). Checking it on the bucket itself saves a parallel array of days, a cache miss per lookup.
   */
  int day = Integer.MIN_VALUE;

  public Bucket() {
    this(new long[Tally.SIZE], new ArrayList<>(), new ArrayList<>());
  }

  private Bucket(final long[] tally, final List<String> topIds, final List<Long> topWeights) {
    this.tally = tally;
    this.topIds = topIds;
    this.topWeights = topWeights;
  }

  /** Applies a contribution; revisions adjust (and retractions remove) the incident's weight among the top. */
  public void apply(final String incidentId, final long[] delta) {
    Tally.add(tally, delta);
    final long dw = Tally.weight(delta);
    final int at = topIds.indexOf(incidentId);
    if (at >= 0) {
      final long w = topWeights.get(at) + dw;
      if (w <= 0) {
        topIds.remove(at);
        topWeights.remove(at);
      } else {
        topWeights.set(at, w);
      }
    } else if (dw > 0) {
      topIds.add(incidentId);
      topWeights.add(dw);
    }
    // Keep the heaviest few, ties by id for determinism.
    while (topIds.size() > TOP) {
      int min = 0;
      for (int i = 1; i < topIds.size(); i++) {
        final int cmp = Long.compare(topWeights.get(i), topWeights.get(min));
        if (cmp < 0 || cmp == 0 && topIds.get(i).compareTo(topIds.get(min)) > 0) {
          min = i;
        }
      }
      topIds.remove(min);
      topWeights.remove(min);
    }
  }


  public byte[] encode() {
    final List<byte[]> ids = new ArrayList<>();
    int size = 1 + Tally.SIZE * 8 + 4;
    for (final String id : topIds) {
      final byte[] b = Codec.utf8(id);
      ids.add(b);
      size += 4 + b.length + 8;
    }
    final ByteBuffer buf = ByteBuffer.allocate(size);
    buf.put(Codec.VERSION);
    for (final long v : tally) {
      buf.putLong(v);
    }
    buf.putInt(ids.size());
    for (int i = 0; i < ids.size(); i++) {
      Codec.put(buf, ids.get(i));
      buf.putLong(topWeights.get(i));
    }
    return buf.array();
  }

  public static Bucket decode(final byte[] bytes) {
    final ByteBuffer buf = ByteBuffer.wrap(bytes);
    Codec.checkVersion(buf.get());
    final long[] tally = new long[Tally.SIZE];
    for (int i = 0; i < Tally.SIZE; i++) {
      tally[i] = buf.getLong();
    }
    final int n = buf.getInt();
    final List<String> ids = new ArrayList<>(n);
    final List<Long> weights = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      ids.add(Codec.string(buf));
      weights.add(buf.getLong());
    }
    return new Bucket(tally, ids, weights);
  }
}
