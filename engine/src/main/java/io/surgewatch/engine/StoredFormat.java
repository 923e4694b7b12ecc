package io.surgewatch.engine;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The format version that starts every stored value of a hand-written layout. State outlives the
 * release that wrote it (a changelog is restored by the next one), so a decoder keeps a branch for
 * every version ever written, and one that meets a version it does not know (a value from a newer
 * release, after a rollback) stops with what it is and which versions it reads, instead of
 * misreading the bytes after it.
 *
 * <p>Changing a layout: write {@code current + 1}, keep decoding the versions before it, and add a
 * value written by the old layout to the upgrade fixtures (README, "Upgrades and stored state").
 */
public final class StoredFormat {
  private final String value;
  private final byte current;
  private final int[] readable;

  /**
   * @param value what the values are (a key head, a bucket), for the message
   * @param current the version this release writes
   * @param older the versions written before it, all still read
   */
  public StoredFormat(final String value, final int current, final int... older) {
    this.value = value;
    this.current = (byte) current;
    this.readable = Arrays.copyOf(older, older.length + 1);
    this.readable[older.length] = current;
    Arrays.sort(this.readable);
  }

  /** The version this release writes: the first byte of every value it stores. */
  public byte current() {
    return current;
  }

  /**
   * Reads the version byte at the buffer's position; fails unless this release reads that version.
   */
  public int read(final ByteBuffer buf) {
    final int version = buf.get() & 0xff;
    if (Arrays.binarySearch(readable, version) < 0) {
      throw new IllegalStateException(
          "a "
              + value
              + " stored with format version "
              + version
              + ", which this release"
              + " does not read (it reads "
              + Arrays.stream(readable).mapToObj(String::valueOf).collect(Collectors.joining(", "))
              + "): state written by a newer release? Run that release, or reset the application's state");
    }
    return version;
  }
}
