package io.surgewatch.serde;

import java.util.Map;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.specific.SpecificRecord;

/** Factories of configured serdes. */
public final class AvroSerdes {
  private AvroSerdes() {}

  /** A configured serde for a SpecificRecord class; one registry client serves both directions. */
  public static <T extends SpecificRecord> AvroSerde<T> specific(
      final Class<T> type, final Map<String, ?> config, final boolean isKey) {
    return configured(type, config, isKey);
  }

  /**
   * A configured serde sharing a registry client (and so its caches) with other serdes of the same
   * app.
   */
  public static <T extends SpecificRecord> AvroSerde<T> specific(
      final Class<T> type,
      final SchemaRegistryClient client,
      final Map<String, ?> config,
      final boolean isKey) {
    final AvroSerde<T> serde = new AvroSerde<>(type, client);
    serde.configure(config, isKey);
    return serde;
  }

  private static <T extends IndexedRecord> AvroSerde<T> configured(
      final Class<T> type, final Map<String, ?> config, final boolean isKey) {
    final AvroSerde<T> serde = new AvroSerde<>(type, SchemaRegistryClients.forConfig(config));
    serde.configure(config, isKey);
    return serde;
  }
}
