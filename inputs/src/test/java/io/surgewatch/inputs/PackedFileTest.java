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
 * Exports as they are downloaded, packed: a zip (UCDP's GED), gzip, an Excel workbook (ACLED's
 * curated files, or an export saved from Excel) are read as the text export inside them; what
 * cannot be read says what it is and what to do.
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
        "an Excel 97-2003 workbook (.xls) or a password-protected workbook, which is not read");
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

  private void assertMessage(final Path file, final String expected) {
    final InputFileException e =
        assertThrows(InputFileException.class, () -> PackedFile.unpack(file));
    assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
    assertTrue(e.getMessage().contains(expected), e.getMessage());
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
