package io.surgewatch.inputs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.surgewatch.core.EventPreparer;
import io.surgewatch.events.v1.IncidentEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Loading a newer full export in place of an older one: the incidents it no longer holds are
 * retracted.
 */
class ReplacementTest {

  private static final String HEADER =
      "event_id_cnty,event_date,event_type,sub_event_type,actor1,actor2,country,"
          + "admin1,fatalities,timestamp\n";

  private static String row(
      final String id, final String type, final int dead, final long timestamp) {
    return id
        + ",2023-01-30,"
        + type
        + ",Armed clash,TTP: Tehrik-i-Taliban Pakistan,,Pakistan,Khyber Pakhtunkhwa,"
        + dead
        + ","
        + timestamp
        + "\n";
  }

  @Test
  void theOlderExportsIncidentsMissingFromTheNewerAreRetractedAtTheNewerExportsTime(
      @TempDir final Path dir) throws IOException {
    final Path older =
        Files.writeString(
            dir.resolve("older.csv"),
            HEADER
                + row("PAK1", "Battles", 3, 1_675_000_000L)
                + row("PAK2", "Battles", 5, 1_675_000_000L)
                + row(
                    "PAK2",
                    "Battles",
                    6,
                    1_675_100_000L) // its revision: the latest is what is retracted
                + row("PAK3", "Battles", 1, 1_675_000_000L)
                + row("PAK4", "Battles", 2, 1_675_000_000L));
    final Path newer =
        Files.writeString(
            dir.resolve("newer.csv"),
            HEADER
                + row("PAK1", "Battles", 4, 1_676_000_000L) // revised
                + row("PAK3", "Battles", -1, 1_676_000_000L) // held, though rejected: not retracted
                + row("PAK5", "Battles", 1, 1_677_000_000L)); // new

    final List<Replacement.Retraction> gone =
        Replacement.retractions(older, List.of(newer), InputFormat.ACLED, EventPreparer.standard());

    assertEquals(List.of("PAK2", "PAK4"), gone.stream().map(r -> r.event().getId()).toList());
    final IncidentEvent pak2 = gone.get(0).event();
    assertTrue(pak2.getRetracted());
    assertEquals(
        Instant.ofEpochSecond(1_677_000_000L),
        pak2.getReportedAt(),
        "the newer export's latest reported-at");
    assertEquals(6, pak2.getKilled().getUnknown(), "the older file's latest report of it");
    assertEquals(4, gone.get(0).line(), "the line of that report, for dead letters");
    assertTrue(pak2.getNotes().contains("newer.csv"), pak2.getNotes());
  }

  @Test
  void retractionsFollowTheNewerExportsReportsRaisedPastItsOwnLatestTime(@TempDir final Path dir)
      throws IOException {
    // The older export's report of PAK1 is later than every report of the newer one: the newer's
    // report of PAK1 is published at that time, and the retraction of PAK2 must not come before it
    // (produce's progress markers have passed it by then, and the app would take it as late).
    final Path older =
        Files.writeString(
            dir.resolve("older.csv"),
            HEADER
                + row("PAK1", "Battles", 3, 1_678_000_000L)
                + row("PAK2", "Battles", 5, 1_675_000_000L));
    final Path newer =
        Files.writeString(
            dir.resolve("newer.csv"),
            HEADER
                + row("PAK1", "Battles", 4, 1_676_000_000L)
                + row("PAK5", "Battles", 1, 1_677_000_000L));

    final List<Replacement.Retraction> gone =
        Replacement.retractions(older, List.of(newer), InputFormat.ACLED, EventPreparer.standard());
    final Replacement.Floors floors =
        Replacement.floors(older, InputFormat.ACLED, EventPreparer.standard());

    assertEquals(List.of("PAK2"), gone.stream().map(r -> r.event().getId()).toList());
    assertEquals(Instant.ofEpochSecond(1_678_000_000L), gone.get(0).event().getReportedAt());
    assertEquals(1_678_000_000_000L, floors.of("PAK1"), "where PAK1's newer report is published");
  }

  @Test
  void aNewerReportEarlierThanTheOlderExportsIsRaisedToItsTimeKeepingItsRevision(
      @TempDir final Path dir) throws IOException {
    final Path older =
        Files.writeString(
            dir.resolve("older.ndjson"),
            report("PAK1", "2023-03-01T10:00:00Z", 3) + report("PAK1", "2023-03-01T08:00:00Z", 4));
    final Replacement.Floors floors =
        Replacement.floors(older, InputFormat.NDJSON, EventPreparer.standard());
    final long at = Instant.parse("2023-03-01T10:00:00Z").toEpochMilli();

    assertEquals(at, floors.of("PAK1"), "the older export's latest report of it");
    assertEquals(Long.MIN_VALUE, floors.of("PAK2"), "not in the older export: no floor");

    final Path newer =
        Files.writeString(dir.resolve("newer.ndjson"), report("PAK1", "2023-03-01T09:00:00Z", 1));
    final IncidentEvent published;
    try (InputReader reader =
        InputReader.open(newer, InputFormat.NDJSON, EventPreparer.standard())) {
      published = floors.apply((IncidentEvent) ((InputRecord.Parsed) reader.next()).event());
    }
    assertEquals(Instant.ofEpochMilli(at), published.getReportedAt(), "as produce publishes it");
    assertEquals(1, published.getRevision(), "its own revision");
  }

  @Test
  void anIncidentWhoseLatestRowInTheOlderExportIsARetractionIsNotRetractedAgain(
      @TempDir final Path dir) throws IOException {
    final Path older =
        Files.writeString(
            dir.resolve("older.ndjson"),
            report("PAK1", "2023-03-01T10:00:00Z", 0)
                + retraction("PAK1", "2023-03-02T10:00:00Z", 0)
                + retraction("PAK2", "2023-03-01T10:00:00Z", 0)
                + report("PAK2", "2023-03-03T10:00:00Z", 0) // deleted, then reported again
                + report("PAK4", "2023-03-01T10:00:00Z", 3)
                + retraction("PAK4", "2023-03-01T10:00:00Z", 2)); // a lower revision: PAK4 stands
    final Path newer =
        Files.writeString(dir.resolve("newer.ndjson"), report("PAK3", "2023-03-04T10:00:00Z", 0));

    final List<Replacement.Retraction> gone =
        Replacement.retractions(
            older, List.of(newer), InputFormat.NDJSON, EventPreparer.standard());

    assertEquals(
        List.of("PAK2", "PAK4"), gone.stream().map(r -> r.event().getId()).sorted().toList());
  }

  private static String retraction(final String id, final String at, final int revision) {
    return report(id, at, revision).replace("{\"id\"", "{\"retracted\":true,\"id\"");
  }

  private static String report(final String id, final String at, final int revision) {
    return "{\"id\":\""
        + id
        + "\",\"reportedAt\":\""
        + at
        + "\",\"revision\":"
        + revision
        + ",\"occurredOn\":\"2023-02-28\",\"country\":\"PK\",\"region\":\"Punjab\","
        + "\"eventType\":\"ATTACK\",\"killed\":{\"civilians\":1},\"injured\":{},"
        + "\"source\":{\"name\":\"test\"}}\n";
  }

  @Test
  void theNoteCountsTheReportsRaisedAndTheirIncidentsAndSaysWhatItCounts() {
    final Replacement.Raised raised = new Replacement.Raised();
    assertEquals(Optional.empty(), raised.note(Path.of("dir", "older.csv")), "none raised");
    raised.add("PAK1");
    assertTrue(
        raised
            .note(Path.of("dir", "older.csv"))
            .orElseThrow()
            .startsWith(
                "1 report, of 1 incident, was dated before older.csv's latest report of the same"
                    + " incident (an incident moved to an earlier day, in a file without edit"
                    + " times, or an earlier version of one) and had its reported-at raised to that"
                    + " report's time"),
        raised.note(Path.of("older.csv")).orElseThrow());
    raised.add("PAK1"); // an earlier version of the same incident
    raised.add("PAK2");
    assertEquals(3, raised.reports());
    assertEquals(2, raised.incidents());
    assertTrue(
        raised
            .note(Path.of("older.csv"))
            .orElseThrow()
            .startsWith("3 reports, of 2 incidents, were dated before older.csv's latest report"),
        raised.note(Path.of("older.csv")).orElseThrow());
  }
}
