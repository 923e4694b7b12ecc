package io.surgewatch.inputs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.surgewatch.core.EventPreparer;
import io.surgewatch.events.v1.IncidentEvent;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Downloads joined end to end ({@code cat a.csv b.csv}) where the first has no line break after its
 * last row: that row and the next download's header share a line ({@code ...,ZMBdata_id,iso,...}).
 * Every row of both is read, the shared line as its row and then the header. The fixtures are rows
 * of real exports (see this module's test resources' README).
 */
class JoinedDownloadsTest {

  private static final String JOINED_NOTE =
      "1 line holds a row and, glued to its last cell, the header of the export after it (line 5):"
          + " files joined end to end, the one before without a line break at its end; read as the"
          + " row, then the header";

  /** HDX's ACLED Zambia: a header, its HXL row and six rows. */
  private static final List<String> ZAMBIA = lines("acled-hdx-zambia.csv");

  /** The first download: the header, the HXL row and three rows, no line break after the last. */
  private static final String ZAMBIA_FIRST = String.join("\n", ZAMBIA.subList(0, 5));

  private record Read(List<InputRecord> records, List<String> texts, List<String> notes) {
    IncidentEvent incident(final int i) {
      return InputReaderTest.incident(records.get(i));
    }

    List<String> ids() {
      return records.stream().map(r -> InputReaderTest.incident(r).getId()).toList();
    }
  }

  @Test
  void aDownloadWithoutALineBreakAtItsEndJoinedToTheNextReadsEveryRowOfBoth() {
    final String second = String.join("\n", ZAMBIA.get(0), ZAMBIA.get(1)) + "\n";
    final Read r =
        read(
            ZAMBIA_FIRST + second + String.join("\n", ZAMBIA.subList(5, 8)) + "\n",
            InputFormat.ACLED);
    assertEquals(
        List.of("ZAM1332", "ZAM1331", "ZAM1330", "ZAM1314", "ZAM1315", "ZAM1235"),
        r.ids(),
        "the row on the shared line, and the rows under the second header and its HXL row");
    assertEquals(
        List.of(3L, 4L, 5L, 7L, 8L, 9L), r.records().stream().map(InputRecord::line).toList());
    assertEquals(
        ZAMBIA.get(4),
        r.records().get(2).rawText(),
        "the shared line's row is its text up to the header");
    assertEquals(ZAMBIA.get(0) + "\n" + ZAMBIA.get(4), r.texts().get(2));
    assertEquals(
        "ZM", r.incident(2).getCountry(), "its last cell, iso3, without the header's name");
    assertTrue(r.notes().contains(JOINED_NOTE), r.notes()::toString);
    assertTrue(
        r.notes().contains("1 more line equal to the header skipped (files joined end to end?)"),
        r.notes()::toString);
  }

  @Test
  void aDownloadGluedToANewerExportsHeaderReadsEachRowByItsOwnHeader() {
    // A 2024 export (disorder_type, civilian_targeting, tags; no data_id) after HDX's 2020 copy:
    // the header glued to the row starts with event_id_cnty, not the first header's data_id.
    final List<String> newer = lines("acled-export-2024.csv");
    final Read r = read(ZAMBIA_FIRST + String.join("\n", newer) + "\n", InputFormat.ACLED);
    assertEquals(List.of("ZAM1332", "ZAM1331", "ZAM1330", "PSE62716", "YEM93235"), r.ids());
    assertEquals("PS", r.incident(3).getCountry(), "read under the newer header's names");
    assertEquals("West Bank", r.incident(3).getRegion());
    assertEquals(ZAMBIA.get(0) + "\n" + ZAMBIA.get(4), r.texts().get(2), "the row's own header");
    assertEquals(newer.get(0) + "\n" + newer.get(1), r.texts().get(3));
    assertTrue(r.notes().contains(JOINED_NOTE), r.notes()::toString);
    assertTrue(
        r.notes()
            .contains(
                "line 5 starts another export with other columns (31 columns where the one before"
                    + " has 31, with disorder_type, civilian_targeting, tags, without data_id,"
                    + " event_id_no_cnty, iso3): read by its own header"),
        r.notes()::toString);
  }

  @Test
  void aGedDownloadGluedToTheNextOnesHeaderAndHxlRowReadsEveryRowOfBoth() {
    // HDX's UCDP GED Colombia: the shared line is "...,4,4,24id,year,active_year,...".
    final List<String> colombia = lines("ucdp-ged-hdx-colombia.csv");
    final String text =
        String.join("\n", colombia.subList(0, 5))
            + String.join("\n", colombia.get(0), colombia.get(1), colombia.get(5))
            + "\n"
            + String.join("\n", colombia.subList(6, 8))
            + "\n";
    final Read r = read(text, InputFormat.UCDP_GED);
    assertEquals(
        List.of(
            "UCDP-GED-222009",
            "UCDP-GED-221032",
            "UCDP-GED-221726",
            "UCDP-GED-222351",
            "UCDP-GED-219868",
            "UCDP-GED-221777"),
        r.ids());
    assertEquals(2, r.incident(2).getKilled().getSecurityForces(), "deaths_a, the government's");
    assertEquals(15, r.incident(2).getKilled().getMilitants(), "deaths_b, FARC's");
    assertEquals(colombia.get(4), r.records().get(2).rawText());
    assertTrue(r.notes().contains(JOINED_NOTE), r.notes()::toString);
  }

  @Test
  void aTitleAboveAJoinedExportsHeaderIsRejectedAsALineOfTextNotARowMissingFields() {
    // ACLED's 2024 sample opens with "(Sample)" and a blank line: a file's first header skips
    // them; joined after another download, the title is a line among rows.
    final List<String> newer = lines("acled-export-2024.csv");
    final Read r =
        read(
            String.join("\n", ZAMBIA.subList(0, 5)) + "\n(Sample)\n\n" + String.join("\n", newer),
            InputFormat.ACLED);
    final InputRecord.Rejected title =
        r.records().stream()
            .filter(InputRecord.Rejected.class::isInstance)
            .map(InputRecord.Rejected.class::cast)
            .findFirst()
            .orElseThrow();
    assertEquals("(Sample)", title.rawText());
    assertTrue(
        title
            .reason()
            .endsWith(
                "(a line of text, not a row: a title or note above the header of"
                    + " another file joined to this one, or the end of a line broken in two?)"),
        title.reason());
    assertEquals(1, r.records().stream().filter(InputRecord.Rejected.class::isInstance).count());
  }

  private static Read read(final String csv, final InputFormat format) {
    final List<InputRecord> records = new ArrayList<>();
    final List<String> texts = new ArrayList<>();
    try (InputReader reader =
        InputReader.of(new StringReader(csv), format, EventPreparer.standard(), "joined.csv")) {
      while (reader.hasNext()) {
        final InputRecord record = reader.next();
        records.add(record);
        texts.add(reader.selfContainedText(record));
      }
      return new Read(records, texts, reader.notes());
    }
  }

  static List<String> lines(final String resource) {
    try {
      return Files.readAllLines(InputReaderTest.resource(resource));
    } catch (final IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
