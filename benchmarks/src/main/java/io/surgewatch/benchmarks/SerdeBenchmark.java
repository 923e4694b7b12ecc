package io.surgewatch.benchmarks;

import io.surgewatch.core.Keys;
import io.surgewatch.core.SurgewatchConfig;
import io.surgewatch.events.v1.IncidentEvent;
import io.surgewatch.serde.AvroDeserializer;
import io.surgewatch.serde.AvroSerde;
import io.surgewatch.serde.AvroSerdeConfig;
import io.surgewatch.serde.AvroSerdes;
import io.surgewatch.serde.AvroSerializer;
import io.surgewatch.serde.MockSchemaRegistry;
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
 * The project's Avro serde (Confluent wire format) on one realistic IncidentEvent: what every input record costs
 * on the way in (deserialize into the generated class) and what a producer pays per record (serialize). The
 * registry is the in-memory {@code mock://} one and the schema id is resolved in setup, so this measures the
 * cached hot path, as in a running app, not registry round trips.
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
    final AvroSerde<IncidentEvent> serde = AvroSerdes.specific(IncidentEvent.class,
        Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, "mock://" + scope), false);
    serializer = serde.serializer();
    deserializer = serde.deserializer();
    event = SyntheticEvents.typical();
    // Registers the schema and caches its id and the reader, as the first record of a running app does.
    bytes = serializer.serialize(TOPIC, event);
    if (!event.equals(deserializer.deserialize(TOPIC, bytes))) {
      throw new IllegalStateException("the event does not survive a round trip");
    }
    System.out.printf("%nIncidentEvent: %d bytes in the wire format (5-byte header included)%n", bytes.length);
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
