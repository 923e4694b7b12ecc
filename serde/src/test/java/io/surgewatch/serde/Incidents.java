package io.surgewatch.serde;

import io.surgewatch.events.v1.Attribution;
import io.surgewatch.events.v1.Casualties;
import io.surgewatch.events.v1.EventType;
import io.surgewatch.events.v1.IncidentEvent;
import io.surgewatch.events.v1.PerpetratorGroup;
import io.surgewatch.events.v1.Source;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;

/**
 * Test fixtures: the contract's sample incident, and the same incident under an older IncidentEvent
 * schema.
 */
final class Incidents {
  private Incidents() {}

  static IncidentEvent peshawar() {
    return IncidentEvent.newBuilder()
        .setId("PAK900001")
        .setReportedAt(Instant.parse("2023-02-04T10:00:00Z"))
        .setSource(
            Source.newBuilder()
                .setName("Peshawar Police")
                .setUrl("https://example.org/report")
                .build())
        .setOccurredOn(LocalDate.parse("2023-01-30"))
        .setCountry("PK")
        .setRegion("Khyber Pakhtunkhwa")
        .setLocation("Peshawar")
        .setGroups(
            List.of(
                PerpetratorGroup.newBuilder()
                    .setName("TTP")
                    .setAttribution(Attribution.CLAIMED)
                    .build()))
        .setEventType(EventType.SUICIDE_BOMBING)
        .setKilled(
            Casualties.newBuilder().setSecurityForces(83).setCivilians(1).setMilitants(1).build())
        .setInjured(Casualties.newBuilder().setUnknown(220).build())
        .setNotes("Mosque in Police Lines")
        .build();
  }

  /**
   * IncidentEvent's current schema without its last optional field, {@code notes}: the "v0" a
   * producer used before.
   */
  static Schema withoutNotes() {
    final Schema current = IncidentEvent.getClassSchema();
    final List<Schema.Field> fields =
        current.getFields().stream()
            .filter(f -> !f.name().equals("notes"))
            .map(f -> new Schema.Field(f, f.schema()))
            .toList();
    return Schema.createRecord(
        current.getName(), current.getDoc(), current.getNamespace(), false, fields);
  }

  /**
   * {@code event} as a GenericRecord of {@code schema} (fields missing from it dropped), as an old
   * producer built it.
   */
  static GenericRecord asGeneric(final IncidentEvent event, final Schema schema) {
    try {
      final ByteArrayOutputStream out = new ByteArrayOutputStream();
      final BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
      new SpecificDatumWriter<IncidentEvent>(IncidentEvent.getClassSchema()).write(event, encoder);
      encoder.flush();
      return new GenericDatumReader<GenericRecord>(
              IncidentEvent.getClassSchema(), schema, GenericData.get())
          .read(null, DecoderFactory.get().binaryDecoder(out.toByteArray(), null));
    } catch (final IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
