package io.surgewatch.serde;

import java.io.ByteArrayOutputStream;

/**
 * The Confluent wire format: magic byte 0, the schema id as a 4-byte big-endian int, then Avro
 * binary.
 */
final class WireFormat {
  static final byte MAGIC = 0;
  static final int HEADER_SIZE = 5;

  private WireFormat() {}

  static void writeHeader(final ByteArrayOutputStream out, final int id) {
    out.write(MAGIC);
    out.write(id >>> 24);
    out.write(id >>> 16);
    out.write(id >>> 8);
    out.write(id);
  }

  /**
   * Checks the frame and returns the schema id; throws {@link WireFormatException} naming the topic
   * and the problem.
   */
  static int readHeader(
      final String topic, final byte[] bytes, final int offset, final int length) {
    if (bytes[offset] != MAGIC) {
      throw new WireFormatException(
          String.format(
              "topic '%s': unknown magic byte 0x%02x (expected 0x00): the record is not Confluent-framed "
                  + "(magic byte 0, 4-byte schema id, Avro binary); was it written by another serializer?",
              topic, bytes[offset] & 0xff),
          null);
    }
    if (length < HEADER_SIZE) {
      throw new WireFormatException(
          "topic '"
              + topic
              + "': record of "
              + length
              + " bytes is too short for the Confluent frame (5-byte header: magic byte 0 and a 4-byte schema id)",
          null);
    }
    return ((bytes[offset + 1] & 0xff) << 24)
        | ((bytes[offset + 2] & 0xff) << 16)
        | ((bytes[offset + 3] & 0xff) << 8)
        | (bytes[offset + 4] & 0xff);
  }
}
