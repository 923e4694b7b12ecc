package io.surgewatch.serde;

import io.surgewatch.events.v1.RollingCount;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.Encoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes Avro records (SpecificRecords, or GenericRecords) in the Confluent wire format.
 *
 * <p>The schema id is resolved once per topic and schema (registered when {@code
 * auto.register.schemas} is true, the default; looked up otherwise; with {@code
 * use.latest.version}, the latest version of the subject when it encodes identically) and then
 * cached, so the registry is not asked per record. A null record is a null value (a tombstone).
 */
public final class AvroSerializer<T extends IndexedRecord> implements Serializer<T> {
  // Reused per thread: Kafka calls a serializer from one thread, but Streams tasks may share one
  // instance.
  private static final ThreadLocal<ByteArrayOutputStream> BUFFER =
      ThreadLocal.withInitial(() -> new ByteArrayOutputStream(512));
  private static final ThreadLocal<BinaryEncoder> ENCODER = new ThreadLocal<>();

  private SchemaRegistryClient client;
  private AvroSerdeConfig config;
  private boolean isKey;
  private final Map<Schema, DatumWriter<T>> writers = new ConcurrentHashMap<>();
  private final Map<String, CachedId> idByTopic = new ConcurrentHashMap<>();

  /**
   * The id last resolved for a topic, with the schema it was resolved for (compared by identity on
   * the hot path).
   */
  private record CachedId(Schema schema, int id) {}

  /** For Kafka's reflective construction: call {@link #configure(Map, boolean)}. */
  public AvroSerializer() {}

  /**
   * With a given registry client (e.g. shared); still needs {@link #configure} unless built with a
   * config.
   */
  public AvroSerializer(final SchemaRegistryClient client) {
    this.client = client;
  }

  public AvroSerializer(
      final SchemaRegistryClient client, final Map<String, ?> config, final boolean isKey) {
    this.client = client;
    configure(config, isKey);
  }

  @Override
  public void configure(final Map<String, ?> configs, final boolean isKey) {
    final Map<String, Object> copy = new HashMap<>(configs);
    if (client != null) {
      copy.putIfAbsent(AvroSerdeConfig.SCHEMA_REGISTRY_URL, client.url());
    }
    this.config = AvroSerdeConfig.of(copy);
    this.isKey = isKey;
    if (client == null) {
      client = SchemaRegistryClients.forConfig(config);
    }
    idByTopic.clear();
  }

  @Override
  public byte[] serialize(final String topic, final T record) {
    if (record == null) {
      return null;
    }
    final Schema schema = record.getSchema();
    return serialize(topic, schema, out -> writerFor(record, schema).write(record, out));
  }

  /** The Avro binary of a record, written to an encoder. */
  @FunctionalInterface
  public interface Body {
    void write(Encoder out) throws IOException;
  }

  /**
   * A record of {@code schema} in the wire format, its Avro binary written by {@code body}: for a
   * record written from other objects than its own (the app's count records), with the same id,
   * buffers and errors as any other.
   */
  public byte[] serialize(final String topic, final Schema schema, final Body body) {
    if (config == null) {
      throw new IllegalStateException(
          "AvroSerializer is not configured: call configure(Map, isKey) first");
    }
    final int id = idFor(topic, schema);
    final ByteArrayOutputStream out = BUFFER.get();
    out.reset();
    WireFormat.writeHeader(out, id);
    try {
      final BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, ENCODER.get());
      ENCODER.set(encoder);
      body.write(encoder);
      encoder.flush();
    } catch (final IOException | RuntimeException e) {
      // The encoder may hold part of this record: reused, it would put it before the next one.
      ENCODER.remove();
      throw new SerializationException(
          "topic '"
              + topic
              + "': cannot encode a "
              + schema.getFullName()
              + " with schema id "
              + id
              + ": "
              + e.getMessage(),
          e);
    }
    return out.toByteArray();
  }

  private DatumWriter<T> writerFor(final T record, final Schema schema) {
    final DatumWriter<T> writer = writers.get(schema);
    if (writer != null) {
      return writer;
    }
    // A SpecificRecord is written with its class's model (logical-type conversions); a
    // GenericRecord generically; the count records, most of what the app writes, by hand.
    final DatumWriter<T> created;
    if (record instanceof RollingCount && RollingCountWriter.writes(schema)) {
      @SuppressWarnings("unchecked")
      final DatumWriter<T> counts = (DatumWriter<T>) new RollingCountWriter();
      created = counts;
    } else if (record instanceof SpecificRecord) {
      created = new SpecificDatumWriter<>(schema);
    } else {
      created = new GenericDatumWriter<>(schema, GenericData.get());
    }
    writers.put(schema, created);
    return created;
  }

  private int idFor(final String topic, final Schema schema) {
    final CachedId cached = idByTopic.get(topic);
    if (cached != null && cached.schema() == schema) {
      return cached.id();
    }
    final int id = resolveId(topic, schema);
    idByTopic.put(topic, new CachedId(schema, id));
    return id;
  }

  private int resolveId(final String topic, final Schema schema) {
    final String subject = config.subjectStrategy(isKey).subject(topic, isKey, schema);
    final String context =
        "serializing "
            + schema.getFullName()
            + " to topic '"
            + topic
            + "' (subject '"
            + subject
            + "')";
    try {
      if (config.useLatestVersion()) {
        final SchemaRegistryClient.RegisteredSchema latest = client.latest(subject);
        // Only the parsing canonical form decides the bytes: docs and defaults may differ, fields
        // may not.
        if (SchemaNormalization.parsingFingerprint64(latest.schema())
            != SchemaNormalization.parsingFingerprint64(schema)) {
          throw new SerializationException(
              context
                  + ": use.latest.version=true, but the latest version "
                  + latest.version()
                  + " (schema id "
                  + latest.id()
                  + ") encodes differently from the record's schema");
        }
        return latest.id();
      }
      if (config.autoRegister()) {
        return client.register(subject, schema);
      }
      return client.lookup(subject, schema).id();
    } catch (final SchemaNotFoundException e) {
      throw new SchemaNotFoundException(
          context
              + ": "
              + (config.autoRegister() && !config.useLatestVersion()
                  ? ""
                  : "auto.register.schemas=false and ")
              + "the schema is not registered under subject '"
              + subject
              + "' ("
              + e.getMessage()
              + ")",
          e.status(),
          e.errorCode(),
          e);
    } catch (final SchemaRegistryException e) {
      throw e.withContext(context);
    }
  }

  @Override
  public void close() {
    // Nothing to release: the HTTP client has no connections to close in Java 17.
  }
}
