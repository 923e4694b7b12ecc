package io.surgewatch.inputs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.surgewatch.core.EventPreparer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exports as they are downloaded, packed: a zip (UCDP's GED), gzip, bzip2 or xz, an Excel workbook
 * (ACLED's curated files, or an export saved from Excel) are read as the text export inside them;
 * what cannot be read (a Stata or R file, Parquet, also inside a gzip) says what it is, naming the
 * file given, and what to do.
 */
class PackedFileTest {

  @TempDir Path dir;

  static final Path CSV = InputReaderTest.resource("acled-mixed.csv");

  /**
   * The same rows as {@code acled-mixed.csv}, written by openpyxl (not this project's code) as
   * Excel keeps them: a notes sheet first, days as date cells in four formats (built-in {@code
   * d-mmm-yy} and {@code mm-dd-yy}, custom {@code yyyy-mm-dd} and {@code [$-409]d mmmm yyyy;@}) and
   * one as text, numbers as numbers (a latitude with the binary fraction's {@code
   * 24.860000000000003}), a blank row before the fourth event.
   */
  static final Path WORKBOOK = InputReaderTest.resource("acled-workbook.xlsx");

  static List<SpecificRecord> events(final Path file) {
    return InputReaderTest.readAll(file, InputFormat.ACLED).stream()
        .filter(InputRecord.Parsed.class::isInstance)
        .map(r -> ((InputRecord.Parsed) r).event())
        .toList();
  }

  @Test
  void aWorkbookIsReadAsTheExportItWasSavedFrom() throws IOException {
    final PackedFile.Unpacked unpacked = PackedFile.unpack(WORKBOOK);
    assertEquals(events(CSV), events(unpacked.data()));
    final String text = Files.readString(unpacked.data());
    assertTrue(text.contains("PAK100004,2023-03-21,"), text); // a day cell, as a day
    assertTrue(text.contains(",24.86,"), text); // Excel's 15 digits, not the binary fraction
    assertTrue(text.contains(",1675368000\n"), text); // a big number written plainly
    assertTrue(
        unpacked
            .note()
            .startsWith(
                WORKBOOK + ": an Excel workbook: read its sheet 'Data' (5 rows under its header)"),
        unpacked.note());
  }

  @Test
  void aRejectedRowOfAWorkbookIsNamedByTheWorkbookItsSheetAndItsRow() {
    final Path data = PackedFile.unpack(WORKBOOK).data();
    final InputRecord.Rejected many =
        InputReaderTest.readAll(data, InputFormat.ACLED).stream()
            .filter(InputRecord.Rejected.class::isInstance)
            .map(InputRecord.Rejected.class::cast)
            .filter(r -> "PAK100004".equals(r.recordId()))
            .findFirst()
            .orElseThrow();
    // Row 6 of the sheet, though the notes cell of row 2 holds a line break: line 7 of the CSV.
    assertEquals(6, many.line());
    assertTrue(many.reason().startsWith("sheet 'Data' row 6: "), many.reason());
    try (InputReader reader = InputReader.open(data, InputFormat.ACLED, EventPreparer.standard())) {
      assertTrue(reader.sourceName().endsWith("acled-workbook.xlsx"), reader.sourceName());
    }
  }

  @Test
  void theSheetReadIsTheOneWithAnExportsHeaderWhateverComesFirst() throws IOException {
    final String text = Files.readString(PackedFile.unpack(WORKBOOK).data());
    assertTrue(text.startsWith("event_id_cnty,event_date,"), text); // not the About sheet
  }

  @Test
  void daysOfAWorkbookCountingFrom1904AreTheDaysExcelShows() {
    // Excel writes date1904="1", which fastexcel reads as false: every day would be 4 years early.
    final PackedFile.Unpacked unpacked =
        PackedFile.unpack(InputReaderTest.resource("acled-1904.xlsx"));
    assertEquals(events(CSV), events(unpacked.data()));
    assertTrue(unpacked.note().contains("days counted from 1904"), unpacked.note());
  }

  @Test
  void aDayComputedByAFormulaIsReadFromTheValueSavedAndOneNeverComputedIsNoted() {
    final PackedFile.Unpacked unpacked =
        PackedFile.unpack(InputReaderTest.resource("acled-formulas.xlsx"));
    assertEquals(events(CSV), events(unpacked.data()));
    assertTrue(
        unpacked.note().contains("1 formula cells saved without their value read as empty"),
        unpacked.note());
  }

  @Test
  void excelSerialNumbersAreDaysAsExcelCountsThem() {
    assertEquals("2025-01-17T00:00", WorkbookCsv.excelDay(45674, false).toString());
    assertEquals("2025-01-17T00:00", WorkbookCsv.excelDay(45674 - 1462, true).toString());
    assertEquals("1900-02-28T00:00", WorkbookCsv.excelDay(59, false).toString());
    assertEquals("1900-03-01T00:00", WorkbookCsv.excelDay(61, false).toString());
    assertEquals("2023-01-30T18:00", WorkbookCsv.excelDay(44956.75, false).toString());
  }

  @Test
  void aTitleAboveTheHeaderIsSkippedAndLinesStayTheSheetsRows() throws IOException {
    final Path titled = InputReaderTest.resource("acled-titled.xlsx");
    final PackedFile.Unpacked unpacked = PackedFile.unpack(titled);
    assertEquals(events(CSV), events(unpacked.data()));
    assertTrue(
        unpacked.note().contains("its header on row 4, the 2 rows of text above it skipped"),
        unpacked.note());
    final List<String> lines = Files.readAllLines(unpacked.data());
    assertTrue(lines.get(3).startsWith("event_id_cnty,event_date,"), lines.toString());
  }

  @Test
  void aZipIsReadAsTheOneExportInItBesideItsReadmeAndMacShadows() throws IOException {
    final Path zip =
        zip(
            "ged-csv.zip",
            Map.of(
                "README.txt", "read me".getBytes(StandardCharsets.UTF_8),
                "__MACOSX/._mixed.csv", new byte[] {0, 5, 22, 7},
                "export/mixed.csv", Files.readAllBytes(CSV)));
    final PackedFile.Unpacked unpacked = PackedFile.unpack(zip);
    assertEquals(events(CSV), events(unpacked.data()));
    assertEquals(Files.readString(CSV), Files.readString(unpacked.data()));
    assertTrue(
        unpacked.note().startsWith(zip + ": a zip archive, its export/mixed.csv (unpacked to "),
        unpacked.note());
    assertEquals(zip.toString(), PackedFile.nameOf(unpacked.data()));
  }

  @Test
  void aGzipAndAWorkbookInsideAZipAreReadToo() throws IOException {
    final Path gz = dir.resolve("mixed.csv.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
      out.write(Files.readAllBytes(CSV));
    }
    assertEquals(events(CSV), events(PackedFile.unpack(gz).data()));
    final Path zip = zip("book.zip", Map.of("book.xlsx", Files.readAllBytes(WORKBOOK)));
    final PackedFile.Unpacked unpacked = PackedFile.unpack(zip);
    assertEquals(events(CSV), events(unpacked.data()));
    assertTrue(
        unpacked.note().startsWith(zip + ": a zip archive, its book.xlsx: an Excel workbook"),
        unpacked.note());
  }

  @Test
  void anExportBesideItsCodebookWorkbookAndDataPackageIsTheOneRead() throws IOException {
    final Path zip =
        zip(
            "package.zip",
            Map.of(
                "datapackage.json", "{}".getBytes(StandardCharsets.UTF_8),
                "codebook.xlsx", Files.readAllBytes(WORKBOOK),
                "events.csv", Files.readAllBytes(CSV)));
    assertEquals(Files.readString(CSV), Files.readString(PackedFile.unpack(zip).data()));
  }

  @Test
  void aReadmeBesideTheRowsOfAJsonFileIsPassedOverForThem() throws IOException {
    final Path zip =
        zip(
            "api.zip",
            Map.of(
                "README.txt", "read me".getBytes(StandardCharsets.UTF_8),
                "rows.json", "[{}]".getBytes(StandardCharsets.UTF_8)));
    assertEquals("[{}]", Files.readString(PackedFile.unpack(zip).data()));
  }

  @Test
  void aTextFileIsReadInPlace() {
    final PackedFile.Unpacked unpacked = PackedFile.unpack(CSV);
    assertEquals(CSV, unpacked.data());
    assertNull(unpacked.note());
    assertEquals(CSV.toString(), PackedFile.nameOf(CSV));
  }

  @Test
  void whatCannotBeReadSaysWhatItIsAndWhatToDo() throws IOException {
    final Path two =
        zip(
            "two.zip",
            Map.of("a.csv", "x".getBytes(StandardCharsets.UTF_8), "b.csv", "y".getBytes()));
    assertMessage(two, "a zip archive of 2 data files (a.csv, b.csv): unzip it");
    final Path none = zip("none.zip", Map.of("codebook.pdf", new byte[] {1, 2}));
    assertMessage(none, "no CSV, NDJSON or workbook file in it (it holds codebook.pdf)");
    final Path empty = zip("empty.zip", Map.of());
    assertMessage(empty, "an empty zip archive: download it again");
    final Path xls = dir.resolve("old.xls");
    final byte[] ole2 = {(byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0, (byte) 0xA1, (byte) 0xB1};
    Files.write(xls, concat(ole2, new byte[] {0x1A, (byte) 0xE1, 0, 0, 0, 0}));
    assertMessage(
        xls,
        "an Excel 97-2003 workbook (.xls) or a password-protected workbook, not a text file: open"
            + " it in Excel");
    final Path cut = dir.resolve("cut.csv.gz");
    final byte[] whole;
    try (var bytes = new ByteArrayOutputStream();
        OutputStream out = new GZIPOutputStream(bytes)) {
      out.write(Files.readAllBytes(CSV));
      out.close();
      whole = bytes.toByteArray();
    }
    Files.write(cut, Arrays.copyOf(whole, whole.length / 2));
    assertMessage(cut, "gzip-compressed data that cannot be read");
    final Path ods =
        zip(
            "sheet.ods",
            Map.of(
                "mimetype",
                "application/vnd.oasis.opendocument.spreadsheet"
                    .getBytes(StandardCharsets.US_ASCII),
                "content.xml",
                new byte[] {'<'}));
    assertMessage(ods, "an OpenDocument file (LibreOffice), which is not read");
  }

  /** Three rows of Kenya's export, as ACLED's tool gave them. */
  static final Path KENYA = InputReaderTest.resource("kenya3.csv");

  @Test
  void aBzip2OrXzFileIsReadAsTheExportItHolds() {
    // Written by pandas' to_csv("kenya3.csv.bz2") and to_csv("kenya3.csv.xz"): compressed by the
    // name's ending, with nothing in the name a reader of text would see.
    for (final String name : List.of("kenya3.csv.bz2", "kenya3.csv.xz")) {
      final Path packed = InputReaderTest.resource(name);
      final PackedFile.Unpacked unpacked = PackedFile.unpack(packed);
      assertEquals(events(KENYA), events(unpacked.data()), name);
      assertEquals(3, InputReaderTest.readAll(unpacked.data(), InputFormat.ACLED).size(), name);
      final String layer = name.endsWith(".bz2") ? "bzip2" : "xz";
      assertTrue(
          unpacked.note().startsWith(packed + ": " + layer + "-compressed (unpacked to "),
          unpacked.note());
      assertTrue(unpacked.data().toString().endsWith("/kenya3.csv"), unpacked.data().toString());
      assertEquals(packed.toString(), PackedFile.nameOf(unpacked.data()));
    }
  }

  @Test
  void aBzip2OrXzFileCutShortSaysToDownloadItAgain() throws IOException {
    for (final String name : List.of("kenya3.csv.bz2", "kenya3.csv.xz")) {
      final byte[] whole = Files.readAllBytes(InputReaderTest.resource(name));
      final Path cut = Files.write(dir.resolve("cut-" + name), Arrays.copyOf(whole, 400));
      assertMessage(
          cut, (name.endsWith(".bz2") ? "bzip2" : "xz") + "-compressed data that cannot be read (");
      assertMessage(cut, "): download it again");
    }
  }

  @Test
  void aStataDatasetIsNamedWithHowToSaveItAsCsv() {
    // The first 512 bytes of pandas' to_stata(version=118): Stata 13 and later's <stata_dta>.
    final Path dta = InputReaderTest.resource("kenya3-head.dta");
    final String csv = dta.toString().replace("kenya3-head.dta", "kenya3-head.csv");
    assertMessage(
        dta,
        ": a Stata dataset (.dta), not a text file: save it as CSV UTF-8 and read that: in Stata,"
            + (" use \"" + dta + "\", clear then export delimited using \"" + csv + "\";")
            + (" in Python, pandas.read_stata('" + dta + "').to_csv('" + csv + "', index=False)"));
  }

  @Test
  void theAdviceOfEverySignatureNamesTheFileGivenNotAPlaceholder() throws IOException {
    final Path named = Files.createDirectories(dir.resolve("Kenya exports"));
    for (final FileSignature signature : FileSignature.all()) {
      if (signature.unpack() != null) {
        continue; // read as what it holds
      }
      final byte[] start = new byte[64];
      for (int i = 0; i < signature.bytes().length; i++) {
        start[i] = (byte) (signature.bytes()[i].length > 0 ? signature.bytes()[i][0] : 0);
      }
      final Path file = Files.write(named.resolve("kenya's export.dat"), start);
      final String message =
          assertThrows(InputFileException.class, () -> PackedFile.unpack(file)).getMessage();
      assertTrue(
          message.startsWith(file + ": " + signature.what() + ", not a text file: "), message);
      assertFalse(message.matches("(?s).*\\bFILE\\b.*"), message);
      if (signature.advice().contains("FILE")) {
        assertTrue(
            message.contains("'" + named + "/kenya'\\''s export.dat'") // a shell word
                || message.contains("'" + named + "/kenya\\'s export.dat'"), // Python's, R's
            message);
      }
    }
  }

  @Test
  void theFileNamedInTheAdviceIsQuotedForWhereItStands() throws IOException {
    final Path dta =
        Files.copy(InputReaderTest.resource("kenya3-head.dta"), dir.resolve("kenya 3's.dta"));
    assertMessage(
        dta,
        "in Stata, use \""
            + dir
            + "/kenya 3's.dta\", clear then export delimited using \""
            + dir
            + "/kenya 3's.csv\"; in Python, pandas.read_stata('"
            + dir
            + "/kenya 3\\'s.dta').to_csv('"
            + dir
            + "/kenya 3\\'s.csv', index=False)");
    final Path sevenZip =
        Files.write(
            dir.resolve("my export's.7z"),
            new byte[] {'7', 'z', (byte) 0xBC, (byte) 0xAF, 0x27, 0x1C});
    assertMessage(sevenZip, "extract it (7z x '" + dir + "/my export'\\''s.7z') and give");
    // The CSV to write is never the file itself, which the shell's > would empty first.
    final Path sqlite = Files.write(dir.resolve("events.csv"), ascii("SQLite format 3\0\u0010\0"));
    assertMessage(
        sqlite,
        "sqlite3 -header -csv "
            + sqlite
            + " 'SELECT * FROM TABLE' > "
            + dir
            + "/events-text.csv (TABLE: the table's name; sqlite3 "
            + sqlite
            + " .tables lists them)");
  }

  @Test
  void otherSavesOfADataSetAreNamedForWhatTheyAre() throws IOException {
    final Map<String, byte[]> saves = new TreeMap<>();
    saves.put("a Stata dataset (.dta)", new byte[] {0x72, 2, 1, 0, 5, 0}); // pandas' default 114
    saves.put("an R workspace saved by save (.RData)", ascii("RDX3\nX\n"));
    saves.put("an R object saved by saveRDS (.rds)", new byte[] {'X', '\n', 0, 0, 0, 2, 0, 4});
    saves.put("a Parquet file", ascii("PAR1\u0015\u0004"));
    saves.put("a Feather or Arrow file", ascii("ARROW1\0\0"));
    saves.put("an SQLite database", ascii("SQLite format 3\0\u0010\0"));
    saves.put("a PDF document", ascii("%PDF-1.7\n%"));
    saves.put("an SPSS data file (.sav)", ascii("$FL2@(#) IBM SPSS"));
    saves.put("a Python pickle (pandas' to_pickle)", new byte[] {(byte) 0x80, 4, (byte) 0x95});
    saves.put(
        "an HDF5 file (pandas' to_hdf)", new byte[] {(byte) 0x89, 'H', 'D', 'F', 13, 10, 26, 10});
    saves.put("zstd-compressed data", new byte[] {0x28, (byte) 0xB5, 0x2F, (byte) 0xFD, 0, 0x58});
    saves.put("a 7-Zip archive", new byte[] {'7', 'z', (byte) 0xBC, (byte) 0xAF, 0x27, 0x1C, 0});
    int i = 0;
    for (final var save : saves.entrySet()) {
      final Path file = Files.write(dir.resolve("export" + i++ + ".csv"), save.getValue());
      assertMessage(file, ": " + save.getKey() + ", not a text file: ");
    }
  }

  @Test
  void whatAPackedFileHoldsIsNamedWithTheFileGivenNotWhereItWasUnpacked() throws IOException {
    // R's saveRDS(df, "x.rds"): gzip around R's serialisation (X, then its version).
    final Path rds = InputReaderTest.resource("saveRDS.rds");
    // R reads its own compression: the advice names the file given.
    assertMessage(
        rds,
        rds
            + ": gzip-compressed: an R object saved by saveRDS (.rds), not a text file: write it as"
            + (" CSV in R and read that: write.csv(readRDS('" + rds + "'), '")
            + (rds.toString().replace("saveRDS.rds", "saveRDS.csv") + "', row.names = FALSE)"));
    // A name with the compression's ending: decompress it, then convert what it gives.
    final Path dtaGz =
        gzip("kenya3.dta.gz", Files.readAllBytes(InputReaderTest.resource("kenya3-head.dta")));
    assertMessage(
        dtaGz,
        dtaGz
            + ": gzip-compressed: a Stata dataset (.dta), not a text file: decompress it (gunzip "
            + dtaGz
            + "), then save it as CSV UTF-8 and read that: in Stata, use \""
            + dir
            + "/kenya3.dta\", clear");
    final Path binary = gzip("export.csv.gz", new byte[] {'i', 'd', 0, 1, 2, 3});
    assertMessage(
        binary,
        binary + ": gzip-compressed: binary data (a NUL byte at offset 2), not a text file");
    final Path zipped = zip("export.zip", Map.of("export.csv.gz", Files.readAllBytes(dtaGz)));
    assertMessage(
        zipped,
        zipped
            + ": a zip archive, its export.csv.gz: gzip-compressed: a Stata dataset (.dta), not a"
            + " text file: unzip it (unzip "
            + zipped
            + " export.csv.gz), then decompress it (gunzip export.csv.gz), then save it as CSV UTF-8"
            + " and read that: in Stata, use \"export.csv\", clear then export delimited using"
            + " \"export-text.csv\"");
  }

  @Test
  void aZipOfADatasetThatIsNoTextNamesItByItsBytesWithItsAdvice() throws IOException {
    final byte[] dta = Files.readAllBytes(InputReaderTest.resource("kenya3-head.dta"));
    final Path stata = zip("kenya3.zip", Map.of("kenya3.dta", dta, "README.txt", ascii("about")));
    assertMessage(
        stata,
        stata
            + ": a zip archive, its kenya3.dta: a Stata dataset (.dta), not a text file: unzip it"
            + (" (unzip " + stata + " kenya3.dta), then save it as CSV UTF-8 and read that:")
            + " in Stata, use \"kenya3.dta\", clear then export delimited using \"kenya3.csv\";"
            + " in Python, pandas.read_stata('kenya3.dta').to_csv('kenya3.csv', index=False)");
    // R's saveRDS, gzip-compressed inside the zip: named for what the gzip holds.
    final Path rds =
        zip(
            "x.zip",
            Map.of("data/x.rds", Files.readAllBytes(InputReaderTest.resource("saveRDS.rds"))));
    assertMessage(
        rds,
        rds
            + ": a zip archive, its data/x.rds: gzip-compressed: an R object saved by saveRDS"
            + (" (.rds), not a text file: unzip it (unzip " + rds + " data/x.rds), then write it")
            + " as CSV in R and read that: write.csv(readRDS('data/x.rds'), 'data/x.csv',"
            + " row.names = FALSE)");
    // By its bytes, not its name: a workbook saved under another name is read.
    final Path renamed = zip("renamed.zip", Map.of("export.dat", Files.readAllBytes(WORKBOOK)));
    assertEquals(events(CSV), events(PackedFile.unpack(renamed).data()));
    // Several: each named for what it is.
    final Path two =
        zip(
            "two.zip",
            Map.of("a.dta", dta, "b.parquet", ascii("PAR1\u0015\u0004"), "c.dat", ascii("x")));
    assertMessage(
        two,
        ": a zip archive with no CSV, NDJSON or workbook file in it (it holds a.dta: a Stata"
            + " dataset (.dta); b.parquet: a Parquet file; c.dat): unzip it, save the export among"
            + " them as CSV UTF-8 and read that");
  }

  private Path gzip(final String name, final byte[] content) throws IOException {
    final Path gz = dir.resolve(name);
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
      out.write(content);
    }
    return gz;
  }

  private static byte[] ascii(final String text) {
    return text.getBytes(StandardCharsets.ISO_8859_1);
  }

  private void assertMessage(final Path file, final String expected) {
    final InputFileException e =
        assertThrows(InputFileException.class, () -> PackedFile.unpack(file));
    assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
    assertTrue(e.getMessage().contains(expected), e.getMessage());
    assertFalse(e.getMessage().contains("surgewatch-unpacked"), e.getMessage());
  }

  @Test
  void dayFormatsAreToldFromNumberFormats() {
    for (final String day :
        List.of("d-mmm-yy", "yyyy-mm-dd", "[$-409]d mmmm yyyy;@", "dd/mm/yyyy", "h:mm:ss")) {
      assertTrue(WorkbookCsv.isDayFormat(day), day);
    }
    for (final String number :
        List.of("General", "0.00", "#,##0", "0.00E+00", "\"days\" 0", "[Red]0;[Blue]-0")) {
      assertFalse(WorkbookCsv.isDayFormat(number), number);
    }
  }

  private Path zip(final String name, final Map<String, byte[]> entries) throws IOException {
    final Path zip = dir.resolve(name);
    try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
      for (final var e : new TreeMap<>(entries).entrySet()) {
        out.putNextEntry(new ZipEntry(e.getKey()));
        out.write(e.getValue());
        out.closeEntry();
      }
    }
    return zip;
  }

  private static byte[] concat(final byte[] a, final byte[] b) {
    final byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
