package io.surgewatch.inputs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.surgewatch.core.EventPreparer;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A sheet with a title row above its header, saved as CSV ({@code ACLED data export - Somalia,,,,}
 * then the header): the line of text above the header is skipped and said so, as the same sheet
 * saved as a workbook is read, and every line keeps the number it has in the file.
 */
class TitleAboveHeaderTest {

  private static final EventPreparer PREPARER = EventPreparer.standard();

  private static final String HEADER =
      "event_id_cnty,event_date,year,event_type,actor1,country,admin1,fatalities,timestamp";
  private static final String ROW =
      "SOM1,2025-04-01,2025,Battles,Al Shabaab,Somalia,Bay,3,1753971829";

  private record Read(List<InputRecord> records, List<String> notes) {}

  private static Read read(final String text, final InputFormat format) {
    final List<InputRecord> records = new ArrayList<>();
    try (InputReader reader = InputReader.of(new StringReader(text), format, PREPARER, "x.csv")) {
      reader.forEachRemaining(records::add);
      return new Read(records, reader.notes());
    }
  }

  @Test
  void aTitleRowPaddedWithSeparatorsIsSkippedAndNoted() {
    final Read r =
        read(
            "ACLED data export - Somalia - downloaded 2026-04-03,,,,,,,,\n"
                + HEADER
                + "\n"
                + ROW
                + "\n",
            InputFormat.ACLED);
    assertEquals(1, r.records().size(), "the title and the header are no records");
    assertEquals(3, assertInstanceOf(InputRecord.Parsed.class, r.records().get(0)).line());
    assertTrue(
        r.notes()
            .contains(
                "its header on line 2, the line of text above it skipped (ACLED data export -"
                    + " Somalia - downloaded 2026-04-03)"),
        r.notes().toString());
  }

  @Test
  void aTitleAndANoteOverSemicolonsWithABlankLineBetweenThemAreSkippedToo() {
    final String semicolons = (HEADER + "\n" + ROW + "\n").replace(",", ";");
    final Read r =
        read(
            "\uFEFF\"UCDP, ACLED and the like: a title\";;;\nSource: acleddata.com\n\n"
                + semicolons,
            InputFormat.ACLED);
    assertEquals(5, assertInstanceOf(InputRecord.Parsed.class, r.records().get(0)).line());
    assertTrue(
        r.notes().stream().anyMatch(n -> n.startsWith("its header on line 4, the 2 lines of text")),
        r.notes().toString());
  }

  @Test
  void aTitleIsShownAsItsCellSaysAndARowOfEmptyCellsIsSkippedToo() {
    final String semicolons = (HEADER + "\n" + ROW + "\n").replace(",", ";");
    assertTrue(
        read("\"Export ACLED: Somalie, 2020\";;;\n" + semicolons, InputFormat.ACLED)
            .notes()
            .contains(
                "its header on line 2, the line of text above it skipped (Export ACLED: Somalie,"
                    + " 2020)"));
    assertTrue(
        read("Export ACLED: Somalie, 2020;;;\n" + semicolons, InputFormat.ACLED).notes().stream()
            .anyMatch(n -> n.endsWith("skipped (Export ACLED: Somalie, 2020)")),
        "a title padded with the file's separator, whatever commas it holds");
    assertTrue(
        read(",,,,,,,,\n" + HEADER + "\n" + ROW + "\n", InputFormat.ACLED)
            .notes()
            .contains("its header on line 2, the line of empty cells above it skipped"));
  }

  @Test
  void aTitleAfterExcelsSeparatorLineIsSkippedTooAndTheNamedSeparatorKept() {
    final String semicolons = (HEADER + "\n" + ROW + "\n").replace(",", ";");
    final Read r = read("sep=;\nACLED data export - Somalia;;;;\n" + semicolons, InputFormat.ACLED);
    assertEquals(1, r.records().size());
    assertEquals(4, assertInstanceOf(InputRecord.Parsed.class, r.records().get(0)).line());
    assertTrue(
        r.notes()
            .contains(
                "its header on line 3, the line of text above it skipped (ACLED data export -"
                    + " Somalia)"),
        r.notes().toString());
  }

  @Test
  void aTitleOfTwoCellsAboveAnExportsHeaderIsSkippedAndShownWithBoth() {
    final Read r =
        read(
            "Exported on:,2026-04-03,,,,,,,\nSource:,acleddata.com,,,,,,,\n"
                + HEADER
                + "\n"
                + ROW
                + "\n",
            InputFormat.ACLED);
    assertEquals(4, assertInstanceOf(InputRecord.Parsed.class, r.records().get(0)).line());
    assertTrue(
        r.notes()
            .contains(
                "its header on line 3, the 2 lines of text above it skipped (Exported on:,"
                    + " 2026-04-03)"),
        r.notes().toString());
    // A title, then a line of two cells: both are text above the header, though the second has
    // more cells than the first.
    final Read both =
        read(
            "ACLED data export - Somalia,,,,,,,,\nExported on:,2026-04-03,,,,,,,\n"
                + HEADER
                + "\n"
                + ROW
                + "\n",
            InputFormat.ACLED);
    assertEquals(4, assertInstanceOf(InputRecord.Parsed.class, both.records().get(0)).line());
  }

  @Test
  void twoCellsAboveATwoColumnHeaderAreThatHeaderNotATitle() {
    // A deletions list's header is two cells: a title of two above it cannot be told from it.
    final InputFileException e =
        assertThrows(
            InputFileException.class,
            () ->
                read(
                    "Deleted events,2026-04-03\nevent_id_cnty,deleted_timestamp\nSOM1,1753971829\n",
                    InputFormat.ACLED_DELETIONS));
    assertEquals(
        "x.csv: the header of an ACLED deletions list is on line 2, below 1 line of something"
            + " else: remove it (up to three lines of text above a header are skipped: of one cell"
            + " each, or of two above a header of 8 columns or more)",
        e.getMessage());
    final Read oneCell =
        read(
            "Deleted events\nevent_id_cnty,deleted_timestamp\nSOM1,1753971829\n",
            InputFormat.ACLED_DELETIONS);
    assertEquals(1, oneCell.records().size(), "a one-cell title above it is skipped");
  }

  @Test
  void aHeaderWhoseFirstCellHoldsALineBreakIsAHeaderNotATitle() {
    final Read r =
        read(
            "\"Row\nno.\"," + HEADER + "\n1," + ROW + "\n2," + ROW.replace("SOM1", "SOM2") + "\n",
            InputFormat.ACLED);
    assertEquals(2, r.records().size());
    assertEquals(3, assertInstanceOf(InputRecord.Parsed.class, r.records().get(0)).line());
    assertTrue(r.notes().stream().noneMatch(n -> n.startsWith("its header on line")));
  }

  @Test
  void rowsLookedAtToFindTheHeaderKeepTheirRepairOfTextDecodedTwice() {
    final String row = ROW.replace("Bay", DoubleEncodingTest.decodedTwice("Ségou"));
    final Read r =
        read(
            "A title,,,\n"
                + HEADER
                + "\n"
                + row
                + "\n"
                + row.replace("SOM1", "SOM2")
                + "\n"
                + row.replace("SOM1", "SOM3")
                + "\n",
            InputFormat.ACLED);
    assertTrue(
        r.notes().stream().anyMatch(n -> n.startsWith("3 records held UTF-8 text decoded twice")),
        r.notes().toString());
  }

  @Test
  void aTitleAboveAFileExcelWrappedLineByLineIsSkippedAndTheWrappedHeaderRead() {
    final String wrapped =
        "\"" + HEADER.replace("\"", "\"\"") + "\"\n\"" + ROW.replace("\"", "\"\"") + "\"\n";
    final Read r = read("ACLED data export - Somalia\n" + wrapped, InputFormat.ACLED);
    assertEquals(3, assertInstanceOf(InputRecord.Parsed.class, r.records().get(0)).line());
    assertTrue(
        r.notes().stream().anyMatch(n -> n.startsWith("its header on line 2, the line of text")),
        r.notes().toString());
  }

  @Test
  void aHeaderBelowMoreThanTheReaderSkipsIsNamedWithItsLine() {
    final String above = "Title\nSource\nLicence\nDownloaded 2026-04-03\n";
    final InputFileException e =
        assertThrows(
            InputFileException.class,
            () -> read(above + HEADER + "\n" + ROW + "\n", InputFormat.ACLED));
    assertEquals(
        "x.csv: the header of an ACLED CSV export is on line 5, below 4 lines of something else:"
            + " remove them (up to three lines of text above a header are skipped: of one cell each, or of two above a header of 8 columns or more)",
        e.getMessage());
    final InputFileException quoted =
        assertThrows(
            InputFileException.class,
            () ->
                read(
                    "\"ACLED data export\nSomalia, 2025\",,,\n" + HEADER + "\n" + ROW + "\n",
                    InputFormat.UCDP_GED));
    assertTrue(
        quoted
            .getMessage()
            .endsWith(
                "is on line 3, below 2 lines of something else: remove them"
                    + " (up to three lines of text above a header are skipped: of one cell each, or of two above a header of 8 columns or more), and use --format"
                    + " acled"),
        quoted.getMessage());
  }

  @Test
  void aFileOfOneColumnKeepsItsFirstLineAsItsHeader() {
    final InputFileException e =
        assertThrows(
            InputFileException.class,
            () -> read("event_id_cnty\nSOM1\nSOM2\nSOM3\nSOM4\n", InputFormat.ACLED_DELETIONS));
    assertTrue(e.getMessage().contains("(line 1)"), e.getMessage());
  }

  @Test
  void aHeaderlessExportRowIsToldForARecordWhateverItsText() {
    final InputFileException e =
        assertThrows(
            InputFileException.class,
            () ->
                read(
                    "SOM49639,2025-04-01,2025,Political violence,Battles,Armed clash,Al Shabaab,"
                        + "Rebel group,Military Forces of Somalia (2022-),State forces,"
                        + "Rebel group-State forces,,706,Eastern Africa,Somalia,Bay,Baidoa,,"
                        + "Baidoa,3.1136,43.6498,1,Garowe Online,National,Clashes near Baidoa.,3,"
                        + ",1753971829\n"
                        + "SOM49640,2025-04-02,2025,Political violence,Battles,Armed clash\n",
                    InputFormat.ACLED));
    assertTrue(e.getMessage().contains("line 1 looks like a record, not a header"), e.getMessage());
  }
}
