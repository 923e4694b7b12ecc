package io.surgewatch.backtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.surgewatch.core.EventJson;
import io.surgewatch.core.SurgewatchConfig;
import io.surgewatch.events.v1.DeadLetter;
import io.surgewatch.events.v1.RollingCount;
import io.surgewatch.events.v1.SurgeAlert;
import io.surgewatch.inputs.InputFileException;
import io.surgewatch.inputs.InputFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reading a file in parts on several threads changes nothing a user sees: same outputs, dead
 * letters in file order, the same notes.
 */
class BacktestInPartsTest {

  @TempDir static Path dir;
  private static Path acled;

  /**
   * The seeds' ACLED sample, with an uncounted copy (a protest) of every third row: rejections all
   * through it; and latitudes a re-save garbled, which cost rows all through it their coordinates
   * (a note names the first).
   */
  @BeforeAll
  static void sampleWithRejections() throws IOException {
    final List<String> lines = Files.readAllLines(SeedsSurgeTest.SEEDS.resolve("acled-sample.csv"));
    final List<String> out = new ArrayList<>(List.of(lines.get(0)));
    for (int i = 1; i < lines.size(); i++) {
      // 31.5204 written 315204, as a locale whose "." groups thousands re-saves it
      out.add(
          i % 20 == 0 ? lines.get(i).replaceFirst(",(\\d+)\\.(\\d+),", ",$1$2,") : lines.get(i));
      if (i % 3 == 0) {
        out.add(
            "X"
                + lines
                    .get(i)
                    .replace(",Battles,", ",Protests,")
                    .replace(",Violence against civilians,", ",Protests,")
                    .replace(",Explosions/Remote violence,", ",Protests,"));
      }
      if (i % 40 == 0) {
        out.add(",,,,,,,,"); // a spreadsheet's empty rows, in every part
      }
    }
    acled = Files.write(dir.resolve("sample.csv"), out);
  }

  private record Outputs(
      Backtest.Summary summary,
      List<String> alerts,
      List<String> deadLetters,
      List<String> counts) {}

  private static Outputs replay(final Backtest backtest) {
    return replay(backtest, acled);
  }

  private static Outputs replay(final Backtest backtest, final Path input) {
    final List<String> alerts = new ArrayList<>();
    final List<String> dead = new ArrayList<>();
    final List<String> counts = new ArrayList<>();
    final Backtest.Summary summary =
        backtest.run(
            List.of(input),
            InputFormat.ACLED,
            new Backtest.Sink() {
              @Override
              public synchronized void count(final String key, final RollingCount count) {
                counts.add(key + " " + count);
              }

              @Override
              public void alert(final SurgeAlert alert) {
                alerts.add(EventJson.toJson(alert));
              }

              @Override
              public void deadLetter(final DeadLetter d) {
                dead.add(
                    d.getSourceLine()
                        + " "
                        + d.getRecordId()
                        + " "
                        + d.getCategory()
                        + " "
                        + d.getReason()
                        + "\n"
                        + d.getOriginalText());
              }
            });
    counts.sort(null); // partitions interleave their count records; the set is what must match
    return new Outputs(summary, alerts, dead, counts);
  }

  @Test
  void aFileReadInPartsGivesTheOutputsOfOneReader() {
    final SurgewatchConfig config = SurgewatchConfig.defaultsOnly();
    final Outputs whole = replay(new Backtest(config, 1, Long.MAX_VALUE));
    assertTrue(whole.deadLetters().size() > 50, "rows to dead-letter all through the file");
    assertTrue(
        whole.summary().notes().stream()
            .anyMatch(
                n ->
                    n.startsWith(acled + ": ")
                        && n.contains("without coordinates")
                        && n.contains("): line ")),
        whole.summary().notes()::toString);
    for (final int threads : new int[] {2, 5}) {
      final Outputs parts = replay(new Backtest(config, threads, 1));
      assertEquals(
          whole.summary().read(), parts.summary().read(), threads + " parts: records read");
      assertEquals(
          whole.deadLetters(),
          parts.deadLetters(),
          threads + " parts: dead letters, in file order");
      assertEquals(whole.alerts(), parts.alerts(), threads + " parts: alerts");
      assertEquals(whole.counts(), parts.counts(), threads + " parts: count records");
      assertEquals(
          whole.summary().notes(),
          parts.summary().notes(),
          threads + " parts: the notes, counted over the whole file");
    }
  }

  @Test
  void aFileWithALaterHeaderTheReaderRefusesIsRefusedBeforeAnyOutputWholeOrInParts()
      throws IOException {
    // The sample (rejections all through it), then ACLED's monadic export: a dyadic file cannot
    // take it. Refused as produce refuses it, with not one of the sample's dead letters written.
    final Path joined =
        Files.writeString(
            dir.resolve("kinds.csv"),
            Files.readString(acled)
                + "event_id_cnty,event_date,event_type,sub_event_type,actor1,assoc_actor_1,"
                + "inter1,iso,country,admin1,fatalities,timestamp\n"
                + "KEN1,2023-01-30,Battles,Armed clash,Al-Shabaab,,2,404,Kenya,Lamu,1,1675368000\n");
    final long line = Files.readAllLines(acled).size() + 1;
    for (final int threads : new int[] {1, 3}) {
      final List<String> dead = new ArrayList<>();
      final Backtest backtest = new Backtest(SurgewatchConfig.defaultsOnly(), threads, 1);
      final InputFileException e =
          assertThrows(
              InputFileException.class,
              () ->
                  backtest.run(
                      List.of(joined),
                      InputFormat.ACLED,
                      new Backtest.Sink() {
                        @Override
                        public void count(final String key, final RollingCount count) {}

                        @Override
                        public void alert(final SurgeAlert alert) {}

                        @Override
                        public void deadLetter(final DeadLetter d) {
                          dead.add(d.getReason());
                        }
                      }));
      assertEquals(
          joined
              + ": line "
              + line
              + " starts another export, a monadic one (no actor2 columns), after a dyadic one:"
              + " the two kinds cannot be read as one file; give each export as its own --input",
          e.getMessage(),
          threads + " threads");
      assertEquals(List.of(), dead, threads + " threads: nothing written");
    }
  }
}
