package io.surgewatch.inputs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.surgewatch.core.DeadLetters;
import io.surgewatch.core.EventPreparer;
import io.surgewatch.events.v1.IncidentEvent;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Excel's first line {@code sep=;} (also {@code sep=,}, {@code sep=} and a tab) names the file's
 * separator: it is no header and no record, the header is the line after it, and every line keeps
 * the number it has in the file.
 */
class ExcelSeparatorLineTest {

  private static final EventPreparer PREPARER = EventPreparer.standard();

  private static final String HEADER =
      "event_id_cnty,event_date,year,event_type,actor1,country,admin1,fatalities,timestamp";
  private static final String ROW =
      "KEN1,2023-01-30,2023,Battles,Al-Shabaab,Kenya,Nairobi,2,1675368000";
  private static final String BAD_ROW =
      "KEN2,2023-01-31,2023,Battles,Al-Shabaab,Kenya,Nairobi,two,1675368000";

  /** The records of a text and the reader's notes and dead-letter texts. */
  private record Read(List<InputRecord> records, List<String> notes, List<String> texts) {}

  private static Read read(final String text, final InputFormat format) {
    final List<InputRecord> records = new ArrayList<>();
    final List<String> texts = new ArrayList<>();
    try (InputReader reader = InputReader.of(new StringReader(text), format, PREPARER, "x.csv")) {
      reader.forEachRemaining(
          r -> {
            records.add(r);
            texts.add(reader.selfContainedText(r));
          });
      return new Read(records, reader.notes(), texts);
    }
  }

  /** The ACLED rows separated by {@code separator}, with {@code sep=} and that separator first. */
  private static String excel(final String separator) {
    return "\uFEFFsep="
        + separator
        + "\r\n"
        + String.join("\r\n", HEADER, ROW, BAD_ROW).replace(",", separator)
        + "\r\n";
  }

  @Test
  void aFileHoldingOnlyTheSeparatorLineIsNamedAsSuchNotEmpty() {
    for (final InputFormat format : List.of(InputFormat.ACLED, InputFormat.UCDP_GED)) {
      final InputFileException e =
          assertThrows(InputFileException.class, () -> read("sep=;\r\n", format));
      assertTrue(
          e.getMessage()
              .startsWith("x.csv: only Excel's separator line (sep=;, line 1) and no header"),
          e.getMessage());
    }
    final InputFileException empty =
        assertThrows(InputFileException.class, () -> read("", InputFormat.ACLED));
    assertTrue(empty.getMessage().startsWith("x.csv: empty file"), empty.getMessage());
    final InputFileException blank =
        assertThrows(InputFileException.class, () -> read("\r\n \r\n", InputFormat.ACLED));
    assertEquals(
        "x.csv: 2 blank lines and nothing else, expected an ACLED CSV header line",
        blank.getMessage());
  }

  @Test
  void theLineNamesTheSeparatorInTheFormsExcelAndItsReSavesWriteIt() {
    assertEquals(';', CsvRecords.separatorNamed("sep=;"));
    assertEquals(',', CsvRecords.separatorNamed("sep=,"));
    assertEquals('\t', CsvRecords.separatorNamed("sep=\t"));
    assertEquals('\t', CsvRecords.separatorNamed("sep=\\t"), "written as an escape");
    assertEquals('|', CsvRecords.separatorNamed("SEP=|"));
    assertEquals(';', CsvRecords.separatorNamed("\"sep=;\""), "quoted by a re-save");
    assertEquals(';', CsvRecords.separatorNamed("\"sep=;\";;;"), "padded with empty cells");
    assertEquals(';', CsvRecords.separatorNamed("sep=; "));
    for (final String none : List.of("sep=", "sep=ab", "separator", "sep,event_id_cnty", "")) {
      assertEquals(-1, CsvRecords.separatorNamed(none), none);
    }
  }

  @Test
  void aSemicolonFileWithExcelsLineReadsAsTheCommaOneItsLinesTheFilesOwn() {
    final Read comma = read(String.join("\n", HEADER, ROW, BAD_ROW) + "\n", InputFormat.ACLED);
    final Read excel = read(excel(";"), InputFormat.ACLED);
    assertEquals(2, excel.records().size(), "the sep= line and the header are no records");
    assertEquals(
        ((InputRecord.Parsed) comma.records().get(0)).event(),
        assertInstanceOf(InputRecord.Parsed.class, excel.records().get(0)).event());
    assertEquals(3, excel.records().get(0).line(), "line 1 is sep=;, line 2 the header");
    final InputRecord.Rejected bad =
        assertInstanceOf(InputRecord.Rejected.class, excel.records().get(1));
    assertTrue(bad.reason().startsWith("line 4: fatalities: "), bad.reason());
    assertTrue(
        excel
            .notes()
            .contains(
                "columns separated by ';', as the line 'sep=;' before the header says (Excel's way"
                    + " to name them; the header is line 2): read as such"),
        excel.notes().toString());
    final Read blankFirst = read("\r\n" + excel(";").substring(1), InputFormat.ACLED);
    assertEquals(4, blankFirst.records().get(0).line());
    assertTrue(
        blankFirst.notes().stream().anyMatch(n -> n.contains("the header is line 3")),
        blankFirst.notes().toString());
  }

  @Test
  void aSeparatorTheHeaderAloneCouldNotShowIsRead() {
    final Read pipes = read(excel("|"), InputFormat.ACLED);
    final IncidentEvent e =
        (IncidentEvent) assertInstanceOf(InputRecord.Parsed.class, pipes.records().get(0)).event();
    assertEquals("KEN1", e.getId());
    assertEquals(2, e.getKilled().getUnknown());
  }

  @Test
  void sepCommaNamesTheUsualSeparatorAndIsNotNoted() {
    final Read r = read("sep=,\n" + String.join("\n", HEADER, ROW) + "\n", InputFormat.ACLED);
    assertInstanceOf(InputRecord.Parsed.class, r.records().get(0));
    assertTrue(
        r.notes().stream().noneMatch(n -> n.startsWith("columns separated")), r.notes()::toString);
  }

  @Test
  void aDeadLetterKeepsTheLineSoItIsReadAloneAsInItsFile() {
    final String text = read(excel("|"), InputFormat.ACLED).texts().get(1);
    assertTrue(text.startsWith("sep=|\n"), text);
    assertEquals(InputFormat.ACLED, InputFormat.ofText(text));
    final InputRecord.Rejected again =
        assertInstanceOf(
            InputRecord.Rejected.class, read(text, InputFormat.ACLED).records().get(0));
    assertEquals(DeadLetters.VALIDATION, again.category());
    assertTrue(again.reason().startsWith("line 3: fatalities: "), again.reason());
    final String ged =
        "sep=;\nid;type_of_violence;side_a;side_b;date_start;best;country\n"
            + "1;3;Group;Civilians;2021-01-01;x;Nigeria\n";
    assertEquals(
        InputFormat.UCDP_GED,
        InputFormat.ofText(read(ged, InputFormat.UCDP_GED).texts().get(0)),
        "the format of its text is its header's, after the sep= line");
  }

  @Test
  void aHeaderLackingColumnsIsNamedAtItsOwnLine() {
    final InputFileException e =
        assertThrows(
            InputFileException.class,
            () -> read("sep=;\nevent_id_cnty;event_date\nKEN1;2023-01-30\n", InputFormat.ACLED));
    assertTrue(e.getMessage().contains("the header (line 2) lacks the required"), e.getMessage());
  }
}
