package io.surgewatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.surgewatch.core.EventJson;
import io.surgewatch.events.v1.Casualties;
import io.surgewatch.events.v1.DeadLetter;
import io.surgewatch.events.v1.IncidentEvent;
import io.surgewatch.events.v1.Source;
import io.surgewatch.events.v1.StatementCount;
import io.surgewatch.events.v1.StatementEvent;
import io.surgewatch.events.v1.SurgeAlert;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The JSON forms the two API descriptions ({@code openapi.json} of the ingest service and of the
 * query API) give for an event are its Avro schema's: the same field names (plus the few an
 * endpoint adds, named here) and the same enum symbols (but the enum's default, a reader's fallback
 * that is never written), nested records included. The Avro schemas are the one source; a field
 * added there and not to a description fails here.
 */
class ApiDescriptionsMatchTheSchemasTest {
  private static final String INGEST = "/io/surgewatch/producers/ingest/openapi.json";
  private static final String QUERY = "/io/surgewatch/dashboard/openapi.json";

  static Stream<Arguments> forms() {
    return Stream.of(
        Arguments.of(INGEST, "Incident", IncidentEvent.getClassSchema(), Set.of()),
        Arguments.of(INGEST, "Statement", StatementEvent.getClassSchema(), Set.of("type")),
        Arguments.of(INGEST, "Casualties", Casualties.getClassSchema(), Set.of()),
        Arguments.of(INGEST, "Source", Source.getClassSchema(), Set.of()),
        Arguments.of(QUERY, "SurgeAlert", SurgeAlert.getClassSchema(), Set.of()),
        Arguments.of(QUERY, "StatementEvent", StatementEvent.getClassSchema(), Set.of()),
        Arguments.of(QUERY, "StatementCount", StatementCount.getClassSchema(), Set.of()),
        Arguments.of(
            QUERY, "DeadLetter", DeadLetter.getClassSchema(), Set.of("partition", "offset")));
  }

  @ParameterizedTest(name = "{1} in {0}")
  @MethodSource("forms")
  void theDescribedFormIsTheSchemas(
      final String resource, final String component, final Schema avro, final Set<String> added)
      throws Exception {
    final JsonNode description = read(resource);
    final List<String> problems = new ArrayList<>();
    compare(
        description,
        description.path("components").path("schemas").path(component),
        avro,
        added,
        component,
        problems);
    assertEquals(List.of(), problems, resource);
  }

  private static void compare(
      final JsonNode description,
      final JsonNode json,
      final Schema avro,
      final Set<String> added,
      final String where,
      final List<String> problems) {
    final JsonNode properties = json.path("properties");
    final Set<String> described = new TreeSet<>();
    properties.fieldNames().forEachRemaining(described::add);
    final Set<String> fields = new TreeSet<>(added);
    avro.getFields().forEach(f -> fields.add(f.name()));
    if (!described.equals(fields)) {
      problems.add(where + ": described " + described + ", the schema's " + fields);
      return;
    }
    for (final Schema.Field f : avro.getFields()) {
      final Schema type = nonNull(f.schema());
      final JsonNode property = resolved(description, properties.path(f.name()));
      final String at = where + "." + f.name();
      if (type.getType() == Schema.Type.ENUM && !property.has("enum")) {
        problems.add(at + ": an enum of the schema, described without its symbols");
      } else if (type.getType() == Schema.Type.RECORD && !property.has("properties")) {
        problems.add(at + ": a record of the schema, described without its fields");
      } else if (type.getType() == Schema.Type.ENUM) {
        final List<String> symbols = new ArrayList<>();
        property.path("enum").forEach(s -> symbols.add(s.asText()));
        final Set<String> wanted = new TreeSet<>(type.getEnumSymbols());
        if (!symbols.contains(type.getEnumDefault())) {
          // The enum's default is what a reader takes for a symbol a later release adds: never
          // written, so a description of what the app writes may leave it out.
          wanted.remove(type.getEnumDefault());
        }
        if (!new TreeSet<>(symbols).equals(wanted)) {
          problems.add(at + ": enum " + symbols + ", the schema's " + type.getEnumSymbols());
        }
      } else if (type.getType() == Schema.Type.RECORD) {
        compare(description, property, type, Set.of(), at, problems);
      } else if (type.getType() == Schema.Type.ARRAY) {
        final Schema items = nonNull(type.getElementType());
        final JsonNode described1 = resolved(description, property.path("items"));
        if (items.getType() == Schema.Type.RECORD && !described1.has("properties")) {
          problems.add(at + "[]: records of the schema, described without their fields");
        } else if (items.getType() == Schema.Type.RECORD) {
          compare(description, described1, items, Set.of(), at + "[]", problems);
        }
      }
    }
  }

  private static Schema nonNull(final Schema s) {
    if (s.getType() != Schema.Type.UNION) {
      return s;
    }
    return s.getTypes().stream().filter(t -> t.getType() != Schema.Type.NULL).findFirst().get();
  }

  /** A property as described, following a {@code $ref} to its component. */
  private static JsonNode resolved(final JsonNode description, final JsonNode property) {
    final String ref = property.path("$ref").asText("");
    if (ref.isEmpty()) {
      return property;
    }
    return description.at(ref.substring(1));
  }

  private static JsonNode read(final String resource) throws Exception {
    try (InputStream in = ApiDescriptionsMatchTheSchemasTest.class.getResourceAsStream(resource)) {
      assertNotNull(in, resource);
      return EventJson.MAPPER.readTree(in);
    }
  }
}
