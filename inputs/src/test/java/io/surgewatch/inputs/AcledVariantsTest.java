package io.surgewatch.inputs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.surgewatch.core.DeadLetters;
import io.surgewatch.core.EventPreparer;
import io.surgewatch.core.InvalidEventException;
import io.surgewatch.events.v1.Attribution;
import io.surgewatch.events.v1.Casualties;
import io.surgewatch.events.v1.DatePrecision;
import io.surgewatch.events.v1.EventType;
import io.surgewatch.events.v1.GeoPrecision;
import io.surgewatch.events.v1.IncidentEvent;
import io.surgewatch.events.v1.PerpetratorGroup;
import io.surgewatch.events.v1.TargetType;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every ACLED export variant users have, read by {@code --format acled}. The fixtures are made up
 * for these tests (no third-party rows); each test is one variant.
 */
class AcledVariantsTest {

  private static final EventPreparer PREPARER = EventPreparer.standard();

  @TempDir Path dir;

  /** The records of a file and the notes the reader has once it is read. */
  private record Read(List<InputRecord> records, List<String> notes) {
    IncidentEvent incident(final int i) {
      final InputRecord r = records.get(i);
      return (IncidentEvent)
          assertInstanceOf(
                  InputRecord.Parsed.class,
                  r,
                  () -> r instanceof InputRecord.Rejected j ? j.reason() : r.toString())
              .event();
    }

    /** Each record's event day; null for a rejected one. */
    List<LocalDate> days() {
      return records.stream()
          .map(
              r ->
                  r instanceof InputRecord.Parsed p
                      ? ((IncidentEvent) p.event()).getOccurredOn()
                      : null)
          .toList();
    }

    /** Asserts that record {@code i} is rejected as VALIDATION for {@code field}, saying why. */
    void invalid(final int i, final String field, final String reasonStart) {
      final InputRecord.Rejected r = rejected(i, DeadLetters.VALIDATION);
      assertEquals(field, firstField(r));
      assertTrue(r.reason().startsWith(reasonStart), r.reason());
    }

    /** Asserts that a note starts with {@code start}. */
    void noted(final String start) {
      assertTrue(notes.stream().anyMatch(n -> n.startsWith(start)), notes::toString);
    }

    InputRecord.Rejected rejected(final int i, final String category) {
      final InputRecord.Rejected r = assertInstanceOf(InputRecord.Rejected.class, records.get(i));
      assertEquals(category, r.category(), r.reason());
      return r;
    }
  }

  /** The current export's rows under its header. */
  private static Read readRows(final String... rows) {
    return read(CURRENT + "\n" + String.join("", rows));
  }

  private static Read read(final String csv) {
    final List<InputRecord> out = new ArrayList<>();
    try (InputReader reader =
        InputReader.of(new StringReader(csv), InputFormat.ACLED, PREPARER, "inline.csv")) {
      reader.forEachRemaining(out::add);
      return new Read(out, reader.notes());
    }
  }

  private static String firstField(final InputRecord.Rejected r) {
    return ((InvalidEventException) r.error()).firstField();
  }

  // --- the current export, as users re-save it
  // -------------------------------------------------------------------

  private static final String CURRENT =
      "event_id_cnty,event_date,year,time_precision,disorder_type,event_type,"
          + "sub_event_type,actor1,assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,civilian_targeting,iso,"
          + "region,country,admin1,admin2,admin3,location,latitude,longitude,geo_precision,source,source_scale,notes,"
          + "fatalities,tags,timestamp";

  /** A current-export row: the columns the tests vary, the others fixed. */
  private static String row(
      final String id,
      final String date,
      final String type,
      final String subType,
      final String actor1,
      final String inter2,
      final String iso,
      final String country,
      final String fatalities,
      final String timestamp) {
    return id
        + ","
        + date
        + ",2023,1,Political violence,"
        + type
        + ","
        + subType
        + ","
        + actor1
        + ",,2,"
        + "Civilians (Kenya),,"
        + inter2
        + ",27,,"
        + iso
        + ",Eastern Africa,"
        + country
        + ",Nairobi,Nairobi,,Nairobi,-1.28,36.82,1,Daily Paper,National,notes,"
        + fatalities
        + ",,"
        + timestamp
        + "\n";
  }

  @Test
  void columnsInAnyCaseWithExtraAndUnnamedColumnsIgnored() {
    // pandas' unnamed index first, R's quoted empty name, data_id, iso3, event_id_no_cnty,
    // countycode; upper case
    final Read r =
        read(
            ",\"\",DATA_ID,Event_Id_Cnty,EVENT_ID_NO_CNTY,event_date,Event_Type,sub_event_type,ACTOR1,"
                + "country,countycode,Fatalities,Timestamp,iso3\n"
                + "0,1,991,KEN1,1,2023-01-30,Battles,Armed clash,Al-Shabaab,Kenya,47,2,1675368000,KEN\n");
    final IncidentEvent e = r.incident(0);
    assertEquals("KEN1", e.getId());
    assertEquals("KE", e.getCountry());
    assertEquals(
        List.of(new PerpetratorGroup("Al-Shabaab", Attribution.ATTRIBUTED)), e.getGroups());
    assertEquals(2, e.getKilled().getUnknown());
    assertEquals("Battles", e.getSourceEventType());
  }

  @Test
  void theHxlTagRowOfAnHdxCopyIsPartOfTheHeaderNotARecord() {
    final Read r =
        read(
            "event_id_cnty,event_date,event_type,sub_event_type,actor1,country,fatalities,timestamp\n"
                + "#event+code,#date+occurred,#event+type,#event+type+sub,#group+name+first,"
                + "#country+name,#affected+killed,\n"
                + "KEN1,20230130,Battles,Armed clash,Al-Shabaab,Kenya,2,1675368000\n");
    assertEquals(1, r.records().size(), r.records().toString());
    assertEquals(3, r.records().get(0).line());
    assertEquals(LocalDate.of(2023, 1, 30), r.incident(0).getOccurredOn());
    assertTrue(
        r.notes().stream().noneMatch(n -> n.contains("without a timestamp")), r.notes().toString());
  }

  @Test
  void byteOrderMarkCrlfAndQuotedLineBreaks() {
    final Read r =
        read(
            "\uFEFF"
                + CURRENT
                + "\r\n"
                + battle("KEN1")
                    .replace("\n", "\r\n")
                    .replace("notes,", "\"first line\r\nsecond, \"\"quoted\"\" line\",")
                + row(
                        "KEN2",
                        "2023-01-31",
                        "Battles",
                        "Armed clash",
                        "Al-Shabaab",
                        "1",
                        "404",
                        "Kenya",
                        "1",
                        "1675368000")
                    .replace("\n", "\r\n"));
    assertEquals(2, r.records().size());
    assertEquals("first line\nsecond, \"quoted\" line", r.incident(0).getNotes());
    assertEquals(2, r.records().get(0).line());
    assertEquals(
        4, r.records().get(1).line()); // the quoted line break made the first record two lines
    assertEquals("KEN2", r.incident(1).getId());
  }

  /** A Kenyan battle on 30 January 2023, 2 killed, at -1.28,36.82. */
  private static String battle(final String id) {
    return row(
        id,
        "2023-01-30",
        "Battles",
        "Armed clash",
        "Al-Shabaab",
        "1",
        "404",
        "Kenya",
        "2",
        "1675368000");
  }

  /** {@link #battle} at {@code latitude,longitude} as written. */
  private static String placed(final String id, final String latitude, final String longitude) {
    return battle(id).replace(",-1.28,36.82,", "," + latitude + "," + longitude + ",");
  }

  @Test
  void aCoordinateALocaleReSaveGarbledCostsTheIncidentItsPointNotItsCount() {
    final Read r =
        readRows(
            placed("KEN1", "-128", "36.82"),
            placed("KEN2", "-1.28", "3682"),
            placed("KEN3", "-1.28", "east"),
            placed("KEN4", "\"-1,28\"", "\"36,82\""));
    for (int i = 0; i < 3; i++) {
      final IncidentEvent e = r.incident(i);
      assertNull(e.getLatitude(), e.getId());
      assertNull(e.getLongitude(), "a longitude alone places nothing: " + e.getId());
      assertEquals(2, e.getKilled().getUnknown(), "counted as its row says: " + e.getId());
      assertEquals("KE", e.getCountry());
    }
    assertEquals(-1.28, r.incident(3).getLatitude(), "a decimal comma is a decimal mark");
    assertEquals(36.82, r.incident(3).getLongitude());
    r.noted(
        "3 incidents counted without coordinates (latitude and longitude left empty), as the row's"
            + " could not be read or lay outside -90..90 / -180..180, as a re-save in another"
            + " locale leaves them (-1.169 written -1169): line 2 (latitude '-128' is outside"
            + " -90..90), line 3 (longitude '3682' is outside -180..180), line 4 (longitude 'east'"
            + " is not a number)");
  }

  @Test
  void aRowRejectedForAnotherReasonIsNotNotedAsCountedWithoutCoordinates() {
    final Read r =
        readRows(
            placed("KEN1", "-128", "36.82").replace(",2,,", ",two,,"),
            placed("KEN2", "-128", "36.82").replace(",1675368000", ",4102444800"));
    r.invalid(0, "fatalities", "line 2: fatalities: ");
    r.invalid(1, "timestamp", "line 3: timestamp: 2100-01-01T00:00:00Z is in the future");
    assertTrue(
        r.notes().stream().noneMatch(n -> n.contains("without coordinates")), r.notes()::toString);
  }

  @Test
  void naAndEmptyCellsAreMissingValues() {
    final Read r =
        read(
            CURRENT
                + "\n"
                + row(
                        "KEN1",
                        "2023-01-30",
                        "Violence against civilians",
                        "NA",
                        "NA",
                        "NA",
                        "NA",
                        "Kenya",
                        "NA",
                        "NA")
                    .replace(
                        "Nairobi,Nairobi,,Nairobi,-1.28,36.82,1,Daily Paper",
                        "NA,NA,NA,NA,NA,NA,NA,NA")
                + row("KEN2", "2023-01-30", "Battles", "", "", "", "", "Kenya", "", ""));
    final IncidentEvent na = r.incident(0);
    assertEquals(List.of(), na.getGroups()); // no group named NA: the incident counts under UNKNOWN
    assertEquals(0, na.getKilled().getCivilians()); // missing fatalities: 0, as ACLED writes none
    assertEquals(EventType.OTHER, na.getEventType());
    assertNull(na.getRegion());
    assertNull(na.getLatitude());
    assertEquals(GeoPrecision.UNKNOWN, na.getGeoPrecision());
    assertEquals("ACLED", na.getSource().getName());
    assertEquals(
        Instant.parse("2023-01-30T23:59:59.999Z"),
        na.getReportedAt()); // no timestamp: end of the day
    assertEquals(List.of(), r.incident(1).getGroups());
    assertTrue(
        r.notes()
            .contains(
                "2 records without a timestamp (ACLED gives every row one: a row cut short lacks"
                    + " it) are reported at the end of their event day, 23:59:59.999 UTC: line 2,"
                    + " line 3"),
        r.notes().toString());
    assertTrue(
        r.notes()
            .contains(
                "2 records with no fatalities (the cell blank, or NA, #N/A or NaN; ACLED writes 0"
                    + " where none are known: a row cut short, a cell cleared or a formula's error"
                    + " lacks it) are counted with none killed:"
                    + " line 2, line 3"),
        r.notes().toString());
  }

  @Test
  void onlyRowsWithoutFatalitiesAreNotedAsCountedWithNoneKilled() {
    final Read r =
        read(
            CURRENT
                + "\n"
                + row("KEN1", "2023-01-30", "Battles", "", "", "", "", "Kenya", "0", "1675368000")
                + row("KEN2", "2023-01-30", "Battles", "", "", "", "", "Kenya", "", "1675368000")
                + row("KEN3", "2023-01-30", "Battles", "", "", "", "", "", "", "1675368000"));
    assertEquals(0, r.incident(1).getKilled().getUnknown());
    r.invalid(2, "country", "line 4: ");
    assertTrue(
        r.notes()
            .contains(
                "1 record with no fatalities (the cell blank, or NA, #N/A or NaN; ACLED writes 0"
                    + " where none are known: a row cut short, a cell cleared or a formula's error"
                    + " lacks it) is counted with none killed:"
                    + " line 3"),
        r.notes().toString());
  }

  @Test
  void aDaySavedAsASpreadsheetsNumberIsReadInTheDateSystemTheRowsYearConfirms() {
    // 2023-01-30 is 44956 in Excel's 1900 system (pandas writes 44956.0), 43494 in its 1904 one.
    final Read r =
        readRows(
            row("KEN1", "44956", "Battles", "", "", "", "", "Kenya", "0", "1675368000"),
            row("KEN2", "44956.0", "Battles", "", "", "", "", "Kenya", "0", "1675368000"),
            row("KEN3", "43494", "Battles", "", "", "", "", "Kenya", "0", "1675368000"),
            row("KEN4", "44000", "Battles", "", "", "", "", "Kenya", "0", "1675368000"));
    final LocalDate day = LocalDate.of(2023, 1, 30);
    assertEquals(Arrays.asList(day, day, day, null), r.days());
    r.noted(
        "3 rows' days were saved as a spreadsheet's numbers for them (a date column formatted as"
            + " numbers), read in Excel's 1900 date system, 1 of them in its 1904 system as each"
            + " row's year confirms: line 2, line 3, line 4");
    // Neither system's day is in the row's year (2023): no reading of it is confirmed.
    r.invalid(
        3,
        "event_date",
        "line 5: event_date: expected a date like 2023-01-30, 30 January 2023 or 30-Jan-23,"
            + " got '44000'"
            + " (Excel's number for 2020-06-18, or 2024-06-19 in its 1904 date system: neither is"
            + " in the row's year, 2023)");
  }

  @Test
  void numbersWrittenAsDecimals() {
    final Read r =
        read(
            CURRENT
                + "\n"
                + row(
                        "SOM1",
                        "2023-01-30",
                        "Battles",
                        "Armed clash",
                        "Al-Shabaab",
                        "7.0",
                        "706.0",
                        "",
                        "\"3,0\"",
                        "1675368000.0")
                    .replace(",1,Political", ",2.0,Political")
                    .replace(",36.82,1,", ",36.82,3.0,")
                + row(
                    "KEN2",
                    "2023-01-30",
                    "Battles",
                    "Armed clash",
                    "Al-Shabaab",
                    "1",
                    "404",
                    "Kenya",
                    "2.5",
                    "1675368000"));
    final IncidentEvent e = r.incident(0);
    assertEquals(3, e.getKilled().getUnknown(), "3,0: a decimal comma");
    assertEquals("SO", e.getCountry()); // iso 706.0
    assertEquals(TargetType.CIVILIANS, e.getTargetType());
    assertEquals(DatePrecision.WEEK, e.getDatePrecision());
    assertEquals(GeoPrecision.REGION, e.getGeoPrecision());
    assertEquals(Instant.ofEpochSecond(1675368000), e.getReportedAt());
    final InputRecord.Rejected half = r.rejected(1, DeadLetters.VALIDATION);
    assertTrue(
        half.reason().startsWith("line 3: fatalities: expected a whole number"), half.reason());
  }

  @Test
  void timestampsInEveryStyle() {
    final String[][] cases = {
      {"1675368000", "2023-02-02T20:00:00Z"},
      {"1675368000000", "2023-02-02T20:00:00Z"},
      {"2023-02-04 10:00:00.000", "2023-02-04T10:00:00Z"},
      {"2023-02-04T10:00:00Z", "2023-02-04T10:00:00Z"},
      {"2023-02-04T12:00:00+02:00", "2023-02-04T10:00:00Z"},
      {"2023-02-04", "2023-02-04T23:59:59.999Z"},
      // Spreadsheets' date and time (this file proves no order: day-first, ACLED's own), in UTC:
      // the time decides which of two versions of one day wins.
      {"04/02/2023 10:00", "2023-02-04T10:00:00Z"},
      {"4/2/2023 6:30:15 PM", "2023-02-04T18:30:15Z"},
      {"04/02/2023 12:05 a.m.", "2023-02-04T00:05:00Z"},
      {"04.02.2023 10:00:00.250", "2023-02-04T10:00:00.250Z"},
      {"04-Feb-23 10:00 UTC", "2023-02-04T10:00:00Z"},
      {"\"1,675,368,000\"", "2023-02-02T20:00:00Z"},
      {"2023-02-04 6:00 PM", "2023-02-04T18:00:00Z"},
      {"2023-02-04 10:00:00 UTC", "2023-02-04T10:00:00Z"},
    };
    final StringBuilder csv = new StringBuilder(CURRENT).append('\n');
    for (int i = 0; i < cases.length; i++) {
      csv.append(
          row(
              "KEN" + i,
              "2023-01-30",
              "Battles",
              "Armed clash",
              "Al-Shabaab",
              "1",
              "404",
              "Kenya",
              "1",
              cases[i][0]));
    }
    csv.append(
        row(
            "KEN9",
            "2023-01-30",
            "Battles",
            "Armed clash",
            "Al-Shabaab",
            "1",
            "404",
            "Kenya",
            "1",
            "soon"));
    final Read r = read(csv.toString());
    for (int i = 0; i < cases.length; i++) {
      assertEquals(Instant.parse(cases[i][1]), r.incident(i).getReportedAt(), cases[i][0]);
    }
    final InputRecord.Rejected soon = r.rejected(cases.length, DeadLetters.VALIDATION);
    assertEquals("timestamp", firstField(soon));
    assertTrue(
        soon.reason().startsWith("line 16: timestamp: expected unix seconds"), soon.reason());
  }

  @Test
  void timestampsReSavedAsDatesAndTimesProveTheFilesOrderWhereTheEventDatesDoNot() {
    final StringBuilder csv = new StringBuilder(CURRENT).append('\n');
    final String[] stamps = {"1/5/2023 6:00:00 PM", "1/6/2023 9:00:00 AM", "1/30/2023 6:00:00 PM"};
    for (int i = 0; i < stamps.length; i++) {
      csv.append(
          row(
              "KEN" + i,
              "2023-01-0" + (i + 1),
              "Battles",
              "Armed clash",
              "Al-Shabaab",
              "1",
              "404",
              "Kenya",
              "1",
              stamps[i]));
    }
    final Read r = read(csv.toString());
    assertEquals(Instant.parse("2023-01-05T18:00:00Z"), r.incident(0).getReportedAt());
    assertEquals(Instant.parse("2023-01-06T09:00:00Z"), r.incident(1).getReportedAt());
    assertEquals(Instant.parse("2023-01-30T18:00:00Z"), r.incident(2).getReportedAt());
    assertTrue(
        r.notes().stream()
            .anyMatch(n -> n.contains("read as month-day-year: proven by '1/30/2023")),
        r.notes().toString());
  }

  @Test
  void aTimestampsTimeOfDayThatCannotBeReadRejectsTheRowNeverIgnored() {
    final StringBuilder csv = new StringBuilder(CURRENT).append('\n');
    for (final String timestamp : List.of("04/02/2023 25:00", "04/02/2023 10:00 +0200")) {
      csv.append(
          row(
              "KEN1",
              "2023-01-30",
              "Battles",
              "Armed clash",
              "Al-Shabaab",
              "1",
              "404",
              "Kenya",
              "1",
              timestamp));
    }
    final Read r = read(csv.toString());
    for (int i = 0; i < 2; i++) {
      final InputRecord.Rejected bad = r.rejected(i, DeadLetters.VALIDATION);
      assertTrue(
          bad.reason().contains("the time after the date is not one this reads"), bad.reason());
    }
  }

  @Test
  void countryByCodesBeforeNamesAndContradictionsRejected() {
    final Read r =
        read(
            CURRENT
                + ",iso3\n"
                + row(
                        "X1",
                        "2023-01-30",
                        "Battles",
                        "Armed clash",
                        "A",
                        "1",
                        "",
                        "",
                        "1",
                        "1675368000")
                    .trim()
                + ",PAK\n"
                + row(
                        "X2",
                        "2023-01-30",
                        "Battles",
                        "Armed clash",
                        "A",
                        "1",
                        "586",
                        "Pakistn",
                        "1",
                        "1675368000")
                    .trim()
                + ",\n"
                + row(
                        "X3",
                        "2023-01-30",
                        "Battles",
                        "Armed clash",
                        "A",
                        "1",
                        "586",
                        "Somalia",
                        "1",
                        "1675368000")
                    .trim()
                + ",\n"
                + row(
                        "X4",
                        "2023-01-30",
                        "Battles",
                        "Armed clash",
                        "A",
                        "1",
                        "",
                        "Somalia",
                        "1",
                        "1675368000")
                    .trim()
                + ",\n"
                + row(
                        "X5",
                        "2023-01-30",
                        "Battles",
                        "Armed clash",
                        "A",
                        "1",
                        "",
                        "Narnia",
                        "1",
                        "1675368000")
                    .trim()
                + ",\n");
    assertEquals("PK", r.incident(0).getCountry()); // iso3 alone
    assertEquals("PK", r.incident(1).getCountry()); // a name the table lacks, but the code
    final InputRecord.Rejected contradiction = r.rejected(2, DeadLetters.VALIDATION);
    assertTrue(
        contradiction.reason().startsWith("line 4: country: 'Somalia' is SO but iso '586' is PK"),
        contradiction.reason());
    assertEquals("SO", r.incident(3).getCountry()); // the name alone
    final InputRecord.Rejected unknown = r.rejected(4, DeadLetters.VALIDATION);
    assertTrue(
        unknown.reason().startsWith("line 6: country: unknown country 'Narnia'"), unknown.reason());
  }

  @Test
  void countedTypesAndSourceEventType() {
    final Read r =
        read(
            CURRENT
                + "\n"
                + row(
                    "X1",
                    "2023-01-30",
                    "Explosions/Remote violence",
                    "Air/drone strike",
                    "A",
                    "1",
                    "404",
                    "Kenya",
                    "1",
                    "1675368000")
                + row(
                    "X2",
                    "2023-01-30",
                    "Protests",
                    "Peaceful protest",
                    "Protesters (Kenya)",
                    "",
                    "404",
                    "Kenya",
                    "0",
                    "1675368000")
                + row("X3", "2023-01-30", "", "", "A", "1", "404", "Kenya", "0", "1675368000"));
    assertEquals("Explosions/Remote violence", r.incident(0).getSourceEventType());
    assertEquals(EventType.AIR_STRIKE, r.incident(0).getEventType());
    // Every type is read: whether it counts is decided at stage 1, where a re-coded revision takes
    // figures out.
    assertEquals("Protests", r.incident(1).getSourceEventType());
    assertEquals("event_type", firstField(r.rejected(2, DeadLetters.VALIDATION)));
  }

  // --- the pre-2019 export
  // ---------------------------------------------------------------------------------------

  private static final String OLD =
      "GWNO,EVENT_ID_CNTY,EVENT_ID_NO_CNTY,EVENT_DATE,YEAR,TIME_PRECISION,EVENT_TYPE,"
          + "ACTOR1,ALLY_ACTOR_1,INTER1,ACTOR2,ALLY_ACTOR_2,INTER2,INTERACTION,COUNTRY,ADMIN1,ADMIN2,ADMIN3,LOCATION,"
          + "LATITUDE,LONGITUDE,GEO_PRECISION,SOURCE,NOTES,FATALITIES\n";

  private static String oldRow(
      final String id,
      final String type,
      final String actor1,
      final String ally,
      final String fatalities) {
    return "501,"
        + id
        + ",1,01-January-2015,2015,1,"
        + type
        + ","
        + actor1
        + ","
        + ally
        + ",2,Military Forces of "
        + "Kenya (2013-),,1,12,Kenya,Mandera,Mandera East,,Mandera,3.94,41.86,1,Weekly Paper,made-up notes,"
        + fatalities
        + "\n";
  }

  @Test
  void pre2019ExportWithUpperCaseColumnsAllyActorsAndOldTypes() {
    final Read r =
        read(
            OLD
                + oldRow(
                    "KEN1",
                    "Battle-No change of territory",
                    "Al-Shabaab",
                    "Unidentified Armed Group (Kenya)",
                    "4")
                + oldRow("KEN2", "Battle-Government regains territory", "Al-Shabaab", "", "1")
                + oldRow(
                    "KEN3", "Battle-Non-state actor overtakes territory", "Al-Shabaab", "", "0")
                + oldRow("KEN4", "Remote violence", "Al-Shabaab", "Some Allied Militia", "2")
                + oldRow("KEN5", "Violence against civilians", "Al-Shabaab", "", "3")
                + oldRow("KEN6", "Riots/Protests", "Rioters (Kenya)", "", "0")
                + oldRow("KEN7", "Strategic development", "Al-Shabaab", "", "0")
                + oldRow("KEN8", "Headquarters or base established", "Al-Shabaab", "", "0")
                + oldRow("KEN9", "Non-violent transfer of territory", "Al-Shabaab", "", "0"));
    final IncidentEvent battle = r.incident(0);
    assertEquals("Battles", battle.getSourceEventType());
    assertEquals(EventType.ARMED_CLASH, battle.getEventType()); // every battle is an armed clash
    assertEquals(LocalDate.of(2015, 1, 1), battle.getOccurredOn());
    assertEquals(
        Instant.parse("2015-01-01T23:59:59.999Z"),
        battle.getReportedAt()); // no timestamp: end of day
    assertEquals(
        "KE", battle.getCountry()); // by COUNTRY: GWNO 501 is Kenya in Gleditsch-Ward numbers only
    assertEquals(
        List.of(new PerpetratorGroup("Al-Shabaab", Attribution.ATTRIBUTED)), battle.getGroups());
    assertEquals(TargetType.SECURITY_FORCES, battle.getTargetType());
    assertEquals("Battles", r.incident(1).getSourceEventType());
    assertEquals("Battles", r.incident(2).getSourceEventType());
    final IncidentEvent remote = r.incident(3);
    assertEquals("Explosions/Remote violence", remote.getSourceEventType());
    assertEquals(EventType.OTHER, remote.getEventType()); // no sub_event_type to tell which kind
    assertEquals(
        List.of(
            new PerpetratorGroup("Al-Shabaab", Attribution.ATTRIBUTED),
            new PerpetratorGroup("Some Allied Militia", Attribution.SUSPECTED)),
        remote.getGroups()); // ALLY_ACTOR_1
    assertEquals(3, r.incident(4).getKilled().getCivilians());
    assertEquals(
        "Riots/Protests", r.incident(5).getSourceEventType()); // one type then: kept as one
    for (int i = 6; i < 9; i++) {
      assertEquals("Strategic developments", r.incident(i).getSourceEventType());
    }
    assertTrue(
        r.notes()
            .contains(
                "no timestamp column (the pre-2019 export): every row is reported at the end of "
                    + "its event day, 23:59:59.999 UTC"),
        r.notes().toString());
  }

  @Test
  void gwnoIsReadAsGleditschWardNeverAsIso() {
    // GWNO 404 is Guinea-Bissau; ISO 404 is Kenya. With no COUNTRY the row is placed by its GWNO,
    // as GW.
    final Read r =
        read(
            "GWNO,EVENT_ID_CNTY,EVENT_DATE,EVENT_TYPE,ACTOR1,COUNTRY,FATALITIES\n"
                + "404,GNB1,2015-03-02,Violence against civilians,Unidentified Armed Group (Guinea-Bissau),Guinea-Bissau,1\n"
                + "404,GNB2,2015-03-02,Violence against civilians,Unidentified Armed Group (Guinea-Bissau),,1\n");
    assertEquals("GW", r.incident(0).getCountry());
    assertEquals("GW", r.incident(1).getCountry());
  }

  // --- the monadic export
  // ----------------------------------------------------------------------------------------

  private static final String MONADIC =
      "event_id_cnty,event_date,event_type,sub_event_type,actor1,assoc_actor_1,"
          + "inter1,iso,country,admin1,fatalities,timestamp\n";

  @Test
  void aFileWithoutAnAdmin1ColumnSaysEveryIncidentsRegionIsUnknown() {
    final Read r =
        read(
            "event_id_cnty,event_date,event_type,sub_event_type,actor1,assoc_actor_1,"
                + "inter1,iso,country,fatalities,timestamp\n"
                + "KEN1,05-06-19,Battles,Armed clash,Al-Shabaab,,2,404,Kenya,1,1675368000\n");
    assertEquals(1, r.records().size());
    assertInstanceOf(InputRecord.Parsed.class, r.records().get(0));
    r.noted("no 'admin1' column: every incident's region is UNKNOWN");
    assertTrue(
        read(dated("05-06-19")).notes().stream().noneMatch(n -> n.contains("'admin1'")),
        "a file with the column says nothing of it");
  }

  @Test
  void monadicRowsOfOneEventAreOneIncidentWithItsPerpetrators() {
    final Read r =
        read(
            MONADIC
                // violence against civilians: the militia is the perpetrator, the civilians are not
                + "KEN1,2023-01-30,Violence against civilians,Attack,Pokot Ethnic Militia (Kenya),,4,404,Kenya,Baringo,3,1675368000\n"
                + "KEN1,2023-01-30,Violence against civilians,Attack,Civilians (Kenya),Farmers (Kenya),7,404,Kenya,Baringo,3,1675368000\n"
                // a battle: both armed sides are perpetrators (the dyadic export counts actor1's
                // only)
                + "KEN2,2023-01-31,Battles,Armed clash,Military Forces of Kenya (2013-),,1,404,Kenya,Lamu,5,1675400000\n"
                + "KEN2,2023-01-31,Battles,Armed clash,Al-Shabaab,Unidentified Armed Group (Kenya),2,404,Kenya,Lamu,5,1675400000\n"
                // the same event revised later: a new timestamp is a new report of it
                + "KEN2,2023-01-31,Battles,Armed clash,Al-Shabaab,,2.0,404,Kenya,Lamu,6,1675500000\n"
                // names instead of codes (the newer exports): protesters are never perpetrators
                + "KEN3,2023-02-01,Violence against civilians,Attack,Police Forces of Kenya (2013-),,State forces,404,Kenya,Nairobi,1,1675400000\n"
                + "KEN3,2023-02-01,Violence against civilians,Attack,Protesters (Kenya),,Protesters,404,Kenya,Nairobi,1,1675400000\n"
                // not counted: one rejection for the event's rows
                + "KEN4,2023-02-01,Protests,Peaceful protest,Protesters (Kenya),,6,404,Kenya,Nairobi,0,1675400000\n"
                + "KEN4,2023-02-01,Protests,Peaceful protest,Police Forces of Kenya (2013-),,1,404,Kenya,Nairobi,0,1675400000\n");
    assertEquals(5, r.records().size());
    final IncidentEvent vac = r.incident(0);
    assertEquals(2, r.records().get(0).line());
    assertEquals(
        2,
        r.records()
            .get(0)
            .rawText()
            .split("\n")
            .length); // both rows, for the dead letter or replay
    assertEquals(
        3, vac.getKilled().getCivilians()); // the event's fatalities, not summed over its rows
    assertEquals(
        List.of(new PerpetratorGroup("Pokot Ethnic Militia (Kenya)", Attribution.ATTRIBUTED)),
        vac.getGroups());
    assertEquals(TargetType.CIVILIANS, vac.getTargetType());

    final IncidentEvent battle = r.incident(1);
    assertEquals(4, r.records().get(1).line());
    assertEquals(5, battle.getKilled().getUnknown());
    assertEquals(
        List.of("KE-SECURITY-FORCES", "Al-Shabaab"),
        battle.getGroups().stream().map(PerpetratorGroup::getName).toList());
    final IncidentEvent revised = r.incident(2);
    assertEquals("KEN2", revised.getId());
    assertEquals(6, revised.getKilled().getUnknown());
    assertEquals(Instant.ofEpochSecond(1675500000), revised.getReportedAt());

    assertEquals(
        List.of(new PerpetratorGroup("KE-SECURITY-FORCES", Attribution.ATTRIBUTED)),
        r.incident(3).getGroups());
    final InputRecord protest = r.records().get(4);
    assertEquals("Protests", r.incident(4).getSourceEventType());
    assertEquals(9, protest.line());
    assertEquals(2, protest.rawText().split("\n").length);
    assertTrue(
        r.notes()
            .get(0)
            .startsWith(
                "monadic export (no actor2 columns): the rows of one event id and timestamp are "
                    + "one incident (9 rows, 5 records)"),
        r.notes().toString());
  }

  @Test
  void monadicCiviliansBesideAnArmedSideAreItsVictimsNotItsAccomplices() {
    final Read r =
        read(
            MONADIC
                // a bomb on a police patrol that also hit passers-by and a reporter
                + "PAK1,2023-01-30,Explosions/Remote violence,Remote explosive/landmine/IED,TTP: Tehrik-i-Taliban Pakistan,,2,586,Pakistan,Khyber Pakhtunkhwa,4,1675368000\n"
                + "PAK1,2023-01-30,Explosions/Remote violence,Remote explosive/landmine/IED,Police Forces of Pakistan (2018-),Civilians (Pakistan); Journalists (Pakistan); Frontier Corps,1,586,Pakistan,Khyber Pakhtunkhwa,4,1675368000\n");
    assertEquals(
        List.of("TTP", "PK-SECURITY-FORCES"),
        r.incident(0).getGroups().stream().map(PerpetratorGroup::getName).toList(),
        "civilians and journalists named beside the police are not perpetrators; the Frontier"
            + " Corps is");
  }

  @Test
  void monadicRowsApartAreMergedWithTheEarlierOnesAndDisagreementsRejected() {
    final Read r =
        read(
            MONADIC
                + "KEN1,2023-01-30,Battles,Armed clash,Al-Shabaab,,2,404,Kenya,Lamu,2,1675368000\n"
                + "KEN2,2023-01-30,Battles,Armed clash,Al-Shabaab,,2,404,Kenya,Lamu,1,1675368000\n"
                + "KEN1,2023-01-30,Battles,Armed clash,Military Forces of Kenya (2013-),,1,404,Kenya,Lamu,2,1675368000\n"
                + "KEN3,2023-01-30,Battles,Armed clash,Al-Shabaab,,2,404,Kenya,Lamu,2,1675368000\n"
                + "KEN3,2023-01-30,Battles,Armed clash,Military Forces of Kenya (2013-),,1,404,Kenya,Lamu,9,1675368000\n");
    assertEquals(
        List.of("Al-Shabaab"),
        r.incident(0).getGroups().stream().map(PerpetratorGroup::getName).toList());
    // the later rows of KEN1 come out as KEN1 with every actor, at the same reported-at: the later
    // arrival wins
    final IncidentEvent again = r.incident(2);
    assertEquals("KEN1", again.getId());
    assertEquals(r.incident(0).getReportedAt(), again.getReportedAt());
    assertEquals(
        List.of("Al-Shabaab", "KE-SECURITY-FORCES"),
        again.getGroups().stream().map(PerpetratorGroup::getName).toList());
    final InputRecord.Rejected disagree = r.rejected(3, DeadLetters.VALIDATION);
    assertEquals("fatalities", firstField(disagree));
    assertTrue(
        disagree.reason().contains("the rows of event KEN3 disagree: '2' on line 5, '9' on line 6"),
        disagree.reason());
    assertTrue(
        r.notes().get(0).endsWith("1 events had rows apart, merged with the earlier"),
        r.notes().toString());
  }

  @Test
  void aMonadicFileIsOnePartAndAnotherFileIsSplitWithTheWholeFilesDateOrder() throws IOException {
    final StringBuilder monadic = new StringBuilder(MONADIC);
    final StringBuilder dayFirst =
        new StringBuilder(MONADIC.replace("actor1,assoc_actor_1,", "actor1,actor2,"));
    for (int i = 0; i < 300; i++) {
      monadic
          .append("KEN")
          .append(i / 2)
          .append(",2023-01-30,Battles,Armed clash,Al-Shabaab,,2,404,Kenya,Lamu,2,1675368000\n");
      // only the last row proves the order: the first part's rows must still read 05-01-23 as 5
      // January
      dayFirst
          .append("KEN")
          .append(i)
          .append(',')
          .append(i == 299 ? "13-01-23" : "05-01-23")
          .append(",Battles,Armed clash,Al-Shabaab,,2,404,Kenya,Lamu,2,1675368000\n");
    }
    final Path monadicFile =
        Files.writeString(dir.resolve("monadic.csv"), monadic, StandardCharsets.UTF_8);
    assertEquals(1, FileParts.split(monadicFile, InputFormat.ACLED, 4, 1).size());
    final Path dayFirstFile =
        Files.writeString(dir.resolve("day-first.csv"), dayFirst, StandardCharsets.UTF_8);
    final List<FileParts.Part> parts = FileParts.split(dayFirstFile, InputFormat.ACLED, 3, 1);
    assertEquals(3, parts.size());
    int read = 0;
    for (final FileParts.Part part : parts) {
      try (InputReader reader = FileParts.open(dayFirstFile, InputFormat.ACLED, PREPARER, part)) {
        while (reader.hasNext()) {
          final IncidentEvent e =
              (IncidentEvent) assertInstanceOf(InputRecord.Parsed.class, reader.next()).event();
          assertEquals(1, e.getOccurredOn().getMonthValue(), e.getId());
          read++;
        }
      }
    }
    assertEquals(300, read);
  }

  @Test
  void everyPartOfASplitFileReadsThousandsByTheWholeFilesDecimalMark() throws IOException {
    final StringBuilder european = new StringBuilder(CURRENT).append('\n');
    for (int i = 0; i < 300; i++) {
      // Only the last row's coordinates write a decimal comma: the first part's 1.172 is 1172 too.
      european.append(killing("ETH" + i, "1.172", i == 299 ? "\"13,7333\"" : ""));
    }
    final Path file = Files.writeString(dir.resolve("european.csv"), european);
    final List<FileParts.Part> parts = FileParts.split(file, InputFormat.ACLED, 3, 1);
    assertEquals(3, parts.size());
    final ReadCounts counts = new ReadCounts();
    final List<InputReader> readers = new ArrayList<>();
    int read = 0;
    for (final FileParts.Part part : parts) {
      try (InputReader reader = FileParts.open(file, InputFormat.ACLED, PREPARER, part)) {
        while (reader.hasNext()) {
          final InputRecord record = reader.next();
          final IncidentEvent e =
              (IncidentEvent)
                  assertInstanceOf(InputRecord.Parsed.class, record, record::toString).event();
          assertEquals(1172, e.getKilled().getUnknown(), e.getId());
          read++;
        }
        counts.add(reader.counts());
        readers.add(reader);
      }
    }
    assertEquals(300, read);
    final String note = readers.get(0).notes(counts).get(0);
    assertTrue(
        note.startsWith(
            "300 numbers read as grouped in thousands by '.' (line 2: fatalities '1.172' is 1172,"),
        note);
    assertTrue(
        note.endsWith(", ...): the file writes its decimals with ',' (latitude '13,7333')"), note);
  }

  // --- R's write.table
  // -------------------------------------------------------------------------------------------

  /**
   * A comma-separated row as R's write.table writes it, its cells separated by {@code separator}: a
   * number or NA bare, any other text quoted, a quote inside it {@code \"} (qmethod = "escape"), an
   * empty cell NA.
   */
  private static String rCells(final String row, final String separator) {
    final List<String> cells = new ArrayList<>();
    for (final String cell : row.strip().split(",", -1)) {
      cells.add(
          cell.isEmpty()
              ? "NA"
              : cell.matches("-?[0-9.]+") ? cell : "\"" + cell.replace("\"", "\\\"") + "\"");
    }
    return String.join(separator, cells) + "\n";
  }

  /**
   * {@code rows} as write.table(x, sep = "\t") writes them: each row's name, "1", "2", ..., first.
   */
  private static String withRowNames(final String separator, final String... rows) {
    final StringBuilder out = new StringBuilder(rCells(CURRENT, separator));
    for (int i = 0; i < rows.length; i++) {
      out.append('"')
          .append(i + 1)
          .append('"')
          .append(separator)
          .append(rCells(rows[i], separator));
    }
    return out.toString();
  }

  private static final String ROW_NAMES_NOTE =
      "the header names one column fewer than its rows: R's write.table with row names; the rows'"
          + " first cells, their names, ignored";

  private static final String ESCAPED_QUOTES_NOTE =
      "a quote inside a quoted field read as R's write.table writes it by default, \\\""
          + " (qmethod = \"escape\"), where CSV doubles it (\"\")";

  @Test
  void rowsOfRsWriteTableWithRowNamesAreReadTheirNamesIgnored() {
    // write.table(x, sep = "\t"): the header names 31 columns, every row has 32 fields.
    final Read r = read(withRowNames("\t", battle("KEN1"), battle("KEN2")));
    assertEquals(List.of("KEN1", "KEN2"), List.of(r.incident(0).getId(), r.incident(1).getId()));
    assertEquals(2, r.incident(0).getKilled().getUnknown());
    assertTrue(r.notes().contains(ROW_NAMES_NOTE), r.notes()::toString);
    r.noted("columns separated by tabs");
  }

  @Test
  void rowsThatMerelyVaryInFieldsAreNotTakenForRowNames() {
    // One row a field too many (a separator in an unquoted cell), one right: rejected, read.
    final Read r = readRows(battle("KEN1").replace("Al-Shabaab", "Al,Shabaab"), battle("KEN2"));
    final InputRecord.Rejected extra = r.rejected(0, DeadLetters.PARSE);
    assertTrue(
        extra
            .reason()
            .endsWith(
                "the row has 32 fields where the header has 31 (a separator in a"
                    + " field without quotes around it?)"),
        extra.reason());
    assertEquals("KEN2", r.incident(1).getId());
    assertTrue(r.notes().stream().noneMatch(n -> n.contains("write.table")), r.notes()::toString);
  }

  @Test
  void rsDefaultWriteTableSeparatedBySpacesBetweenQuotedNamesIsRead() {
    // write.table(x): spaces between cells, every text and name quoted, row names, \" for a quote.
    final Read r =
        read(withRowNames(" ", battle("KEN1").replace("Al-Shabaab", "\"Military\" Militia")));
    assertEquals(
        List.of(new PerpetratorGroup("\"Military\" Militia", Attribution.ATTRIBUTED)),
        r.incident(0).getGroups());
    assertEquals("Nairobi", r.incident(0).getRegion());
    r.noted(
        "columns separated by spaces, every name in the header quoted, as R's write.table writes"
            + " by default: read as such");
    assertTrue(r.notes().contains(ROW_NAMES_NOTE), r.notes()::toString);
    assertTrue(r.notes().contains(ESCAPED_QUOTES_NOTE), r.notes()::toString);
  }

  @Test
  void aQuoteRsWriteTableEscapedWithABackslashIsAQuoteWhereTheFirstRowsShowIt() {
    // write.table(x, sep = "\t", row.names = FALSE): only its \" tells it from a CSV file.
    final String header = rCells(CURRENT, "\t");
    final Read r =
        read(
            header
                + rCells(battle("KEN1"), "\t")
                + rCells(battle("KEN2").replace("Al-Shabaab", "\"Military\" Militia"), "\t")
                + rCells(battle("KEN3").replace(",notes,", ",He said \"go\","), "\t"));
    assertEquals(
        List.of(new PerpetratorGroup("\"Military\" Militia", Attribution.ATTRIBUTED)),
        r.incident(1).getGroups());
    assertEquals("KEN3", r.incident(2).getId());
    assertTrue(r.notes().contains(ESCAPED_QUOTES_NOTE), r.notes()::toString);
  }

  @Test
  void inAnOrdinaryCsvFileABackslashIsACharacterLikeAnyOther() {
    // A Windows path closing a quoted cell, a backslash before a doubled quote: RFC 4180 reads
    // them as written, a backslash and all.
    final Read r =
        readRows(
            battle("KEN1").replace(",notes,", ",\"see C:\\data\\\","),
            battle("KEN2").replace(",notes,", ",\"a \\\"\"b\"\"\","));
    assertEquals("see C:\\data\\", r.incident(0).getNotes());
    assertEquals("a \\\"b\"", r.incident(1).getNotes());
    assertTrue(r.notes().stream().noneMatch(n -> n.contains("write.table")), r.notes()::toString);
  }

  @Test
  void rsWriteTableWithoutQuotesSeparatedBySpacesIsRefusedNamingItsHeaderLine() {
    // write.table(x, quote = FALSE): a space in a cell cannot be told from a separator; a comma in
    // a row's notes made the reader take line 1 for a title above a header.
    final InputFileException e =
        assertThrows(
            InputFileException.class,
            () ->
                read(
                    CURRENT.replace(',', ' ')
                        + "\n"
                        + battle("KEN1").replace(',', ' ').replace(" notes ", " notes, more ")));
    assertTrue(
        e.getMessage()
            .startsWith(
                "inline.csv: the header (line 1) has its columns separated by spaces, as R's"
                    + " write.table writes by default, and its names are not quoted"),
        e.getMessage());
    assertTrue(
        e.getMessage().contains("write.csv(x, 'file.csv', row.names = FALSE)"), e.getMessage());
  }

  // --- dates
  // -----------------------------------------------------------------------------------------------------

  @Test
  void everyDateStyle() {
    final ExportDates dates = new ExportDates();
    assertEquals(LocalDate.of(2023, 1, 30), dates.parse("2023-01-30"));
    assertEquals(LocalDate.of(2023, 1, 30), dates.parse("2023/01/30"));
    assertEquals(LocalDate.of(2023, 1, 30), dates.parse("2023-01-30 00:00:00"));
    assertEquals(LocalDate.of(2023, 1, 30), dates.parse("30 January 2023"));
    assertEquals(LocalDate.of(2023, 1, 30), dates.parse("January 30, 2023"));
    assertEquals(LocalDate.of(2015, 1, 1), dates.parse("01-January-2015"));
    assertEquals(LocalDate.of(2020, 5, 9), dates.parse("9-May-20"));
    assertEquals(LocalDate.of(2024, 8, 5), dates.parse("5-Aug-24"));
    assertEquals(LocalDate.of(2019, 12, 31), dates.parse("31-12-19"));
    assertEquals(LocalDate.of(2023, 1, 30), dates.parse("30/01/2023"));
    assertEquals(LocalDate.of(2023, 1, 30), dates.parse("30.01.2023"));
    assertEquals(LocalDate.of(2019, 12, 9), dates.parse("20191209"), "R's basic ISO form");
    assertEquals(LocalDate.of(2019, 12, 9), dates.parse("20191209 00:00:00"));
    assertNull(dates.parse("09122019"), "never read day first: its year would be 912");
    assertNull(dates.parse("201912091"));
    assertEquals(LocalDate.of(2023, 9, 3), dates.parse("3-Sept-23"));
    // two-digit years: 00-69 are 20yy, 70-99 are 19yy
    assertEquals(LocalDate.of(1997, 2, 1), dates.parse("1-Feb-97"));
    assertEquals(LocalDate.of(1970, 2, 1), dates.parse("01-02-70"));
    assertEquals(LocalDate.of(2069, 2, 1), dates.parse("01-02-69"));
    assertNull(dates.parse("31 February 2023"));
    assertNull(dates.parse("30 Janvier 2023"));
    assertNull(dates.parse("2023-01"));
    assertNull(dates.parse("30-01-2023 later"));
    assertNull(dates.parse("13-13-23"));
  }

  @Test
  void excelsLongDateIsReadWhenItsWeekdayIsTheDays() {
    final ExportDates dates = new ExportDates();
    assertEquals(LocalDate.of(2023, 1, 30), dates.parse("Monday, January 30, 2023"));
    assertEquals(LocalDate.of(2023, 1, 30), dates.parse("monday 30 January 2023"));
    assertEquals(LocalDate.of(2023, 1, 30), dates.parse("Mon, 30-Jan-23"));
    assertNull(dates.parse("Tuesday, January 30, 2023"));
    assertEquals(
        "'Tuesday, January 30, 2023': 2023-01-30 is a Monday, not a Tuesday",
        dates.contradiction());
    assertNull(dates.parse("Monday, 30-01-2023"), "no export writes a weekday before numbers");
    assertNull(dates.parse("Monday Tuesday, January 30, 2023"));
  }

  private static String dated(final String... dates) {
    final StringBuilder csv = new StringBuilder(MONADIC);
    for (int i = 0; i < dates.length; i++) {
      csv.append("KEN")
          .append(i)
          .append(',')
          .append(dates[i])
          .append(",Battles,Armed clash,Al-Shabaab,,2,404,Kenya,Lamu,1,1675368000\n");
    }
    return csv.toString();
  }

  @Test
  void aRecordTooLongForAnyFieldIsRejectedAloneAndTheRestOfTheFileIsRead() {
    // Longer than the rows the date scan can go back over (8 M characters and some): the scan
    // stops at it, with the order proven by the rows before it.
    final String runaway = "x".repeat(13 << 20);
    final Read r =
        read(
            dated("05-06-19", "13-06-19", "14-06-19", "06-15-19")
                .replace("Lamu,1,1675368000\nKEN3", runaway + "\nKEN3"));
    assertEquals(LocalDate.of(2019, 6, 5), r.incident(0).getOccurredOn());
    assertEquals(LocalDate.of(2019, 6, 13), r.incident(1).getOccurredOn());
    final InputRecord.Rejected longOne = r.rejected(2, DeadLetters.PARSE);
    assertTrue(
        longOne.reason().startsWith("line 4: record longer than 1048576 characters (13631546)"),
        longOne.reason());
    assertTrue(longOne.rawText().length() < 5_000, "its letter keeps the start, the file the rest");
    r.rejected(3, DeadLetters.VALIDATION); // 06-15-19 contradicts the order proven before it
    assertTrue(
        r.notes().stream().anyMatch(n -> n.contains("proven by '13-06-19'")), r.notes().toString());
  }

  @Test
  void rowsOfBlankCellsOnlyAreSkippedAndNoted() {
    final Read r =
        read(dated("05-06-19", "13-06-19") + ",,,,,,,,,,,\r\n ; ,,,,,,,,,,\n,,,,,,,,,,,\n");
    assertEquals(3, r.records().size(), "two events; the row with ';' in a cell is a record");
    assertEquals(2, r.records().stream().filter(InputRecord.Parsed.class::isInstance).count());
    assertTrue(
        r.notes().contains("2 rows of blank cells only skipped (no record in them)"),
        r.notes().toString());
  }

  @Test
  void dataRowsEndingInASeparatorTheHeaderLacksAreReadAndNotedAShortRowIsNot() {
    final String twoRows = dated("05-06-19", "13-06-19");
    final String[] lines = twoRows.split("\n");
    final Read r = read(lines[0] + "\n" + lines[1] + ",\n" + lines[2] + ", ,\n");
    assertEquals(2, r.records().stream().filter(InputRecord.Parsed.class::isInstance).count());
    assertEquals(
        read(twoRows).incident(1), r.incident(1), "the same event as without the separators");
    assertTrue(
        r.notes()
            .contains(
                "2 rows end in empty fields past the header's (a separator at the end of the line):"
                    + " those fields ignored"),
        r.notes().toString());

    final String shortRow = lines[1].substring(0, lines[1].lastIndexOf(','));
    final InputRecord.Rejected cut =
        read(lines[0] + "\n" + shortRow + "\n").rejected(0, DeadLetters.PARSE);
    assertTrue(
        cut.reason().contains("the row has 11 fields where the header has 12"), cut.reason());
  }

  /**
   * A line as Excel saves it after opening the file as one column: one cell, quoted whole as it
   * holds quotes, its own quotes doubled.
   */
  private static String oneColumn(final String line) {
    return "\"" + line.strip().replace("\"", "\"\"") + "\"\r\n";
  }

  @Test
  void rowsExcelWrappedWholeInQuotesAfterOpeningTheFileAsOneColumnAreReadAsTheRowsInside() {
    final String plain = battle("KEN1");
    final String quoted = battle("KEN2").replace(",notes,", ",\"said \"\"2 dead\"\", later 3\",");
    final String alsoQuoted = battle("KEN3").replace(",Nairobi,-1.28,", ",\"Nairobi, CBD\",-1.28,");
    final Read original = readRows(plain, quoted, alsoQuoted);
    // Lines without a quote stay as they were.
    final Read mangled = readRows(plain, oneColumn(quoted), oneColumn(alsoQuoted));
    assertEquals(3, mangled.records().size());
    for (int i = 0; i < 3; i++) {
      assertEquals(original.incident(i), mangled.incident(i));
    }
    assertEquals("said \"2 dead\", later 3", mangled.incident(1).getNotes());
    mangled.noted(
        "lines wrapped whole in quotes, their own quotes doubled, as Excel saves a CSV file that it"
            + " opened as one column, read as the lines inside: 2 rows (line 3, line 4)");
  }

  @Test
  void aHeaderExcelWrappedWholeInQuotesIsReadAsTheHeaderInsideWhateverItsSeparator() {
    // R quoted every cell of a semicolon file; a US Excel opened it as one column and saved it.
    final String rQuoted =
        String.join(
            "",
            (CURRENT + "\n" + reported(NOV_16, "11/13/2020", "11/12/2020"))
                .lines()
                .map(
                    l ->
                        Arrays.stream(l.split(",", -1))
                                .map(cell -> "\"" + cell + "\"")
                                .reduce((a, b) -> a + ";" + b)
                                .orElseThrow()
                            + "\n")
                .toList());
    final Read r =
        read(rQuoted.lines().map(AcledVariantsTest::oneColumn).reduce("", String::concat));
    assertEquals(november(13), r.incident(0).getOccurredOn());
    assertEquals(november(12), r.incident(1).getOccurredOn(), "the rows inside prove the order");
    r.noted(
        "lines wrapped whole in quotes, their own quotes doubled, as Excel saves a CSV file that it"
            + " opened as one column, read as the lines inside: the header and 2 rows (line 2, line"
            + " 3)");
    r.noted("columns separated by ';'");
  }

  @Test
  void aRowWrappedWholeInQuotesThatHoldsNoRowOfTheHeadersFieldsIsRejectedSayingWhatItLooksLike() {
    final String battle = battle("KEN1");
    final String cut = battle.substring(0, battle.indexOf(",notes,")) + ",\"notes\"";
    final InputRecord.Rejected r = readRows(oneColumn(cut)).rejected(0, DeadLetters.PARSE);
    assertEquals(
        "line 2: the row has 1 fields where the header has 31: the whole line is one quoted field,"
            + " as Excel saves a CSV file that it opened as one column, but the row inside it has 28"
            + " fields",
        r.reason());
  }

  @Test
  void filesJoinedEndToEndReadAsOneTheirHeadersAgainSkippedAndNoted() {
    final String one = dated("05-06-19");
    final String other = dated("13-06-19").replace("KEN0", "KEN1");
    final Read r = read(one + "\uFEFF" + other);
    assertEquals(2, r.records().size());
    assertEquals("KEN1", r.incident(1).getId());
    assertTrue(
        r.notes().contains("1 more line equal to the header skipped (files joined end to end?)"),
        r.notes().toString());
  }

  @Test
  void aRepeatedHeaderThatRQuotedNameByNameIsStillTheHeader() {
    final String one = dated("05-06-19");
    final String other = dated("13-06-19").replace("KEN0", "KEN1");
    final String[] lines = other.split("\n");
    final String quoted =
        String.join(",", Arrays.stream(lines[0].split(",")).map(n -> '"' + n + '"').toList());
    final Read r = read(one + quoted + "\n" + lines[1] + "\n");
    assertEquals(2, r.records().size(), "the quoted header is no record");
    assertEquals("KEN1", r.incident(1).getId());
    assertTrue(
        r.notes().contains("1 more line equal to the header skipped (files joined end to end?)"),
        r.notes().toString());
  }

  /** The header ACLED exported until 2020, with {@code countycode} after {@code admin1}. */
  private static final String WITH_COUNTYCODE = CURRENT.replace(",admin1,", ",admin1,countycode,");

  /** {@link #battle} under {@link #WITH_COUNTYCODE}. */
  private static String battleWithCountycode(final String id) {
    return battle(id).replace(",Nairobi,Nairobi,", ",Nairobi,47,Nairobi,");
  }

  @Test
  void anOlderAndANewerExportWithOtherColumnsJoinedEndToEndAreEachReadByTheirOwnHeader() {
    final String older = WITH_COUNTYCODE + "\n" + battleWithCountycode("KEN1");
    final String newer = CURRENT + "\n" + battle("KEN2") + battle("KEN3").replace(",2,,", ",x,,");
    final List<InputRecord> records = new ArrayList<>();
    final List<String> texts = new ArrayList<>();
    final List<String> notes;
    try (InputReader reader =
        InputReader.of(new StringReader(older + newer), InputFormat.ACLED, PREPARER, "j.csv")) {
      while (reader.hasNext()) {
        final InputRecord record = reader.next();
        records.add(record);
        texts.add(reader.selfContainedText(record));
      }
      notes = reader.notes();
    }
    final Read r = new Read(records, notes);
    assertEquals(3, r.records().size(), "the later header is no record: " + r.records());
    for (final int i : new int[] {0, 1}) {
      assertEquals("Nairobi", r.incident(i).getRegion(), "read under the right names");
      assertEquals(2, r.incident(i).getKilled().getUnknown());
    }
    assertEquals(List.of(2L, 4L, 5L), records.stream().map(InputRecord::line).toList());
    r.invalid(2, "fatalities", "line 5: ");
    assertEquals(
        CURRENT + "\n" + records.get(2).rawText(),
        texts.get(2),
        "a dead letter keeps the header it was read by");
    assertTrue(
        notes.contains(
            "line 3 starts another export with other columns (31 columns where the one before has"
                + " 32, without countycode): read by its own header"),
        notes.toString());
  }

  @Test
  void rsWriteTableExportsWithOtherColumnsJoinedEndToEndKeepTheLaterHeadersFirstName() {
    // The later header has no row name to drop: its first name, event_id_cnty, stays its own.
    final String older =
        rCells(WITH_COUNTYCODE, "\t") + "\"1\"\t" + rCells(battleWithCountycode("KEN1"), "\t");
    final Read r = read(older + withRowNames("\t", battle("KEN2")));
    assertEquals(List.of("KEN1", "KEN2"), List.of(r.incident(0).getId(), r.incident(1).getId()));
    assertEquals("Nairobi", r.incident(1).getRegion(), "read under the right names");
    assertTrue(r.notes().contains(ROW_NAMES_NOTE), r.notes()::toString);
    r.noted("line 3 starts another export with other columns");
  }

  @Test
  void aLineThatNamesTheColumnsOfNoExportIsARowNotAHeader() {
    // A row whose notes say event_id_cnty, as a cell, is still a row: the line lacks ACLED's
    // other columns.
    final Read r = readRows(battle("KEN1").replace(",notes,", ",event_id_cnty,"));
    assertEquals("event_id_cnty", r.incident(0).getNotes());
  }

  @Test
  void aMonadicExportJoinedToADyadicOneIsRefusedNamingTheLine() {
    final InputFileException e =
        assertThrows(
            InputFileException.class,
            () -> read(CURRENT + "\n" + battle("KEN1") + dated("30-01-2023")));
    assertEquals(
        "inline.csv: line 3 starts another export, a monadic one (no actor2 columns), after a dyadic"
            + " one: the two kinds cannot be read as one file; give each export as its own --input",
        e.getMessage());
  }

  /** The records and notes of {@code csv} written to a file and read from it, as produce does. */
  private Read readFile(final String csv) throws IOException {
    final Path file = Files.writeString(dir.resolve("cut.csv"), csv, StandardCharsets.UTF_8);
    final List<InputRecord> out = new ArrayList<>();
    try (InputReader reader = InputReader.open(file, InputFormat.ACLED, PREPARER)) {
      reader.forEachRemaining(out::add);
      return new Read(out, reader.notes());
    }
  }

  /**
   * {@link #battle}'s text up to its actor2 cell, {@code Civilians (}: where a download stopped.
   */
  private static String cutInActor2(final String id) {
    final String row = battle(id);
    return row.substring(0, row.indexOf("Civilians (") + "Civilians (".length());
  }

  private static final String CUT_NOTE =
      "the file ends inside its last row (line 3): the download (or copy) was cut short, and that"
          + " row is rejected (PARSE, saying why); download the file again";

  @Test
  void aLastRowTheFilesEndCutShortOfItsFieldsIsRejectedSayingSo() throws IOException {
    final Read r = readFile(CURRENT + "\n" + battle("KEN1") + cutInActor2("KEN2"));
    assertEquals(
        "line 3: the file ends inside this row: it has 11 of the header's 31 fields and no line"
            + " break after it (its last, field 11 (actor2) 'Civilians (', may be cut too): the"
            + " download (or copy) was cut short, and this row with it: download the file again",
        r.rejected(1, DeadLetters.PARSE).reason());
    r.incident(0);
    assertTrue(r.notes().contains(CUT_NOTE), r.notes().toString());
  }

  @Test
  void aLastRowWhoseQuoteTheFilesEndCutIsRejectedWholeSayingSo() throws IOException {
    final String cut = cutInActor2("KEN2").replace("Civilians (", "\"Civilians (\nof Kenya");
    final Read r = readFile(CURRENT + "\n" + battle("KEN1") + cut);
    assertEquals(2, r.records().size(), "the quoted field's two lines are one record");
    assertEquals(
        "line 3: the file ends inside this row: a quote opens field 11 (actor2) and the file ends"
            + " before it closes, with no line break after it: the download (or copy) was cut"
            + " short, and this row with it: download the file again",
        r.rejected(1, DeadLetters.PARSE).reason());
    assertTrue(r.notes().contains(CUT_NOTE), r.notes().toString());
  }

  @Test
  void aCutLastRowThatASpreadsheetFilledOutWithEmptyCellsIsRejectedSayingSo() throws IOException {
    // Saved again by a spreadsheet: the row filled out to the header's 31 cells, the line ended.
    final String padded = cutInActor2("KEN2") + ",".repeat(20) + "\r\n";
    final Read r = readFile(CURRENT + "\n" + battle("KEN1") + padded);
    assertEquals(
        "line 3: the file ends inside this row: its last 20 of the header's 31 cells, after field"
            + " 11 (actor2) 'Civilians (', are empty, as a row that the file's end cut looks once a"
            + " spreadsheet has saved it again (filling it out with empty cells): the download (or"
            + " copy) was cut short, and this row with it: download the file again",
        r.rejected(1, DeadLetters.PARSE).reason());
    assertTrue(r.notes().contains(CUT_NOTE), r.notes().toString());
    assertTrue(
        r.notes().stream().noneMatch(n -> n.contains("with no fatalities")),
        "the row is not counted with none killed: " + r.notes());
  }

  @Test
  void rowsShortOfCellsInTheMiddleOfAFileAreReadAsBefore() throws IOException {
    final String padded = cutInActor2("KEN2") + ",".repeat(20) + "\n";
    final Read r = readFile(CURRENT + "\n" + padded + battle("KEN1"));
    assertTrue(
        r.rejected(0, DeadLetters.VALIDATION).reason().startsWith("line 2: country: "),
        "rejected for the cells it lacks, as before");
    assertEquals("KEN1", r.incident(1).getId());
    final Read shortRow = readFile(CURRENT + "\n" + cutInActor2("KEN2") + "\n" + battle("KEN1"));
    assertTrue(
        shortRow
            .rejected(0, DeadLetters.PARSE)
            .reason()
            .endsWith("(a missing field, or a line broken in two?)"),
        shortRow.records().toString());
    final Read complete = readFile(CURRENT + "\n" + battle("KEN1").strip());
    complete.incident(0);
    complete.noted("the file's last line has no line break after it");
  }

  @Test
  void aFileOfAHeaderAloneReadsNothingAndSaysSo() {
    final Read r = read(dated().strip() + "\n");
    assertEquals(List.of(), r.records());
    assertTrue(
        r.notes().contains("the file holds a header but no data rows: nothing in it to read"),
        r.notes().toString());
    assertTrue(
        read(dated("05-06-19")).notes().stream().noneMatch(n -> n.contains("no data rows")),
        "a file with a row");
  }

  @Test
  void aColumnNamedTwiceIsReadFromItsFirstAndNoted() {
    final String one = dated("05-06-19");
    final String[] lines = one.split("\n");
    final Read r = read(lines[0] + ",FATALITIES\n" + lines[1] + ",9\n");
    final Casualties killed = r.incident(0).getKilled();
    assertEquals(
        1,
        killed.getCivilians()
            + killed.getSecurityForces()
            + killed.getMilitants()
            + killed.getUnknown(),
        "the first fatalities column");
    assertTrue(
        r.notes()
            .contains(
                "column 'fatalities' appears 2 times in the header: the first of them is read, the"
                    + " others ignored"),
        r.notes().toString());
  }

  @Test
  void aFileAReSaveDecodedTwiceReadsAsTheOriginalAndIsNoted() {
    final String original =
        dated("05-06-19").replace(",404,Kenya,Lamu,", ",384,Côte d'Ivoire,Ségou,");
    final String twice = DoubleEncodingTest.decodedTwice(original);
    final Read r = read(twice);
    assertEquals(read(original).incident(0), r.incident(0));
    assertEquals("CI", r.incident(0).getCountry());
    assertTrue(
        r.notes().stream().anyMatch(n -> n.startsWith("1 records held UTF-8 text decoded twice")),
        r.notes().toString());
  }

  @Test
  void aRowMixingTextDecodedTwiceWithTextWrittenOnceIsReadAsItIsAndNamed() {
    final String mixed =
        dated("05-06-19")
            .replace(",Lamu,", "," + DoubleEncodingTest.decodedTwice("Ségou") + ",")
            .replace(",404,Kenya,", ",384,Côte d'Ivoire,");
    final Read r = read(mixed);
    assertEquals("CI", r.incident(0).getCountry());
    r.noted(
        "1 record looks like UTF-8 text decoded twice beside text written once, and was read as it"
            + " was (line 2): correct them in the source, or export the file again");
  }

  @Test
  void aRowReadAgainAfterAStrayQuoteKeepsWhatItsTextSaid() {
    final String rows = dated("05-06-19", "06-06-19", "07-06-19");
    final String mixed =
        rows.replace("KEN0,", "KEN0,\"")
            .replace(
                "KEN1,05-06-19".replace("05", "06")
                    + ",Battles,Armed clash,Al-Shabaab,,2,404,Kenya,Lamu,",
                "KEN1,06-06-19,Battles,Armed clash,Al-Shabaab,,2,384,Côte d'Ivoire,"
                    + DoubleEncodingTest.decodedTwice("Ségou")
                    + ",");
    final Read r = read(mixed);
    r.noted(
        "1 record looks like UTF-8 text decoded twice beside text written once, and was read as"
            + " it was (line 3)");
  }

  @Test
  void dayFirstProvenByALaterRow() {
    final Read r = read(dated("05-06-19", "13-06-19"));
    assertEquals(
        LocalDate.of(2019, 6, 5),
        r.incident(0).getOccurredOn()); // read before the proof, in its order
    assertEquals(LocalDate.of(2019, 6, 13), r.incident(1).getOccurredOn());
    assertTrue(
        r.notes().contains("dates like 05-06-19 read as day-month-year: proven by '13-06-19'"),
        r.notes().toString());
  }

  @Test
  void monthFirstProven() {
    final Read r = read(dated("05/06/2019", "06/13/2019"));
    assertEquals(LocalDate.of(2019, 5, 6), r.incident(0).getOccurredOn());
    assertEquals(LocalDate.of(2019, 6, 13), r.incident(1).getOccurredOn());
    assertTrue(
        r.notes().contains("dates like 05/06/2019 read as month-day-year: proven by '06/13/2019'"),
        r.notes().toString());
  }

  @Test
  void nothingProvesTheOrder() {
    final Read r = read(dated("05-06-19", "07-06-19"));
    assertEquals(LocalDate.of(2019, 6, 5), r.incident(0).getOccurredOn());
    assertTrue(
        r.notes()
            .contains(
                "dates like 05-06-19 read as day-month-year: no value proves the order, ACLED's "
                    + "own order assumed"),
        r.notes().toString());
  }

  @Test
  void rowsContradictingTheFilesOrderAreRejected() {
    final Read r = read(dated("13-06-19", "14-06-19", "06-15-19"));
    assertEquals(LocalDate.of(2019, 6, 14), r.incident(1).getOccurredOn());
    r.invalid(
        2,
        "event_date",
        "line 4: event_date: '06-15-19' can only be month-day-year, but this "
            + "file's dates like 13-06-19 are read as day-month-year");
    assertTrue(
        r.notes()
            .contains(
                "dates like 13-06-19 read as day-month-year: proven by '13-06-19' and 1 more, "
                    + "against 1 in the other order ('06-15-19': rejected); 1 rows contradict that order and are rejected"),
        r.notes().toString());
  }

  // --- what a row's own timestamp and year say of its date
  // -----------------------------------------------------------------

  /** 2020-11-16T20:37:48Z, a week after the events these tests date. */
  private static final long NOV_16 = 1605559068L;

  /** A current-export row dated {@code date} in {@code year}, reported at {@code timestamp}. */
  private static String reported(
      final String id, final String date, final String year, final String timestamp) {
    return row(
            id, date, "Battles", "Armed clash", "Al-Shabaab", "1", "404", "Kenya", "1", timestamp)
        .replace(",2023,1,Political", "," + year + ",1,Political");
  }

  private static LocalDate november(final int day) {
    return LocalDate.of(2020, 11, day);
  }

  /**
   * Rows dated {@code dates} (year last), each its own event, all reported at {@code timestamp}.
   */
  private static String reported(final long timestamp, final String... dates) {
    final StringBuilder rows = new StringBuilder();
    for (final String date : dates) {
      final String year = date.substring(date.length() - 4);
      rows.append(reported("KEN" + date.replace("/", ""), date, year, Long.toString(timestamp)));
    }
    return rows.toString();
  }

  /**
   * Rows dated {@code dates}, reported on 16 November 2020, are read as these days of November,
   * with a note that starts with {@code note}.
   */
  private static void readAsNovember(
      final List<Integer> days, final String note, final String... dates) {
    final Read r = readRows(reported(NOV_16, dates));
    assertEquals(days.stream().map(AcledVariantsTest::november).toList(), r.days());
    r.noted(note);
  }

  @Test
  void aUsSpreadsheetsSlashDatesAreReadMonthFirstWhenTheRowsTimestampsSaySo() {
    // No day above 12, but 11/12/2020 read day-first is 11 December: after its own report.
    readAsNovember(
        List.of(12, 6, 2),
        "dates like 11/12/2020 read as month-day-year: proven by '11/12/2020' (as day-month-year"
            + " it would be 2020-12-11, after the row's timestamp 2020-11-16T20:37:48Z)",
        "11/12/2020",
        "11/6/2020",
        "11/2/2020");
  }

  @Test
  void whenNoRowProvesTheOrderTheReadingThatPutsEventsNearTheirReportsIsTaken() {
    // A US re-save of a week (1-7 November, reported on the 16th): no day above 12, and 11 January
    // to 11 July are before the report too. Read month-first the events are days old; day-first,
    // months.
    readAsNovember(
        List.of(7, 3, 1),
        "dates like 11/7/2020 read as month-day-year: no value proves the order; read as"
            + " month-day-year, under which the rows' events are reported a median of 13 days after"
            + " they happen (as day-month-year: 250 days)",
        "11/7/2020",
        "11/3/2020",
        "11/1/2020");
    // The same week as a UK spreadsheet writes it.
    readAsNovember(
        List.of(7, 3, 1),
        "dates like 7/11/2020 read as day-month-year: no value proves the order; read as",
        "7/11/2020",
        "3/11/2020",
        "1/11/2020");
  }

  @Test
  void aUkSpreadsheetsSlashDatesAreProvenDayFirstByTheRowsTimestampsInTheSameWay() {
    readAsNovember(
        List.of(12, 6),
        "dates like 12/11/2020 read as day-month-year: proven by '12/11/2020' (as month-day",
        "12/11/2020",
        "6/11/2020");
  }

  @Test
  void aNewestFirstFileWhoseFirstRowsHaveNoDayAbove12IsReadInItsOwnOrderThroughout() {
    // Its first 8 M characters (all the scan reads) hold no day above 12; 31 October comes after.
    // Their timestamps prove the order: every row is read month-first, none rejected.
    final String longNotes = ",notes " + "x".repeat(800_000) + ",";
    final StringBuilder csv = new StringBuilder(CURRENT).append('\n');
    for (int day = 12; day >= 1; day--) {
      csv.append(reported(NOV_16, "11/" + day + "/2020").replace(",notes,", longNotes));
    }
    csv.append(reported(NOV_16, "10/31/2020"));
    final List<LocalDate> days = read(csv.toString()).days();
    for (int i = 0; i < 12; i++) {
      assertEquals(november(12 - i), days.get(i));
    }
    assertEquals(LocalDate.of(2020, 10, 31), days.get(12));
  }

  @Test
  void aRowWhoseTimestampRulesOutTheFilesOrderIsRejectedSayingWhatTheRowShows() {
    // 13/11 and 14/11 prove day-first; 1/11/2020 reported in January can only be 11 January.
    final Read r =
        readRows(
            reported(NOV_16, "13/11/2020", "14/11/2020"),
            reported(1579089600L, "1/11/2020")); // 2020-01-15T12:00:00Z
    assertEquals(Arrays.asList(november(13), november(14), null), r.days());
    r.invalid(
        2,
        "event_date",
        "line 4: event_date: '1/11/2020' can only be month-day-year on its row (as day-month-year"
            + " it would be 2020-11-01, after the row's timestamp 2020-01-15T12:00:00Z), but this"
            + " file's dates like 13/11/2020 are read as day-month-year (proven by '13/11/2020' and"
            + " 1 more, against 1 in the other order");
    r.noted(
        "dates like 13/11/2020 read as day-month-year: proven by '13/11/2020' and 1 more, against"
            + " 1 in the other order ('1/11/2020' (as day-month-year it would be 2020-11-01, after"
            + " the row's timestamp 2020-01-15T12:00:00Z): rejected); 1 rows contradict that"
            + " order and are rejected");
  }

  @Test
  void anEventDateInAnotherYearThanItsRowsYearIsRejectedNamingBoth() {
    // LibreOffice read 31-12-19 as year-month-day: 1931-12-19.
    final Read r =
        readRows(
            reported("KEN1", "1931-12-19", "2019", "1578512391"),
            reported("KEN2", "31-12-19", "2019", "1578512391"),
            reported("KEN3", "30-12-19", "2019.0", "1578512391"));
    r.invalid(
        0, "event_date", "line 2: event_date: '1931-12-19' is in 1931, but the row's year is 2019");
    assertEquals(LocalDate.of(2019, 12, 31), r.incident(1).getOccurredOn());
    assertEquals(LocalDate.of(2019, 12, 30), r.incident(2).getOccurredOn());
  }

  @Test
  void aTwoDigitYearIsInTheCenturyOfItsRowsYear() {
    assertEquals(LocalDate.of(2069, 12, 31), new ExportDates().parse("31-12-69"), "alone: 20yy");
    assertEquals(LocalDate.of(1969, 12, 31), new ExportDates().parse("31-12-69", 1969));
    assertEquals(LocalDate.of(2069, 12, 31), new ExportDates().parse("31-12-69", 1970), "not 69");
    // No timestamp: reported at the end of its day.
    final Read r = readRows(reported("KEN1", "31-12-69", "1969", ""));
    assertEquals(LocalDate.of(1969, 12, 31), r.incident(0).getOccurredOn());
  }

  @Test
  void fatalitiesGroupedBySpacesAsFrenchAndRussianLocalesWriteThemAreRead() {
    final String row = reported(NOV_16, "6/11/2020");
    final Read r = readRows(row.replace(",notes,1,", ",notes,1\u202f234,"));
    assertEquals(1234, r.incident(0).getKilled().getUnknown());
  }

  /** A battle whose fatalities cell is {@code fatalities}, placed at {@code coordinate} twice. */
  private static String killing(final String id, final String fatalities, final String coordinate) {
    return placed(id, coordinate, coordinate).replace(",notes,2,", ",notes," + fatalities + ",");
  }

  @Test
  void fatalitiesGroupedInThousandsByACommaAreReadWhereTheFilesDecimalsArePoints() {
    // An Excel US re-save: 1,172 killed (ACLED's ETH125), latitudes written 13.7333.
    final Read r =
        readRows(
            killing("ETH125", "\"1,172\"", "13.7333"),
            killing("ETH126", "\"12,345\"", "7.3333"),
            killing("ETH127", "\"1,234,567\"", "7.3333"),
            killing("ETH128", "1.172", "7.3333"));
    assertEquals(1172, r.incident(0).getKilled().getUnknown());
    assertEquals(12_345, r.incident(1).getKilled().getUnknown());
    assertEquals(1_234_567, r.incident(2).getKilled().getUnknown());
    r.invalid(
        3,
        "fatalities",
        "line 5: fatalities: expected a whole number of at least 0, got '1.172': its '.' may be a"
            + " thousands mark or a decimal one, and the file writes its decimals with '.'"
            + " (latitude '13.7333')");
    r.noted(
        "2 numbers read as grouped in thousands by ',' (line 2: fatalities '1,172' is 1172, line"
            + " 3: fatalities '12,345' is 12345): the file writes its decimals with '.' (latitude"
            + " '13.7333')");
  }

  @Test
  void fatalitiesGroupedInThousandsByACommaAreReadWhereNothingInTheFileWritesADecimalComma() {
    final Read r = readRows(killing("ETH125", "\"1,172\"", ""));
    assertEquals(1172, r.incident(0).getKilled().getUnknown());
    r.noted(
        "1 number read as grouped in thousands by ',' (line 2: fatalities '1,172' is 1172): no"
            + " coordinate in the file's first rows writes a decimal comma");
  }

  @Test
  void whereTheFilesDecimalsAreCommasAPointGroupsThousandsAndACommaAndThreeDigitsIsRejected() {
    // A European re-save writes 1.172 killed and latitudes 13,7333: there 1,172 may be 1.172.
    final Read r =
        readRows(
            killing("ETH125", "1.172", "\"13,7333\""),
            killing("ETH126", "\"1,172\"", "\"7,3333\""));
    assertEquals(1172, r.incident(0).getKilled().getUnknown());
    r.invalid(
        1,
        "fatalities",
        "line 3: fatalities: expected a whole number of at least 0, got '1,172': its ',' may be a"
            + " thousands mark or a decimal one, and the file writes its decimals with ','"
            + " (latitude '13,7333'); write the number without it");
  }

  @Test
  void aCoordinateOutsideItsRangeIsNoEvidenceOfTheFilesDecimalMark() {
    // A European re-save: latitudes 13,7333, and one cell 137.333 that is no latitude (its point
    // dropped, as the row's incident counts without it): only the decimal comma is the file's.
    final Read r =
        readRows(
            placed("ETH124", "137.333", "\"7,3333\""), killing("ETH125", "1.172", "\"13,7333\""));
    assertNull(r.incident(0).getLatitude());
    assertEquals(1172, r.incident(1).getKilled().getUnknown());
    r.noted(
        "1 number read as grouped in thousands by '.' (line 3: fatalities '1.172' is 1172): the"
            + " file writes its decimals with ',' (latitude '13,7333')");
  }

  @Test
  void aMalformedRowsCellsAreNoEvidenceOfTheFilesDecimalMark() {
    // A row one field short: its longitude's 4,5 stands under latitude. The row is rejected
    // (PARSE), and its cells prove nothing of the file's marks: the file's decimals are points.
    final Read r =
        readRows(
            placed("ETH124", "\"4,5\"", "\"4,5\"").replace(",Political violence,", ","),
            killing("ETH125", "\"1,172\"", "13.7333"));
    r.rejected(0, DeadLetters.PARSE);
    assertEquals(1172, r.incident(1).getKilled().getUnknown());
    r.noted(
        "1 number read as grouped in thousands by ',' (line 3: fatalities '1,172' is 1172): the"
            + " file writes its decimals with '.' (latitude '13.7333')");
  }

  @Test
  void theYearIsReadByTheFilesDecimalMarkAsTheFatalitiesAre() {
    // An Excel US re-save that grouped the year too: 2,019 is the year 2019, so 1931-12-19 (a
    // misread 31-12-19) contradicts it, as it does an ungrouped 2019.
    final String us = killing("KEN1", "2", "13.7333");
    final Read r =
        readRows(
            us.replace(",2023,1,Political", ",\"2,019\",1,Political")
                .replace(",2023-01-30,", ",1931-12-19,"),
            us.replace(",2023,1,Political", ",\"2,023\",1,Political"),
            us.replace(",2023,1,Political", ",2.023,1,Political"));
    r.invalid(
        0, "event_date", "line 2: event_date: '1931-12-19' is in 1931, but the row's year is 2019");
    assertEquals(LocalDate.of(2023, 1, 30), r.incident(1).getOccurredOn());
    r.invalid(
        2,
        "year",
        "line 4: year: expected a whole number of at least 0, got '2.023': its '.' may be a"
            + " thousands mark or a decimal one, and the file writes its decimals with '.'");
    // A European re-save: 2.023 is 2023 there.
    final String european = killing("KEN1", "2", "\"13,7333\"");
    final Read e =
        readRows(
            european
                .replace(",2023,1,Political", ",2.019,1,Political")
                .replace(",2023-01-30,", ",1931-12-19,"),
            european.replace(",2023,1,Political", ",2.023,1,Political"));
    e.invalid(
        0, "event_date", "line 2: event_date: '1931-12-19' is in 1931, but the row's year is 2019");
    assertEquals(LocalDate.of(2023, 1, 30), e.incident(1).getOccurredOn());
  }

  @Test
  void aYearCellThatHoldsNoYearRejectsTheRowNamingIt() {
    final String row = killing("KEN1", "2", "13.7333");
    final Read r =
        readRows(
            row.replace(",2023,1,Political", ",twenty,1,Political"),
            row.replace(",2023,1,Political", ",23,1,Political"),
            row.replace(",2023,1,Political", ",,1,Political"));
    r.invalid(0, "year", "line 2: year: expected a whole number of at least 0, got 'twenty'");
    r.invalid(1, "year", "line 3: year: expected a year like 2023, got '23'");
    assertEquals(LocalDate.of(2023, 1, 30), r.incident(2).getOccurredOn(), "no year: none read");
  }

  @Test
  void aFileWhoseCoordinatesWriteDecimalsBothWaysGroupsNoThousandsByOneMarkAlone() {
    final Read r =
        readRows(
            killing("ETH125", "\"1,172\"", "13.7333"), killing("ETH126", "1.172", "\"7,3333\""));
    r.invalid(
        0,
        "fatalities",
        "line 2: fatalities: expected a whole number of at least 0, got '1,172': its ',' may be a"
            + " thousands mark or a decimal one, and the file writes its decimals with '.'"
            + " (latitude '13.7333') and with ',' (latitude '7,3333')");
    r.invalid(1, "fatalities", "line 3: fatalities: expected a whole number of at least 0");
  }
}
