package io.surgewatch.serde;

import org.apache.kafka.common.errors.SerializationException;

/**
 * The bytes of a record are not a valid Confluent frame (magic byte 0, 4-byte schema id, Avro
 * binary).
 */
public final class WireFormatException extends SerializationException {
  private static final long serialVersionUID = 1L;

  public WireFormatException(final String message, final Throwable cause) {
    super(message, cause);
  }
}
