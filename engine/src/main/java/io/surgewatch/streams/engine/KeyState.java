package io.surgewatch.streams.engine;

import java.nio.ByteBuffer;

/**
 * The state of one cube key: its rolling sums for every engine window as of {@link #day}, the value last emitted
 * for the still-open latest day, and the lifecycle of its alerts, one per metric. Small and fixed-size, so the hot
 * path reads and writes a few hundred bytes, never the key's history (that is in the daily {@link Bucket}s). Stored
 * in the {@code cube-heads} store (the name it had as "the key's head"; store names stay as they are).
 */
public final class KeyState {
  public int day;
  public final long[][] rolling;
  public int emittedDay = Integer.MIN_VALUE;
  public final long[][] emitted;
  /** Published windows (bit by index) whose record for {@link #emittedDay} was sent; the others show the day before. */
  public int sentMask;
  public final AlertState[] alerts = {new AlertState(), new AlertState(), new AlertState()};
  /**
   * Days that carry a record equal to the day before (published window index and day): an open-day flush or a late
   * correction can leave one. A later change of that day must overwrite it, so it has to be known. Rare and pruned.
   */
  public final RepeatMarks redundant = new RepeatMarks();

  public KeyState(final int windows, final int published) {
    rolling = new long[windows][Tally.SIZE];
    emitted = new long[published][Tally.SIZE];
  }

  /**
   * The layout version: 2 added the windows sent for the open day and the opening baselines of alerts. Version 1
   * heads still decode (the upgrade test reads one that the release before version 2 wrote). Messages call it a key
   * head, as they always have.
   */
  static final StoredFormat FORMAT = new StoredFormat("key head", 2, 1);

  public byte[] encode() {
    int size = 1 + 4 + 4 + rolling.length * Tally.SIZE * 8 + 4 + 4 + 4 + emitted.length * Tally.SIZE * 8;
    final byte[][] ids = new byte[3][];
    for (int m = 0; m < 3; m++) {
      ids[m] = Codec.utf8(alerts[m].alertId);
      size += 1 + 4 + ids[m].length + 4 + 1 + 4 + 4 + 8 + 8;
    }
    size += 4 + 8 * redundant.size();
    final ByteBuffer buf = ByteBuffer.allocate(size);
    buf.put(FORMAT.current()).putInt(day).putInt(rolling.length);
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
      buf.putInt(alert.sequence).put(alert.severity).putInt(alert.openedOn).putInt(alert.lastDay).putLong(alert.baseSum)
          .putLong(alert.baseSquares);
    }
    buf.putInt(redundant.size());
    for (int i = 0; i < redundant.size(); i++) {
      buf.putLong(redundant.get(i));
    }
    return buf.array();
  }

  public static KeyState decode(final byte[] bytes) {
    final ByteBuffer buf = ByteBuffer.wrap(bytes);
    final int version = FORMAT.read(buf); // 1: no windows sent, no opening baselines
    final int day = buf.getInt();
    final int windows = buf.getInt();
    final long[][] rolling = new long[windows][Tally.SIZE];
    for (final long[] sums : rolling) {
      for (int i = 0; i < Tally.SIZE; i++) {
        sums[i] = buf.getLong();
      }
    }
    final int emittedDay = buf.getInt();
    final int sentMask = version >= 2 ? buf.getInt() : -1; // version 1 sent every window it kept
    final int published = buf.getInt();
    final KeyState state = new KeyState(windows, published);
    state.day = day;
    for (int w = 0; w < windows; w++) {
      state.rolling[w] = rolling[w];
    }
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
