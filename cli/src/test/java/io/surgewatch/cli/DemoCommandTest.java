package io.surgewatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The main job, `surgewatch demo --exit-when-done`, as the README tells a new user to run it, twice
 * on one data dir.
 */
class DemoCommandTest {
  private static final Pattern SUMMARY =
      Pattern.compile(
          "demo: published=(\\d+) processed=(\\d+) dead-lettered=(\\d+) alerts-opened=(\\d+) \\(all runs on this data: "
              + "dead-lettered=(\\d+) alerts-opened=(\\d+), (\\d+) alert transitions\\)");

  @TempDir Path data;

  private Launcher.Run demo() {
    return demo(Path.of("..", "seeds"));
  }

  private Launcher.Run demo(final Path seeds) {
    return Launcher.run(
        "demo",
        "--exit-when-done",
        "--timeout",
        "240",
        "--seeds",
        seeds.toString(),
        "-D",
        "data.dir=" + data,
        "-D",
        "kafka.port=0",
        "-D",
        "registry.port=0",
        "-D",
        "dashboard.port=0",
        "-D",
        "ingest.port=0");
  }

  @Test
  @Timeout(600)
  void processesTheSeedsAndOpensTheFoundingSurgeThenASecondRunReusesTheDataWithoutRepeatingIt() {
    final Launcher.Run first = demo();
    assertEquals(0, first.exit(), first.err());
    final Matcher m1 = SUMMARY.matcher(first.out());
    assertTrue(m1.find(), first.out());
    assertTrue(Long.parseLong(m1.group(1)) > 1000, "the seeds are published: " + m1.group());
    assertEquals(m1.group(1), m1.group(2), "every published seed is processed");
    assertTrue(
        first.out().contains("ALERT") && first.out().contains("PK/*/*"),
        "alerts print as they open");
    final long opened = Long.parseLong(m1.group(4));
    assertTrue(opened > 10, m1.group());
    assertEquals(
        opened,
        first.out().lines().filter(l -> l.startsWith("ALERT ")).count(),
        "one line an alert opened");

    final Launcher.Run second = demo();
    assertEquals(0, second.exit(), second.err());
    final Matcher m2 = SUMMARY.matcher(second.out());
    assertTrue(m2.find(), second.out());
    assertEquals("0", m2.group(1), "the seeds are not published twice");
    assertEquals("0", m2.group(4), "no alert opens again");
    assertEquals(
        opened, Long.parseLong(m2.group(6)), "the data holds the first run's alerts, once");
    assertTrue(
        second.out().lines().noneMatch(l -> l.startsWith("ALERT ")),
        "earlier runs' alerts are not reprinted");
  }

  @Test
  @Timeout(600)
  void emptySeedsArePublishedAsNothingNotTakenForAnEarlierRun(@TempDir final Path seeds)
      throws IOException {
    Files.createFile(seeds.resolve("incidents.ndjson"));
    Files.createFile(seeds.resolve("statements.ndjson"));
    final Launcher.Run run = demo(seeds);
    assertEquals(0, run.exit(), run.err());
    assertTrue(run.out().contains("Seeds: read=0 published=0 rejected=0"), run.out());
    assertTrue(run.out().contains("The seeds held nothing to publish"), run.out());
    assertFalse(run.out().contains("earlier run"), run.out());
  }
}
