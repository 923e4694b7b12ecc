package io.surgewatch.streams.topology;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Serdes of internal topics and stores: no registry (they never leave the app), compact and fast.
 */
public final class InternalSerdes {
  private InternalSerdes() {}

  /**
   * Avro values of internal stores and topics, each with the fingerprint of its writer's schema, so
   * values written with an earlier schema (and those from before the fingerprint) are still read
   * (see {@link VersionedAvro}).
   */
  public static <T extends SpecificRecord> Serde<T> avroBinary(final Class<T> type) {
    final VersionedAvro<T> values = VersionedAvro.of(type);
    return Serdes.serdeFrom(
        (topic, v) -> v == null ? null : values.encode(v),
        (topic, b) -> b == null ? null : values.decode(b, topic));
  }
}
