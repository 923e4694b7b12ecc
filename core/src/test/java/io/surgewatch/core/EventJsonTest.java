package io.surgewatch.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.surgewatch.events.v1.Attribution;
import io.surgewatch.events.v1.Casualties;
import io.surgewatch.events.v1.DatePrecision;
import io.surgewatch.events.v1.DeadLetter;
import io.surgewatch.events.v1.EventType;
import io.surgewatch.events.v1.GeoPrecision;
import io.surgewatch.events.v1.IncidentEvent;
import io.surgewatch.events.v1.PerpetratorGroup;
import io.surgewatch.events.v1.Source;
import io.surgewatch.events.v1.SourceKind;
import io.surgewatch.events.v1.StatementEvent;
import io.surgewatch.events.v1.StatementKind;
import io.surgewatch.events.v1.TargetType;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** CONTRACT "HTTP": the JSON form of an incident and a statement mirrors the Avro schema. */
class EventJsonTest {

  /** The CONTRACT's minimal incident, verbatim. */
  static final String MINIMAL_INCIDENT =
      """
      {"id": "PAK900001", "reportedAt": "2023-02-04T10:00:00Z", "occurredOn": "2023-01-30",
       "country": "PK", "region": "Khyber Pakhtunkhwa", "location": "Peshawar",
       "groups": [{"name": "TTP", "attribution": "CLAIMED"}], "eventType": "SUICIDE_BOMBING",
       "killed": {"securityForces": 83, "civilians": 1, "militants": 1, "unknown": 0},
       "injured": {"unknown": 220}, "source": {"name": "Peshawar Police", "url": "https://example.org/report"}}
      """;

  /** The CONTRACT's minimal statement, verbatim. */
  static final String MINIMAL_STATEMENT =
      """
      {"type": "statement", "id": "ST-2023-01-04-price", "madeAt": "2023-01-04T17:00:00Z",
       "speaker": {"name": "Ned Price", "role": "Spokesperson", "organisation": "US Department of State", "country": "US"},
       "kind": "ACCUSATION", "quote": "The Taliban had not lived up to that commitment.",
       "about": {"countries": ["AF", "PK"], "groups": ["TTP", "IS-K"]}, "source": {"name": "The Media Line"}}
      """;

  /** The minimal incident with one change applied to its JSON tree. */
  static String incidentWith(final Consumer<ObjectNode> change) {
    try {
      final ObjectNode node = (ObjectNode) EventJson.MAPPER.readTree(MINIMAL_INCIDENT);
      change.accept(node);
      return node.toString();
    } catch (final Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static List<String> errorFields(final String json, final Class<? extends SpecificRecord> type) {
    final InvalidEventException e =
        assertThrows(InvalidEventException.class, () -> EventJson.parse(json, type));
    assertFalse(e.errors().isEmpty());
    return e.errors().stream().map(FieldError::field).toList();
  }

  static List<String> incidentErrorFields(final String json) {
    return errorFields(json, IncidentEvent.class);
  }

  @Nested
  class ContractExamples {

    @Test
    void minimalIncidentParses() {
      final IncidentEvent e = EventJson.parse(MINIMAL_INCIDENT, IncidentEvent.class);
      assertEquals("PAK900001", e.getId());
      assertEquals(Instant.parse("2023-02-04T10:00:00Z"), e.getReportedAt());
      assertEquals(LocalDate.of(2023, 1, 30), e.getOccurredOn());
      assertEquals("PK", e.getCountry());
      assertEquals("Khyber Pakhtunkhwa", e.getRegion());
      assertEquals("Peshawar", e.getLocation());
      assertEquals(List.of(new PerpetratorGroup("TTP", Attribution.CLAIMED)), e.getGroups());
      assertEquals(EventType.SUICIDE_BOMBING, e.getEventType());
      assertEquals(83, e.getKilled().getSecurityForces());
      assertEquals(1, e.getKilled().getCivilians());
      assertEquals(1, e.getKilled().getMilitants());
      assertEquals(0, e.getKilled().getUnknown());
      assertEquals(220, e.getInjured().getUnknown());
      assertEquals("Peshawar Police", e.getSource().getName());
      assertEquals("https://example.org/report", e.getSource().getUrl());
    }

    @Test
    void minimalStatementParses() {
      final StatementEvent s = EventJson.parse(MINIMAL_STATEMENT, StatementEvent.class);
      assertEquals("ST-2023-01-04-price", s.getId());
      assertEquals(Instant.parse("2023-01-04T17:00:00Z"), s.getMadeAt());
      assertEquals("Ned Price", s.getSpeaker().getName());
      assertEquals("Spokesperson", s.getSpeaker().getRole());
      assertEquals("US Department of State", s.getSpeaker().getOrganisation());
      assertEquals("US", s.getSpeaker().getCountry());
      assertEquals(StatementKind.ACCUSATION, s.getKind());
      assertEquals("The Taliban had not lived up to that commitment.", s.getQuote());
      assertEquals(List.of("AF", "PK"), s.getAbout().getCountries());
      assertEquals(List.of("TTP", "IS-K"), s.getAbout().getGroups());
      assertEquals(List.of(), s.getAbout().getRegions());
      assertEquals(List.of(), s.getAbout().getIncidentIds());
      assertEquals("The Media Line", s.getSource().getName());
    }

    @Test
    void typeDiscriminatorIsAllowedOnlyAtTopLevel() {
      EventJson.parse(incidentWith(n -> n.put("type", "incident")), IncidentEvent.class);
      assertEquals(
          List.of("killed.type"),
          incidentErrorFields(incidentWith(n -> ((ObjectNode) n.get("killed")).put("type", "x"))));
    }
  }

  @Nested
  class Defaults {

    @Test
    void everyOptionalIncidentFieldDefaults() {
      final IncidentEvent e =
          EventJson.parse(
              """
          {"id": "X1", "reportedAt": "2023-02-04T10:00:00Z", "occurredOn": "2023-01-30", "country": "PK",
           "killed": {}, "injured": {}, "source": {"name": "ACLED"}}
          """,
              IncidentEvent.class);
      assertEquals(0, e.getRevision());
      assertFalse(e.getRetracted());
      assertEquals(DatePrecision.DAY, e.getDatePrecision());
      assertNull(e.getRegion());
      assertNull(e.getAdmin2());
      assertNull(e.getLocation());
      assertNull(e.getLatitude());
      assertNull(e.getLongitude());
      assertEquals(GeoPrecision.UNKNOWN, e.getGeoPrecision());
      assertEquals(List.of(), e.getGroups());
      assertEquals(EventType.OTHER, e.getEventType());
      assertEquals(TargetType.UNKNOWN, e.getTargetType());
      assertNull(e.getNotes());
      assertNull(e.getSource().getUrl());
      assertEquals(SourceKind.OTHER, e.getSource().getKind());
      for (final Casualties c : List.of(e.getKilled(), e.getInjured())) {
        assertEquals(0, c.getSecurityForces());
        assertEquals(0, c.getCivilians());
        assertEquals(0, c.getMilitants());
        assertEquals(0, c.getUnknown());
        assertNull(c.getLow());
        assertNull(c.getHigh());
      }
    }

    @Test
    void groupAttributionDefaultsToUnknown() {
      final IncidentEvent e =
          EventJson.parse(
              incidentWith(n -> n.putArray("groups").addObject().put("name", "BLA")),
              IncidentEvent.class);
      assertEquals(List.of(new PerpetratorGroup("BLA", Attribution.UNKNOWN)), e.getGroups());
    }

    @Test
    void explicitNullMeansDefault() {
      final IncidentEvent e =
          EventJson.parse(
              incidentWith(
                  n -> {
                    n.putNull("region");
                    n.putNull("revision");
                    n.putNull("eventType");
                  }),
              IncidentEvent.class);
      assertNull(e.getRegion());
      assertEquals(0, e.getRevision());
      assertEquals(EventType.OTHER, e.getEventType());
    }

    @Test
    void everyOptionalStatementFieldDefaults() {
      final StatementEvent s =
          EventJson.parse(
              """
          {"id": "S1", "madeAt": "2023-01-04T17:00:00Z", "speaker": {"name": "X"}, "quote": "q",
           "source": {"name": "Y"}, "about": {}}
          """,
              StatementEvent.class);
      assertEquals(StatementKind.OTHER, s.getKind());
      assertNull(s.getSpeaker().getRole());
      assertNull(s.getSpeaker().getOrganisation());
      assertNull(s.getSpeaker().getCountry());
      assertEquals(List.of(), s.getAbout().getCountries());
      assertEquals(List.of(), s.getAbout().getRegions());
      assertEquals(List.of(), s.getAbout().getGroups());
      assertEquals(List.of(), s.getAbout().getIncidentIds());
    }

    @Test
    void aRetractionNeedsNeitherFiguresNorSourceAsItCountsNothing() {
      final IncidentEvent e =
          EventJson.parse(
              """
          {"id": "BFO4183", "reportedAt": "2020-11-30T00:00:00Z", "retracted": true,
           "occurredOn": "2020-11-11", "country": "BF"}
          """,
              IncidentEvent.class);
      assertTrue(e.getRetracted());
      assertEquals(RetractionDefaults.none(), e.getKilled());
      assertEquals(RetractionDefaults.none(), e.getInjured());
      assertEquals(new Source("not given", null, SourceKind.OTHER), e.getSource());
      assertEquals(
          new Source("ACLED deletion list", null, SourceKind.OTHER),
          EventJson.parse(
                  incidentWith(
                      n -> {
                        n.put("retracted", true);
                        n.remove("killed");
                        n.putObject("source").put("name", "ACLED deletion list");
                      }),
                  IncidentEvent.class)
              .getSource(),
          "what a retraction gives is kept");
      assertEquals(
          List.of("killed"),
          incidentErrorFields(
              incidentWith(
                  n -> {
                    n.put("retracted", false);
                    n.remove("killed");
                  })),
          "a report that counts gives its figures");
    }

    @Test
    void anInstantWithAnOffsetIsAccepted() {
      final IncidentEvent e =
          EventJson.parse(
              incidentWith(n -> n.put("reportedAt", "2023-02-04T15:00:00+05:00")),
              IncidentEvent.class);
      assertEquals(Instant.parse("2023-02-04T10:00:00Z"), e.getReportedAt());
    }
  }

  @Nested
  class Errors {

    @ParameterizedTest(name = "missing {0}")
    @ValueSource(
        strings = {"id", "reportedAt", "occurredOn", "country", "killed", "injured", "source"})
    void missingRequiredFieldIsNamed(final String field) {
      assertEquals(List.of(field), incidentErrorFields(incidentWith(n -> n.remove(field))));
    }

    @Test
    void nullRequiredFieldIsNamed() {
      assertEquals(
          List.of("country"), incidentErrorFields(incidentWith(n -> n.putNull("country"))));
    }

    @Test
    void missingNestedRequiredFieldIsNamedByPath() {
      assertEquals(
          List.of("source.name"), incidentErrorFields(incidentWith(n -> n.putObject("source"))));
      assertEquals(
          List.of("groups[0].name"),
          incidentErrorFields(
              incidentWith(n -> n.putArray("groups").addObject().put("attribution", "CLAIMED"))));
      assertEquals(
          List.of("speaker.name"),
          errorFields(
              MINIMAL_STATEMENT.replace("\"name\": \"Ned Price\", ", ""), StatementEvent.class));
    }

    @Test
    void wrongTypesAreNamedByPath() {
      assertEquals(
          List.of("killed.civilians"),
          incidentErrorFields(
              incidentWith(n -> ((ObjectNode) n.get("killed")).put("civilians", "one"))));
      assertEquals(
          List.of("killed.civilians"),
          incidentErrorFields(
              incidentWith(n -> ((ObjectNode) n.get("killed")).put("civilians", 1.5))));
      assertEquals(
          List.of("injured.unknown"),
          incidentErrorFields(
              incidentWith(n -> ((ObjectNode) n.get("injured")).put("unknown", 3_000_000_000L))));
      assertEquals(List.of("id"), incidentErrorFields(incidentWith(n -> n.put("id", 900001))));
      assertEquals(
          List.of("latitude"), incidentErrorFields(incidentWith(n -> n.put("latitude", "34.0"))));
      assertEquals(
          List.of("retracted"), incidentErrorFields(incidentWith(n -> n.put("retracted", "yes"))));
      assertEquals(List.of("killed"), incidentErrorFields(incidentWith(n -> n.put("killed", 85))));
      assertEquals(
          List.of("groups"), incidentErrorFields(incidentWith(n -> n.put("groups", "TTP"))));
      assertEquals(
          List.of("about.countries[1]"),
          errorFields(
              MINIMAL_STATEMENT.replace("[\"AF\", \"PK\"]", "[\"AF\", 586]"),
              StatementEvent.class));
    }

    @Test
    void unknownEnumSymbolIsNamedByPath() {
      assertEquals(
          List.of("groups[0].attribution"),
          incidentErrorFields(MINIMAL_INCIDENT.replace("\"CLAIMED\"", "\"CLAIMED_BY_TTP\"")));
      assertEquals(
          List.of("eventType"),
          incidentErrorFields(MINIMAL_INCIDENT.replace("SUICIDE_BOMBING", "suicide_bombing")));
      assertEquals(
          List.of("kind"),
          errorFields(MINIMAL_STATEMENT.replace("ACCUSATION", "ACCUSE"), StatementEvent.class));
    }

    @ParameterizedTest(name = "occurredOn {0}")
    @ValueSource(
        strings = {
          "30 January 2023",
          "2023-1-30",
          "2023-02-30",
          "30/01/2023",
          "2023-01-30T00:00:00Z",
          ""
        })
    void badDateIsNamed(final String date) {
      assertEquals(
          List.of("occurredOn"), incidentErrorFields(incidentWith(n -> n.put("occurredOn", date))));
    }

    @Test
    void dateAsNumberIsNamed() {
      assertEquals(
          List.of("occurredOn"),
          incidentErrorFields(incidentWith(n -> n.put("occurredOn", 19387))));
    }

    @Test
    void dateBeyondTheRangeOfTheSchemaIsNamedNotWrappedAround() {
      // Avro's date is an int of days; a date past it must be rejected, not silently wrapped to
      // another day.
      assertEquals(
          List.of("occurredOn"),
          incidentErrorFields(incidentWith(n -> n.put("occurredOn", "+11761191-01-30"))));
    }

    @ParameterizedTest(name = "reportedAt {0}")
    @ValueSource(
        strings = {
          "2023-02-04",
          "2023-02-04T10:00:00",
          "yesterday",
          "2023-02-04 10:00:00Z",
          "+300000000-01-01T00:00:00Z"
        })
    void badInstantIsNamed(final String instant) {
      assertEquals(
          List.of("reportedAt"),
          incidentErrorFields(incidentWith(n -> n.put("reportedAt", instant))));
    }

    @Test
    void unknownFieldIsNamedSoTyposAreCaught() {
      final List<String> fields =
          incidentErrorFields(MINIMAL_INCIDENT.replace("\"occurredOn\"", "\"ocurredOn\""));
      assertTrue(fields.contains("ocurredOn"), fields.toString());
      assertTrue(fields.contains("occurredOn"), "the real field is then missing: " + fields);
      assertEquals(
          List.of("killed.civillians"),
          incidentErrorFields(MINIMAL_INCIDENT.replace("\"civilians\"", "\"civillians\"")));
      assertEquals(
          List.of("groups[0].attributon"),
          incidentErrorFields(MINIMAL_INCIDENT.replace("\"attribution\"", "\"attributon\"")));
    }

    @Test
    void everyProblemIsReportedAtOnce() {
      final List<String> fields =
          incidentErrorFields(
              incidentWith(
                  n -> {
                    n.remove("id");
                    n.put("occurredOn", "30/01/2023");
                    ((ObjectNode) n.get("killed")).put("civilians", "one");
                    n.put("colour", "red");
                  }));
      assertEquals(
          List.of("id", "occurredOn", "killed.civilians", "colour").stream().sorted().toList(),
          fields.stream().sorted().toList());
    }

    @Test
    void theMessageNamesTheFieldToo() {
      final InvalidEventException e =
          assertThrows(
              InvalidEventException.class,
              () ->
                  EventJson.parse(
                      incidentWith(n -> ((ObjectNode) n.get("killed")).put("civilians", -1.5)),
                      IncidentEvent.class));
      assertTrue(e.getMessage().startsWith("killed.civilians: "), e.getMessage());
      assertEquals("killed.civilians", e.firstField());
    }

    @Test
    void notJsonOrNotAnObjectIsAWholeRecordError() {
      assertEquals(Collections.singletonList(null), incidentErrorFields("{\"id\": "));
      assertEquals(
          Collections.singletonList(null), incidentErrorFields("[" + MINIMAL_INCIDENT + "]"));
      assertEquals(Collections.singletonList(null), incidentErrorFields("\"PAK900001\""));
    }

    @Test
    void badBase64IsNamedByField() {
      final List<String> fields =
          errorFields(
              """
          {"category": "PARSE", "errorClass": "x", "reason": "y", "originalValue": "not base64!",
           "failedAt": "2023-02-04T10:00:00Z"}
          """,
              DeadLetter.class);
      assertEquals(List.of("originalValue"), fields);
    }
  }

  @Nested
  class Writing {

    @Test
    void datesAndInstantsAreIsoText() {
      final ObjectNode tree =
          EventJson.toTree(EventJson.parse(MINIMAL_INCIDENT, IncidentEvent.class));
      assertTrue(tree.get("occurredOn").isTextual());
      assertEquals("2023-01-30", tree.get("occurredOn").asText());
      assertTrue(tree.get("reportedAt").isTextual());
      assertEquals("2023-02-04T10:00:00Z", tree.get("reportedAt").asText());
      final ObjectNode statement =
          EventJson.toTree(EventJson.parse(MINIMAL_STATEMENT, StatementEvent.class));
      assertEquals("2023-01-04T17:00:00Z", statement.get("madeAt").asText());
    }

    @Test
    void aStatementsJsonFormIsMarkedAsOneSoItCanBeFedBackAsInput() {
      final ObjectNode statement =
          EventJson.toTree(EventJson.parse(MINIMAL_STATEMENT, StatementEvent.class));
      assertEquals("type", statement.fieldNames().next());
      assertEquals("statement", statement.get("type").asText());
      assertFalse(
          EventJson.toTree(EventJson.parse(MINIMAL_INCIDENT, IncidentEvent.class)).has("type"));
    }

    @Test
    void enumsAreSymbolsNullsAreNullAndUnionsAreUnwrapped() {
      final ObjectNode tree =
          EventJson.toTree(EventJson.parse(MINIMAL_INCIDENT, IncidentEvent.class));
      assertEquals("SUICIDE_BOMBING", tree.get("eventType").asText());
      assertEquals("CLAIMED", tree.get("groups").get(0).get("attribution").asText());
      assertTrue(tree.get("notes").isNull());
      assertTrue(tree.get("region").isTextual(), "no {\"string\": ...} union wrapper");
      assertEquals("Khyber Pakhtunkhwa", tree.get("region").asText());
      assertEquals(83, tree.get("killed").get("securityForces").asInt());
    }

    @Test
    void bytesAreBase64() {
      final DeadLetter d =
          DeadLetters.fromKafka(
              "t",
              0,
              1L,
              "k",
              "héllo".getBytes(StandardCharsets.UTF_8),
              DeadLetters.DESERIALIZATION,
              null,
              "r",
              Instant.parse("2023-02-04T10:00:00Z"));
      final JsonNode tree = EventJson.toTree(d);
      assertEquals(
          Base64.getEncoder().encodeToString("héllo".getBytes(StandardCharsets.UTF_8)),
          tree.get("originalValue").asText());
      final DeadLetter back = EventJson.parse(tree.toString(), DeadLetter.class);
      assertEquals(
          ByteBuffer.wrap("héllo".getBytes(StandardCharsets.UTF_8)), back.getOriginalValue());
    }
  }

  @Nested
  class RoundTrip {

    @Test
    void minimalIncident() {
      final IncidentEvent e = EventJson.parse(MINIMAL_INCIDENT, IncidentEvent.class);
      assertEquals(e, EventJson.parse(EventJson.toJson(e), IncidentEvent.class));
    }

    @Test
    void minimalStatement() {
      final StatementEvent s = EventJson.parse(MINIMAL_STATEMENT, StatementEvent.class);
      assertEquals(s, EventJson.parse(EventJson.toJson(s), StatementEvent.class));
    }

    @Test
    void fullyPopulatedIncident() {
      final IncidentEvent e =
          IncidentEvent.newBuilder()
              .setId("PAK900002")
              .setReportedAt(Instant.parse("2023-02-05T08:30:15.250Z"))
              .setRevision(3)
              .setRetracted(true)
              .setSource(new Source("ACLED", "https://acleddata.com", SourceKind.ACLED))
              .setOccurredOn(LocalDate.of(2023, 1, 31))
              .setDatePrecision(DatePrecision.WEEK)
              .setCountry("PK")
              .setRegion("Balochistan")
              .setAdmin2("Quetta")
              .setLocation("Quetta Cantonment")
              .setLatitude(30.1798)
              .setLongitude(66.975)
              .setGeoPrecision(GeoPrecision.NEAR)
              .setGroups(
                  List.of(
                      new PerpetratorGroup("BLA", Attribution.SUSPECTED),
                      new PerpetratorGroup("TTP", Attribution.ATTRIBUTED)))
              .setEventType(EventType.IED)
              .setTargetType(TargetType.SECURITY_FORCES)
              .setKilled(new Casualties(4, 1, 0, 2, 5, 9))
              .setInjured(new Casualties(0, 0, 0, 12, null, null))
              .setNotes("Quote \"marks\", commas, and unicode: پشاور")
              .build();
      final String json = EventJson.toJson(e);
      assertEquals(e, EventJson.parse(json, IncidentEvent.class));
    }
  }
}
