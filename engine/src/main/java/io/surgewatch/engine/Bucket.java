package io.surgewatch.engine;

import java.nio.ByteBuffer;

/**
 * One cube key's totals for one day, and its largest contributing incidents (for the alerts'
 * evidence).
 */
public final class Bucket {
  /**
   * Version 2 writes the numbers as variable-length integers ({@link Varints}); version 1 (fixed
   * width) still reads.
   */
  static final StoredFormat FORMAT = new StoredFormat("bucket", 2, 1);

  public final long[] tally;
  public final TopIncidents top;

  public Bucket() {
    this(new long[Tally.SIZE], new TopIncidents());
  }

  Bucket(final long[] tally, final TopIncidents top) {
    this.tally = tally;
    this.top = top;
  }

  /**
   * Applies a contribution; revisions adjust (and retractions remove) the incident's weight among
   * the top.
   */
  public void apply(final String incidentId, final long[] delta) {
    Tally.add(tally, delta);
    top.apply(incidentId, Tally.weight(delta));
  }

  public byte[] encode() {
    final byte[][] ids = new byte[top.size()][];
    int size = 1 + Tally.SIZE * Varints.MAX_LONG + Varints.MAX_INT;
    for (int i = 0; i < ids.length; i++) {
      ids[i] = Codec.utf8(top.id(i));
      size += Varints.MAX_INT + ids[i].length + Varints.MAX_LONG;
    }
    final ByteBuffer buf = ByteBuffer.allocate(size);
    buf.put(FORMAT.current());
    for (final long v : tally) {
      Varints.putLong(buf, v);
    }
    Varints.putInt(buf, ids.length);
    for (int i = 0; i < ids.length; i++) {
      Varints.putString(buf, ids[i]);
      Varints.putLong(buf, top.weight(i));
    }
    return Varints.written(buf);
  }

  /**
   * Layout 1, fixed-width numbers: what releases before layout 2 read (see {@link
   * KeyState#encodeFixed}).
   */
  public byte[] encodeFixed() {
    final byte[][] ids = new byte[top.size()][];
    int size = 1 + Tally.SIZE * 8 + 4;
    for (int i = 0; i < ids.length; i++) {
      ids[i] = Codec.utf8(top.id(i));
      size += 4 + ids[i].length + 8;
    }
    final ByteBuffer buf = ByteBuffer.allocate(size);
    buf.put((byte) 1);
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
    final boolean fixed = FORMAT.read(buf) == 1;
    final long[] tally = new long[Tally.SIZE];
    for (int i = 0; i < Tally.SIZE; i++) {
      tally[i] = fixed ? buf.getLong() : Varints.getLong(buf);
    }
    final int n = fixed ? buf.getInt() : Varints.getCount(buf, 2);
    final TopIncidents top = new TopIncidents();
    for (int i = 0; i < n; i++) {
      final String id = fixed ? Codec.string(buf) : Varints.getString(buf);
      top.append(id, fixed ? buf.getLong() : Varints.getLong(buf));
    }
    return new Bucket(tally, top);
  }
}
