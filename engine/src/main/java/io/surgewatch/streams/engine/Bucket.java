package io.surgewatch.streams.engine;

import java.nio.ByteBuffer;

/** One cube key's totals for one day, and its largest contributing incidents (for the alerts' evidence). */
public final class Bucket {
  /** Version 1 is the layout every release so far wrote. */
  static final StoredFormat FORMAT = new StoredFormat("bucket", 1);
  public final long[] tally;
  public final TopIncidents top;
  public Bucket() {
    this(new long[Tally.SIZE], new TopIncidents());
  }

  Bucket(final long[] tally, final TopIncidents top) {
    this.tally = tally;
    this.top = top;
  }

  /** Applies a contribution; revisions adjust (and retractions remove) the incident's weight among the top. */
  public void apply(final String incidentId, final long[] delta) {
    Tally.add(tally, delta);
    top.apply(incidentId, Tally.weight(delta));
  }

  public byte[] encode() {
    final byte[][] ids = new byte[top.size()][];
    int size = 1 + Tally.SIZE * 8 + 4;
    for (int i = 0; i < ids.length; i++) {
      ids[i] = Codec.utf8(top.id(i));
      size += 4 + ids[i].length + 8;
    }
    final ByteBuffer buf = ByteBuffer.allocate(size);
    buf.put(FORMAT.current());
    for (final long v : tally) {
      buf.putLong(v);
    }
    buf.putInt(ids.length);
    for (int i = 0; i < ids.length; i++) {
      Codec.put(buf, ids[i]);
      buf.putLong(top.weight(i));
    }
    return buf.array();
  }

  public static Bucket decode(final byte[] bytes) {
    final ByteBuffer buf = ByteBuffer.wrap(bytes);
    FORMAT.read(buf);
    final long[] tally = new long[Tally.SIZE];
    for (int i = 0; i < Tally.SIZE; i++) {
      tally[i] = buf.getLong();
    }
    final int n = buf.getInt();
    final TopIncidents top = new TopIncidents();
    for (int i = 0; i < n; i++) {
      top.append(Codec.string(buf), buf.getLong());
    }
    return new Bucket(tally, top);
  }
}
