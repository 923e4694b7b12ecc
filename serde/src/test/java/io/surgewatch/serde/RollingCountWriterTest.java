package io.surgewatch.serde;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.surgewatch.events.v1.RollingCount;
import io.surgewatch.events.v1.VictimCounts;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.LocalDate;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Test;

/** The hand-written RollingCount writer writes what Avro's own writer writes, byte for byte. */
class RollingCountWriterTest {

  @Test
  void itIsWrittenForTheRecordsSchemaAsItStands() {
    assertEquals(
        SchemaNormalization.parsingFingerprint64(RollingCount.getClassSchema()),
        RollingCountWriter.WRITTEN_FOR,
        "RollingCount's schema changed: bring RollingCountWriter's fields in line with it, then"
            + " set WRITTEN_FOR to this fingerprint");
  }

  @Test
  void itWritesTheSameBytesAsAvrosWriter() throws IOException {
    final Random random = new Random(42);
    for (int i = 0; i < 2_000; i++) {
      final RollingCount count = randomCount(random);
      assertArrayEquals(
          encode(new SpecificDatumWriter<>(RollingCount.getClassSchema()), count),
          encode(new RollingCountWriter(), count),
          count.toString());
    }
  }

  @Test
  void anotherSchemaIsLeftToAvrosWriter() {
    final Schema other =
        SchemaBuilder.record("RollingCount")
            .namespace("io.surgewatch.events.v1")
            .fields()
            .requiredString("country")
            .endRecord();
    assertFalse(RollingCountWriter.writes(other));
    assertTrue(RollingCountWriter.writes(RollingCount.getClassSchema()));
  }

  @Test
  void theSerializerWritesCountsThatReadBackEqual() {
    final String scope = "rolling-count-writer-" + UUID.randomUUID();
    try {
      final Map<String, Object> config =
          Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, "mock://" + scope);
      final AvroSerde<RollingCount> serde = AvroSerdes.specific(RollingCount.class, config, false);
      final RollingCount count = randomCount(new Random(7));
      assertEquals(
          count,
          serde
              .deserializer()
              .deserialize("counts", serde.serializer().serialize("counts", count)));
    } finally {
      MockSchemaRegistry.drop(scope);
    }
  }

  private static byte[] encode(final DatumWriter<RollingCount> writer, final RollingCount count)
      throws IOException {
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    final BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
    writer.write(count, encoder);
    encoder.flush();
    return bytes.toByteArray();
  }

  /** Strings with multi-byte characters and the empty one; longs of every varint length. */
  private static RollingCount randomCount(final Random random) {
    final String[] names = {
      "PK", "*", "", "Khyber Pakhtunkhwa", "Île-de-France", "ብርሃን", "UNKNOWN"
    };
    final LocalDate end = LocalDate.ofEpochDay(random.nextInt(40_000) - 20_000);
    return new RollingCount(
        names[random.nextInt(names.length)],
        names[random.nextInt(names.length)],
        names[random.nextInt(names.length)],
        "P" + (1 + random.nextInt(365)) + "D",
        end.minusDays(random.nextInt(365)),
        end,
        anyLong(random),
        anyLong(random),
        anyLong(random),
        victims(random),
        victims(random));
  }

  private static VictimCounts victims(final Random random) {
    return new VictimCounts(anyLong(random), anyLong(random), anyLong(random), anyLong(random));
  }

  private static long anyLong(final Random random) {
    return switch (random.nextInt(4)) {
      case 0 -> 0L;
      case 1 -> random.nextInt(1_000);
      case 2 -> random.nextLong();
      default -> -random.nextInt(100);
    };
  }
}
