package io.surgewatch.benchmarks;

import io.surgewatch.core.Keys;
import io.surgewatch.core.SurgewatchConfig;
import io.surgewatch.events.v1.Attribution;
import io.surgewatch.events.v1.Casualties;
import io.surgewatch.events.v1.DatePrecision;
import io.surgewatch.events.v1.EventType;
import io.surgewatch.events.v1.GeoPrecision;
import io.surgewatch.events.v1.IncidentEvent;
import io.surgewatch.events.v1.PerpetratorGroup;
import io.surgewatch.events.v1.Source;
import io.surgewatch.events.v1.SourceKind;
import io.surgewatch.events.v1.TargetType;
import io.surgewatch.serde.AvroDeserializer;
import io.surgewatch.serde.AvroSerde;
import io.surgewatch.serde.AvroSerdeConfig;
import io.surgewatch.serde.AvroSerdes;
import io.surgewatch.serde.AvroSerializer;
import io.surgewatch.serde.MockSchemaRegistry;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The project's Avro serde (Confluent wire format) on one realistic IncidentEvent: what every input
 * record costs on the way in (deserialize into the generated class) and what a producer pays per
 * record (serialize). The registry is the in-memory {@code mock://} one and the schema id is
 * resolved in setup, so this measures the cached hot path, as in a running app, not registry round
 * trips.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
public class SerdeBenchmark {
  private static final String TOPIC = SurgewatchConfig.defaultsOnly().get(Keys.TOPIC_INCIDENTS);

  private String scope;
  private AvroSerializer<IncidentEvent> serializer;
  private AvroDeserializer<IncidentEvent> deserializer;
  private IncidentEvent event;
  private byte[] bytes;

  @Setup
  public void setUp() {
    // A scope of our own: mock registries are JVM-wide, keyed by scope.
    scope = "benchmarks-" + System.nanoTime();
    final AvroSerde<IncidentEvent> serde =
        AvroSerdes.specific(
            IncidentEvent.class,
            Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, "mock://" + scope),
            false);
    serializer = serde.serializer();
    deserializer = serde.deserializer();
    event = typicalReport();
    // Registers the schema and caches its id and the reader, as the first record of a running app
    // does.
    bytes = serializer.serialize(TOPIC, event);
    if (!event.equals(deserializer.deserialize(TOPIC, bytes))) {
      throw new IllegalStateException("the event does not survive a round trip");
    }
    System.out.printf(
        "%nIncidentEvent: %d bytes in the wire format (5-byte header included)%n", bytes.length);
  }

  /**
   * One report as a feed sends it, with every optional field filled as in seeds/ (two groups,
   * coordinates, a sentence of notes), so the serde encodes what a real feed sends, not a minimal
   * record.
   */
  static IncidentEvent typicalReport() {
    return IncidentEvent.newBuilder()
        .setId("PAK104217")
        .setReportedAt(Instant.parse("2023-02-01T09:42:00Z"))
        .setRevision(1)
        .setSource(
            new Source(
                "Dawn",
                "https://www.dawn.com/news/1734567/police-station-attacked-in-dera-ismail-khan",
                SourceKind.NEWS))
        .setOccurredOn(LocalDate.of(2023, 1, 31))
        .setDatePrecision(DatePrecision.DAY)
        .setCountry("PK")
        .setRegion("Khyber Pakhtunkhwa")
        .setAdmin2("Dera Ismail Khan")
        .setLocation("Kulachi")
        .setLatitude(31.9304)
        .setLongitude(70.4597)
        .setGeoPrecision(GeoPrecision.NEAR)
        .setGroups(
            List.of(
                new PerpetratorGroup("TTP", Attribution.CLAIMED),
                new PerpetratorGroup("Hafiz Gul Bahadur Group", Attribution.SUSPECTED)))
        .setEventType(EventType.ARMED_CLASH)
        .setTargetType(TargetType.SECURITY_FORCES)
        .setKilled(
            Casualties.newBuilder().setSecurityForces(4).setCivilians(1).setMilitants(3).build())
        .setInjured(
            Casualties.newBuilder().setSecurityForces(6).setUnknown(2).setLow(6).setHigh(9).build())
        .setNotes(
            "Militants attacked a police station near Kulachi at night with small arms and hand grenades; "
                + "an exchange of fire lasted two hours. The TTP claimed the attack in a statement.")
        .build();
  }

  @TearDown
  public void tearDown() {
    MockSchemaRegistry.drop(scope);
  }

  @Benchmark
  public byte[] serialize() {
    return serializer.serialize(TOPIC, event);
  }

  @Benchmark
  public IncidentEvent deserialize() {
    return deserializer.deserialize(TOPIC, bytes);
  }
}
