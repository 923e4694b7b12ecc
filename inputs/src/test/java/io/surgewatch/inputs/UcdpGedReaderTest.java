package io.surgewatch.inputs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.surgewatch.core.DeadLetters;
import io.surgewatch.core.EventPreparer;
import io.surgewatch.events.v1.Attribution;
import io.surgewatch.events.v1.Casualties;
import io.surgewatch.events.v1.DatePrecision;
import io.surgewatch.events.v1.EventType;
import io.surgewatch.events.v1.GeoPrecision;
import io.surgewatch.events.v1.IncidentEvent;
import io.surgewatch.events.v1.PerpetratorGroup;
import io.surgewatch.events.v1.SourceKind;
import io.surgewatch.events.v1.TargetType;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CONTRACT "Input formats", UCDP GED CSV: one incident per id, its day date_start, killed = best by
 * category.
 */
class UcdpGedReaderTest {

  private final List<InputRecord> records =
      InputReaderTest.readAll(InputReaderTest.resource("ucdp-ged-hdx.csv"), InputFormat.UCDP_GED);

  private IncidentEvent incident(final int index) {
    return (IncidentEvent) assertInstanceOf(InputRecord.Parsed.class, records.get(index)).event();
  }

  private InputRecord.Rejected rejected(final int index) {
    return assertInstanceOf(InputRecord.Rejected.class, records.get(index));
  }

  @Test
  void theHxlTagRowIsPartOfTheHeaderNotARecord() {
    assertEquals(8, records.size(), "eight data rows; the header and the HXL row are not records");
    assertEquals(3, records.get(0).line(), "the first record is on line 3");
  }

  @Test
  void aStateBasedEventCountsTheNonStateSideWithGovernmentDeathsAsSecurityForces() {
    final IncidentEvent e = incident(0);
    assertEquals("UCDP-GED-900001", e.getId(), "prefixed, the float's .0 dropped");
    assertEquals(LocalDate.of(2021, 3, 4), e.getOccurredOn());
    assertEquals(
        Instant.parse("2021-03-04T23:59:59.999Z"), e.getReportedAt(), "the end of the event's day");
    assertEquals(0, e.getRevision());
    assertEquals(DatePrecision.DAY, e.getDatePrecision());
    assertEquals("NG", e.getCountry());
    assertEquals("Borno", e.getRegion(), "adm_1 'Borno state' is the region Borno");
    assertEquals("Sample lga", e.getAdmin2());
    assertEquals("Sample town", e.getLocation());
    assertEquals(11.5, e.getLatitude());
    assertEquals(13.5, e.getLongitude());
    assertEquals(GeoPrecision.EXACT, e.getGeoPrecision());
    assertEquals(List.of(new PerpetratorGroup("ISWAP", Attribution.ATTRIBUTED)), e.getGroups());
    assertEquals("State-based conflict", e.getSourceEventType());
    assertEquals(EventType.ARMED_CLASH, e.getEventType());
    assertEquals(
        new Casualties(3, 1, 7, 0, 9, 14),
        e.getKilled(),
        "deaths_a of the government, deaths_b militants");
    assertEquals(new Casualties(0, 0, 0, 0, null, null), e.getInjured());
    assertEquals("Example Wire", e.getSource().getName());
    assertEquals(SourceKind.TRACKER, e.getSource().getKind());
    assertEquals("Soldiers and insurgents killed near a town", e.getNotes());
  }

  @Test
  void aNonStateEventCountsBothSidesAndPutsWhatTheDeathsColumnsLackInUnknown() {
    final IncidentEvent e = incident(1);
    assertEquals(
        List.of("Militia A", "Militia B"),
        e.getGroups().stream().map(PerpetratorGroup::getName).toList());
    assertEquals("Non-state conflict", e.getSourceEventType());
    assertEquals(
        new Casualties(0, 0, 3, 2, 5, 5), e.getKilled(), "2 + 1 militants, best 5: 2 unknown");
    assertEquals(LocalDate.of(2021, 3, 5), e.getOccurredOn(), "a date without a time");
    assertEquals(DatePrecision.MONTH, e.getDatePrecision(), "date_prec 4");
    assertEquals(GeoPrecision.REGION, e.getGeoPrecision(), "where_prec 4");
    assertEquals("Plateau", e.getRegion());
    assertEquals("UCDP", e.getSource().getName(), "no source_office");
    assertEquals("fighting between militias", e.getNotes(), "no headline: where_description");
    assertEquals(TargetType.MILITANTS, e.getTargetType());
  }

  @Test
  void oneSidedViolenceIsSideAsAgainstCivilians() {
    final IncidentEvent e = incident(2);
    assertEquals(
        List.of(new PerpetratorGroup("Boko Haram", Attribution.ATTRIBUTED)),
        e.getGroups(),
        "side_a, canonical");
    assertEquals("One-sided violence", e.getSourceEventType());
    assertEquals(EventType.ATTACK, e.getEventType());
    assertEquals(TargetType.CIVILIANS, e.getTargetType());
    assertEquals(new Casualties(0, 6, 0, 2, 6, 10), e.getKilled());
    assertEquals(DatePrecision.WEEK, e.getDatePrecision(), "date_prec 2");
    assertEquals("Village attacked, \"many\" dead", e.getNotes());
  }

  @Test
  void withoutCountryOrIso3TheCountryIdIsAGleditschWardCode() {
    final IncidentEvent e = incident(3);
    assertEquals("GW", e.getCountry(), "GW 404 is Guinea-Bissau (ISO 404 would be Kenya)");
    assertEquals(GeoPrecision.COUNTRY, e.getGeoPrecision(), "where_prec 6");
    assertEquals(DatePrecision.UNKNOWN, e.getDatePrecision(), "date_prec 5: within a year");
    assertEquals(
        List.of("Military Faction"),
        e.getGroups().stream().map(PerpetratorGroup::getName).toList(),
        "a word in lower case is capitalised");
  }

  @Test
  void deathsColumnsAddingUpToMoreThanBestLeaveAllOfBestUnknown() {
    assertEquals(
        new Casualties(0, 0, 0, 1, 1, 2),
        incident(3).getKilled(),
        "deaths_b 2, best 1: the total is best");
  }

  @Test
  void contradictoryEstimatesBecomeTheRangeTheySpanWithBestAndTheRowStillCounts() {
    assertEquals(
        new Casualties(0, 3, 0, 0, 2, 4), incident(7).getKilled(), "low 4 above high 2, best 3");
  }

  @Test
  void whenBothSidesAreGovernmentsBothAreGroups() {
    final IncidentEvent e = incident(6);
    assertEquals(
        List.of("CM-SECURITY-FORCES", "NG-SECURITY-FORCES"),
        e.getGroups().stream().map(PerpetratorGroup::getName).toList());
    assertEquals(new Casualties(2, 0, 0, 0, 2, 2), e.getKilled());
  }

  @Test
  void rowsThatCannotBeMappedAreDeadLetteredNamingLineAndColumn() {
    final InputRecord.Rejected badType = rejected(4);
    assertEquals(DeadLetters.VALIDATION, badType.category());
    assertEquals("UCDP-GED-900005", badType.recordId());
    assertTrue(badType.reason().startsWith("line 7: type_of_violence: "), badType.reason());
    final InputRecord.Rejected badDate = rejected(5);
    assertTrue(badDate.reason().startsWith("line 8: date_start: "), badDate.reason());
  }

  @Test
  void aDeadLetterCarriesTheHeaderSoItCanBeReplayedAlone() {
    try (InputReader reader =
        InputReader.open(
            InputReaderTest.resource("ucdp-ged-hdx.csv"),
            InputFormat.UCDP_GED,
            EventPreparer.standard())) {
      InputRecord r = reader.next();
      while (!(r instanceof InputRecord.Rejected)) {
        r = reader.next();
      }
      assertTrue(reader.selfContainedText(r).startsWith(",id,year,type_of_violence,"));
      assertTrue(reader.selfContainedText(r).endsWith("\n" + r.rawText()));
    }
  }

  /** A reader of {@code csv} as a UCDP GED file. */
  private static InputReader inline(final String csv) {
    return InputReader.of(
        new StringReader(csv), InputFormat.UCDP_GED, EventPreparer.standard(), "inline.csv");
  }

  @Test
  void aSideOfSeveralActorsGivesEachItsGroupKeepingItsAbbreviation() {
    final String csv =
        "id,type_of_violence,side_a,side_b,date_start,best,country\n"
            + "223409,2,AUC,\"ELN, FARC\",2002-05-01,40,Colombia\n"
            + "223410,1,Government of Colombia,\"ELN,FARC\",2002-05-02,3,Colombia\n";
    try (InputReader reader = inline(csv)) {
      final IncidentEvent nonState =
          (IncidentEvent) assertInstanceOf(InputRecord.Parsed.class, reader.next()).event();
      assertEquals(
          List.of("AUC", "ELN", "FARC"),
          nonState.getGroups().stream().map(PerpetratorGroup::getName).toList());
      final IncidentEvent stateBased =
          (IncidentEvent) assertInstanceOf(InputRecord.Parsed.class, reader.next()).event();
      assertEquals(
          List.of("ELN", "FARC"),
          stateBased.getGroups().stream().map(PerpetratorGroup::getName).toList());
    }
  }

  @Test
  void aSideOfGovernmentsAloneIsTheStatesSideAndAMixedSideIsNot() {
    final String csv =
        "id,type_of_violence,side_a,side_b,date_start,best,deaths_a,deaths_b,country\n"
            + "223411,1,\"Government of Mali, Government of France\",JNIM,2019-05-01,5,2,3,Mali\n"
            + "223412,1,\"Government of Venezuela, ELN\",Government of Colombia,2019-05-02,4,1,3,"
            + "Colombia\n";
    try (InputReader reader = inline(csv)) {
      final IncidentEvent allied =
          (IncidentEvent) assertInstanceOf(InputRecord.Parsed.class, reader.next()).event();
      assertEquals(
          List.of("JNIM"), allied.getGroups().stream().map(PerpetratorGroup::getName).toList());
      assertEquals(2, allied.getKilled().getSecurityForces(), "side a's deaths are the states'");
      assertEquals(3, allied.getKilled().getMilitants());
      final IncidentEvent mixed =
          (IncidentEvent) assertInstanceOf(InputRecord.Parsed.class, reader.next()).event();
      assertEquals(
          List.of("VE-SECURITY-FORCES", "ELN"),
          mixed.getGroups().stream().map(PerpetratorGroup::getName).toList(),
          "the side with an armed group in it is not the state's: the government of side b is not"
              + " a perpetrator");
      assertEquals(3, mixed.getKilled().getSecurityForces(), "side b's, Colombia's");
      assertEquals(0, mixed.getKilled().getMilitants());
      assertEquals(1, mixed.getKilled().getUnknown(), "a mixed side's dead are no one category");
    }
  }

  @Test
  void aRecordWithTooFewFieldsIsAParseError() {
    final String csv =
        "id,type_of_violence,side_a,side_b,date_start,best,country\n"
            + "1,3,Group,Civilians,2021-01-01,2,Nigeria\n"
            + "2,3,Group,Civilians,2021-01-01,2\n";
    try (InputReader reader = inline(csv)) {
      final IncidentEvent e =
          (IncidentEvent) assertInstanceOf(InputRecord.Parsed.class, reader.next()).event();
      assertEquals(
          new Casualties(0, 0, 0, 2, null, null),
          e.getKilled(),
          "no deaths columns: all of best unknown");
      final InputRecord.Rejected r = assertInstanceOf(InputRecord.Rejected.class, reader.next());
      assertEquals(DeadLetters.PARSE, r.category());
      assertTrue(
          r.reason().startsWith("line 3: the row has 6 fields where the header has 7"), r.reason());
    }
  }

  @Test
  void aCoordinateALocaleReSaveGarbledCostsTheIncidentItsPointNotItsCount() {
    final String csv =
        "id,type_of_violence,side_a,side_b,date_start,best,country,latitude,longitude\n"
            + "1,3,Group,Civilians,2021-01-01,2,Nigeria,118464,13.160274\n"
            + "2,3,Group,Civilians,2021-01-01,3,Nigeria,11.846440,13.160274\n";
    try (InputReader reader = inline(csv)) {
      final IncidentEvent unplaced =
          (IncidentEvent) assertInstanceOf(InputRecord.Parsed.class, reader.next()).event();
      assertEquals(null, unplaced.getLatitude());
      assertEquals(null, unplaced.getLongitude());
      assertEquals(2, unplaced.getKilled().getCivilians() + unplaced.getKilled().getUnknown());
      final IncidentEvent placed =
          (IncidentEvent) assertInstanceOf(InputRecord.Parsed.class, reader.next()).event();
      assertEquals(11.84644, placed.getLatitude());
      assertTrue(
          reader.notes().stream()
              .anyMatch(
                  n ->
                      n.startsWith("1 incident counted without coordinates")
                          && n.endsWith(": line 2 (latitude '118464' is outside -90..90)")),
          reader.notes().toString());
    }
  }

  @Test
  void aRowAStrayQuoteSplitIsRejectedForItsFieldsNotReadWithItsCellsShifted() {
    // A headline "Attack on ""Sahel"" camp, 3 dead" with its quotes not doubled: the comma splits
    // it, and the empty gwnob at the end of the row is pushed past the header's fields.
    final String csv =
        "id,type_of_violence,side_a,side_b,date_start,best,country,source_headline,gwnob\n"
            + "1,3,Group,Civilians,2021-01-01,2,Nigeria,\"Attack on \"Sahel\" camp, 3 dead\",\n"
            + "2,3,Group,Civilians,2021-01-01,2,Nigeria,\"Attack on \"\"Sahel\"\" camp, 3 dead\",\n";
    try (InputReader reader = inline(csv)) {
      final InputRecord.Rejected split =
          assertInstanceOf(InputRecord.Rejected.class, reader.next());
      assertEquals(DeadLetters.PARSE, split.category());
      assertEquals("UCDP-GED-1", split.recordId());
      assertTrue(
          split
              .reason()
              .startsWith(
                  "line 2: the row has 10 fields where the header has 9: field 8 (source_headline)"
                      + " goes on after its closing quote, at '\"Attack on \"Sahel\" camp'"),
          split.reason());
      final IncidentEvent doubled =
          (IncidentEvent) assertInstanceOf(InputRecord.Parsed.class, reader.next()).event();
      assertEquals("Attack on \"Sahel\" camp, 3 dead", doubled.getNotes());
      assertTrue(
          reader.notes().stream().noneMatch(n -> n.contains("past the header's")),
          reader.notes().toString());
    }
  }

  @Test
  void aFileWithoutAnAdm1ColumnSaysEveryIncidentsRegionIsUnknown() {
    try (InputReader reader =
        InputReader.of(
            new StringReader(
                "id,type_of_violence,side_a,side_b,date_start,best,country\n"
                    + "1,3,Group,Civilians,2021-01-01,2,Nigeria\n"),
            InputFormat.UCDP_GED,
            EventPreparer.standard(),
            "inline.csv")) {
      reader.forEachRemaining(r -> assertInstanceOf(InputRecord.Parsed.class, r));
      assertTrue(
          reader.notes().stream()
              .anyMatch(n -> n.startsWith("no 'adm_1' column: every incident's region is UNKNOWN")),
          reader.notes().toString());
    }
  }

  @Test
  void theCountryPagesDownloadWithItsEstimatesNamedBestEstReadsAsTheGed() {
    try (InputReader reader =
        InputReader.of(
            new StringReader(
                "id,type_of_violence,side_a,side_b,country,date_start,date_end,deaths_a,deaths_b,"
                    + "deaths_civilians,deaths_unknown,best_est,high_est,low_est\n"
                    + "51720,2,Mohajir,Sindhi,Pakistan,03/27/1990 00:00:00,03/27/1990 00:00:00,"
                    + "0,0,0,1,1,3,1\n"),
            InputFormat.UCDP_GED,
            EventPreparer.standard(),
            "pakistan.csv")) {
      final List<InputRecord> records = new ArrayList<>();
      reader.forEachRemaining(records::add);
      final IncidentEvent e = (IncidentEvent) ((InputRecord.Parsed) records.get(0)).event();
      assertEquals(LocalDate.of(1990, 3, 27), e.getOccurredOn());
      assertEquals(new Casualties(0, 0, 0, 1, 1, 3), e.getKilled());
    }
  }

  @Test
  void aFileWithoutTheRequiredColumnsFailsNamingThem() {
    final InputFileException e =
        assertThrows(
            InputFileException.class,
            () ->
                InputReader.of(
                    new StringReader("id,side_a,date_start\n1,x,2021-01-01\n"),
                    InputFormat.UCDP_GED,
                    EventPreparer.standard(),
                    "x.csv"));
    assertTrue(
        e.getMessage().contains("type_of_violence, side_b, best, country or iso3 or country_id"),
        e.getMessage());
    assertFalse(e.getMessage().contains("looks like a record"), e.getMessage());
  }

  @Test
  void aSemicolonFileOfOtherColumnsIsNotToldToBeSavedWithCommasAndShowsItsColumnsAsRead() {
    // Read at its semicolons (as a European re-save is): the columns are wrong, not the separator.
    final InputFileException e =
        assertThrows(
            InputFileException.class,
            () ->
                InputReader.of(
                    new StringReader("\"Empresa\";\"Setor\";\"Assunto\"\nA;B;C\n"),
                    InputFormat.UCDP_GED,
                    EventPreparer.standard(),
                    "ged.csv"));
    assertFalse(e.getMessage().contains("not commas"), e.getMessage());
    assertTrue(e.getMessage().endsWith("(found: Empresa, Setor, Assunto)"), e.getMessage());
  }

  @Test
  void aFileWithoutItsHeaderLineSaysThatItsFirstLineLooksLikeARecord() {
    final InputFileException e =
        assertThrows(
            InputFileException.class,
            () ->
                InputReader.of(
                    new StringReader(
                        "244657,1,2024,1,Nigeria: Government,Government of Nigeria,ISWAP,12,4,2\n"),
                    InputFormat.UCDP_GED,
                    EventPreparer.standard(),
                    "candidate.csv"));
    assertTrue(
        e.getMessage()
            .contains(
                "line 1 looks like a record, not a header: put the export's header line (its column"
                    + " names) before it"),
        e.getMessage());
  }

  @Test
  void anHxlRowIsRecognisedByMostOfItsCellsBeingTags() {
    assertTrue(
        CsvInputReader.isHxlTags(List.of("0", "", "#date+year", "#group+name", "", "#adm1+name")));
    assertEquals(
        false, CsvInputReader.isHxlTags(List.of("1", "15960.0", "#hashtag in a headline", "2009")));
  }

  @Test
  void formatNames() {
    assertEquals(InputFormat.UCDP_GED, InputFormat.parse("ucdp-ged"));
    assertEquals(InputFormat.UCDP_GED, InputFormat.parse("UCDP"));
    assertEquals(InputFormat.UCDP_GED, InputFormat.parse("ged"));
    assertEquals(InputFormat.UCDP_GED, InputFormat.parse("ucdp_ged"));
    assertEquals(InputFormat.ACLED_DELETIONS, InputFormat.parse("acled-deletions"));
    assertThrows(IllegalArgumentException.class, () -> InputFormat.parse("ucdp-acd"));
  }

  @Test
  void aDeadLettersTextTellsItsFormatForReplay() {
    assertEquals(
        InputFormat.UCDP_GED,
        InputFormat.ofText(",id,type_of_violence,date_start,best\n1,2,3,2020-01-01,4"));
    assertEquals(
        InputFormat.ACLED_DELETIONS, InputFormat.ofText("event_id_cnty,deleted_timestamp\nPAK1,1"));
    assertEquals(
        InputFormat.ACLED,
        InputFormat.ofText("event_id_cnty,event_date,timestamp\nPAK1,2023-01-01,1"));
    assertEquals(InputFormat.NDJSON, InputFormat.ofText(" {\"id\": \"x\"}"));
    assertEquals(InputFormat.NDJSON, InputFormat.ofText("{\"id\": \"x\", \"killed\""), "broken");
    assertEquals(
        InputFormat.ACLED,
        InputFormat.ofText("GWNO,EVENT_ID_CNTY,EVENT_DATE,FATALITIES\n770,PAK1,2015-01-01,3"));
  }

  @Test
  void aEuropeanReSaveWithSemicolonsAndDecimalCommasReadsAsTheOriginal(@TempDir final Path dir)
      throws IOException {
    final String original = Files.readString(InputReaderTest.resource("ucdp-ged-hdx.csv"));
    final String european =
        original.lines().map(UcdpGedReaderTest::european).collect(Collectors.joining("\n"));
    final List<InputRecord> reSaved =
        InputReaderTest.readAll(
            Files.writeString(dir.resolve("ged-european.csv"), european), InputFormat.UCDP_GED);
    assertEquals(records.size(), reSaved.size());
    for (int i = 0; i < records.size(); i++) {
      if (records.get(i) instanceof InputRecord.Parsed p) {
        assertEquals(
            p.event(),
            assertInstanceOf(InputRecord.Parsed.class, reSaved.get(i), reSaved.get(i)::toString)
                .event(),
            "row " + i);
      }
    }
  }

  @Test
  void aFileExcelOpenedAsOneColumnAndSavedReadsAsTheOriginal(@TempDir final Path dir)
      throws IOException {
    // Each line one cell, quoted whole, its quotes doubled: the header and the HXL row too.
    final String mangled =
        Files.readAllLines(InputReaderTest.resource("ucdp-ged-hdx.csv")).stream()
            .map(l -> "\"" + l.replace("\"", "\"\"") + "\"\r\n")
            .collect(Collectors.joining());
    final List<InputRecord> reSaved =
        InputReaderTest.readAll(
            Files.writeString(dir.resolve("ged-one-column.csv"), mangled), InputFormat.UCDP_GED);
    assertEquals(records.size(), reSaved.size());
    for (int i = 0; i < records.size(); i++) {
      assertEquals(records.get(i).getClass(), reSaved.get(i).getClass(), "row " + i);
      if (records.get(i) instanceof InputRecord.Parsed p) {
        assertEquals(p.event(), ((InputRecord.Parsed) reSaved.get(i)).event(), "row " + i);
      }
    }
  }

  @Test
  void anRReSavesNaCellsAreMissingValuesAsBlankOnesNeverANameOrAnId(@TempDir final Path dir)
      throws IOException {
    final List<String> lines = Files.readAllLines(InputReaderTest.resource("ucdp-ged-hdx.csv"));
    final List<String> withNa = new ArrayList<>(lines.subList(0, 2));
    // R's write.csv writes NA where pandas left a blank: every blank data cell becomes NA.
    lines.subList(2, lines.size()).stream()
        .map(l -> l.replaceAll("(?<=^|,)(?=,|$)", "NA"))
        .forEach(withNa::add);
    // A row whose id is NA, and one whose best estimate is.
    final String[] first = withNa.get(2).split(",", -1);
    first[1] = "NA";
    withNa.add(String.join(",", first));
    final String[] second = withNa.get(2).split(",", -1);
    second[1] = "900100.0";
    second[26] = "NA";
    withNa.add(String.join(",", second));
    final List<InputRecord> reSaved =
        InputReaderTest.readAll(
            Files.write(dir.resolve("ged-from-r.csv"), withNa), InputFormat.UCDP_GED);

    assertEquals(records.size() + 2, reSaved.size());
    for (int i = 0; i < records.size(); i++) {
      assertEquals(records.get(i).getClass(), reSaved.get(i).getClass(), "row " + i);
      if (records.get(i) instanceof InputRecord.Parsed p) {
        assertEquals(p.event(), ((InputRecord.Parsed) reSaved.get(i)).event(), "row " + i);
      }
    }
    final InputRecord.Rejected noId =
        assertInstanceOf(InputRecord.Rejected.class, reSaved.get(records.size()));
    assertTrue(noId.reason().contains("id: is missing"), noId.reason());
    final InputRecord.Rejected noBest =
        assertInstanceOf(InputRecord.Rejected.class, reSaved.get(records.size() + 1));
    assertTrue(noBest.reason().contains("best: is missing"), noBest.reason());
  }

  @Test
  void twoHdxFilesJoinedEndToEndReadAsOneTheSecondsHeaderAndTagsSkipped(@TempDir final Path dir)
      throws IOException {
    final String hdx = Files.readString(InputReaderTest.resource("ucdp-ged-hdx.csv"));
    final List<InputRecord> joined =
        InputReaderTest.readAll(
            Files.writeString(dir.resolve("joined.csv"), hdx + hdx), InputFormat.UCDP_GED);
    assertEquals(2 * records.size(), joined.size());
    for (int i = 0; i < records.size(); i++) {
      assertEquals(
          records.get(i).getClass(), joined.get(records.size() + i).getClass(), "row " + i);
    }
  }

  @Test
  void aDownloadWithOtherColumnsJoinedToAnHdxFileIsReadByItsOwnHeader(@TempDir final Path dir)
      throws IOException {
    final List<String> hdx = Files.readAllLines(InputReaderTest.resource("ucdp-ged-hdx.csv"));
    final StringBuilder csv = new StringBuilder();
    hdx.forEach(line -> csv.append(line).append('\n'));
    // Then the same rows as ucdp.uu.se's country pages download them: no index column, no HXL
    // row, the estimate named best_est and last.
    final List<String> header = cells(hdx.get(0));
    final int best = header.indexOf("best");
    for (int i = 0; i < hdx.size(); i++) {
      if (i != 1) {
        final List<String> cells = new ArrayList<>(cells(hdx.get(i)));
        final String estimate = cells.remove(best);
        cells.remove(0);
        cells.add(i == 0 ? "best_est" : estimate);
        csv.append(String.join(",", cells.stream().map(UcdpGedReaderTest::quoted).toList()))
            .append('\n');
      }
    }
    final List<InputRecord> joined = new ArrayList<>();
    final List<String> notes;
    try (InputReader reader =
        InputReader.open(
            Files.writeString(dir.resolve("joined.csv"), csv),
            InputFormat.UCDP_GED,
            EventPreparer.standard())) {
      reader.forEachRemaining(joined::add);
      notes = reader.notes();
    }
    assertEquals(2 * records.size(), joined.size());
    for (int i = 0; i < records.size(); i++) {
      final InputRecord later = joined.get(records.size() + i);
      assertEquals(records.get(i).getClass(), later.getClass(), "row " + i);
      if (records.get(i) instanceof InputRecord.Parsed p) {
        assertEquals(p.event(), ((InputRecord.Parsed) later).event(), "row " + i);
      }
    }
    assertTrue(
        notes.contains(
            "line 11 starts another export with other columns (28 columns where the one before has"
                + " 29, with best_est, without best): read by its own header"),
        notes.toString());
  }

  /** The cells of a CSV line. */
  private static List<String> cells(final String line) throws IOException {
    final CsvRecords csv = new CsvRecords(new BufferedReader(new StringReader(line)), ',');
    csv.next();
    return List.copyOf(csv.fields);
  }

  /** A cell as a CSV line writes it. */
  private static String quoted(final String cell) {
    return cell.contains(",") || cell.contains("\"")
        ? '"' + cell.replace("\"", "\"\"") + '"'
        : cell;
  }

  /** A line as pandas writes it with sep=';' and decimal=',': 900001,0; 3,0; 11,5. */
  private static String european(final String line) {
    final List<String> fields = new ArrayList<>();
    final StringBuilder field = new StringBuilder();
    boolean quoted = false;
    for (final char c : line.toCharArray()) {
      quoted ^= c == '"';
      if (c == ',' && !quoted) {
        fields.add(field.toString());
        field.setLength(0);
      } else {
        field.append(c);
      }
    }
    fields.add(field.toString());
    return fields.stream()
        .map(f -> f.matches("\\d+\\.\\d+") ? f.replace('.', ',') : f)
        .collect(Collectors.joining(";"));
  }

  /** A GED file of {@code csv}, read. */
  private static List<InputRecord> readGed(final Path dir, final String csv) throws IOException {
    return InputReaderTest.readAll(
        Files.writeString(dir.resolve("ged.csv"), csv), InputFormat.UCDP_GED);
  }

  /** Rows of a spreadsheet re-save: ids 1-3 on the given date_start cells. */
  private static List<InputRecord> reSaved(final Path dir, final String... dates)
      throws IOException {
    final StringBuilder csv =
        new StringBuilder("id,type_of_violence,side_a,side_b,country,date_start,best\r\n");
    for (int i = 0; i < dates.length; i++) {
      csv.append(i + 1)
          .append(",3,Jama'atu Ahlis Sunna Lidda'awati wal-Jihad,Civilians,Nigeria,")
          .append(dates[i])
          .append(",4\r\n");
    }
    return readGed(dir, csv.toString());
  }

  private static LocalDate day(final InputRecord record) {
    return ((IncidentEvent) assertInstanceOf(InputRecord.Parsed.class, record).event())
        .getOccurredOn();
  }

  @Test
  void aDateStartSavedAsASpreadsheetsNumberIsReadByTheRowsYear(@TempDir final Path dir)
      throws IOException {
    // 2009-06-09 is 39973 in Excel's 1900 date system; the row's year tells it from 1904's.
    final List<InputRecord> records =
        readGed(
            dir,
            "id,year,type_of_violence,side_a,side_b,country,date_start,best\n"
                + "1,2009,3,Jama'atu Ahlis Sunna Lidda'awati wal-Jihad,Civilians,Nigeria,39973,4\n"
                + "2,,3,Jama'atu Ahlis Sunna Lidda'awati wal-Jihad,Civilians,Nigeria,39973,4\n");
    assertEquals(LocalDate.of(2009, 6, 9), day(records.get(0)));
    // Without its year nothing tells the two systems apart: rejected, saying what it may be.
    final InputRecord.Rejected rejected =
        assertInstanceOf(InputRecord.Rejected.class, records.get(1));
    assertTrue(rejected.reason().contains("Excel's number for 2009-06-09"), rejected.reason());
  }

  @Test
  void datesAsSpreadsheetsReSaveThemAreReadInTheOrderTheFileProves(@TempDir final Path dir)
      throws IOException {
    final List<InputRecord> dayFirst =
        reSaved(dir, "04/03/2021", "28/03/2021 00:00", "5 March 2021");
    assertEquals(
        List.of(LocalDate.of(2021, 3, 4), LocalDate.of(2021, 3, 28), LocalDate.of(2021, 3, 5)),
        dayFirst.stream().map(UcdpGedReaderTest::day).toList(),
        "28/03 proves day-first");
    final List<InputRecord> monthFirst = reSaved(dir, "3/4/2021", "3/28/2021", "3/13/2021");
    assertEquals(
        List.of(LocalDate.of(2021, 3, 4), LocalDate.of(2021, 3, 28), LocalDate.of(2021, 3, 13)),
        monthFirst.stream().map(UcdpGedReaderTest::day).toList(),
        "3/28 proves month-first");
  }

  @Test
  void aDateThatOnlyTheOtherOrderCouldReadIsRejectedSayingWhy(@TempDir final Path dir)
      throws IOException {
    final List<InputRecord> records = reSaved(dir, "28/03/2021", "29/03/2021", "03/30/2021");
    assertEquals(LocalDate.of(2021, 3, 28), day(records.get(0)));
    final InputRecord.Rejected late = assertInstanceOf(InputRecord.Rejected.class, records.get(2));
    assertTrue(
        late.reason().contains("date_start: '03/30/2021' can only be month-day-year"),
        late.reason());
  }

  @Test
  void aDateStartInAnotherYearThanItsRowsYearIsRejectedNamingBoth(@TempDir final Path dir)
      throws IOException {
    // LibreOffice read 31-12-19 as year-month-day, 1931-12-19; pandas wrote the year 2019.0.
    final String csv =
        "id,year,type_of_violence,side_a,side_b,country,date_start,best\n"
            + "1,2019,3,Government of Nigeria,Civilians,Nigeria,1931-12-19,4\n"
            + "2,2019.0,3,Government of Nigeria,Civilians,Nigeria,31-12-19,4\n"
            + "3,1969,3,Government of Nigeria,Civilians,Nigeria,30-12-69,4\n"
            + "4,,3,Government of Nigeria,Civilians,Nigeria,2019-12-30,4\n";
    final List<InputRecord> read = readGed(dir, csv);
    final InputRecord.Rejected misread = assertInstanceOf(InputRecord.Rejected.class, read.get(0));
    assertEquals(DeadLetters.VALIDATION, misread.category());
    assertEquals(
        "line 2: date_start: '1931-12-19' is in 1931, but the row's year is 2019",
        misread.reason());
    assertEquals(LocalDate.of(2019, 12, 31), day(read.get(1)));
    assertEquals(LocalDate.of(1969, 12, 30), day(read.get(2)), "a two-digit year in its century");
    assertEquals(LocalDate.of(2019, 12, 30), day(read.get(3)), "no year: nothing to contradict");
  }

  @Test
  void casualtiesGroupedBySpacesAsFrenchAndRussianLocalesWriteThemAreRead(@TempDir final Path dir)
      throws IOException {
    final String csv =
        "id,type_of_violence,side_a,side_b,country,date_start,best,high,low\n"
            + "1,3,Government of Nigeria,Civilians,Nigeria,1999-11-20,2 478,2\u00a0483,2\u202f478\n"
            + "2,3,Government of Nigeria,Civilians,Nigeria,1999-11-20,4,12 345 678,4\n"
            + "3,3,Government of Nigeria,Civilians,Nigeria,1999-11-20,2 47,4,4\n";
    final List<InputRecord> read = readGed(dir, csv);
    final Casualties killed =
        ((IncidentEvent) assertInstanceOf(InputRecord.Parsed.class, read.get(0)).event())
            .getKilled();
    assertEquals(2478, killed.getCivilians() + killed.getUnknown());
    assertEquals(2478, killed.getLow());
    assertEquals(2483, killed.getHigh());
    assertEquals(
        12_345_678,
        ((IncidentEvent) assertInstanceOf(InputRecord.Parsed.class, read.get(1)).event())
            .getKilled()
            .getHigh());
    final InputRecord.Rejected notGrouped =
        assertInstanceOf(InputRecord.Rejected.class, read.get(2));
    assertEquals(DeadLetters.VALIDATION, notGrouped.category());
    assertTrue(
        notGrouped.reason().contains("best: expected a whole number of at least 0, got '2 47'"),
        notGrouped.reason());
  }

  /** Killed of a read row: best, whatever its breakdown. */
  private static int best(final InputRecord record) {
    final Casualties killed =
        ((IncidentEvent)
                assertInstanceOf(InputRecord.Parsed.class, record, record::toString).event())
            .getKilled();
    return killed.getCivilians() + killed.getUnknown();
  }

  @Test
  void casualtiesGroupedInThousandsByACommaAreReadWhereTheFilesDecimalsArePoints(
      @TempDir final Path dir) throws IOException {
    // An Excel US re-save of GED's Mexico events: 1,286 killed, latitudes 19.42847.
    final String csv =
        "id,type_of_violence,side_a,side_b,country,date_start,latitude,longitude,best,high,low\n"
            + "1,3,Government of Nigeria,Civilians,Nigeria,1999-11-20,9.42847,7.12766,"
            + "\"1,286\",\"1,346\",\"1,209\"\n"
            + "2,3,Government of Nigeria,Civilians,Nigeria,1999-11-20,9.617,7.23018,1.286,2,1\n";
    final List<InputRecord> read = readGed(dir, csv);
    assertEquals(1286, best(read.get(0)));
    final IncidentEvent e = (IncidentEvent) ((InputRecord.Parsed) read.get(0)).event();
    assertEquals(1346, e.getKilled().getHigh());
    assertEquals(1209, e.getKilled().getLow());
    final InputRecord.Rejected point = assertInstanceOf(InputRecord.Rejected.class, read.get(1));
    assertEquals(DeadLetters.VALIDATION, point.category());
    assertTrue(
        point
            .reason()
            .contains(
                "best: expected a whole number of at least 0, got '1.286': its '.' may be a"
                    + " thousands mark or a decimal one, and the file writes its decimals with '.'"
                    + " (latitude '9.42847')"),
        point.reason());
  }

  @Test
  void whereTheFilesDecimalsAreCommasAPointGroupsThousandsAndACommaAndThreeDigitsIsRejected(
      @TempDir final Path dir) throws IOException {
    // The same events as a Spanish Excel saves them: semicolons, 1.286 killed, latitude 9,42847.
    final String csv =
        "id;type_of_violence;side_a;side_b;country;date_start;latitude;longitude;best;high;low\n"
            + "1;3;Government of Nigeria;Civilians;Nigeria;1999-11-20;9,42847;7,12766;"
            + "1.286;1.346;1.209\n"
            + "2;3;Government of Nigeria;Civilians;Nigeria;1999-11-20;9,617;7,23018;1,286;2;1\n";
    final List<InputRecord> read = readGed(dir, csv);
    assertEquals(1286, best(read.get(0)));
    final InputRecord.Rejected comma = assertInstanceOf(InputRecord.Rejected.class, read.get(1));
    assertEquals(DeadLetters.VALIDATION, comma.category());
    assertTrue(
        comma
            .reason()
            .contains(
                "best: expected a whole number of at least 0, got '1,286': its ',' may be a"
                    + " thousands mark or a decimal one, and the file writes its decimals with ','"
                    + " (latitude '9,42847'); write the number without it"),
        comma.reason());
  }

  /** The event of a read record. */
  private static IncidentEvent event(final InputRecord record) {
    return (IncidentEvent)
        assertInstanceOf(InputRecord.Parsed.class, record, record::toString).event();
  }

  @Test
  void theIdIsReadByTheFilesDecimalMarkAsTheCasualtiesAreSoAReSaveKeepsItsIncidents(
      @TempDir final Path dir) throws IOException {
    // An Excel US re-save that grouped the id column: 244,657 is GED's event 244657, as 244657.0
    // (pandas) is; 244.657 is no id where the file's decimals are points.
    final String us =
        "id,type_of_violence,side_a,side_b,country,date_start,latitude,longitude,best\n"
            + "\"244,657\",3,Government of Nigeria,Civilians,Nigeria,1999-11-20,9.42847,7.12766,4\n"
            + "244658.0,3,Government of Nigeria,Civilians,Nigeria,1999-11-20,9.617,7.23018,4\n"
            + "244.659,3,Government of Nigeria,Civilians,Nigeria,1999-11-20,9.617,7.23018,4\n";
    final List<InputRecord> read = readGed(dir, us);
    assertEquals("UCDP-GED-244657", event(read.get(0)).getId());
    assertEquals("UCDP-GED-244658", event(read.get(1)).getId());
    final InputRecord.Rejected point = assertInstanceOf(InputRecord.Rejected.class, read.get(2));
    assertEquals(DeadLetters.VALIDATION, point.category());
    assertTrue(
        point
            .reason()
            .startsWith(
                "line 4: id: expected a whole number of at least 0, got '244.659': its '.' may be"
                    + " a thousands mark or a decimal one, and the file writes its decimals with"
                    + " '.' (latitude '9.42847')"),
        point.reason());
    assertEquals("UCDP-GED-244.659", point.recordId(), "the rejection names the id as written");
    // A Spanish Excel's: 244.657 is 244657 there, and 244,657 a fraction.
    final String spanish =
        "id;type_of_violence;side_a;side_b;country;date_start;latitude;longitude;best\n"
            + "244.657;3;Government of Nigeria;Civilians;Nigeria;1999-11-20;9,42847;7,12766;4\n"
            + "244,658;3;Government of Nigeria;Civilians;Nigeria;1999-11-20;9,617;7,23018;4\n";
    final List<InputRecord> european = readGed(dir, spanish);
    assertEquals("UCDP-GED-244657", event(european.get(0)).getId());
    final InputRecord.Rejected comma =
        assertInstanceOf(InputRecord.Rejected.class, european.get(1));
    assertTrue(
        comma.reason().startsWith("line 3: id: expected a whole number of at least 0, got"),
        comma.reason());
  }

  @Test
  void theYearIsReadByTheFilesDecimalMarkAndAYearCellThatHoldsNoneRejectsTheRow(
      @TempDir final Path dir) throws IOException {
    final String csv =
        "id,year,type_of_violence,side_a,side_b,country,date_start,latitude,longitude,best\n"
            + "1,\"2,019\",3,Government of Nigeria,Civilians,Nigeria,1931-12-19,9.4,7.1,4\n"
            + "2,\"2,019\",3,Government of Nigeria,Civilians,Nigeria,31-12-19,9.4,7.1,4\n"
            + "3,2.019,3,Government of Nigeria,Civilians,Nigeria,2019-12-30,9.4,7.1,4\n"
            + "4,19,3,Government of Nigeria,Civilians,Nigeria,2019-12-30,9.4,7.1,4\n";
    final List<InputRecord> read = readGed(dir, csv);
    assertEquals(
        "line 2: date_start: '1931-12-19' is in 1931, but the row's year is 2019",
        assertInstanceOf(InputRecord.Rejected.class, read.get(0)).reason());
    assertEquals(LocalDate.of(2019, 12, 31), day(read.get(1)));
    final InputRecord.Rejected point = assertInstanceOf(InputRecord.Rejected.class, read.get(2));
    assertTrue(
        point
            .reason()
            .startsWith(
                "line 4: year: expected a whole number of at least 0, got '2.019': its '.' may be"
                    + " a thousands mark or a decimal one"),
        point.reason());
    assertEquals(
        "line 5: year: expected a year like 2023, got '19'",
        assertInstanceOf(InputRecord.Rejected.class, read.get(3)).reason());
  }

  @Test
  void deathsNearTheIntRangeDoNotWrapIntoANegativeCategory() {
    final int big = Integer.MAX_VALUE - 10;
    final Casualties killed =
        UcdpGedEventMapper.killed(
            100,
            new int[] {big, big, 0, 0},
            UcdpGedEventMapper.Side.ARMED,
            UcdpGedEventMapper.Side.ARMED,
            -1,
            -1);
    // More deaths than the best estimate: the breakdown is not trusted, all of best is unknown.
    assertEquals(new Casualties(0, 0, 0, 100, null, null), killed);
  }
}
