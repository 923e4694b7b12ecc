package io.surgewatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.surgewatch.core.ConfigDeclarations;
import io.surgewatch.core.SurgewatchConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./surgewatch config}: every key with its type, default, value and doc; a bad configuration
 * fails there too.
 */
class ConfigCommandTest {

  @TempDir Path dir;

  @Test
  void listsEveryKeyWithItsTypeDefaultValueOriginEnvironmentNameAndDoc() {
    final Launcher.Run run = Launcher.run("config", "--set", "grace.days=30");
    assertEquals(0, run.exit(), run.err());
    for (final ConfigDeclarations.Setting s : ConfigDeclarations.all()) {
      final String shownDefault = s.shownDefault().isEmpty() ? "(empty)" : s.shownDefault();
      assertTrue(
          run.out()
              .contains(
                  s.key()
                      + "\n    type "
                      + s.typeName()
                      + ", default "
                      + shownDefault
                      + ", value "),
          s.key() + " in:\n" + run.out());
      assertTrue(run.out().contains("    env " + SurgewatchConfig.envName(s.key())), s.key());
      assertTrue(run.out().contains("    " + s.doc() + "\n"), s.key());
    }
    assertTrue(
        run.out().contains("grace.days\n    type int, default 60, value 30 (flag)\n"), run.out());
    assertTrue(
        run.out()
            .contains(
                "topic.alerts\n    type string, default security.alerts.v1, value security.alerts.v1 "
                    + "(default)\n"),
        run.out());
    assertTrue(
        run.out()
            .contains(
                "env SURGEWATCH_ROCKSDB_TOTAL_OFF_HEAP_BYTES, formerly -Drocksdb.total.off.heap.bytes"),
        run.out());
  }

  @Test
  void passThroughKeysFollowWithSecretsHidden() {
    final Launcher.Run run =
        Launcher.run(
            "config",
            "--set",
            "security.protocol=SASL_SSL",
            "--set",
            "sasl.jaas.config=PlainLoginModule required password=\"s3cret\";",
            "--set",
            "basic.auth.user.info=sw:s3cret",
            "--set",
            "basic.auth.credentials.source=USER_INFO",
            "--set",
            "api.token=t0ken");
    assertEquals(0, run.exit(), run.err());
    assertTrue(run.out().contains("    security.protocol = SASL_SSL (flag)"), run.out());
    assertTrue(run.out().contains("    sasl.jaas.config = (hidden) (flag)"), run.out());
    assertTrue(run.out().contains("    basic.auth.user.info = (hidden) (flag)"), run.out());
    // Where the credentials come from is no secret, and says how the registry is authenticated.
    assertTrue(
        run.out().contains("    basic.auth.credentials.source = USER_INFO (flag)"), run.out());
    assertTrue(
        run.out().contains("api.token\n    type password, default (empty), value (hidden) (flag)"),
        run.out());
    assertFalse(run.out().contains("s3cret") || run.out().contains("t0ken"), run.out());
  }

  @Test
  void aMisspeltKeyInAFlagFailsWithOneLineNamingTheNearestKey() {
    final Launcher.Run run = Launcher.run("config", "--set", "grace.dyas=30");
    assertEquals(2, run.exit(), "bad usage");
    assertEquals(
        "surgewatch config: error: unknown configuration key grace.dyas (given as a flag): did you mean "
            + "grace.days? (./surgewatch config lists every key)",
        run.err().strip());
  }

  @Test
  void aMisspeltKeyInTheFileNamesTheFile() throws IOException {
    final Path file =
        Files.writeString(dir.resolve("surgewatch.properties"), "ingest.unknown-name=reject\n");
    final Launcher.Run run = Launcher.run("config", "--config", file.toString());
    assertEquals(2, run.exit(), "bad usage");
    assertEquals(
        "surgewatch config: error: unknown configuration key ingest.unknown-name (in "
            + file
            + "): did you "
            + "mean ingest.unknown-names? (./surgewatch config lists every key)",
        run.err().strip());
  }

  @Test
  void aBadValueFailsEveryCommandAtStartWithOneLine() {
    for (final String command : new String[] {"config", "topics"}) {
      final Launcher.Run run =
          command.equals("topics")
              ? Launcher.run("topics", "list", "--set", "topic.partitions=six")
              : Launcher.run(command, "--set", "topic.partitions=six");
      assertEquals(2, run.exit(), command + ": a bad value is bad usage");
      assertTrue(
          run.err()
              .strip()
              .endsWith(
                  "error: invalid value 'six' for topic.partitions (flag): expected an "
                      + "integer"),
          run.err());
      assertEquals(1, run.err().strip().lines().count(), run.err());
    }
  }

  @Test
  void markdownPrintsTheReadmesTable() {
    final Launcher.Run run = Launcher.run("config", "--markdown");
    assertEquals(0, run.exit(), run.err());
    assertEquals(ConfigDeclarations.markdownTable(), run.out());
  }

  @Test
  void helpPointsToTheConfigCommand() {
    final Launcher.Run help = Launcher.run("--help");
    assertEquals(0, help.exit());
    assertTrue(help.out().contains("  config "), help.out());
    assertTrue(help.out().contains("'surgewatch config' lists every key"), help.out());
    final Launcher.Run configHelp = Launcher.run("config", "--help");
    assertTrue(
        configHelp.out().replaceAll("\\s+", " ").contains("Lists every configuration key"),
        configHelp.out());
  }
}
