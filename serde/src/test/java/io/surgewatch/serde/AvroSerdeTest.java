package io.surgewatch.serde;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.surgewatch.events.v1.IncidentEvent;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.IndexedRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The serde's behaviour against the in-memory registry (mock://). */
class AvroSerdeTest {
  private static final String TOPIC = "security.incidents.v1";

  private String scope;
  private Map<String, Object> config;
  private MockSchemaRegistry registry;

  @BeforeEach
  void freshScope() {
    scope = "serde-test-" + UUID.randomUUID();
    config = new HashMap<>(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, "mock://" + scope));
    registry = MockSchemaRegistry.forScope(scope);
  }

  @AfterEach
  void dropScope() {
    MockSchemaRegistry.drop(scope);
  }

  private AvroSerde<IncidentEvent> serde() {
    return AvroSerdes.specific(IncidentEvent.class, config, false);
  }

  @Test
  void anIncidentEventSurvivesTheRoundTrip() {
    final AvroSerde<IncidentEvent> serde = serde();
    final IncidentEvent event = Incidents.peshawar();
    assertEquals(
        event, serde.deserializer().deserialize(TOPIC, serde.serializer().serialize(TOPIC, event)));
  }

  @Test
  void bytesAreMagicZeroThenTheBigEndianIdThenAvro() {
    final byte[] bytes = serde().serializer().serialize(TOPIC, Incidents.peshawar());
    final int id = registry.lookup(TOPIC + "-value", IncidentEvent.getClassSchema()).id();
    assertEquals(0, bytes[0]);
    assertEquals(id, ByteBuffer.wrap(bytes, 1, 4).getInt());
    assertTrue(bytes.length > 5);
  }

  @Test
  void theSubjectIsTopicValueByDefaultAndTopicKeyForKeys() {
    serde().serializer().serialize(TOPIC, Incidents.peshawar());
    AvroSerdes.specific(IncidentEvent.class, config, true)
        .serializer()
        .serialize("keys", Incidents.peshawar());
    assertEquals(List.of("keys-key", TOPIC + "-value"), registry.subjects());
  }

  @Test
  void recordNameStrategyAcceptsConfluentsClassNameAndUsesTheRecordFullName() {
    config.put(
        AvroSerdeConfig.VALUE_SUBJECT_NAME_STRATEGY,
        "io.confluent.kafka.serializers.subject.RecordNameStrategy");
    serde().serializer().serialize(TOPIC, Incidents.peshawar());
    assertEquals(List.of("io.surgewatch.events.v1.IncidentEvent"), registry.subjects());
  }

  @Test
  void anUnknownMagicByteIsNamedAndCalledNotConfluentFramed() {
    final byte[] json = "{\"id\":\"PAK900001\"}".getBytes();
    final WireFormatException e =
        assertThrows(
            WireFormatException.class, () -> serde().deserializer().deserialize(TOPIC, json));
    assertTrue(e.getMessage().contains("unknown magic byte 0x7b"), e.getMessage());
    assertTrue(e.getMessage().contains("not Confluent-framed"), e.getMessage());
    assertTrue(e.getMessage().contains(TOPIC), e.getMessage());
  }

  @Test
  void aRecordShorterThanTheHeaderIsTooShort() {
    final WireFormatException e =
        assertThrows(
            WireFormatException.class,
            () -> serde().deserializer().deserialize(TOPIC, new byte[] {0, 0, 1}));
    assertTrue(e.getMessage().contains("3 bytes is too short"), e.getMessage());
  }

  @Test
  void anUnknownSchemaIdNamesTheIdAndTheRegistry() {
    final byte[] bytes = {0, 0, 0, 0, 17, 2, 'x'};
    final UnknownSchemaIdException e =
        assertThrows(
            UnknownSchemaIdException.class, () -> serde().deserializer().deserialize(TOPIC, bytes));
    assertTrue(
        e.getMessage().contains("schema id 17 not found in registry mock://" + scope),
        e.getMessage());
    assertTrue(e.getMessage().contains(TOPIC), e.getMessage());
    assertInstanceOf(SerializationException.class, e);
  }

  @Test
  void nullAndEmptyValuesAreTombstones() {
    final AvroSerde<IncidentEvent> serde = serde();
    assertNull(serde.serializer().serialize(TOPIC, null));
    assertNull(serde.deserializer().deserialize(TOPIC, null));
    assertNull(serde.deserializer().deserialize(TOPIC, new byte[0]));
    assertNull(serde.deserializer().deserialize(TOPIC, null, ByteBuffer.allocate(0)));
  }

  @Test
  void dataWrittenWithAnOlderSchemaIsReadIntoTheCurrentClass() {
    final Schema old = Incidents.withoutNotes();
    final GenericRecord oldRecord = Incidents.asGeneric(Incidents.peshawar(), old);
    final Serializer<GenericRecord> oldProducer = new AvroSerializer<>(registry, config, false);
    final byte[] oldBytes = oldProducer.serialize(TOPIC, oldRecord);
    final byte[] newBytes = serde().serializer().serialize(TOPIC, Incidents.peshawar());
    assertTrue(
        ByteBuffer.wrap(oldBytes, 1, 4).getInt() != ByteBuffer.wrap(newBytes, 1, 4).getInt(),
        "two writer schemas, two ids");

    final Deserializer<IncidentEvent> consumer = serde().deserializer();
    final IncidentEvent fromOld = consumer.deserialize(TOPIC, oldBytes);
    final IncidentEvent expected =
        IncidentEvent.newBuilder(Incidents.peshawar()).setNotes(null).build();
    assertEquals(expected, fromOld, "the missing field takes its default");
    assertEquals(Incidents.peshawar(), consumer.deserialize(TOPIC, newBytes));
    assertEquals(
        expected,
        consumer.deserialize(TOPIC, oldBytes),
        "the cached reader of the old id still resolves");
  }

  @Test
  void withAutoRegisterOffAnUnregisteredSchemaIsAClearError() {
    config.put(AvroSerdeConfig.AUTO_REGISTER_SCHEMAS, "false");
    final SchemaNotFoundException e =
        assertThrows(
            SchemaNotFoundException.class,
            () -> serde().serializer().serialize(TOPIC, Incidents.peshawar()));
    assertTrue(e.getMessage().contains("auto.register.schemas=false"), e.getMessage());
    assertTrue(e.getMessage().contains("subject '" + TOPIC + "-value'"), e.getMessage());
    assertTrue(e.getMessage().contains("topic '" + TOPIC + "'"), e.getMessage());
    assertEquals(List.of(), registry.subjects(), "nothing was registered");
  }

  @Test
  void withAutoRegisterOffARegisteredSchemaIsFoundByLookup() {
    final int id = registry.register(TOPIC + "-value", IncidentEvent.getClassSchema());
    config.put(AvroSerdeConfig.AUTO_REGISTER_SCHEMAS, false);
    final byte[] bytes = serde().serializer().serialize(TOPIC, Incidents.peshawar());
    assertEquals(id, ByteBuffer.wrap(bytes, 1, 4).getInt());
  }

  @Test
  void useLatestVersionWritesTheLatestIdWhenItEncodesTheSame() {
    final Schema sameButUndocumented =
        new Schema.Parser()
            .parse(IncidentEvent.getClassSchema().toString().replace("\"doc\":", "\"x-doc\":"));
    final int id = registry.register(TOPIC + "-value", sameButUndocumented);
    config.put(AvroSerdeConfig.AUTO_REGISTER_SCHEMAS, false);
    config.put(AvroSerdeConfig.USE_LATEST_VERSION, true);
    assertEquals(
        id,
        ByteBuffer.wrap(serde().serializer().serialize(TOPIC, Incidents.peshawar()), 1, 4)
            .getInt());

    registry.register(TOPIC + "-value", Incidents.withoutNotes());
    assertThrows(
        SerializationException.class,
        () -> serde().serializer().serialize(TOPIC, Incidents.peshawar()));
  }

  @Test
  void afterWarmUpNoRecordAsksTheRegistry() {
    final AtomicInteger calls = new AtomicInteger();
    final SchemaRegistryClient counting = countingClient(registry, calls);
    final AvroSerde<IncidentEvent> serde = new AvroSerde<>(IncidentEvent.class, counting);
    serde.configure(config, false);
    serde
        .deserializer()
        .deserialize(TOPIC, serde.serializer().serialize(TOPIC, Incidents.peshawar()));
    final int warm = calls.get();
    for (int i = 0; i < 1_000; i++) {
      serde
          .deserializer()
          .deserialize(TOPIC, serde.serializer().serialize(TOPIC, Incidents.peshawar()));
    }
    assertEquals(2, warm, "one registration, one fetch by id");
    assertEquals(warm, calls.get());
  }

  @Test
  void decodesFromASliceOfALargerBuffer() {
    final byte[] bytes = serde().serializer().serialize(TOPIC, Incidents.peshawar());
    final byte[] padded = new byte[bytes.length + 10];
    System.arraycopy(bytes, 0, padded, 7, bytes.length);
    final ByteBuffer slice = ByteBuffer.wrap(padded, 7, bytes.length).slice();
    assertEquals(Incidents.peshawar(), serde().deserializer().deserialize(TOPIC, null, slice));
  }

  @Test
  void kafkasReflectiveNoArgDeserializerReadsTheGeneratedClassWithSpecificReader() {
    final byte[] bytes = serde().serializer().serialize(TOPIC, Incidents.peshawar());
    final AvroDeserializer<IndexedRecord> specific = new AvroDeserializer<>();
    config.put(AvroSerdeConfig.SPECIFIC_AVRO_READER, "true");
    specific.configure(config, false);
    assertEquals(Incidents.peshawar(), specific.deserialize(TOPIC, bytes));

    final AvroDeserializer<IndexedRecord> generic = new AvroDeserializer<>();
    config.remove(AvroSerdeConfig.SPECIFIC_AVRO_READER);
    generic.configure(config, false);
    final GenericRecord record = (GenericRecord) generic.deserialize(TOPIC, bytes);
    assertEquals("PAK900001", record.get("id").toString());
  }

  @Test
  void bytesOfAnotherRecordTypeAreRefusedByName() {
    final Schema other =
        SchemaBuilder.record("Other").namespace("x").fields().requiredInt("n").endRecord();
    final GenericRecord otherRecord = new GenericData.Record(other);
    otherRecord.put("n", 1);
    final byte[] bytes =
        new AvroSerializer<GenericRecord>(registry, config, false).serialize("other", otherRecord);
    final SerializationException e =
        assertThrows(
            SerializationException.class, () -> serde().deserializer().deserialize("other", bytes));
    assertTrue(
        e.getMessage().contains("is a x.Other, not a io.surgewatch.events.v1.IncidentEvent"),
        e.getMessage());
  }

  @Test
  void aTruncatedBodyIsAnErrorNamingTheSchemaId() {
    final byte[] bytes = serde().serializer().serialize(TOPIC, Incidents.peshawar());
    final byte[] truncated = Arrays.copyOf(bytes, 12);
    final WireFormatException e =
        assertThrows(
            WireFormatException.class, () -> serde().deserializer().deserialize(TOPIC, truncated));
    assertTrue(
        e.getMessage().contains("writer schema id " + ByteBuffer.wrap(bytes, 1, 4).getInt()),
        e.getMessage());
  }

  @Test
  void theMockRegistryIsSharedPerScopeAndDroppable() {
    final int id = registry.register("s", IncidentEvent.getClassSchema());
    assertEquals(
        id,
        MockSchemaRegistry.forScope(scope)
            .register("other-subject", IncidentEvent.getClassSchema()),
        "one id per schema");
    MockSchemaRegistry.drop(scope);
    assertEquals(List.of(), MockSchemaRegistry.forScope(scope).subjects());
  }

  @Test
  void theMockRegistryEnforcesBackwardCompatibilityWhenAsked() {
    registry.setCompatibility("s", "BACKWARD");
    registry.register("s", Incidents.withoutNotes());
    registry.register("s", IncidentEvent.getClassSchema());
    final Schema requiredAddition =
        SchemaBuilder.record("IncidentEvent")
            .namespace("io.surgewatch.events.v1")
            .fields()
            .requiredString("id")
            .requiredString("mandatoryNewField")
            .endRecord();
    assertThrows(IncompatibleSchemaException.class, () -> registry.register("s", requiredAddition));
  }

  static SchemaRegistryClient countingClient(
      final SchemaRegistryClient delegate, final AtomicInteger calls) {
    return (SchemaRegistryClient)
        Proxy.newProxyInstance(
            SchemaRegistryClient.class.getClassLoader(),
            new Class<?>[] {SchemaRegistryClient.class},
            (proxy, method, args) -> {
              if (!method.getName().equals("url")) {
                calls.incrementAndGet();
              }
              try {
                return method.invoke(delegate, args);
              } catch (final InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }

  @Test
  void aRecordThatFailsHalfWrittenLeavesNothingBehindForTheNext() {
    final AvroSerde<IncidentEvent> serde = serde();
    final IncidentEvent event = Incidents.peshawar();
    final byte[] clean = serde.serializer().serialize(TOPIC, event);
    assertThrows(
        SerializationException.class,
        () ->
            serde
                .serializer()
                .serialize(
                    TOPIC,
                    IncidentEvent.getClassSchema(),
                    out -> {
                      out.writeString("half of a record");
                      throw new IllegalStateException("and then a defect");
                    }));
    assertArrayEquals(clean, serde.serializer().serialize(TOPIC, event));
  }
}
