package io.surgewatch.engine;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Zig-zag variable-length integers (Protocol Buffers' and Avro's encoding: 7 bits a byte, the sign
 * folded into the lowest bit), for the cube's stored values. Their figures are mostly small counts
 * and zeros: a key head of fixed eight-byte longs was about a kilobyte, most of it zero bytes,
 * written to RocksDB and its changelog for every key a commit touches. Written here because the
 * engine has no Kafka or Avro on its classpath (both have the same code).
 */
final class Varints {
  /** The most bytes one long takes. */
  static final int MAX_LONG = 10;

  /** The most bytes one int takes. */
  static final int MAX_INT = 5;

  private Varints() {}

  static void putLong(final ByteBuffer buf, final long value) {
    long v = (value << 1) ^ (value >> 63);
    while ((v & ~0x7FL) != 0) {
      buf.put((byte) ((v & 0x7F) | 0x80));
      v >>>= 7;
    }
    buf.put((byte) v);
  }

  static long getLong(final ByteBuffer buf) {
    long raw = 0;
    for (int shift = 0; ; shift += 7) {
      if (shift > 63) {
        throw new IllegalStateException(
            "a variable-length integer longer than ten bytes: corrupt stored value");
      }
      final byte b = buf.get();
      if (shift == 63 && (b & 0x7E) != 0) {
        throw new IllegalStateException(
            "a variable-length integer beyond 64 bits: corrupt stored value");
      }
      raw |= (long) (b & 0x7F) << shift;
      if (b >= 0) {
        return (raw >>> 1) ^ -(raw & 1);
      }
    }
  }

  static void putInt(final ByteBuffer buf, final int value) {
    putLong(buf, value);
  }

  static int getInt(final ByteBuffer buf) {
    final long v = getLong(buf);
    if (v != (int) v) {
      throw new IllegalStateException("a stored int out of range: " + v + ": corrupt stored value");
    }
    return (int) v;
  }

  /**
   * A count of what follows, each element at least {@code minBytes} long: checked against the bytes
   * left, so a corrupt count fails here, naming itself, not as an allocation of gigabytes.
   */
  static int getCount(final ByteBuffer buf, final int minBytes) {
    final int n = getInt(buf);
    if (n < 0 || (long) n * minBytes > buf.remaining()) {
      throw new IllegalStateException(
          "a stored count of "
              + n
              + " with "
              + buf.remaining()
              + " bytes left: corrupt stored value");
    }
    return n;
  }

  /** A string as its UTF-8 length and bytes (null as empty, as {@link Codec#utf8} does). */
  static void putString(final ByteBuffer buf, final byte[] utf8) {
    putInt(buf, utf8.length);
    buf.put(utf8);
  }

  static String getString(final ByteBuffer buf) {
    final int n = getCount(buf, 1);
    final String s =
        new String(buf.array(), buf.arrayOffset() + buf.position(), n, StandardCharsets.UTF_8);
    buf.position(buf.position() + n);
    return s;
  }

  /** The bytes written so far, for a buffer allocated at the worst case. */
  static byte[] written(final ByteBuffer buf) {
    final byte[] out = new byte[buf.position()];
    System.arraycopy(buf.array(), buf.arrayOffset(), out, 0, out.length);
    return out;
  }
}
