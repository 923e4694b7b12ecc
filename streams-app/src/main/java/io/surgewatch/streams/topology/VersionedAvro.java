package io.surgewatch.streams.topology;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.MissingSchemaException;
import org.apache.avro.message.SchemaStore;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;

/**
 * Avro values of internal stores and topics in Avro's single-object encoding: {@code C3 01}, the
 * CRC-64-AVRO fingerprint of the writer's schema (8 bytes), then the Avro binary. Plain Avro binary
 * carries no schema, so the first compatible schema change would misread every value an upgraded
 * app restores from its changelog; with the fingerprint, the decoder finds the writer's schema
 * among the schemas earlier releases wrote (the resources {@code stored-schemas/<full
 * name>/<n>.avsc}, n from 1, oldest first) and resolves it against the current one. The schema this
 * release writes must be among them, or nothing starts: a value written with a schema the list
 * forgets would be unreadable after the next change.
 *
 * <p>Values written before this encoding are plain binary of the first stored schema ({@code
 * 1.avsc}), and are told apart by their first byte, not by a guess: each of those schemas starts
 * with a string or an array, whose encoding starts with a non-negative zig-zag varint (a length, an
 * item count), so the first byte's lowest bit is clear, while 0xC3's is set (VersionedAvroTest
 * checks it for every type). They are read with {@code 1.avsc} as the writer's schema, so they
 * survive later schema changes too, and are rewritten with the header when next updated.
 */
public final class VersionedAvro<T> {
  static final String STORED_SCHEMAS = "stored-schemas/";
  private static final Map<Class<?>, VersionedAvro<?>> RECORDS = new ConcurrentHashMap<>();

  /** What the values are, for messages. */
  private final String what;

  /** The folder of their stored schemas: the full name of the record type. */
  private final String folder;

  private final BinaryMessageEncoder<T> encoder;
  private final BinaryMessageDecoder<T> decoder;
  private final SpecificDatumReader<T> legacy;

  VersionedAvro(
      final String what,
      final String folder,
      final SpecificData model,
      final Schema current,
      final List<Schema> stored) {
    this.what = what;
    this.folder = folder;
    final SchemaStore.Cache schemas = new SchemaStore.Cache();
    stored.forEach(schemas::addSchema);
    if (schemas.findByFingerprint(SchemaNormalization.parsingFingerprint64(current)) == null) {
      throw new IllegalStateException(
          "the schema of "
              + what
              + " that this release writes is not among "
              + STORED_SCHEMAS
              + folder
              + "/: add it there as "
              + (stored.size() + 1)
              + ".avsc (README, \"Upgrades and"
              + " stored state\"), or values written with it cannot be read after the next change");
    }
    this.encoder = new BinaryMessageEncoder<>(model, current);
    this.decoder = new BinaryMessageDecoder<>(model, current, schemas);
    this.legacy = new SpecificDatumReader<>(stored.get(0), current, model);
  }

  /** The encoding of a record type's values; one instance a type, safe to share between threads. */
  @SuppressWarnings("unchecked")
  public static <T extends SpecificRecord> VersionedAvro<T> of(final Class<T> type) {
    return (VersionedAvro<T>)
        RECORDS.computeIfAbsent(
            type,
            t -> {
              final SpecificData model = SpecificData.getForClass(type);
              final Schema schema = model.getSchema(type);
              return new VersionedAvro<T>(
                  schema.getFullName(),
                  schema.getFullName(),
                  model,
                  schema,
                  stored(schema.getFullName()));
            });
  }

  /**
   * The encoding of a list of a record type's values (an Avro array), its schemas those of the
   * type's.
   */
  public static <T extends SpecificRecord> VersionedAvro<List<T>> listOf(final Class<T> type) {
    final SpecificData model = SpecificData.getForClass(type);
    final Schema item = model.getSchema(type);
    return new VersionedAvro<>(
        item.getFullName() + " list",
        item.getFullName(),
        model,
        Schema.createArray(item),
        stored(item.getFullName()).stream().map(Schema::createArray).toList());
  }

  public byte[] encode(final T value) {
    try {
      final ByteArrayOutputStream out = new ByteArrayOutputStream(256);
      encoder.encode(value, out);
      return out.toByteArray();
    } catch (final IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * @param where the store or topic the value comes from, for the message when it cannot be read
   *     (null: unknown)
   */
  public T decode(final byte[] bytes, final String where) {
    try {
      if (bytes.length >= 2 && bytes[0] == (byte) 0xC3 && bytes[1] == 0x01) {
        return decoder.decode(bytes);
      }
      return legacy.read(null, DecoderFactory.get().binaryDecoder(bytes, null));
    } catch (final MissingSchemaException e) {
      throw new IllegalStateException(
          "a "
              + what
              + " value"
              + in(where)
              + " written with a schema this release does"
              + " not know ("
              + e.getMessage()
              + "; not among "
              + STORED_SCHEMAS
              + folder
              + "/): state written by a newer"
              + " release? Run that release, or reset the application's state",
          e);
    } catch (final IOException | AvroRuntimeException e) {
      throw new IllegalStateException(
          "cannot read a " + what + " value" + in(where) + ": " + e.getMessage(), e);
    }
  }

  private static String in(final String where) {
    return where == null ? "" : " in " + where;
  }

  /** The schemas stored for a record type, oldest first. */
  static List<Schema> stored(final String fullName) {
    final List<Schema> out = new ArrayList<>();
    for (int n = 1; ; n++) {
      try (InputStream in =
          VersionedAvro.class
              .getClassLoader()
              .getResourceAsStream(STORED_SCHEMAS + fullName + '/' + n + ".avsc")) {
        if (in == null) {
          break;
        }
        out.add(new Schema.Parser().parse(in));
      } catch (final IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    if (out.isEmpty()) {
      throw new IllegalStateException(
          "no stored schemas of "
              + fullName
              + ": add "
              + STORED_SCHEMAS
              + fullName
              + "/1.avsc, the schema its values are written with (README, \"Upgrades and stored state\")");
    }
    return out;
  }
}
