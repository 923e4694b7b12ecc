package io.surgewatch.inputs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.surgewatch.core.DeadLetters;
import io.surgewatch.core.EventPreparer;
import io.surgewatch.events.v1.Casualties;
import io.surgewatch.events.v1.IncidentEvent;
import io.surgewatch.events.v1.SourceKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CONTRACT "Input formats", ACLED deletions: each row retracts that incident from every count. */
class AcledDeletionsReaderTest {

  private final List<InputRecord> records =
      InputReaderTest.readAll(
          InputReaderTest.resource("acled-deletions.csv"), InputFormat.ACLED_DELETIONS);

  private IncidentEvent retraction(final int index) {
    return (IncidentEvent) assertInstanceOf(InputRecord.Parsed.class, records.get(index)).event();
  }

  @Test
  void eachRowIsARetractionReportedWhenTheEventWasDeleted() {
    final IncidentEvent e = retraction(0);
    assertEquals("PAK100001", e.getId());
    assertTrue(e.getRetracted());
    assertEquals(0, e.getRevision());
    assertEquals(Instant.ofEpochSecond(1675368000), e.getReportedAt());
    assertEquals(
        LocalDate.of(2023, 2, 2), e.getOccurredOn(), "the deletion's UTC day (never counted)");
    assertEquals("PK", e.getCountry(), "from the id's prefix");
    assertEquals(new Casualties(0, 0, 0, 0, null, null), e.getKilled());
    assertEquals(new Casualties(0, 0, 0, 0, null, null), e.getInjured());
    assertEquals(List.of(), e.getGroups());
    assertEquals("ACLED", e.getSource().getName());
    assertEquals(SourceKind.ACLED, e.getSource().getKind());
  }

  @Test
  void timestampsAreUnixSecondsEvenAsFloatsOrDateTimesInUtc() {
    assertEquals(Instant.ofEpochSecond(1675368000), retraction(1).getReportedAt());
    assertEquals(Instant.parse("2023-02-03T12:00:00Z"), retraction(2).getReportedAt());
    assertEquals(Instant.parse("2023-02-03T12:00:00Z"), retraction(3).getReportedAt());
  }

  @Test
  void theCountryIsTheIdsPrefixOrThePlaceholderZz() {
    assertEquals("CD", retraction(1).getCountry(), "ACLED's DRC prefix");
    assertEquals("XK", retraction(2).getCountry(), "XKX: Kosovo");
    assertEquals(
        "ZZ", retraction(3).getCountry(), "ZZZ is no country: the retraction's placeholder");
  }

  @Test
  void aRowWithoutIdOrTimestampIsDeadLetteredNamingTheColumn() {
    assertEquals(6, records.size());
    final InputRecord.Rejected noTime =
        assertInstanceOf(InputRecord.Rejected.class, records.get(4));
    assertEquals(DeadLetters.VALIDATION, noTime.category());
    assertEquals("PAK100002", noTime.recordId());
    assertTrue(noTime.reason().startsWith("line 6: deleted_timestamp: "), noTime.reason());
    final InputRecord.Rejected noId = assertInstanceOf(InputRecord.Rejected.class, records.get(5));
    assertTrue(noId.reason().startsWith("line 7: event_id_cnty: is missing"), noId.reason());
  }

  @Test
  void aSpreadsheetsDatesAndTimesAreReadAsInAnExportsTimestampADateAloneItsStart(
      @TempDir final Path dir) throws IOException {
    final List<InputRecord> read =
        InputReaderTest.readAll(
            Files.writeString(
                dir.resolve("deleted.csv"),
                "event_id_cnty,deleted_timestamp\n"
                    + "PAK1,1/15/2024 6:00 PM\n"
                    + "PAK2,01/02/2024\n"
                    + "PAK3,\"1,704,067,200\"\n"),
            InputFormat.ACLED_DELETIONS);
    final List<Instant> times =
        read.stream()
            .map(
                r ->
                    ((IncidentEvent)
                        assertInstanceOf(InputRecord.Parsed.class, r, r::toString).event()))
            .map(IncidentEvent::getReportedAt)
            .toList();
    assertEquals(
        List.of(
            Instant.parse("2024-01-15T18:00:00Z"),
            Instant.parse("2024-01-02T00:00:00Z"),
            Instant.ofEpochSecond(1_704_067_200L)),
        times,
        "1/15/2024 proves month-first");
  }

  @Test
  void deletionListsWithOtherColumnsJoinedEndToEndAreEachReadByTheirOwnHeaderWholeOrInParts(
      @TempDir final Path dir) throws IOException {
    // `cat` of two downloads whose columns differ: the second's rows are under its own header.
    final StringBuilder joined = new StringBuilder("event_id_cnty,deleted_timestamp\n");
    for (int i = 0; i < 40; i++) {
      joined.append("PAK").append(i).append(',').append(1675368000 + i).append('\n');
    }
    joined.append("deleted_timestamp,iso,event_id_cnty\n");
    for (int i = 0; i < 40; i++) {
      joined.append(1675468000 + i).append(",586,KEN").append(i).append('\n');
    }
    final Path file = Files.writeString(dir.resolve("deleted.csv"), joined.toString());
    final List<String> whole = new ArrayList<>();
    final List<String> notes;
    try (InputReader reader =
        InputReader.open(file, InputFormat.ACLED_DELETIONS, EventPreparer.standard())) {
      reader.forEachRemaining(r -> whole.add(idAndTime(r)));
      notes = reader.notes();
    }
    assertEquals(80, whole.size(), "the later header is no record");
    assertEquals("KEN0 2023-02-03T23:46:40Z", whole.get(40));
    assertTrue(
        notes.contains(
            "line 42 starts another export with other columns (3 columns where the one before has"
                + " 2, with iso): read by its own header"),
        notes.toString());
    for (final int n : new int[] {2, 3, 5}) {
      final List<FileParts.Part> parts = FileParts.split(file, InputFormat.ACLED_DELETIONS, n, 1);
      assertEquals(n, parts.size());
      final List<String> read = new ArrayList<>();
      for (final FileParts.Part part : parts) {
        try (InputReader reader =
            FileParts.open(file, InputFormat.ACLED_DELETIONS, EventPreparer.standard(), part)) {
          reader.forEachRemaining(r -> read.add(idAndTime(r)));
        }
      }
      assertEquals(whole, read, n + " parts");
    }
  }

  private static String idAndTime(final InputRecord r) {
    final IncidentEvent e =
        (IncidentEvent) assertInstanceOf(InputRecord.Parsed.class, r, r::toString).event();
    return e.getId() + " " + e.getReportedAt();
  }

  @Test
  void aListRWroteWithUnquotedNamesSeparatedBySpacesIsRefusedSayingHowToWriteIt(
      @TempDir final Path dir) throws IOException {
    final Path file =
        Files.writeString(
            dir.resolve("deleted.txt"),
            "event_id_cnty deleted_timestamp\nPAK1 1675368000\nPAK2 1675368001\n");
    final InputFileException e =
        assertThrows(
            InputFileException.class,
            () -> InputReader.open(file, InputFormat.ACLED_DELETIONS, EventPreparer.standard()));
    assertTrue(
        e.getMessage()
            .contains(
                ": the header (line 1) has its columns separated by spaces, as R's write.table"
                    + " writes by default, and its names are not quoted (quote = FALSE)"),
        e.getMessage());
  }
}
