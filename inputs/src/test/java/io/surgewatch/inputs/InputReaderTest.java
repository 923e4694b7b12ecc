package io.surgewatch.inputs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.surgewatch.core.DeadLetters;
import io.surgewatch.core.EventPreparer;
import io.surgewatch.core.InvalidEventException;
import io.surgewatch.events.v1.Attribution;
import io.surgewatch.events.v1.DatePrecision;
import io.surgewatch.events.v1.EventType;
import io.surgewatch.events.v1.GeoPrecision;
import io.surgewatch.events.v1.IncidentEvent;
import io.surgewatch.events.v1.PerpetratorGroup;
import io.surgewatch.events.v1.SourceKind;
import io.surgewatch.events.v1.StatementEvent;
import io.surgewatch.events.v1.TargetType;
import java.io.StringReader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InputReaderTest {

  private static final EventPreparer PREPARER = EventPreparer.standard();

  static Path resource(final String name) {
    try {
      return Path.of(InputReaderTest.class.getResource("/" + name).toURI());
    } catch (final URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static List<InputRecord> readAll(final Path file, final InputFormat format) {
    final List<InputRecord> out = new ArrayList<>();
    try (InputReader reader = InputReader.open(file, format, PREPARER)) {
      reader.forEachRemaining(out::add);
      assertEquals(out.size(), reader.recordsRead());
    }
    return out;
  }

  private static List<InputRecord> readCsv(final String text) {
    final List<InputRecord> out = new ArrayList<>();
    try (InputReader reader =
        InputReader.of(new StringReader(text), InputFormat.ACLED, PREPARER, "inline.csv")) {
      reader.forEachRemaining(out::add);
    }
    return out;
  }

  static IncidentEvent incident(final InputRecord record) {
    return (IncidentEvent) assertInstanceOf(InputRecord.Parsed.class, record).event();
  }

  /**
   * A CSV file as R's write.table writes the data frame read.csv made of it: its names quoted and
   * separated by {@code separator}, each row's name first when {@code rowNames} (the header names
   * none), a number or a missing cell (NA) bare, any other text quoted, a quote inside it {@code
   * \"} (qmethod = "escape").
   */
  private static String writeTable(final Path csv, final String separator, final boolean rowNames)
      throws Exception {
    final CsvRecords records = new CsvRecords(Files.newBufferedReader(csv));
    final StringBuilder out = new StringBuilder();
    for (int row = 0; records.next(); row++) {
      final List<String> cells = new ArrayList<>();
      if (rowNames && row > 0) {
        cells.add("\"" + row + "\"");
      }
      for (final String cell : records.fields) {
        cells.add(
            row > 0 && cell.isEmpty()
                ? "NA"
                : row > 0 && cell.matches("-?[0-9.]+")
                    ? cell
                    : "\"" + cell.replace("\"", "\\\"") + "\"");
      }
      out.append(String.join(separator, cells)).append('\n');
    }
    return out.toString();
  }

  @Test
  void filesRsWriteTableWroteReadAsTheCsvFilesTheyCameFrom(@TempDir final Path dir)
      throws Exception {
    final Path kenya = resource("kenya3.csv");
    final List<InputRecord> csv = readAll(kenya, InputFormat.ACLED);
    // write.table(x): spaces; write.table(x, sep = "\t"); and without row names.
    for (final String separator : List.of(" ", "\t")) {
      for (final boolean rowNames : List.of(true, false)) {
        final Path written =
            Files.writeString(dir.resolve("kenya3.txt"), writeTable(kenya, separator, rowNames));
        final List<InputRecord> read = readAll(written, InputFormat.ACLED);
        assertEquals(csv.size(), read.size());
        for (int i = 0; i < csv.size(); i++) {
          assertEquals(incident(csv.get(i)), incident(read.get(i)), "'" + separator + "' " + i);
        }
      }
    }
  }

  @Test
  void aFileWhoseLastLineHasNoLineBreakMayHaveBeenCutAndTheReaderSaysSo(@TempDir final Path dir)
      throws Exception {
    final String whole = Files.readString(resource("acled-mixed.csv"));
    assertTrue(whole.endsWith("\n"), "the fixture ends as exports do");
    // Cut one character before the end of the last field: the row still reads, with a wrong number.
    final Path cut =
        Files.writeString(
            dir.resolve("cut.csv"), whole.substring(0, whole.stripTrailing().length() - 1));
    final String warning = "the file's last line has no line break after it";
    try (InputReader reader = InputReader.open(cut, InputFormat.ACLED, PREPARER)) {
      reader.forEachRemaining(r -> {});
      assertTrue(
          reader.notes().stream().anyMatch(n -> n.startsWith(warning)), reader.notes().toString());
    }
    try (InputReader reader =
        InputReader.open(resource("acled-mixed.csv"), InputFormat.ACLED, PREPARER)) {
      reader.forEachRemaining(r -> {});
      assertTrue(
          reader.notes().stream().noneMatch(n -> n.startsWith(warning)), reader.notes().toString());
    }
    final Path crlf = Files.writeString(dir.resolve("crlf.csv"), whole.replace("\n", "\r\n"));
    try (InputReader reader = InputReader.open(crlf, InputFormat.ACLED, PREPARER)) {
      reader.forEachRemaining(r -> {});
      assertTrue(
          reader.notes().stream().noneMatch(n -> n.startsWith(warning)), reader.notes().toString());
    }
  }

  @Test
  void mapsAcledRowsWithQuotedMultiLineFields() {
    final List<InputRecord> records = readAll(resource("acled-mixed.csv"), InputFormat.ACLED);
    assertEquals(5, records.size());

    final IncidentEvent first = incident(records.get(0));
    assertEquals(2, records.get(0).line());
    assertTrue(records.get(0).rawText().contains("\n84 killed, \"\"mostly police\"\".\",84"));
    assertEquals("PAK100001", first.getId());
    assertEquals(Instant.ofEpochSecond(1675368000), first.getReportedAt());
    assertEquals(0, first.getRevision());
    assertEquals(LocalDate.of(2023, 1, 30), first.getOccurredOn());
    assertEquals(DatePrecision.DAY, first.getDatePrecision());
    assertEquals("PK", first.getCountry());
    assertEquals("Khyber Pakhtunkhwa", first.getRegion());
    assertEquals("Peshawar", first.getAdmin2());
    assertEquals(34.008, first.getLatitude());
    assertEquals(GeoPrecision.EXACT, first.getGeoPrecision());
    assertEquals(List.of(new PerpetratorGroup("TTP", Attribution.ATTRIBUTED)), first.getGroups());
    assertEquals(EventType.SUICIDE_BOMBING, first.getEventType());
    assertEquals(TargetType.SECURITY_FORCES, first.getTargetType());
    assertEquals(84, first.getKilled().getUnknown());
    assertEquals(0, first.getKilled().getCivilians());
    assertEquals(0, first.getInjured().getUnknown());
    assertEquals(SourceKind.ACLED, first.getSource().getKind());
    assertEquals("Dawn; Express Tribune", first.getSource().getName());
    assertTrue(first.getNotes().endsWith("84 killed, \"mostly police\"."));

    // 30 January 2023 style, unidentified actor1 dropped, assoc actor SUSPECTED; the record started
    // on line 4
    final IncidentEvent second = incident(records.get(1));
    assertEquals(4, records.get(1).line());
    assertEquals(LocalDate.of(2023, 2, 15), second.getOccurredOn());
    assertEquals(List.of(new PerpetratorGroup("BLA", Attribution.SUSPECTED)), second.getGroups());
    assertEquals(EventType.ARMED_CLASH, second.getEventType());
    assertEquals(GeoPrecision.NEAR, second.getGeoPrecision());

    // Read like any row; stage 1 sets it aside as a type that does not count.
    final IncidentEvent protest = incident(records.get(2));
    assertEquals("PAK100003", protest.getId());
    assertEquals(5, records.get(2).line());
    assertEquals("Protests", protest.getSourceEventType());

    final InputRecord.Rejected bad = assertInstanceOf(InputRecord.Rejected.class, records.get(3));
    assertEquals(DeadLetters.VALIDATION, bad.category());
    assertEquals(6, bad.line());
    assertEquals("PAK100004", bad.recordId());
    assertTrue(bad.reason().startsWith("line 6: fatalities: "), bad.reason());
    assertTrue(bad.reason().contains("'many'"), bad.reason());
    assertEquals("fatalities", ((InvalidEventException) bad.error()).firstField());

    // the revision: same id, later timestamp; both come out, the streams app picks the winner
    final IncidentEvent revision = incident(records.get(4));
    assertEquals("PAK100001", revision.getId());
    assertEquals(101, revision.getKilled().getUnknown());
    assertTrue(revision.getReportedAt().isAfter(first.getReportedAt()));
  }

  @Test
  void anyColumnOrderIsoFallbackAndCivilianTargeting() {
    final List<InputRecord> records = readAll(resource("acled-reordered.csv"), InputFormat.ACLED);
    assertEquals(4, records.size());
    final IncidentEvent afg = incident(records.get(0));
    assertEquals("AF", afg.getCountry()); // country column blank: iso 4
    assertEquals(LocalDate.of(2023, 1, 5), afg.getOccurredOn());
    assertEquals(EventType.AIR_STRIKE, afg.getEventType());
    assertEquals(2, afg.getKilled().getUnknown());

    final IncidentEvent abduction = incident(records.get(1));
    assertEquals(EventType.ABDUCTION, abduction.getEventType());
    assertEquals(1, abduction.getKilled().getCivilians());
    assertEquals(0, abduction.getKilled().getUnknown());
    assertEquals(TargetType.CIVILIANS, abduction.getTargetType());

    final InputRecord.Rejected narnia =
        assertInstanceOf(InputRecord.Rejected.class, records.get(2));
    assertEquals(DeadLetters.VALIDATION, narnia.category());
    assertTrue(
        narnia.reason().startsWith("line 4: country: unknown country 'Narnia'"), narnia.reason());

    final InputRecord.Rejected future =
        assertInstanceOf(InputRecord.Rejected.class, records.get(3));
    assertEquals(DeadLetters.VALIDATION, future.category());
    assertTrue(
        future.reason().contains("event_date: 2999-01-07 is in the future"), future.reason());
  }

  @Test
  void missingRequiredColumnsIsOneErrorNamingThemAll() {
    final InputFileException e =
        assertThrows(
            InputFileException.class,
            () -> readCsv("event_id_cnty,event_date,country\nX,2023-01-01,Pakistan\n"));
    assertTrue(e.getMessage().contains("inline.csv"), e.getMessage());
    assertTrue(e.getMessage().contains("columns event_type, actor1, fatalities"), e.getMessage());
    // R's write.csv names its row names' column "": shown, not left out.
    final InputFileException unnamed =
        assertThrows(
            InputFileException.class,
            () -> readCsv("\"\",\"event_date\",\"country\"\n\"1\",2023-01-01,Pakistan\n"));
    assertTrue(
        unnamed.getMessage().endsWith("(found: \"\", event_date, country)"), unnamed.getMessage());
  }

  @Test
  void aHeaderSeparatedByAnotherCharacterSaysSoAndAnErrorEchoesAtMostAFewHundredCharacters() {
    final InputFileException semicolons =
        assertThrows(
            InputFileException.class,
            () -> readCsv("event_id_cnty|event_date|event_type|actor1|fatalities|country\n"));
    assertTrue(
        semicolons.getMessage().contains("separated by '|', not commas"), semicolons.getMessage());
    final InputFileException long1 =
        assertThrows(InputFileException.class, () -> readCsv("a".repeat(100_000) + "\n"));
    assertTrue(long1.getMessage().length() < 1_000, "length " + long1.getMessage().length());
    assertTrue(long1.getMessage().contains("(100000 characters)"), long1.getMessage());
  }

  @Test
  void semicolonAndTabSeparatedExportsReadAsTheCommaSeparatedOne() {
    // Spreadsheets in many locales save "CSV" with semicolons; "Text" exports use tabs.
    final List<List<String>> rows =
        List.of(
            List.of(
                "event_id_cnty",
                "event_date",
                "event_type",
                "actor1",
                "fatalities",
                "country",
                "admin1",
                "notes"),
            List.of(
                "PAK1",
                "2023-01-05",
                "Battles",
                "TTP: Tehrik-i-Taliban Pakistan",
                "3",
                "Pakistan",
                "Khyber Pakhtunkhwa",
                "\"a note; with, both\""));
    final IncidentEvent comma = incident(readCsv(joined(rows, ",")).get(0));
    for (final String separator : List.of(";", "\t")) {
      try (InputReader reader =
          InputReader.of(
              new StringReader(joined(rows, separator)),
              InputFormat.ACLED,
              PREPARER,
              "inline.csv")) {
        final List<InputRecord> records = new ArrayList<>();
        reader.forEachRemaining(records::add);
        assertEquals(comma, incident(records.get(0)), "separated by " + separator);
        assertTrue(
            reader.notes().stream().anyMatch(n -> n.startsWith("columns separated by")),
            reader.notes().toString());
      }
    }
  }

  @Test
  void fileNotesAreTheNotesEachNamingTheFile() {
    // No actor2 columns: read as the monadic export, noted.
    final Path file = resource("acled-reordered.csv");
    try (InputReader reader = InputReader.open(file, InputFormat.ACLED, PREPARER)) {
      reader.forEachRemaining(r -> {});
      assertFalse(reader.notes().isEmpty(), "the fixture has notes");
      assertEquals(reader.notes().stream().map(n -> file + ": " + n).toList(), reader.fileNotes());
    }
  }

  private static String joined(final List<List<String>> rows, final String separator) {
    final StringBuilder b = new StringBuilder();
    rows.forEach(r -> b.append(String.join(separator, r)).append('\n'));
    return b.toString();
  }

  @Test
  void excelsUnicodeTextUtf16WithTabsIsReadAsTheCsvItWasSavedFrom(@TempDir final Path dir)
      throws Exception {
    final String tsv =
        "event_id_cnty\tevent_date\tevent_type\tsub_event_type\tactor1\tactor2\tcountry\tadmin1"
            + "\tfatalities\ttimestamp\r\n"
            + "PAK9\t30 January 2023\tBattles\tArmed clash\tTTP\t\tPakistan\tKhyber Pakhtunkhwa"
            + "\t3\t1675123200\r\n";
    for (final var charset : List.of(StandardCharsets.UTF_16LE, StandardCharsets.UTF_16BE)) {
      final byte[] mark =
          charset == StandardCharsets.UTF_16LE
              ? new byte[] {(byte) 0xFF, (byte) 0xFE}
              : new byte[] {(byte) 0xFE, (byte) 0xFF};
      final byte[] body = tsv.getBytes(charset);
      final byte[] bytes = new byte[mark.length + body.length];
      System.arraycopy(mark, 0, bytes, 0, 2);
      System.arraycopy(body, 0, bytes, 2, body.length);
      final Path file = Files.write(dir.resolve("unicode-text.txt"), bytes);
      final List<InputRecord> records = readAll(file, InputFormat.ACLED);
      assertEquals(1, records.size(), charset.toString());
      final IncidentEvent e = incident(records.get(0));
      assertEquals("PAK9", e.getId());
      assertEquals("Khyber Pakhtunkhwa", e.getRegion());
      assertEquals(
          List.of(new FileParts.Part(0, -1, 1)),
          FileParts.split(file, InputFormat.ACLED, 4, 1),
          "its bytes are not its characters: one part");
    }
  }

  @Test
  void aWorkbookOrACompressedFileIsNamedForWhatItIs(@TempDir final Path dir) throws Exception {
    final Map<String, byte[]> files =
        Map.of(
            "zip archive",
            new byte[] {0x50, 0x4B, 3, 4, 20, 0, 0, 0},
            "gzip-compressed",
            new byte[] {0x1F, (byte) 0x8B, 8, 0, 0, 0},
            "binary data",
            new byte[] {'e', 'v', 0, 1, 2, 3},
            "a Stata dataset (.dta), not a text file",
            "<stata_dta><header><release>118".getBytes(StandardCharsets.US_ASCII));
    for (final var f : files.entrySet()) {
      final Path file = Files.write(dir.resolve("export.csv"), f.getValue());
      final InputFileException e =
          assertThrows(
              InputFileException.class, () -> InputReader.open(file, InputFormat.ACLED, PREPARER));
      assertTrue(e.getMessage().contains(f.getKey()), e.getMessage());
    }
  }

  @Test
  void aDaySavedAsExcelsNumberForItSaysSo() {
    final List<InputRecord> records =
        readCsv(
            "event_id_cnty,event_date,event_type,sub_event_type,actor1,country,admin1,fatalities,"
                + "timestamp\nPAK1,44956,Battles,Armed clash,TTP,Pakistan,Punjab,1,1675123200\n");
    final InputRecord.Rejected rejected =
        assertInstanceOf(InputRecord.Rejected.class, records.get(0));
    assertTrue(
        rejected
            .reason()
            .contains(
                "got '44956' (Excel's number for 2023-01-30, saved from a date column formatted as"
                    + " numbers: format it as a date before saving, or keep the export's year"
                    + " column, which tells Excel's two date systems apart)"),
        rejected.reason());
  }

  @Test
  void unreadableFileNamesTheFile() {
    final InputFileException e =
        assertThrows(
            InputFileException.class,
            () -> InputReader.open(Path.of("/no/such/file.csv"), InputFormat.ACLED, PREPARER));
    assertTrue(e.getMessage().contains("/no/such/file.csv"), e.getMessage());
    assertTrue(e.getMessage().endsWith(": no such file"), e.getMessage());
    // Read in parts (backtest's large files): the JDK's exception alone would repeat the path.
    final InputFileException parts =
        assertThrows(
            InputFileException.class,
            () ->
                FileParts.open(
                    Path.of("/no/such/file.csv"),
                    InputFormat.ACLED,
                    PREPARER,
                    new FileParts.Part(100, 200, 5)));
    assertTrue(parts.getMessage().endsWith(": no such file"), parts.getMessage());
  }

  @Test
  void dateStylesAndMalformedRecords() {
    final ExportDates dates = new ExportDates(); // undecided: all-numeric dates day-first
    assertEquals(LocalDate.of(2023, 1, 30), dates.parse("30 January 2023"));
    assertEquals(LocalDate.of(2023, 1, 30), dates.parse("30-JANUARY-2023"));
    assertEquals(LocalDate.of(2023, 1, 3), dates.parse("3 jan 2023"));
    assertEquals(LocalDate.of(2023, 1, 30), dates.parse(" 2023-01-30 "));
    assertNull(dates.parse("31 February 2023"));
    assertNull(dates.parse("01/30/2023"));
    assertNull(dates.parse("30 Janvier 2023"));

    final String header =
        "event_id_cnty,event_date,event_type,sub_event_type,actor1,country,fatalities,timestamp\n";
    final List<InputRecord> records =
        readCsv(
            header
                + "A1,2023-01-01,Battles,Armed clash,TTP,Pakistan,1\n" // too few fields
                + "\n" // blank line: skipped
                + "A2,bad-date,Battles,Armed clash,TTP,Pakistan,x,1675368000\n" // two errors at
                // once
                + "A3,2023-01-01,Battles,Armed clash,\"TTP,1,1675368000\n"); // unterminated quote
    assertEquals(3, records.size());
    final InputRecord.Rejected shortRow = (InputRecord.Rejected) records.get(0);
    assertEquals(DeadLetters.PARSE, shortRow.category());
    assertEquals(2, shortRow.line());
    final InputRecord.Rejected twoErrors = (InputRecord.Rejected) records.get(1);
    assertEquals(4, twoErrors.line());
    assertEquals(
        List.of("event_date", "fatalities"),
        ((InvalidEventException) twoErrors.error()).errors().stream().map(e -> e.field()).toList());
    final InputRecord.Rejected unterminated = (InputRecord.Rejected) records.get(2);
    assertEquals(DeadLetters.PARSE, unterminated.category());
    assertTrue(unterminated.reason().contains("a quote opens field 5"), unterminated.reason());
  }

  @Test
  void readsNdjsonIncidentsStatementsAndRejectsInvalidLines() {
    final List<InputRecord> records = readAll(resource("events.ndjson"), InputFormat.NDJSON);
    assertEquals(4, records.size());
    final IncidentEvent incident = incident(records.get(0));
    assertEquals("PAK900001", incident.getId());
    assertEquals("Khyber Pakhtunkhwa", incident.getRegion());
    assertEquals("TTP", incident.getGroups().get(0).getName());
    assertEquals(220, incident.getInjured().getUnknown());

    final InputRecord.Parsed statement = assertInstanceOf(InputRecord.Parsed.class, records.get(1));
    assertEquals(3, statement.line()); // the blank line 2 is skipped but counted
    assertEquals("ST-2023-01-04-price", ((StatementEvent) statement.event()).getId());

    final InputRecord.Rejected invalid =
        assertInstanceOf(InputRecord.Rejected.class, records.get(2));
    assertEquals(4, invalid.line());
    assertEquals(DeadLetters.VALIDATION, invalid.category());
    assertEquals("PAK900002", invalid.recordId());
    assertTrue(invalid.reason().startsWith("line 4: "), invalid.reason());
    assertTrue(invalid.reason().contains("colour"), invalid.reason());
    assertTrue(
        invalid.reason().contains("killed.civilians"),
        "the form's error and the value's, at once: " + invalid.reason());

    final InputRecord.Rejected broken =
        assertInstanceOf(InputRecord.Rejected.class, records.get(3));
    assertEquals(DeadLetters.PARSE, broken.category());
    assertEquals(5, broken.line());
    assertTrue(
        broken.reason().startsWith("line 5: not valid JSON: Unexpected end-of-input"),
        broken.reason());
    assertFalse(broken.reason().contains("Source:"), "no parser internals: " + broken.reason());
  }

  @Test
  void anNdjsonFileWithNoLineToReadSaysItHoldsNothing() {
    for (final String text : List.of("", "\n \r\n")) {
      try (InputReader reader =
          InputReader.of(new StringReader(text), InputFormat.NDJSON, PREPARER, "empty.ndjson")) {
        assertFalse(reader.hasNext());
        assertEquals(
            List.of(
                "empty.ndjson: the file holds no line of JSON (it is empty, or blank lines only):"
                    + " nothing in it to read"),
            reader.fileNotes());
      }
    }
    try (InputReader reader =
        InputReader.of(new StringReader("\n{}\n"), InputFormat.NDJSON, PREPARER, "one.ndjson")) {
      assertInstanceOf(InputRecord.Rejected.class, reader.next());
      assertFalse(reader.hasNext());
      assertEquals(List.of(), reader.fileNotes());
    }
  }

  @Test
  void aStatementWhoseTypeIsMisspeltOrLeftOutIsRejectedNamingTypeNotTheIncidentFieldsItLacks() {
    final String statement =
        "{\"type\": \"Statement\", \"id\": \"ST1\", \"madeAt\": \"2023-01-04T17:00:00Z\","
            + " \"speaker\": {\"name\": \"ISPR\"}, \"quote\": \"q\", \"about\": {\"countries\":"
            + " [\"PK\"]}}";
    final String text =
        statement + "\n" + statement.replace("\"type\": \"Statement\", ", "") + "\n";
    try (InputReader reader =
        InputReader.of(new StringReader(text), InputFormat.NDJSON, PREPARER, "inline.ndjson")) {
      final InputRecord.Rejected capitalised =
          assertInstanceOf(InputRecord.Rejected.class, reader.next());
      assertEquals(DeadLetters.VALIDATION, capitalised.category());
      assertEquals("ST1", capitalised.recordId());
      assertEquals("type", ((InvalidEventException) capitalised.error()).firstField());
      assertEquals(
          "line 1: type: \"type\": \"Statement\" is not \"statement\" (in lower case), which marks"
              + " a statement: read as an incident, though it has a statement's fields (madeAt,"
              + " speaker, quote, about) and none of an incident's",
          capitalised.reason());
      final InputRecord.Rejected untyped =
          assertInstanceOf(InputRecord.Rejected.class, reader.next());
      assertEquals(
          "line 2: type: no \"type\": read as an incident, though it has a statement's fields"
              + " (madeAt, speaker, quote, about) and none of an incident's; mark a statement"
              + " \"type\": \"statement\"",
          untyped.reason());
    }
  }

  @Test
  void anNdjsonCoordinateOutOfRangeIsRejectedAsTheIngestApiRejectsIt() {
    // JSON numbers are written by a program, not re-saved by a spreadsheet's locale: the record
    // goes back to its writer to fix, as a 400 does, rather than counted without its point.
    final String line =
        "{\"id\": \"PAK9\", \"reportedAt\": \"2023-02-04T10:00:00Z\", \"occurredOn\":"
            + " \"2023-01-30\", \"country\": \"PK\", \"latitude\": -1169, \"killed\": {},"
            + " \"injured\": {}, \"source\": {\"name\": \"x\"}}\n";
    try (InputReader reader =
        InputReader.of(new StringReader(line), InputFormat.NDJSON, PREPARER, "inline.ndjson")) {
      final InputRecord.Rejected r = assertInstanceOf(InputRecord.Rejected.class, reader.next());
      assertEquals(DeadLetters.VALIDATION, r.category());
      assertEquals("line 1: latitude: -1169.0 is outside -90..90", r.reason());
    }
  }

  @Test
  void anNdjsonLineLongerThanAnyEventIsRejectedKeepingItsStartAndTheNextIsRead() {
    final String event =
        "{\"id\": \"PAK9\", \"reportedAt\": \"2023-02-04T10:00:00Z\", \"occurredOn\":"
            + " \"2023-01-30\", \"country\": \"PK\", \"killed\": {}, \"injured\": {},"
            + " \"source\": {\"name\": \"x\"}}";
    final String document =
        "{\"id\": {" + "\"0\": 36210, ".repeat(NdjsonReader.MAX_LINE_BYTES / 10) + "\"1\": 1}}";
    try (InputReader reader =
        InputReader.of(
            new StringReader(document + "\n" + event + "\n"),
            InputFormat.NDJSON,
            PREPARER,
            "frame.json")) {
      final InputRecord.Rejected r = assertInstanceOf(InputRecord.Rejected.class, reader.next());
      assertEquals(DeadLetters.PARSE, r.category());
      assertTrue(
          r.reason().startsWith("line 1: a line of " + document.length() + " bytes (UTF-8)"),
          r.reason());
      assertTrue(r.rawText().length() < 5_000, "its start only: " + r.rawText().length());
      assertEquals(2, assertInstanceOf(InputRecord.Parsed.class, reader.next()).line());
    }
  }

  @Test
  void aStatementTooLargeToPublishIsRejectedNamingItsLineIdFieldAndTheLimitAndTheNextIsRead() {
    final String urdu = "\u067E\u0627\u06A9\u0633\u062A\u0627\u0646 ".repeat(75_000);
    final String file =
        statementLine("H125-MID-before", "We will strike.")
            + statementLine("H125-MID-big", urdu) // 600,000 characters, 1.1 MB of UTF-8
            + statementLine("H125-MID-after", "We will strike again.");
    try (InputReader reader =
        InputReader.of(new StringReader(file), InputFormat.NDJSON, PREPARER, "oversized.ndjson")) {
      assertInstanceOf(InputRecord.Parsed.class, reader.next());
      final InputRecord.Rejected big = assertInstanceOf(InputRecord.Rejected.class, reader.next());
      assertEquals(2, big.line());
      assertEquals("H125-MID-big", big.recordId());
      assertEquals(DeadLetters.VALIDATION, big.category());
      assertEquals("quote", ((InvalidEventException) big.error()).firstField());
      assertTrue(
          big.reason()
              .matches(
                  "line 2: quote: the record is 11\\d{5} bytes as published, more than"
                      + " the 1015808 an input record may be \\(max.request.size 1048576, .*"),
          big.reason());
      assertTrue(big.rawText().length() < 5_000, "its start only: " + big.rawText().length());
      final InputRecord.Parsed after = assertInstanceOf(InputRecord.Parsed.class, reader.next());
      assertEquals("H125-MID-after", ((StatementEvent) after.event()).getId());
    }
  }

  private static String statementLine(final String id, final String quote) {
    return "{\"type\": \"statement\", \"id\": \""
        + id
        + "\", \"madeAt\": \"2023-02-09T09:00:00Z\", \"speaker\": {\"name\": \"Muhammad"
        + " Khurasani\"}, \"kind\": \"THREAT\", \"quote\": \""
        + quote
        + "\", \"about\": {\"countries\": [\"PK\"]}, \"source\": {\"name\": \"Reuters\"}}\n";
  }

  @Test
  void acledDeadLetterTextCarriesTheHeader() {
    try (InputReader reader =
        InputReader.open(resource("acled-reordered.csv"), InputFormat.ACLED, PREPARER)) {
      final InputRecord first = reader.next();
      assertTrue(reader.selfContainedText(first).startsWith("timestamp,fatalities,country,"));
      assertTrue(reader.selfContainedText(first).endsWith("\n" + first.rawText()));
    }
  }
}
