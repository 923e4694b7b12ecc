package io.surgewatch.engine;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The alert re-tests a tie has pending until it is whole ({@link CubeEngine#endTie}): each key the
 * tie changed inside the grace, with the earliest day to re-test, and the tie's arrival-order time.
 * Held in memory; the streams app writes it to the cube's state only when a commit falls inside a
 * tie ({@link #encode}), which the arrival order's release budget rarely makes happen.
 */
public final class TieRetests {
  /** The layout of {@link #encode}: this byte, the tie's time, then each key and day. */
  private static final byte VERSION = 1;

  private final TreeMap<String, Integer> due = new TreeMap<>();
  private long time;

  /** Re-tests {@code key} from {@code day} when the tie of {@code tieTime} is whole. */
  public void add(final String key, final int day, final long tieTime) {
    if (due.isEmpty()) {
      time = tieTime;
    }
    due.merge(key, day, Math::min);
  }

  public boolean isEmpty() {
    return due.isEmpty();
  }

  /** The arrival-order time of the tie whose re-tests are pending. */
  public long time() {
    return time;
  }

  /** The keys to re-test and their first days, in key order; none are pending after. */
  public SortedMap<String, Integer> take() {
    final SortedMap<String, Integer> out = new TreeMap<>(due);
    due.clear();
    return out;
  }

  public byte[] encode() {
    final List<byte[]> keys = new ArrayList<>(due.size());
    int size = 1 + Long.BYTES + Integer.BYTES;
    for (final String key : due.keySet()) {
      final byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
      keys.add(bytes);
      size += 2 * Integer.BYTES + bytes.length;
    }
    final ByteBuffer out = ByteBuffer.allocate(size).put(VERSION).putLong(time).putInt(due.size());
    int i = 0;
    for (final int day : due.values()) {
      out.putInt(keys.get(i).length).put(keys.get(i++)).putInt(day);
    }
    return out.array();
  }

  /**
   * Replaces what is pending with what {@link #encode} wrote.
   *
   * @throws IllegalStateException for a layout of a newer release
   */
  public void restore(final byte[] stored) {
    final ByteBuffer in = ByteBuffer.wrap(stored);
    final byte version = in.get();
    if (version != VERSION) {
      throw new IllegalStateException(
          "a tie's pending alert re-tests are stored in a layout this release does not read"
              + " (version "
              + version
              + "): they were written by a newer release; run that release again");
    }
    due.clear();
    time = in.getLong();
    final int n = in.getInt();
    for (int i = 0; i < n; i++) {
      final byte[] key = new byte[in.getInt()];
      in.get(key);
      due.put(new String(key, StandardCharsets.UTF_8), in.getInt());
    }
  }

  /** For tests: what is pending, as {@code time {key=day, ...}}. */
  @Override
  public String toString() {
    return time + " " + due;
  }
}
