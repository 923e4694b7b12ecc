package io.surgewatch.streams.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.surgewatch.events.v1.IncidentEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Test;

/**
 * Internal Avro values carry their writer's schema fingerprint, and are read whichever stored
 * schema wrote them.
 */
class VersionedAvroTest {
  static final Schema CURRENT = IncidentEvent.getClassSchema();

  /**
   * The schema before a compatible change added its last field (sourceEventType, optional, default
   * null).
   */
  static final Schema OLDER = withoutLastField(CURRENT);

  static final SpecificData MODEL = SpecificData.getForClass(IncidentEvent.class);
  final IncidentEvent event =
      IncidentEvent.newBuilder(TopologyHarness.incident("I1", LocalDate.of(2023, 3, 1), 4))
          .setNotes("a note")
          .setSourceEventType("Battles")
          .build();

  /** What the older schema carried of the event. */
  final IncidentEvent olderEvent = IncidentEvent.newBuilder(event).setSourceEventType(null).build();

  static Schema withoutLastField(final Schema s) {
    final List<Schema.Field> fields =
        s.getFields().subList(0, s.getFields().size() - 1).stream()
            .map(f -> new Schema.Field(f, f.schema()))
            .toList();
    return Schema.createRecord(s.getName(), s.getDoc(), s.getNamespace(), false, fields);
  }

  /**
   * This release's encoding, with both schemas stored: the older one first, as a release that
   * changed it has.
   */
  static VersionedAvro<IncidentEvent> afterTheChange() {
    return new VersionedAvro<>(
        "IncidentEvent", CURRENT.getFullName(), MODEL, CURRENT, List.of(OLDER, CURRENT));
  }

  static byte[] singleObject(final Schema writer, final IncidentEvent value) throws IOException {
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    new BinaryMessageEncoder<IncidentEvent>(MODEL, writer).encode(value, out);
    return out.toByteArray();
  }

  @Test
  void aValueWrittenWithAnOlderSchemaIsReadThroughTheStoredSchemas() throws IOException {
    final byte[] older = singleObject(OLDER, event);
    assertEquals(olderEvent, afterTheChange().decode(older, "incident-details"));
  }

  @Test
  void aValueFromBeforeTheHeaderIsStillReadAfterALaterSchemaChange() throws IOException {
    // Plain binary of the first stored schema, as the release before the header wrote it.
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
    new SpecificDatumWriter<IncidentEvent>(OLDER, MODEL).write(event, encoder);
    encoder.flush();
    assertEquals(olderEvent, afterTheChange().decode(out.toByteArray(), "incident-details"));
  }

  @Test
  void thisReleaseWritesTheFingerprintOfItsSchema() {
    final byte[] bytes = VersionedAvro.of(IncidentEvent.class).encode(event);
    assertEquals((byte) 0xC3, bytes[0]);
    assertEquals(0x01, bytes[1]);
    assertEquals(
        SchemaNormalization.parsingFingerprint64(CURRENT),
        ByteBuffer.wrap(bytes, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong(),
        "CRC-64-AVRO, little-endian");
    assertEquals(event, VersionedAvro.of(IncidentEvent.class).decode(bytes, null));
  }

  @Test
  void aValueOfASchemaThisReleaseDoesNotStoreStopsNamingTheTypeAndWhereItWas() throws IOException {
    final byte[] unknown = singleObject(OLDER, event); // a schema the production list does not hold
    final IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> VersionedAvro.of(IncidentEvent.class).decode(unknown, "incident-details"));
    assertTrue(
        e.getMessage()
            .startsWith(
                "a io.surgewatch.events.v1.IncidentEvent value in incident-details written"
                    + " with a schema this release does not know"),
        e.getMessage());
    assertTrue(
        e.getMessage().contains("stored-schemas/io.surgewatch.events.v1.IncidentEvent/"),
        e.getMessage());
  }

  @Test
  void aSchemaChangedWithoutStoringItRefusesToStart() {
    final IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () ->
                new VersionedAvro<>(
                    "IncidentEvent", CURRENT.getFullName(), MODEL, CURRENT, List.of(OLDER)));
    assertTrue(
        e.getMessage()
            .contains(
                "not among stored-schemas/io.surgewatch.events.v1.IncidentEvent/: add it there"
                    + " as 2.avsc"),
        e.getMessage());
  }

  /**
   * Why a value without the header is never taken for one with it: the first stored schema of every
   * type (what the release before the header wrote) starts with a length, a count or an index, a
   * non-negative zig-zag varint whose first byte has its lowest bit clear; the header's first byte,
   * 0xC3, has it set.
   */
  @Test
  void valuesFromBeforeTheHeaderCannotStartLikeTheHeader() throws IOException {
    final List<String> types = storedTypes();
    assertFalse(types.isEmpty());
    for (final String type : types) {
      final Schema first = VersionedAvro.stored(type).get(0);
      assertTrue(startsWithANonNegativeVarint(first), type);
      assertTrue(startsWithANonNegativeVarint(Schema.createArray(first)), type + " list");
    }
  }

  @Test
  void thisReleaseReadsEveryStoredSchema() throws IOException, ClassNotFoundException {
    for (final String type : storedTypes()) {
      final Schema reader = SpecificData.get().getSchema(Class.forName(type));
      for (final Schema writer : VersionedAvro.stored(type)) {
        assertEquals(
            SchemaCompatibilityType.COMPATIBLE,
            SchemaCompatibility.checkReaderWriterCompatibility(reader, writer).getType(),
            type);
      }
    }
  }

  private static List<String> storedTypes() throws IOException {
    try (Stream<Path> dirs =
        Files.list(Path.of("src/main/resources", VersionedAvro.STORED_SCHEMAS))) {
      return dirs.map(d -> d.getFileName().toString()).sorted().toList();
    }
  }

  private static boolean startsWithANonNegativeVarint(final Schema s) {
    return switch (s.getType()) {
      case STRING, BYTES, ARRAY, MAP, ENUM, UNION ->
          true; // Avro writes lengths, counts and indexes non-negative
      case RECORD ->
          !s.getFields().isEmpty() && startsWithANonNegativeVarint(s.getFields().get(0).schema());
      default ->
          false; // a number or fixed bytes can start with any byte; null and booleans are not worth
        // the case
    };
  }
}
