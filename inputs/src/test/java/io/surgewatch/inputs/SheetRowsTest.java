package io.surgewatch.inputs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.surgewatch.core.EventPreparer;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A workbook is read as the CSV its sheet is written to, where a cell holding line breaks puts the
 * rows below it on later lines than their rows: errors, notes and dead letters name a record by the
 * sheet and row the user can open ({@code sheet 'Data' row 6}), and number it by that row (a dead
 * letter's {@code sourceLine}), read whole or in parts; a CSV file's records keep their lines.
 */
class SheetRowsTest {

  @TempDir Path dir;

  private static final List<String> HEADER =
      List.of(
          "id",
          "type_of_violence",
          "side_a",
          "side_b",
          "date_start",
          "best",
          "country",
          "latitude",
          "longitude",
          "source_headline");

  /** A UCDP GED row of the sheet, its id 1000 and its row. */
  private static List<String> row(
      final int row, final String best, final String latitude, final String headline) {
    return List.of(
        Integer.toString(1000 + row),
        "2",
        "AUC",
        "ELN",
        "2002-05-01",
        best,
        "Colombia",
        latitude,
        "-74.1",
        headline);
  }

  /** A workbook of one sheet, 'Data': the header, then {@code rows} from row 2 on. */
  private Path book(final List<List<String>> rows) throws IOException {
    final List<List<String>> all = new ArrayList<>();
    all.add(HEADER);
    all.addAll(rows);
    return SheetFixture.write(dir.resolve("ged.xlsx"), "Data", all);
  }

  /** A reader of {@code csv} that has read it through, for its counts and notes. */
  private static InputReader readThrough(final Path csv) {
    final InputReader reader =
        InputReader.open(csv, InputFormat.UCDP_GED, EventPreparer.standard());
    reader.forEachRemaining(r -> {});
    return reader;
  }

  private static List<InputRecord> read(final Path file) {
    return InputReaderTest.readAll(file, InputFormat.UCDP_GED);
  }

  /** The sheet row a record of {@link #row} is on, from its id. */
  private static long rowOf(final InputRecord record) {
    return Long.parseLong(record.rawText().substring(0, record.rawText().indexOf(','))) - 1000;
  }

  @Test
  void aRejectedRowIsNamedByItsSheetAndRowWhateverLineBreaksTheCellsAboveHold() throws IOException {
    final Path book =
        book(
            Arrays.asList(
                row(2, "4", "4.6", "Attack\non a village\nnear the river"),
                row(3, "4", "4.6", "A line break as Windows writes it:\r\nand on"),
                null, // row 4 left empty
                row(5, "4", "4.6", "one line"),
                row(6, "many", "4.6", "one line")));
    final Path csv = PackedFile.unpack(book).data();

    final List<InputRecord> read = read(csv);
    assertEquals(List.of(2L, 3L, 5L, 6L), read.stream().map(InputRecord::line).toList());
    final InputRecord.Rejected many = assertInstanceOf(InputRecord.Rejected.class, read.get(3));
    assertEquals(
        "sheet 'Data' row 6: best: expected a whole number of at least 0, got 'many'",
        many.reason());
    try (InputReader reader =
        InputReader.open(csv, InputFormat.UCDP_GED, EventPreparer.standard())) {
      assertEquals(book.toString(), reader.sourceName());
      assertEquals("sheet 'Data' row 6", reader.placeOf(many));
    }

    // The same CSV read as a text file: its lines, on which row 6 is line 9.
    final InputRecord.Rejected asText =
        assertInstanceOf(
            InputRecord.Rejected.class,
            all(InputReader.of(
                    new StringReader(Files.readString(csv)),
                    InputFormat.UCDP_GED,
                    EventPreparer.standard(),
                    "sheet.csv"))
                .get(3));
    assertEquals(9, asText.line());
    assertTrue(asText.reason().startsWith("line 9: best: "), asText.reason());
  }

  @Test
  void theRowsANoteListsAreNamedByTheirSheetAndRow() throws IOException {
    final Path csv =
        PackedFile.unpack(
                book(List.of(row(2, "4", "4.6", "two\nlines"), row(3, "4", "137.5", "one line"))))
            .data();
    try (InputReader reader = readThrough(csv)) {
      final List<String> unplaced = reader.counts().first(ReadCount.UNPLACED_ROWS);
      assertEquals(1, unplaced.size());
      assertTrue(unplaced.get(0).startsWith("sheet 'Data' row 3 (latitude"), unplaced.get(0));
      assertTrue(
          reader.notes().stream().anyMatch(n -> n.contains("sheet 'Data' row 3 (latitude")),
          reader.notes().toString());
    }
  }

  @Test
  void aWorkbookReadInPartsNamesEveryRowAsReadWhole() throws IOException {
    final List<List<String>> rows = new ArrayList<>();
    for (int row = 2; row <= 400; row++) {
      if (row % 41 == 0) {
        rows.add(null);
        continue;
      }
      rows.add(
          row(
              row,
              row % 17 == 0 ? "many" : "3",
              row % 23 == 0 ? "137.5" : "4.6",
              row % 5 == 0 ? "Clashes\r\nin the north\nand east" : "Clashes in the north"));
    }
    final Path csv = PackedFile.unpack(book(rows)).data();

    final List<FileParts.Part> parts = FileParts.split(csv, InputFormat.UCDP_GED, 4, 1);
    assertTrue(parts.size() > 1, parts.toString());
    final List<String> inParts = new ArrayList<>();
    ReadCounts partCounts = null;
    InputReader last = null;
    for (final FileParts.Part part : parts) {
      try (InputReader reader =
          FileParts.open(csv, InputFormat.UCDP_GED, EventPreparer.standard(), part)) {
        while (reader.hasNext()) {
          inParts.add(described(reader.next()));
        }
        partCounts = partCounts == null ? reader.counts() : partCounts.add(reader.counts());
        last = reader;
      }
    }
    final List<InputRecord> whole = read(csv);
    assertEquals(whole.stream().map(SheetRowsTest::described).toList(), inParts);
    for (final InputRecord record : whole) {
      assertEquals(rowOf(record), record.line(), record.rawText());
      if (record instanceof InputRecord.Rejected rejected) {
        assertTrue(
            rejected.reason().startsWith("sheet 'Data' row " + rowOf(record) + ": best: "),
            rejected.reason());
      }
    }
    assertEquals(
        "sheet 'Data' row 23 (latitude",
        partCounts.first(ReadCount.UNPLACED_ROWS).get(0).substring(0, 29));
    try (InputReader wholeReader = readThrough(csv)) {
      assertEquals(wholeReader.notes(), last.notes(partCounts));
    }
  }

  private static List<InputRecord> all(final InputReader reader) {
    try (reader) {
      final List<InputRecord> out = new ArrayList<>();
      reader.forEachRemaining(out::add);
      return out;
    }
  }

  private static String described(final InputRecord record) {
    return record.line()
        + (record instanceof InputRecord.Rejected rejected ? " " + rejected.reason() : "");
  }

  @Test
  void aLineOfACellsTextIsItsRowAndTheRowsBelowRunAheadByTheBreaksAbove() {
    final Places.Sheet sheet = new Places.Sheet("Data");
    sheet.wrote(1, 1); // the header, line 1
    sheet.wrote(2, 3); // lines 2-4
    sheet.wrote(3, 1); // line 5
    sheet.wrote(4, 1); // line 6
    sheet.wrote(5, 2); // lines 7-8
    sheet.wrote(6, 1); // line 9
    final Places places = sheet.places();
    final long[] rowOfLine = {0, 1, 2, 2, 2, 3, 4, 5, 5, 6, 7};
    for (int line = 1; line < rowOfLine.length; line++) {
      assertEquals(rowOfLine[line], places.position(line), "line " + line);
    }
    assertEquals("sheet 'Data' row 5", places.at(8));
    assertEquals("line 8", Places.LINES.at(8));
    assertFalse(Places.LINES.at(8).contains("row"));
  }
}
