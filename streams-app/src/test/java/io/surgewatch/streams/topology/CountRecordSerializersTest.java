package io.surgewatch.streams.topology;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.surgewatch.core.SurgewatchConfig;
import io.surgewatch.engine.CountChange;
import io.surgewatch.engine.EngineConfig;
import io.surgewatch.engine.Tally;
import io.surgewatch.events.v1.RollingCount;
import io.surgewatch.serde.AvroSerde;
import io.surgewatch.serde.AvroSerdeConfig;
import io.surgewatch.serde.AvroSerdes;
import io.surgewatch.serde.MockSchemaRegistry;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The counts topic's records written from the cube's changes are the bytes the registry serializer
 * writes for the built record, key and value, whatever the place's characters.
 */
class CountRecordSerializersTest {
  private final String scope = "count-record-serializers-" + UUID.randomUUID();
  private final AvroSerde<RollingCount> serde =
      AvroSerdes.specific(
          RollingCount.class,
          Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, "mock://" + scope),
          false);
  private final EngineConfig config = EngineConfig.from(SurgewatchConfig.defaultsOnly());

  private static final List<String> PLACES =
      List.of(
          "PK|Khyber Pakhtunkhwa|Tehrik-i-Taliban Pakistan (TTP)",
          "*|*|*",
          "CI|Côte d'Ivoire — Abidjan|*",
          "SY|حلب|هيئة تحرير الشام",
          "MM|*|Arakan Army 🪖",
          "ZZ|UNKNOWN|UNKNOWN");

  @AfterEach
  void dropScope() {
    MockSchemaRegistry.drop(scope);
  }

  @Test
  void keysAndValuesAreTheBytesOfTheBuiltRecord() {
    final Serializer<CountChange> key = CountRecordSerializers.key();
    final Serializer<CountChange> value = CountRecordSerializers.value(serde.serializer());
    final Random random = new Random(42);
    final int windows = config.publishedIndex().length;
    for (int i = 0; i < 2_000; i++) {
      final long[] sums = new long[Tally.SIZE];
      for (int s = 0; s < sums.length; s++) {
        sums[s] = random.nextInt(4) == 0 ? random.nextLong() : random.nextInt(1_000);
      }
      final CountChange change =
          CountChange.of(
              config,
              PLACES.get(random.nextInt(PLACES.size())),
              random.nextInt(windows),
              random.nextInt(200_000) - 100_000,
              sums);
      assertArrayEquals(
          change.recordKey().getBytes(StandardCharsets.UTF_8),
          key.serialize("counts", change),
          change.recordKey());
      assertArrayEquals(
          serde.serializer().serialize("counts", change.record()),
          value.serialize("counts", change),
          change.recordKey());
      assertEquals(
          change.record(),
          serde.deserializer().deserialize("counts", value.serialize("counts", change)));
    }
  }

  @Test
  void aChangeNamesItsRecordKeyInMessages() {
    final CountChange change =
        CountChange.of(config, PLACES.get(0), 1, 19_324, new long[Tally.SIZE]);
    assertEquals(change.recordKey(), change.toString());
  }

  @Test
  void nullIsATombstone() {
    assertNull(CountRecordSerializers.key().serialize("counts", null));
    assertNull(CountRecordSerializers.value(serde.serializer()).serialize("counts", null));
  }
}
