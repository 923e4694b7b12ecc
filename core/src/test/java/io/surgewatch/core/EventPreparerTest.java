package io.surgewatch.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.surgewatch.events.v1.Attribution;
import io.surgewatch.events.v1.Casualties;
import io.surgewatch.events.v1.IncidentEvent;
import io.surgewatch.events.v1.PerpetratorGroup;
import io.surgewatch.events.v1.Source;
import io.surgewatch.events.v1.Speaker;
import io.surgewatch.events.v1.StatementEvent;
import io.surgewatch.events.v1.StatementSubject;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * CONTRACT "Time" and "Keys of the aggregation cube": validation and canonicalisation of input
 * events.
 */
class EventPreparerTest {

  /** "Now" for every test: 2023-02-04 20:00 UTC, already 2023-02-05 01:00 in Pakistan. */
  static final Instant NOW = Instant.parse("2023-02-04T20:00:00Z");

  static final LocalDate TODAY_UTC = LocalDate.of(2023, 2, 4);

  private final EventPreparer preparer =
      new EventPreparer(Canonicalizer.standard(), Clock.fixed(NOW, ZoneOffset.UTC));

  static IncidentEvent minimal() {
    return EventJson.parse(EventJsonTest.MINIMAL_INCIDENT, IncidentEvent.class);
  }

  static IncidentEvent incident(final UnaryOperator<IncidentEvent.Builder> change) {
    return change.apply(IncidentEvent.newBuilder(minimal())).build();
  }

  static Casualties casualties(final UnaryOperator<Casualties.Builder> change) {
    return change.apply(Casualties.newBuilder()).build();
  }

  private List<String> rejectedFields(final IncidentEvent in) {
    final InvalidEventException e =
        assertThrows(InvalidEventException.class, () -> preparer.incident(in));
    return e.errors().stream().map(FieldError::field).toList();
  }

  @Test
  void aRecordsFormErrorsAndItsValuesErrorsAreToldAtOnceWithoutTheStandInsOwn() throws Exception {
    final JsonNode node =
        EventJson.MAPPER.readTree(
            "{\"id\": \"P1\", \"reportedAt\": 7, \"occurredOn\": \"2023-01-30\","
                + " \"country\": \"Narnia\", \"groups\": [1, {\"name\": 5}, {\"name\": \"\"}],"
                + " \"killed\": {\"civilians\": -2, \"militants\": \"x\"}, \"injured\": [],"
                + " \"latitude\": 91.5}");
    final InvalidEventException e =
        assertThrows(
            InvalidEventException.class,
            () -> preparer.whole(EventJson.partial(node, IncidentEvent.class)));
    assertEquals(
        List.of(
            "reportedAt",
            "source",
            "groups[0]",
            "groups[1].name",
            "killed.militants",
            "injured",
            "country",
            "killed.civilians",
            "latitude",
            "groups[2].name"),
        e.errors().stream().map(FieldError::field).toList(),
        e.getMessage());
  }

  @Nested
  class IncidentRejections {

    @Test
    void theContractExampleIsValid() {
      preparer.incident(minimal());
    }

    @ParameterizedTest(name = "killed.{0} < 0")
    @ValueSource(strings = {"securityForces", "civilians", "militants", "unknown", "low", "high"})
    void negativeKilledIsRejected(final String category) {
      final Casualties.Builder c = Casualties.newBuilder();
      switch (category) {
        case "securityForces" -> c.setSecurityForces(-1);
        case "civilians" -> c.setCivilians(-1);
        case "militants" -> c.setMilitants(-1);
        case "unknown" -> c.setUnknown(-1);
        case "low" -> c.setLow(-1);
        default -> c.setHigh(-1);
      }
      assertEquals(
          List.of("killed." + category), rejectedFields(incident(b -> b.setKilled(c.build()))));
    }

    @ParameterizedTest(name = "''{0}''")
    @ValueSource(strings = {"*", " * ", "Dar|fur"})
    void aRegionOrGroupThatWouldBreakTheCubesKeysIsRejectedSayingWhy(final String name) {
      assertEquals(List.of("region"), rejectedFields(incident(b -> b.setRegion(name))));
      assertEquals(
          List.of("groups[0].name"),
          rejectedFields(
              incident(
                  b -> b.setGroups(List.of(new PerpetratorGroup(name, Attribution.ATTRIBUTED))))));
      final InvalidEventException e =
          assertThrows(
              InvalidEventException.class,
              () -> preparer.incident(incident(b -> b.setRegion(name))));
      assertTrue(
          e.getMessage().contains("rollup marker") || e.getMessage().contains("separates"),
          e.getMessage());
    }

    @Test
    void anIncidentDayBefore1900IsAMistypedYearRejectedNamingTheField() {
      assertEquals(
          List.of("occurredOn"),
          rejectedFields(incident(b -> b.setOccurredOn(LocalDate.of(23, 1, 30)))));
    }

    @Test
    void aNameOrIdLongerThanAnyRealOneIsRejectedWithoutQuotingItWhole() {
      // Names and ids travel into keys, count records and alerts: a megabyte of one would make
      // those larger than a Kafka record may be.
      final String long1 = "Tehrik-i-Taliban ".repeat(60_000);
      final InvalidEventException region =
          assertThrows(
              InvalidEventException.class,
              () -> preparer.incident(incident(b -> b.setRegion(long1))));
      assertEquals("region", region.firstField());
      assertTrue(region.getMessage().contains("longer than the 1000"), region.getMessage());
      assertTrue(region.getMessage().length() < 300, region.getMessage());
      assertEquals(
          List.of("groups[0].name"),
          rejectedFields(
              incident(
                  b -> b.setGroups(List.of(new PerpetratorGroup(long1, Attribution.ATTRIBUTED))))));
      assertEquals(List.of("id"), rejectedFields(incident(b -> b.setId(long1))));
      final InvalidEventException id =
          assertThrows(
              InvalidEventException.class,
              () ->
                  preparer.statement(
                      StatementEvent.newBuilder(Statements.minimal()).setId(long1).build()));
      assertEquals("id", id.firstField());
      assertTrue(id.getMessage().contains("longer than the 1000"), id.getMessage());
    }

    @Test
    void theProgressMarkersKeyIsNoIdAnIncidentOrStatementMayHave() {
      // Compaction keeps one record a key: an event of the markers' key would be compacted away.
      assertEquals(List.of("id"), rejectedFields(incident(b -> b.setId(ProgressMarkers.KEY))));
      final StatementEvent statement =
          StatementEvent.newBuilder(Statements.minimal()).setId(ProgressMarkers.KEY).build();
      final InvalidEventException e =
          assertThrows(InvalidEventException.class, () -> preparer.statement(statement));
      assertEquals("id", e.firstField());
      assertTrue(e.getMessage().contains("reserved for progress markers"), e.getMessage());
    }

    @Test
    void negativeInjuredIsRejected() {
      assertEquals(
          List.of("injured.civilians"),
          rejectedFields(incident(b -> b.setInjured(casualties(c -> c.setCivilians(-3))))));
    }

    @Test
    void lowAboveHighIsRejected() {
      assertEquals(
          List.of("killed.low"),
          rejectedFields(incident(b -> b.setKilled(casualties(c -> c.setLow(10).setHigh(5))))));
      preparer.incident(incident(b -> b.setKilled(casualties(c -> c.setLow(5).setHigh(5)))));
    }

    @ParameterizedTest(name = "country ''{0}''")
    @ValueSource(strings = {"XX", "Pakistn", "", "  "})
    void unknownCountryIsRejected(final String country) {
      assertEquals(List.of("country"), rejectedFields(incident(b -> b.setCountry(country))));
    }

    @ParameterizedTest(name = "country ''{0}''")
    @ValueSource(strings = {"ZZ", "XX", ""})
    void theRetractedPlaceholderCountryIsRejectedOnAReportThatCounts(final String country) {
      assertEquals(
          List.of("country"),
          rejectedFields(incident(b -> b.setCountry(country).setRetracted(false))));
    }

    @ParameterizedTest(name = "country ''{0}''")
    @ValueSource(strings = {"ZZ", "XX", "", "Pakistn"})
    void aRetractionOfUnknownCountryIsAcceptedWithThePlaceholderZz(final String country) {
      final IncidentEvent out =
          preparer.incident(incident(b -> b.setCountry(country).setRetracted(true)));
      assertEquals(EventPreparer.UNKNOWN_RETRACTED_COUNTRY, out.getCountry());
      assertEquals("ZZ", out.getCountry());
    }

    @Test
    void aRetractionOfAKnownCountryKeepsIt() {
      assertEquals(
          "PK",
          preparer.incident(incident(b -> b.setCountry("PAK").setRetracted(true))).getCountry());
    }

    @ParameterizedTest(name = "id ''{0}''")
    @ValueSource(strings = {"", "   "})
    void blankIdIsRejected(final String id) {
      assertEquals(List.of("id"), rejectedFields(incident(b -> b.setId(id))));
    }

    @Test
    void blankSourceNameIsRejected() {
      assertEquals(
          List.of("source.name"),
          rejectedFields(incident(b -> b.setSource(Source.newBuilder().setName(" ").build()))));
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "javascript:alert(1)",
          "data:text/html,x",
          "ftp://example.org/r",
          "/relative/path",
          "http://"
        })
    void aSourceUrlThatIsNotAnHttpLinkIsRejected(final String url) {
      assertEquals(
          List.of("source.url"),
          rejectedFields(
              incident(b -> b.setSource(Source.newBuilder().setName("Dawn").setUrl(url).build()))));
    }

    @Test
    void anHttpsSourceUrlIsAccepted() {
      assertEquals(
          "https://www.dawn.com/news/1734015",
          preparer
              .incident(
                  incident(
                      b ->
                          b.setSource(
                              Source.newBuilder()
                                  .setName("Dawn")
                                  .setUrl("https://www.dawn.com/news/1734015")
                                  .build())))
              .getSource()
              .getUrl());
    }

    @Test
    void blankGroupNameIsRejectedWithItsIndex() {
      assertEquals(
          List.of("groups[1].name"),
          rejectedFields(
              incident(
                  b ->
                      b.setGroups(
                          List.of(
                              new PerpetratorGroup("TTP", Attribution.CLAIMED),
                              new PerpetratorGroup("", Attribution.SUSPECTED))))));
    }

    @Test
    void negativeRevisionIsRejected() {
      assertEquals(List.of("revision"), rejectedFields(incident(b -> b.setRevision(-1))));
    }

    @ParameterizedTest(name = "latitude {0}")
    @ValueSource(doubles = {-90.0001, 90.5, 180, Double.NaN})
    void latitudeOutOfRangeIsRejected(final double latitude) {
      assertEquals(List.of("latitude"), rejectedFields(incident(b -> b.setLatitude(latitude))));
    }

    @ParameterizedTest(name = "longitude {0}")
    @ValueSource(doubles = {-180.0001, 180.5, 360, Double.NaN})
    void longitudeOutOfRangeIsRejected(final double longitude) {
      assertEquals(List.of("longitude"), rejectedFields(incident(b -> b.setLongitude(longitude))));
    }

    @Test
    void coordinateBoundsAreInclusive() {
      preparer.incident(incident(b -> b.setLatitude(-90.0).setLongitude(180.0)));
      preparer.incident(incident(b -> b.setLatitude(90.0).setLongitude(-180.0)));
    }

    @Test
    void everyProblemIsReportedAtOnce() {
      final List<String> fields =
          rejectedFields(
              incident(
                  b ->
                      b.setId(" ")
                          .setCountry("XX")
                          .setLatitude(91.0)
                          .setKilled(casualties(c -> c.setCivilians(-1)))));
      assertEquals(List.of("id", "country", "killed.civilians", "latitude"), fields);
    }
  }

  @Nested
  class Time {

    /**
     * An incident reported late tomorrow (UTC), the latest report time allowed, so that the
     * day-after-the-report rule cannot be what rejects it: only the future rule applies to its day.
     */
    private IncidentEvent reportedNowOn(final LocalDate day) {
      return incident(
          b -> b.setReportedAt(Instant.parse("2023-02-05T23:00:00Z")).setOccurredOn(day));
    }

    private void assertInTheFuture(final EventPreparer p, final IncidentEvent in) {
      final InvalidEventException e =
          assertThrows(InvalidEventException.class, () -> p.incident(in));
      assertEquals(List.of("occurredOn"), e.errors().stream().map(FieldError::field).toList());
      assertTrue(e.getMessage().contains("future"), e.getMessage());
    }

    @Test
    void tomorrowInUtcIsAllowed() {
      final IncidentEvent out = preparer.incident(reportedNowOn(TODAY_UTC.plusDays(1)));
      assertEquals(
          TODAY_UTC.plusDays(1), out.getOccurredOn(), "no time-zone conversion moves the day");
    }

    @Test
    void afterTomorrowInUtcIsRejected() {
      assertInTheFuture(preparer, reportedNowOn(TODAY_UTC.plusDays(2)));
    }

    @Test
    void tomorrowIsJudgedInUtcWhateverTheClocksZone() {
      // In Karachi it is already 2023-02-05, so Karachi's tomorrow (02-06) is after tomorrow in
      // UTC.
      final EventPreparer karachi =
          new EventPreparer(Canonicalizer.standard(), Clock.fixed(NOW, ZoneId.of("Asia/Karachi")));
      assertInTheFuture(karachi, reportedNowOn(TODAY_UTC.plusDays(2)));
      karachi.incident(reportedNowOn(TODAY_UTC.plusDays(1)));
    }

    @Test
    void occurredOnAfterTheReportIsRejected() {
      // Reported 2023-01-10 10:00 UTC: no place on Earth was yet on 2023-01-12.
      final InvalidEventException e =
          assertThrows(
              InvalidEventException.class,
              () ->
                  preparer.incident(
                      incident(
                          b ->
                              b.setReportedAt(Instant.parse("2023-01-10T10:00:00Z"))
                                  .setOccurredOn(LocalDate.of(2023, 1, 12)))));
      assertEquals(List.of("occurredOn"), e.errors().stream().map(FieldError::field).toList());
      assertTrue(e.getMessage().contains("after the report"), e.getMessage());
    }

    @Test
    void occurredOnMayBeOneDayAfterTheReportsUtcDate() {
      // 2023-01-10 23:00 UTC is already 2023-01-11 in Pakistan: a same-evening local report is not
      // in the past.
      preparer.incident(
          incident(
              b ->
                  b.setReportedAt(Instant.parse("2023-01-10T23:00:00Z"))
                      .setOccurredOn(LocalDate.of(2023, 1, 11))));
    }

    @Test
    void reportedAtInTheFutureIsRejected() {
      assertEquals(
          List.of("reportedAt"),
          rejectedFields(incident(b -> b.setReportedAt(Instant.parse("2023-02-07T00:00:00Z")))));
    }
  }

  @Nested
  class IncidentCanonicalisation {

    @Test
    void countryNameBecomesAlpha2() {
      assertEquals("PK", preparer.incident(incident(b -> b.setCountry("Pakistan"))).getCountry());
      assertEquals("PK", preparer.incident(incident(b -> b.setCountry("PAK"))).getCountry());
      assertEquals("PK", preparer.incident(incident(b -> b.setCountry("586"))).getCountry());
    }

    @Test
    void regionAliasBecomesCanonical() {
      assertEquals(
          "Khyber Pakhtunkhwa",
          preparer.incident(incident(b -> b.setRegion("erstwhile FATA"))).getRegion());
      assertEquals(
          "Balochistan",
          preparer
              .incident(incident(b -> b.setCountry("Pakistan").setRegion("Baluchistan")))
              .getRegion(),
          "the region is looked up under the canonical country");
    }

    @Test
    void idIsTrimmed() {
      assertEquals("PAK900001", preparer.incident(incident(b -> b.setId("  PAK900001 "))).getId());
    }

    @Test
    void groupAliasesAreMergedKeepingTheFirmestAttribution() {
      final IncidentEvent out =
          preparer.incident(
              incident(
                  b ->
                      b.setGroups(
                          List.of(
                              new PerpetratorGroup("Pakistani Taliban", Attribution.SUSPECTED),
                              new PerpetratorGroup(
                                  "Baluchistan Liberation Army", Attribution.UNKNOWN),
                              new PerpetratorGroup(
                                  "TTP: Tehrik-i-Taliban Pakistan", Attribution.CLAIMED),
                              new PerpetratorGroup(
                                  "Tehreek-e-Taliban Pakistan", Attribution.ATTRIBUTED),
                              new PerpetratorGroup("BLA", Attribution.SUSPECTED)))));
      assertEquals(
          List.of(
              new PerpetratorGroup("TTP", Attribution.CLAIMED),
              new PerpetratorGroup("BLA", Attribution.SUSPECTED)),
          out.getGroups());
    }

    @Test
    void everythingElseIsKept() {
      final IncidentEvent in = minimal();
      final IncidentEvent out = preparer.incident(in);
      assertEquals(in, out, "an already canonical event comes back unchanged");
    }
  }

  @Nested
  class Statements {

    static StatementEvent minimal() {
      return EventJson.parse(EventJsonTest.MINIMAL_STATEMENT, StatementEvent.class);
    }

    private StatementEvent about(
        final List<String> countries, final List<String> regions, final List<String> groups) {
      final StatementEvent s = minimal();
      return StatementEvent.newBuilder(s)
          .setAbout(
              StatementSubject.newBuilder(s.getAbout())
                  .setCountries(countries)
                  .setRegions(regions)
                  .setGroups(groups)
                  .build())
          .build();
    }

    @Test
    void theContractExampleIsValidAndUnchanged() {
      assertEquals(minimal(), preparer.statement(minimal()));
    }

    @Test
    void unknownAboutCountryIsRejectedWithItsIndex() {
      final InvalidEventException e =
          assertThrows(
              InvalidEventException.class,
              () ->
                  preparer.statement(
                      about(List.of("AF", "Atlantis", "PK", "XX"), List.of(), List.of())));
      assertEquals(
          List.of("about.countries[1]", "about.countries[3]"),
          e.errors().stream().map(FieldError::field).toList());
    }

    @Test
    void aboutIsCanonicalised() {
      final StatementEvent out =
          preparer.statement(
              about(
                  List.of("Afghanistan", "PAK", "AF"),
                  List.of(),
                  List.of("Pakistani Taliban", "ISKP", "TTP")));
      assertEquals(
          List.of("AF", "PK"),
          out.getAbout().getCountries(),
          "alpha-2, duplicates removed, order kept");
      assertEquals(List.of("TTP", "IS-K"), out.getAbout().getGroups());
    }

    @Test
    void aboutRegionsAreCanonicalUnderTheFirstCountry() {
      final StatementEvent out =
          preparer.statement(
              about(List.of("Pakistan"), List.of("KPK", "NWFP", "Baluchistan"), List.of()));
      assertEquals(List.of("Khyber Pakhtunkhwa", "Balochistan"), out.getAbout().getRegions());
    }

    @Test
    void speakerCountryIsCanonicalisedOrRejected() {
      final StatementEvent s = minimal();
      final StatementEvent named =
          StatementEvent.newBuilder(s)
              .setSpeaker(Speaker.newBuilder(s.getSpeaker()).setCountry("United States").build())
              .build();
      assertEquals("US", preparer.statement(named).getSpeaker().getCountry());
      final StatementEvent bad =
          StatementEvent.newBuilder(s)
              .setSpeaker(Speaker.newBuilder(s.getSpeaker()).setCountry("Freedonia").build())
              .build();
      final InvalidEventException e =
          assertThrows(InvalidEventException.class, () -> preparer.statement(bad));
      assertEquals("speaker.country", e.firstField());
    }

    @Test
    void blankIdSpeakerAndQuoteAreRejected() {
      final StatementEvent s = minimal();
      final StatementEvent bad =
          StatementEvent.newBuilder(s)
              .setId(" ")
              .setQuote("")
              .setSpeaker(Speaker.newBuilder(s.getSpeaker()).setName(" ").build())
              .build();
      final InvalidEventException e =
          assertThrows(InvalidEventException.class, () -> preparer.statement(bad));
      assertEquals(
          List.of("id", "speaker.name", "quote"),
          e.errors().stream().map(FieldError::field).toList());
    }

    @Test
    void madeAtInTheFutureIsRejected() {
      final StatementEvent bad =
          StatementEvent.newBuilder(minimal())
              .setMadeAt(Instant.parse("2023-02-07T00:00:00Z"))
              .build();
      final InvalidEventException e =
          assertThrows(InvalidEventException.class, () -> preparer.statement(bad));
      assertEquals("madeAt", e.firstField());
      preparer.statement(
          StatementEvent.newBuilder(minimal())
              .setMadeAt(Instant.parse("2023-02-05T23:59:59Z"))
              .build());
    }

    @Test
    void madeAtBefore1900IsAMistypedYearRejectedNamingTheField() {
      final StatementEvent typo =
          StatementEvent.newBuilder(minimal())
              .setMadeAt(Instant.parse("0023-01-31T10:00:00Z"))
              .build();
      final InvalidEventException e =
          assertThrows(InvalidEventException.class, () -> preparer.statement(typo));
      assertEquals(List.of("madeAt"), e.errors().stream().map(FieldError::field).toList());
      assertEquals("madeAt: 0023-01-31T10:00:00Z is before 1900-01-01", e.getMessage());
      preparer.statement(
          StatementEvent.newBuilder(minimal())
              .setMadeAt(Instant.parse("1900-01-01T00:00:00Z"))
              .build());
    }

    @ParameterizedTest(name = "''{0}''")
    @ValueSource(strings = {"*", " * ", "Dar|fur"})
    void aRegionOrGroupThatWouldBreakTheCubesKeysIsRejectedAsAnIncidentsIs(final String name) {
      final InvalidEventException e =
          assertThrows(
              InvalidEventException.class,
              () -> preparer.statement(about(List.of("PK"), List.of(name), List.of("TTP", name))));
      assertEquals(
          List.of("about.regions[0]", "about.groups[1]"),
          e.errors().stream().map(FieldError::field).toList());
      assertEquals(
          ShardKeys.whyNotAKeyPart(name), e.errors().get(0).message(), "the incidents' reason");
    }
  }
}
