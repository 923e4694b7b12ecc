package io.surgewatch.serde;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads Confluent-framed Avro into the target class, resolving the writer schema (fetched by the
 * record's id) against the reader schema (the target SpecificRecord's), so data written before a
 * schema evolution stays readable.
 *
 * <p>Per writer id, one resolving reader is built and cached; decoders are reused per thread, so
 * after warm-up a record costs no registry call and no reader allocation. A null or empty value is
 * null (a tombstone). The target is GenericRecord when the class is {@code GenericRecord} (reader
 * schema = writer schema).
 */
public final class AvroDeserializer<T extends IndexedRecord> implements Deserializer<T> {
  private static final ThreadLocal<BinaryDecoder> DECODER = new ThreadLocal<>();

  private Class<T> type;
  private SchemaRegistryClient client;
  private AvroSerdeConfig config;
  private final Map<Integer, DatumReader<T>> readers = new ConcurrentHashMap<>();
  // The last reader used: a topic nearly always carries one writer id, so this avoids boxing and
  // hashing per record.
  private volatile CachedReader<T> last;

  private record CachedReader<T>(int id, DatumReader<T> reader) {}

  /**
   * For Kafka's reflective construction: the target is the generated class named by the writer
   * schema when {@code specific.avro.reader=true}, GenericRecord otherwise.
   */
  public AvroDeserializer() {}

  public AvroDeserializer(final Class<T> type) {
    this.type = type;
  }

  public AvroDeserializer(final Class<T> type, final SchemaRegistryClient client) {
    this.type = type;
    this.client = client;
  }

  public AvroDeserializer(
      final Class<T> type,
      final SchemaRegistryClient client,
      final Map<String, ?> config,
      final boolean isKey) {
    this(type, client);
    configure(config, isKey);
  }

  @Override
  public void configure(final Map<String, ?> configs, final boolean isKey) {
    final Map<String, Object> copy = new HashMap<>(configs);
    if (client != null) {
      copy.putIfAbsent(AvroSerdeConfig.SCHEMA_REGISTRY_URL, client.url());
    }
    this.config = AvroSerdeConfig.of(copy);
    if (client == null) {
      client = SchemaRegistryClients.forConfig(config);
    }
    readers.clear();
    last = null;
  }

  @Override
  public T deserialize(final String topic, final byte[] data) {
    return data == null || data.length == 0 ? null : decode(topic, data, 0, data.length);
  }

  @Override
  public T deserialize(final String topic, final Headers headers, final byte[] data) {
    return deserialize(topic, data);
  }

  /** Decodes straight from the consumer's buffer when it is array-backed: no copy of the value. */
  @Override
  public T deserialize(final String topic, final Headers headers, final ByteBuffer data) {
    if (data == null || !data.hasRemaining()) {
      return null;
    }
    if (data.hasArray()) {
      return decode(topic, data.array(), data.arrayOffset() + data.position(), data.remaining());
    }
    final byte[] copy = new byte[data.remaining()];
    data.duplicate().get(copy);
    return decode(topic, copy, 0, copy.length);
  }

  private T decode(final String topic, final byte[] bytes, final int offset, final int length) {
    if (config == null) {
      throw new IllegalStateException(
          "AvroDeserializer is not configured: call configure(Map, isKey) first");
    }
    final int id = WireFormat.readHeader(topic, bytes, offset, length);
    final DatumReader<T> reader = readerFor(topic, id);
    try {
      final BinaryDecoder decoder =
          DecoderFactory.get()
              .binaryDecoder(
                  bytes,
                  offset + WireFormat.HEADER_SIZE,
                  length - WireFormat.HEADER_SIZE,
                  DECODER.get());
      DECODER.set(decoder);
      return reader.read(null, decoder);
    } catch (final IOException | RuntimeException e) {
      throw new WireFormatException(
          "topic '"
              + topic
              + "': the "
              + (length - WireFormat.HEADER_SIZE)
              + "-byte Avro body does not decode with writer schema id "
              + id
              + ": "
              + e,
          e);
    }
  }

  private DatumReader<T> readerFor(final String topic, final int id) {
    final CachedReader<T> cached = last;
    if (cached != null && cached.id() == id) {
      return cached.reader();
    }
    DatumReader<T> reader = readers.get(id);
    if (reader == null) {
      reader = newReader(topic, id);
      readers.put(id, reader);
    }
    last = new CachedReader<>(id, reader);
    return reader;
  }

  @SuppressWarnings("unchecked")
  private DatumReader<T> newReader(final String topic, final int id) {
    final Schema writer;
    try {
      writer = client.schemaById(id);
    } catch (final SchemaRegistryException e) {
      throw e.withContext("deserializing from topic '" + topic + "'");
    }
    final Class<?> target =
        type != null
            ? type
            : config.specificReader() ? SpecificData.get().getClass(writer) : GenericRecord.class;
    if (target == null) {
      throw new SerializationException(
          "topic '"
              + topic
              + "': specific.avro.reader=true but no generated class "
              + writer.getFullName()
              + " is on the classpath (writer schema id "
              + id
              + ")");
    }
    if (!SpecificRecord.class.isAssignableFrom(target)) {
      return new GenericDatumReader<>(writer, writer);
    }
    final Schema reader = SpecificData.getForClass(target).getSchema(target);
    if (!reader.getFullName().equals(writer.getFullName())
        && !reader.getAliases().contains(writer.getFullName())) {
      throw new SerializationException(
          "topic '"
              + topic
              + "': writer schema id "
              + id
              + " is a "
              + writer.getFullName()
              + ", not a "
              + reader.getFullName());
    }
    return new SpecificDatumReader<>(writer, reader, SpecificData.getForClass(target));
  }

  @Override
  public void close() {
    // Nothing to release.
  }
}
