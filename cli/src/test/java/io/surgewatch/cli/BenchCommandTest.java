package io.surgewatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.surgewatch.cli.bench.Benchmark;
import io.surgewatch.core.Keys;
import io.surgewatch.core.SurgewatchConfig;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** bench's options as parsed, without running a benchmark. */
class BenchCommandTest {

  private static Benchmark.Plan plan(final SurgewatchConfig config, final String... args) {
    final BenchCommand command = new BenchCommand();
    new CommandLine(command).parseArgs(args);
    return command.plan(config);
  }

  @Test
  void instancesAndInputPartitionsParse() {
    assertEquals(
        new Benchmark.Plan(2000, 7, 100, 50, 300, 2, 3, false),
        plan(
            SurgewatchConfig.defaultsOnly(),
            "--events",
            "2000",
            "--seed",
            "7",
            "--latency-events",
            "100",
            "--latency-rate",
            "50",
            "--latency-warmup",
            "300",
            "--instances",
            "2",
            "--input-partitions",
            "3"));
  }

  @Test
  void oneInstanceByDefaultAndTheInputsPartitionedAsConfigured() {
    final Benchmark.Plan defaults = plan(SurgewatchConfig.defaultsOnly());
    assertEquals(1, defaults.instances());
    assertEquals(
        SurgewatchConfig.defaultsOnly().getInt(Keys.TOPIC_INPUT_PARTITIONS),
        defaults.inputPartitions());
    assertEquals(1_000_000, defaults.events());
    assertEquals(false, defaults.backlog(), "the app runs while the reports are published");
    assertEquals(true, plan(SurgewatchConfig.defaultsOnly(), "--backlog").backlog());
    assertEquals(
        4,
        plan(SurgewatchConfig.defaultsOnly().with(Keys.TOPIC_INPUT_PARTITIONS, "4"))
            .inputPartitions());
  }

  @Test
  void aCountBelowOneIsBadUsage() {
    for (final List<String> args :
        List.of(
            List.of("bench", "--instances", "0"),
            List.of("bench", "--input-partitions", "0"),
            List.of("bench", "--instances", "two"))) {
      final Launcher.Run run = Launcher.run(args.toArray(String[]::new));
      assertEquals(2, run.exit(), args + ": " + run.err());
      assertEquals(1, run.err().strip().lines().count(), run.err());
    }
  }

  @Test
  void helpNamesTheOptionsAndTheLastLine() {
    final Launcher.Run help = Launcher.run("bench", "--help");
    assertEquals(0, help.exit());
    final String text = help.out().replaceAll("\\s+", " ");
    for (final String s :
        List.of(
            "--instances",
            "--input-partitions",
            "topic.input-partitions",
            "separate JVMs",
            "ceiling_eps=C ceiling_ratio=Q")) {
      assertTrue(text.contains(s), "help lacks '" + s + "': " + help.out());
    }
  }
}
