package io.surgewatch.serde;

import java.util.Map;
import org.apache.avro.generic.IndexedRecord;
import org.apache.kafka.common.serialization.Serde;

/**
 * The {@link AvroSerializer} and {@link AvroDeserializer} for one record class, e.g. {@code new
 * AvroSerde<>(IncidentEvent.class)}.
 */
public final class AvroSerde<T extends IndexedRecord> implements Serde<T> {
  private final AvroSerializer<T> serializer;
  private final AvroDeserializer<T> deserializer;

  /**
   * Needs {@link #configure(Map, boolean)}; the registry client comes from {@code
   * schema.registry.url}.
   */
  public AvroSerde(final Class<T> type) {
    this.serializer = new AvroSerializer<>();
    this.deserializer = new AvroDeserializer<>(type);
  }

  /** With a given (shared) registry client; still needs {@link #configure(Map, boolean)}. */
  public AvroSerde(final Class<T> type, final SchemaRegistryClient client) {
    this.serializer = new AvroSerializer<>(client);
    this.deserializer = new AvroDeserializer<>(type, client);
  }

  @Override
  public void configure(final Map<String, ?> configs, final boolean isKey) {
    serializer.configure(configs, isKey);
    deserializer.configure(configs, isKey);
  }

  @Override
  public AvroSerializer<T> serializer() {
    return serializer;
  }

  @Override
  public AvroDeserializer<T> deserializer() {
    return deserializer;
  }
}
