package io.surgewatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `surgewatch backtest` as an analyst runs it: what it prints, what it leaves in the output
 * directory.
 */
class BacktestCommandTest {
  static final String HEADER =
      "event_id_cnty,event_date,event_type,sub_event_type,actor1,country,admin1,fatalities,timestamp";

  @TempDir Path dir;

  static String row(final String id, final String day, final int killed, final long reportedAt) {
    return id
        + ","
        + day
        + ",Explosions/Remote violence,Suicide bomb,TTP: Tehrik-i-Taliban Pakistan,Pakistan,Khyber Pakhtunkhwa,"
        + killed
        + ","
        + reportedAt;
  }

  Path export(final String name, final String... rows) throws IOException {
    return Files.writeString(dir.resolve(name), HEADER + "\n" + String.join("\n", rows) + "\n");
  }

  @Test
  void theSummaryAddsUpEveryRecordReadIsProcessedOrDeadLettered() throws IOException {
    final long march = 1_677_700_000L; // 2023-03-01
    final Path in =
        export(
            "late.csv",
            row("A1", "2023-03-01", 2, march),
            row("A2", "2023-05-30", 1, march + 90 * 86_400L),
            row(
                "A3",
                "2023-03-02",
                4,
                march + 91 * 86_400L), // 90 days before the latest report: beyond a 60-day history
            row("A4", "2023-05-31", 1, march + 92 * 86_400L),
            "A5,2023-05-31,Protests,Peaceful protest,,Pakistan,Punjab,0," + (march + 92 * 86_400L));
    final Launcher.Run r =
        Launcher.run(
            "backtest",
            "--input",
            in.toString(),
            "--format",
            "acled",
            "--out",
            dir.resolve("out").toString(),
            "-D",
            "history.days=60");
    assertEquals(0, r.exit(), r.err());
    final Matcher m =
        Pattern.compile("read=(\\d+) incidents=(\\d+) statements=(\\d+) dead-lettered=(\\d+)")
            .matcher(r.out());
    assertTrue(m.find(), r.out());
    assertEquals(5, Long.parseLong(m.group(1)));
    assertEquals(3, Long.parseLong(m.group(2)), "A1, A2 and A4 counted");
    assertEquals(2, Long.parseLong(m.group(4)), "A3 too late, A5 not an incident type");
    assertTrue(r.out().contains("dead-lettered=2 (not-counted=1 too-late=1)"), r.out());
    assertEquals(2, Files.readAllLines(dir.resolve("out/dead-letter.ndjson")).size());
  }

  @Test
  void aZippedExportIsReadAsTheExportInsideItAndItsDeadLettersNameTheZip() throws IOException {
    final long march = 1_677_700_000L; // 2023-03-01
    final Path csv =
        export(
            "export.csv",
            row("A1", "2023-03-01", 2, march),
            "A5,2023-05-31,Protests,Peaceful protest,,Pakistan,Punjab,0," + (march + 86_400L));
    final Path zip = dir.resolve("download.zip");
    try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
      out.putNextEntry(new ZipEntry("export.csv"));
      out.write(Files.readAllBytes(csv));
      out.closeEntry();
      out.putNextEntry(new ZipEntry("codebook.pdf"));
      out.closeEntry();
    }
    final Launcher.Run plain =
        Launcher.run(
            "backtest",
            "--input",
            csv.toString(),
            "--format",
            "acled",
            "--out",
            dir.resolve("plain").toString());
    final Launcher.Run zipped =
        Launcher.run(
            "backtest",
            "--input",
            zip.toString(),
            "--format",
            "acled",
            "--out",
            dir.resolve("zipped").toString());
    assertEquals(0, zipped.exit(), zipped.err());
    assertEquals(
        plain.out().replaceAll("elapsed=.*", ""), zipped.out().replaceAll("elapsed=.*", ""));
    assertTrue(
        zipped.err().contains("note: " + zip + ": a zip archive, its export.csv (unpacked to "),
        zipped.err());
    final String letter = Files.readString(dir.resolve("zipped/dead-letter.ndjson"));
    assertTrue(letter.contains("\"sourceFile\":\"" + zip + "\""), letter);
  }

  @Test
  void aFileOfWhichNoRecordCouldBeReadFailsTheRunSayingWhereTheReasonsAre() throws IOException {
    final Path in = export("unreadable.csv", "A1,2023-03-01,Battles,x,y,Pakistan,Punjab,two,soon");
    final Launcher.Run r =
        Launcher.run(
            "backtest",
            "--input",
            in.toString(),
            "--format",
            "acled",
            "--out",
            dir.resolve("out").toString());
    assertEquals(1, r.exit(), r.err());
    assertTrue(r.out().contains("read=1 incidents=0"), r.out());
    assertTrue(
        r.err()
            .contains(
                "backtest: none of the 1 records could be read; each is in "
                    + dir.resolve("out").resolve("dead-letter.ndjson")
                    + " with its reason"),
        r.err());

    final Path protests =
        export(
            "protests.csv",
            "A5,2023-05-31,Protests,Peaceful protest,,Pakistan,Punjab,0,1685577600");
    final Launcher.Run notCounted =
        Launcher.run(
            "backtest",
            "--input",
            protests.toString(),
            "--format",
            "acled",
            "--out",
            dir.resolve("out2").toString());
    assertEquals(0, notCounted.exit(), "read, and not counted: a result " + notCounted.err());
  }

  @Test
  void aFailedRunLeavesThePreviousOutputsAsTheyWere() throws IOException {
    final Path out = dir.resolve("out");
    final Path good = export("good.csv", row("A1", "2023-03-01", 2, 1_677_700_000L));
    assertEquals(
        0,
        Launcher.run(
                "backtest",
                "--input",
                good.toString(),
                "--format",
                "acled",
                "--out",
                out.toString())
            .exit());
    final List<String> counts = Files.readAllLines(out.resolve("counts.ndjson"));
    assertFalse(counts.isEmpty());

    final Path broken =
        Files.writeString(dir.resolve("broken.csv"), "event_id_cnty,event_date\nA1,2023-03-01\n");
    final Launcher.Run r =
        Launcher.run(
            "backtest", "--input", broken.toString(), "--format", "acled", "--out", out.toString());
    assertEquals(1, r.exit());
    assertTrue(r.err().contains("broken.csv"), "names the file: " + r.err());
    assertEquals(
        counts,
        Files.readAllLines(out.resolve("counts.ndjson")),
        "the previous run's counts are intact");
    try (Stream<Path> files = Files.list(out)) {
      assertEquals(
          List.of(
              "alerts.ndjson", "counts.ndjson", "dead-letter.ndjson", "statement-counts.ndjson"),
          files.map(p -> p.getFileName().toString()).sorted().toList(),
          "no partial files left behind");
    }
  }

  @Test
  void anOutputDirectoryThatCannotBeCreatedIsNamedWithTheReason() throws IOException {
    final Path file = Files.writeString(dir.resolve("a-file"), "x");
    final Path in = export("one.csv", row("A1", "2023-03-01", 2, 1_677_700_000L));
    final Launcher.Run r =
        Launcher.run(
            "backtest",
            "--input",
            in.toString(),
            "--format",
            "acled",
            "--out",
            file.resolve("out").toString());
    assertEquals(1, r.exit());
    assertTrue(
        r.err().contains("cannot create the output directory " + file.resolve("out")), r.err());
    assertTrue(
        r.err().contains("already exists, and is not a directory")
            || r.err().contains("Not a directory"),
        r.err());
    assertEquals(
        1,
        r.err().split(Pattern.quote(file.resolve("out") + ":"), -1).length - 1,
        "the path named once: " + r.err());
  }

  @Test
  void anExportAndItsDeletionsListAreReplayedTogetherEachInItsFormat() throws IOException {
    final long march = 1_677_700_000L; // 2023-03-01
    final Path in =
        export(
            "export.csv",
            row("A1", "2023-03-01", 2, march),
            row("A2", "2023-03-01", 5, march + 60));
    final Path deleted =
        Files.writeString(
            dir.resolve("deleted.csv"),
            "event_id_cnty,deleted_timestamp\nA2,"
                + (march + 86_400L)
                + "\nZZ9,"
                + (march + 86_400L)
                + "\n");
    final Launcher.Run r =
        Launcher.run(
            "backtest",
            "--input",
            in.toString(),
            "--format",
            "acled",
            "--input",
            deleted.toString(),
            "--format",
            "acled-deletions",
            "--out",
            dir.resolve("out").toString());
    assertEquals(0, r.exit(), r.err());
    final List<String> country = pakistanWeekly(dir.resolve("out"));
    assertTrue(
        country.get(country.size() - 1).contains("\"killed\":2"), String.join("\n", country));
    assertTrue(
        r.err().contains("1 retractions took nothing out")
            && r.err().contains("by a later report): ZZ9\n"),
        "the deletion of an id never seen is noted, by its id: " + r.err());
  }

  /** The run's count records of Pakistan, every region and group, over seven days. */
  private static List<String> pakistanWeekly(final Path out) throws IOException {
    return Files.readAllLines(out.resolve("counts.ndjson")).stream()
        .filter(
            line ->
                line.startsWith(
                    "{\"country\":\"PK\",\"region\":\"*\",\"group\":\"*\",\"window\":\"P7D\""))
        .toList();
  }

  @Test
  void aReDownloadAndItsDeletionsListReplaceTheOlderExportInOneRun() throws IOException {
    final long march = 1_677_700_000L; // 2023-03-01
    final Path older =
        export(
            "v1.csv",
            row("A1", "2023-03-01", 2, march),
            row("A2", "2023-03-01", 5, march),
            row("A3", "2023-03-01", 7, march));
    // The re-download revises A1, drops A2 (retracted by --replaces) and still holds A3, which its
    // deletions list deletes a day later.
    final Path newer =
        export("v2.csv", row("A1", "2023-03-01", 3, march + 60), row("A3", "2023-03-01", 7, march));
    final Path deleted =
        Files.writeString(
            dir.resolve("deleted.csv"),
            "event_id_cnty,deleted_timestamp\nA3," + (march + 86_400L) + "\n");
    final Launcher.Run r =
        Launcher.run(
            "backtest",
            "--input",
            newer.toString(),
            "--format",
            "acled",
            "--input",
            deleted.toString(),
            "--format",
            "acled-deletions",
            "--replaces",
            older.toString(),
            "--out",
            dir.resolve("out").toString());
    assertEquals(0, r.exit(), r.err());
    final List<String> country = pakistanWeekly(dir.resolve("out"));
    assertTrue(
        country.get(country.size() - 1).contains("\"incidents\":1,\"killed\":3"),
        "A1 as revised; A2 retracted, A3 deleted: " + String.join("\n", country));
    assertTrue(
        r.err()
            .contains("retracted 1 incident of " + older + " that " + newer + " no longer holds"),
        "the deletions list is not the newer export: " + r.err());
    assertTrue(r.out().contains("dead-lettered=0"), r.out());
    // Three reports of the older export, two of the newer and the deletion read; A2's retraction
    // made: every one taken (read + retracted = incidents + statements + dead-lettered).
    assertTrue(r.out().contains("read=6 retracted=1 incidents=7 statements=0 "), r.out());
  }

  @Test
  void filesPublishedInTurnPlaceALaterFilesOlderCopyAfterTheEarlierFilesReport()
      throws IOException {
    final String report =
        "{\"id\": \"T1\", \"reportedAt\": \"%s\", \"occurredOn\": \"2023-03-01\", \"country\":"
            + " \"PK\", \"killed\": {\"civilians\": %d}, \"injured\": {}, \"source\": {\"name\":"
            + " \"test\"}}";
    final Path export =
        Files.writeString(
            dir.resolve("export.ndjson"), report.formatted("2023-03-02T10:00:00Z", 5) + "\n");
    final Path later =
        Files.writeString(
            dir.resolve("later.ndjson"), report.formatted("2023-03-02T09:00:00Z", 9) + "\n");
    for (final boolean inTurn : List.of(false, true)) {
      final Path out = dir.resolve(inTurn ? "in-turn" : "merged");
      final List<String> args =
          new ArrayList<>(
              List.of(
                  "backtest",
                  "--input",
                  export.toString(),
                  "--input",
                  later.toString(),
                  "--format",
                  "ndjson",
                  "--out",
                  out.toString()));
      if (inTurn) {
        args.add("--in-turn");
      }
      final Launcher.Run r = Launcher.run(args.toArray(String[]::new));
      assertEquals(0, r.exit(), r.err());
      final String dead = Files.readString(out.resolve("dead-letter.ndjson"));
      // Merged by reported-at, the older copy comes first and the export's report revises it; in
      // turn, the later file comes after the export and its older copy is superseded.
      assertEquals(inTurn, dead.contains("\"category\":\"SUPERSEDED\""), dead);
    }
  }

  @Test
  void inTurnAndReplacesTogetherAreBadUsage() throws IOException {
    final Path older = export("older.csv", row("PAK1", "2023-03-01", 1, 1_677_700_000L));
    final Path newer = export("newer.csv", row("PAK1", "2023-03-01", 2, 1_677_800_000L));
    final Launcher.Run r =
        Launcher.run(
            "backtest",
            "--input",
            newer.toString(),
            "--format",
            "acled",
            "--replaces",
            older.toString(),
            "--in-turn",
            "--out",
            dir.resolve("out").toString());
    assertEquals(2, r.exit(), r.err());
    assertTrue(r.err().contains("--in-turn and --replaces do not go together"), r.err());
  }

  @Test
  void formatsThatDoNotPairWithTheInputsAreRefusedWithTheCounts() throws IOException {
    final Path in = export("one.csv", row("A1", "2023-03-01", 2, 1_677_700_000L));
    final Launcher.Run r =
        Launcher.run(
            "backtest",
            "--input",
            in.toString(),
            "--input",
            in.toString(),
            "--input",
            in.toString(),
            "--format",
            "acled",
            "--format",
            "acled-deletions",
            "--out",
            dir.resolve("out").toString());
    assertEquals(2, r.exit(), r.err());
    assertTrue(r.err().contains("2 formats for 3 inputs"), r.err());
  }
}
