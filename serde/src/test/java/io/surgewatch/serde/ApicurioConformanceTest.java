package io.surgewatch.serde;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import io.surgewatch.events.v1.IncidentEvent;
import io.surgewatch.stack.LocalStack;
import io.surgewatch.stack.SharedTestStack;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Conformance with an independent implementation of the Confluent wire format, Apicurio's Kafka
 * serde, against the real registry (Apicurio 3.0.9): each decodes what the other writes, and for
 * the same record and registered schema both write the same bytes.
 */
class ApicurioConformanceTest {
  private static LocalStack stack;

  private String topic;
  private AvroSerde<IncidentEvent> ours;
  private AvroKafkaSerializer<IncidentEvent> apicurioSerializer;
  private AvroKafkaDeserializer<IncidentEvent> apicurioDeserializer;

  @BeforeAll
  static void startStack() {
    stack = SharedTestStack.get();
  }

  @BeforeEach
  void serdes() {
    topic = "conformance." + UUID.randomUUID();
    ours =
        AvroSerdes.specific(
            IncidentEvent.class,
            Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, stack.registryUrl()),
            false);
    apicurioSerializer = new AvroKafkaSerializer<>();
    apicurioSerializer.configure(apicurioConfig(), false);
    apicurioDeserializer = new AvroKafkaDeserializer<>();
    apicurioDeserializer.configure(apicurioConfig(), false);
  }

  @AfterEach
  void close() {
    apicurioSerializer.close();
    apicurioDeserializer.close();
  }

  /** What makes Apicurio write the Confluent frame with the id the ccompat API hands out. */
  static Map<String, Object> apicurioConfig() {
    final Map<String, Object> config = new HashMap<>(apicurioDefaultReferencesConfig());
    // Register the schema whole, as Confluent's serializer and ours do. By default Apicurio 3.1
    // registers each nested named type as its own artifact and the record with references to them:
    // other content, other id.
    config.put("apicurio.registry.dereference-schema", true);
    return config;
  }

  /**
   * The Confluent frame, but Apicurio's default of registering nested named types as references.
   */
  static Map<String, Object> apicurioDefaultReferencesConfig() {
    return Map.of(
        "apicurio.registry.url",
        stack.registry().coreApiUrl(),
        // The id goes in the payload, not in Kafka headers: magic byte 0 then the id.
        "apicurio.registry.headers.enabled",
        false,
        // A 4-byte id (Confluent's), not Apicurio 2's legacy 8-byte global id.
        "apicurio.registry.id-handler",
        "io.apicurio.registry.serde.Default4ByteIdHandler",
        // Apicurio 3's ccompat API answers content ids (unless the server runs in legacy-id mode).
        "apicurio.registry.use-id",
        "contentId",
        "apicurio.registry.auto-register",
        true,
        "apicurio.registry.use-specific-avro-reader",
        true);
  }

  @Test
  void apicurioReadsWhatWeWrite() {
    final byte[] bytes = ours.serializer().serialize(topic, Incidents.peshawar());
    assertEquals(Incidents.peshawar(), apicurioDeserializer.deserialize(topic, bytes));
  }

  @Test
  void weReadWhatApicurioWrites() {
    final byte[] bytes = apicurioSerializer.serialize(topic, Incidents.peshawar());
    assertEquals(0, bytes[0], "Apicurio wrote the Confluent magic byte");
    assertEquals(Incidents.peshawar(), ours.deserializer().deserialize(topic, bytes));
  }

  @Test
  void weReadWhatApicurioWritesWithSchemaReferences() {
    try (AvroKafkaSerializer<IncidentEvent> serializer = new AvroKafkaSerializer<>()) {
      serializer.configure(apicurioDefaultReferencesConfig(), false);
      final byte[] bytes = serializer.serialize(topic, Incidents.peshawar());
      assertEquals(Incidents.peshawar(), ours.deserializer().deserialize(topic, bytes));
    }
  }

  @Test
  void bothWriteTheSameBytesWhenWeRegisterFirst() {
    final byte[] oursBytes = ours.serializer().serialize(topic, Incidents.peshawar());
    final byte[] theirs = apicurioSerializer.serialize(topic, Incidents.peshawar());
    assertArrayEquals(oursBytes, theirs);
  }

  @Test
  void bothWriteTheSameBytesWhenApicurioRegistersFirst() {
    // The same content under another subject first: Apicurio then gives this subject a new global
    // id but the same content id, so the frames agree only if both sides use the content id (as the
    // ccompat API does).
    ours.serializer().serialize(topic + ".elsewhere", Incidents.peshawar());
    final byte[] theirs = apicurioSerializer.serialize(topic, Incidents.peshawar());
    final byte[] oursBytes = ours.serializer().serialize(topic, Incidents.peshawar());
    assertArrayEquals(theirs, oursBytes);
    final SchemaRegistryClient client =
        SchemaRegistryClients.forConfig(
            Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, stack.registryUrl()));
    assertEquals(
        client.lookup(topic + "-value", IncidentEvent.getClassSchema()).id(),
        ByteBuffer.wrap(oursBytes, 1, 4).getInt(),
        "the id in the frame is the one the Confluent API gives for the subject");
  }
}
