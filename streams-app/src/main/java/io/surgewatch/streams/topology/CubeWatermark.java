package io.surgewatch.streams.topology;

import io.surgewatch.engine.StoredFormat;
import java.nio.ByteBuffer;

/**
 * The value of {@link SurgewatchTopology#WATERMARK_KEY} in the cube's meta store: the latest event
 * day a shard has seen, after the format version. Watermarks stored before the version byte are the
 * bare 4-byte day, told apart by their length.
 */
public final class CubeWatermark {
  static final StoredFormat FORMAT = new StoredFormat("shard watermark", 1);

  private CubeWatermark() {}

  static byte[] encode(final int epochDay) {
    return ByteBuffer.allocate(5).put(FORMAT.current()).putInt(epochDay).array();
  }

  /** The epoch day of a stored watermark. */
  public static int decode(final byte[] value) {
    final ByteBuffer buf = ByteBuffer.wrap(value);
    if (value.length != 4) { // 4 bytes: the day alone, stored before the version byte
      FORMAT.read(buf);
    }
    return buf.getInt();
  }
}
