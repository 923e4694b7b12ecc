package io.surgewatch.engine;

import java.nio.ByteBuffer;

/**
 * The state of one cube key: its rolling sums for every engine window as of {@link #day}, the value
 * last emitted for the still-open latest day, and the lifecycle of its alerts, one per metric.
 * Small and fixed-size, so the hot path reads and writes a few hundred bytes, never the key's
 * history (that is in the daily {@link Bucket}s). Stored in the {@code cube-heads} store (the name
 * it had as "the key's head"; store names stay as they are).
 */
public final class KeyState {
  public int day;
  public final long[][] rolling;
  public int emittedDay = Integer.MIN_VALUE;
  public final long[][] emitted;

  /**
   * Published windows (bit by index) whose record for {@link #emittedDay} was sent; the others show
   * the day before.
   */
  public int sentMask;

  public final AlertState[] alerts = {new AlertState(), new AlertState(), new AlertState()};

  /**
   * Days that carry a record equal to the day before (published window index and day): an open-day
   * flush or a late correction can leave one. A later change of that day must overwrite it, so it
   * has to be known. Rare and pruned.
   */
  public final RepeatMarks redundant = new RepeatMarks();

  public KeyState(final int windows, final int published) {
    this(new long[windows][Tally.SIZE], published);
  }

  private KeyState(final long[][] rolling, final int published) {
    this.rolling = rolling;
    this.emitted = new long[published][Tally.SIZE];
  }

  /**
   * The layout version: 2 added the windows sent for the open day and the opening baselines of
   * alerts; 3 writes every number as a variable-length integer ({@link Varints}: about a fifth of
   * the bytes). Heads of versions 1 and 2 still decode (the upgrade test reads what the releases
   * before wrote). Messages call it a key head, as they always have.
   */
  static final StoredFormat FORMAT = new StoredFormat("key head", 3, 1, 2);

  public byte[] encode() {
    final byte[][] ids = new byte[3][];
    int size =
        1
            + 3 * Varints.MAX_INT
            + (rolling.length + emitted.length) * Tally.SIZE * Varints.MAX_LONG
            + 3 * Varints.MAX_INT
            + Varints.MAX_INT
            + redundant.size() * Varints.MAX_LONG;
    for (int m = 0; m < 3; m++) {
      ids[m] = Codec.utf8(alerts[m].alertId);
      size += 1 + Varints.MAX_INT + ids[m].length + 4 * Varints.MAX_INT + 1 + 2 * Varints.MAX_LONG;
    }
    final ByteBuffer buf = ByteBuffer.allocate(size);
    buf.put(FORMAT.current());
    Varints.putInt(buf, day);
    Varints.putInt(buf, rolling.length);
    for (final long[] sums : rolling) {
      for (final long v : sums) {
        Varints.putLong(buf, v);
      }
    }
    Varints.putInt(buf, emittedDay);
    Varints.putInt(buf, sentMask);
    Varints.putInt(buf, emitted.length);
    for (final long[] sums : emitted) {
      for (final long v : sums) {
        Varints.putLong(buf, v);
      }
    }
    for (int m = 0; m < 3; m++) {
      final AlertState alert = alerts[m];
      buf.put(alert.status);
      Varints.putString(buf, ids[m]);
      Varints.putInt(buf, alert.sequence);
      buf.put(alert.severity);
      Varints.putInt(buf, alert.openedOn);
      Varints.putInt(buf, alert.lastDay);
      Varints.putLong(buf, alert.baseSum);
      Varints.putLong(buf, alert.baseSquares);
    }
    Varints.putInt(buf, redundant.size());
    for (int i = 0; i < redundant.size(); i++) {
      Varints.putLong(buf, redundant.get(i));
    }
    return Varints.written(buf);
  }

  /**
   * Layout 2, fixed-width numbers: what releases before layout 3 read (setting {@code
   * cube.state-layout=fixed}, for a rolling upgrade from one of them).
   */
  public byte[] encodeFixed() {
    int size =
        1 + 4 + 4 + rolling.length * Tally.SIZE * 8 + 4 + 4 + 4 + emitted.length * Tally.SIZE * 8;
    final byte[][] ids = new byte[3][];
    for (int m = 0; m < 3; m++) {
      ids[m] = Codec.utf8(alerts[m].alertId);
      size += 1 + 4 + ids[m].length + 4 + 1 + 4 + 4 + 8 + 8;
    }
    size += 4 + 8 * redundant.size();
    final ByteBuffer buf = ByteBuffer.allocate(size);
    buf.put((byte) 2).putInt(day).putInt(rolling.length);
    for (final long[] sums : rolling) {
      for (final long v : sums) {
        buf.putLong(v);
      }
    }
    buf.putInt(emittedDay).putInt(sentMask).putInt(emitted.length);
    for (final long[] sums : emitted) {
      for (final long v : sums) {
        buf.putLong(v);
      }
    }
    for (int m = 0; m < 3; m++) {
      final AlertState alert = alerts[m];
      buf.put(alert.status);
      Codec.put(buf, ids[m]);
      buf.putInt(alert.sequence)
          .put(alert.severity)
          .putInt(alert.openedOn)
          .putInt(alert.lastDay)
          .putLong(alert.baseSum)
          .putLong(alert.baseSquares);
    }
    buf.putInt(redundant.size());
    for (int i = 0; i < redundant.size(); i++) {
      buf.putLong(redundant.get(i));
    }
    return buf.array();
  }

  /**
   * The day of an encoded head, read without decoding the rest: a cube task that starts reads every
   * head's.
   */
  public static int dayOf(final byte[] bytes) {
    final ByteBuffer buf = ByteBuffer.wrap(bytes);
    return FORMAT.read(buf) >= 3 ? Varints.getInt(buf) : buf.getInt();
  }

  public static KeyState decode(final byte[] bytes) {
    final ByteBuffer buf = ByteBuffer.wrap(bytes);
    final int version = FORMAT.read(buf);
    return version >= 3 ? decodeCompact(buf) : decodeFixed(buf, version);
  }

  private static KeyState decodeCompact(final ByteBuffer buf) {
    final int day = Varints.getInt(buf);
    final long[][] rolling = new long[Varints.getCount(buf, Tally.SIZE)][Tally.SIZE];
    for (final long[] sums : rolling) {
      for (int i = 0; i < Tally.SIZE; i++) {
        sums[i] = Varints.getLong(buf);
      }
    }
    final int emittedDay = Varints.getInt(buf);
    final int sentMask = Varints.getInt(buf);
    final KeyState state = new KeyState(rolling, Varints.getCount(buf, Tally.SIZE));
    state.day = day;
    state.emittedDay = emittedDay;
    state.sentMask = sentMask;
    for (final long[] sums : state.emitted) {
      for (int i = 0; i < Tally.SIZE; i++) {
        sums[i] = Varints.getLong(buf);
      }
    }
    for (int m = 0; m < 3; m++) {
      final AlertState alert = state.alerts[m];
      alert.status = buf.get();
      alert.alertId = Varints.getString(buf);
      alert.sequence = Varints.getInt(buf);
      alert.severity = buf.get();
      alert.openedOn = Varints.getInt(buf);
      alert.lastDay = Varints.getInt(buf);
      alert.baseSum = Varints.getLong(buf);
      alert.baseSquares = Varints.getLong(buf);
    }
    final int n = Varints.getCount(buf, 1);
    for (int i = 0; i < n; i++) {
      state.redundant.addMark(Varints.getLong(buf));
    }
    return state;
  }

  /**
   * Versions 1 and 2: fixed-width big-endian numbers; 1 had no windows sent and no opening
   * baselines.
   */
  private static KeyState decodeFixed(final ByteBuffer buf, final int version) {
    final int day = buf.getInt();
    final long[][] rolling = new long[buf.getInt()][Tally.SIZE];
    for (final long[] sums : rolling) {
      for (int i = 0; i < Tally.SIZE; i++) {
        sums[i] = buf.getLong();
      }
    }
    final int emittedDay = buf.getInt();
    final int sentMask = version >= 2 ? buf.getInt() : -1; // version 1 sent every window it kept
    final KeyState state = new KeyState(rolling, buf.getInt());
    state.day = day;
    state.emittedDay = emittedDay;
    state.sentMask = sentMask;
    for (final long[] sums : state.emitted) {
      for (int i = 0; i < Tally.SIZE; i++) {
        sums[i] = buf.getLong();
      }
    }
    for (int m = 0; m < 3; m++) {
      final AlertState alert = state.alerts[m];
      alert.status = buf.get();
      alert.alertId = Codec.string(buf);
      alert.sequence = buf.getInt();
      alert.severity = buf.get();
      alert.openedOn = buf.getInt();
      alert.lastDay = buf.getInt();
      if (version >= 2) {
        alert.baseSum = buf.getLong();
        alert.baseSquares = buf.getLong();
      }
    }
    final int n = buf.getInt();
    for (int i = 0; i < n; i++) {
      state.redundant.addMark(buf.getLong());
    }
    return state;
  }
}
