package io.surgewatch.streams.engine;

import java.nio.ByteBuffer;

/**
 * The state of one cube key: its rolling sums for every engine window as of {@link #day}, the value last emitted
 * for the still-open latest day, and the lifecycle of its alerts, one per metric. Small and fixed-size, so the hot
 * path reads and writes a few hundred bytes, never the key's history.
 */
public final class KeyHead {
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

  public KeyHead(final int windows, final int published) {
    rolling = new long[windows][Tally.SIZE];
    emitted = new long[published][Tally.SIZE];
  }

  /** Lifecycle of the alert of one metric on one key. */
  public static final class AlertState {
    public static final byte NONE = 0;
    public static final byte OPEN = 1;
    public static final byte ESCALATED = 2;
    public static final byte RESOLVED = 3;
    public static final byte WITHDRAWN = 4;
    public byte status = NONE;
    public String alertId = "";
    public int sequence;
    public byte severity;
    public int openedOn;
    /** Day of the last transition: a late report cannot open an alert before it. */
    public int lastDay = Integer.MIN_VALUE;
    /**
     * The baseline when the alert opened (its blocks' sum and sum of squares; -1 when unknown, for state written by
     * an earlier version). An open alert is tested against it, not against a baseline the surge itself fills.
     */
    public long baseSum = -1;
    public long baseSquares = -1;

    public boolean active() {
      return status == OPEN || status == ESCALATED;
    }
  }

  /**
   * The layout version: 2 added the windows sent for the open day and the opening baselines of alerts. Version 1
   * heads still decode (the upgrade test reads one that the release before version 2 wrote).
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
    for (final long[] r : rolling) {
      for (final long v : r) {
        buf.putLong(v);
      }
    }
    buf.putInt(emittedDay).putInt(sentMask).putInt(emitted.length);
    for (final long[] r : emitted) {
      for (final long v : r) {
        buf.putLong(v);
      }
    }
    for (int m = 0; m < 3; m++) {
      final AlertState a = alerts[m];
      buf.put(a.status);
      Codec.put(buf, ids[m]);
      buf.putInt(a.sequence).put(a.severity).putInt(a.openedOn).putInt(a.lastDay).putLong(a.baseSum)
          .putLong(a.baseSquares);
    }
    buf.putInt(redundant.size());
    for (int i = 0; i < redundant.size(); i++) {
      buf.putLong(redundant.get(i));
    }
    return buf.array();
  }

  public static KeyHead decode(final byte[] bytes) {
    final ByteBuffer buf = ByteBuffer.wrap(bytes);
    final int version = FORMAT.read(buf); // 1: no windows sent, no opening baselines
    final int day = buf.getInt();
    final int windows = buf.getInt();
    final long[][] rolling = new long[windows][Tally.SIZE];
    for (final long[] r : rolling) {
      for (int i = 0; i < Tally.SIZE; i++) {
        r[i] = buf.getLong();
      }
    }
    final int emittedDay = buf.getInt();
    final int sentMask = version >= 2 ? buf.getInt() : -1; // version 1 sent every window it kept
    final int published = buf.getInt();
    final KeyHead h = new KeyHead(windows, published);
    h.day = day;
    for (int w = 0; w < windows; w++) {
      h.rolling[w] = rolling[w];
    }
    h.emittedDay = emittedDay;
    h.sentMask = sentMask;
    for (final long[] r : h.emitted) {
      for (int i = 0; i < Tally.SIZE; i++) {
        r[i] = buf.getLong();
      }
    }
    for (int m = 0; m < 3; m++) {
      final AlertState a = h.alerts[m];
      a.status = buf.get();
      a.alertId = Codec.string(buf);
      a.sequence = buf.getInt();
      a.severity = buf.get();
      a.openedOn = buf.getInt();
      a.lastDay = buf.getInt();
      if (version >= 2) {
        a.baseSum = buf.getLong();
        a.baseSquares = buf.getLong();
      }
    }
    final int n = buf.getInt();
    for (int i = 0; i < n; i++) {
      h.redundant.addMark(buf.getLong());
    }
    return h;
  }
}
