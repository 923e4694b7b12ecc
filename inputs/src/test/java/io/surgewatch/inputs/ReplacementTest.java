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
}
