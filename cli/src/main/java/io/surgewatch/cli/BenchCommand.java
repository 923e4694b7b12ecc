package io.surgewatch.cli;

import io.surgewatch.cli.bench.Benchmark;
import io.surgewatch.core.Keys;
import io.surgewatch.core.SurgewatchConfig;
import io.surgewatch.inputs.SyntheticIncidents;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "The end-to-end throughput benchmark on the local stack: generates synthetic incidents (about 50 "
          + "countries, 10 regions each, 20 groups, five years, 5%% revisions, 1%% duplicates, a few surges), publishes "
          + "them, runs the streams app with exactly_once_v2, and reports end-to-end and steady-state events/s, "
          + "publish-to-alert latency at a fixed lower rate, peak heap and RSS, state size on disk, and the cube's work "
          + "by partition; then the floor: a plain consumer reading and Avro-decoding the same topic; then the output's "
          + "ceiling: the count records the app wrote, re-sent by one exactly-once producer doing nothing else.",
      "The app runs as --instances separate JVMs (this project's 'streams' command, this JVM's heap and GC flags), "
          + "for every count, one included; the input topics get --input-partitions partitions. Publishers write "
          + "progress markers on every input partition (progress.interval-ms).",
      "Last line: bench: pipeline_eps=N baseline_eps=M ratio=R ceiling_eps=C ceiling_ratio=Q (R = N/M; C: the "
          + "output's ceiling in reports/s; Q = N/C)",
      "With --write FILE it only writes the synthetic reports as an ACLED CSV (for backtest) and exits."
    })
final class BenchCommand implements Callable<Integer> {
  @Mixin ConfigOptions options;

  @Option(
      names = "--events",
      defaultValue = "1000000",
      description = "Reports to generate (default ${DEFAULT-VALUE}).")
  int events;

  @Option(
      names = "--seed",
      defaultValue = "42",
      description = "Random seed (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--latency-events",
      defaultValue = "20000",
      description =
          "Reports published at the fixed rate for the latency phase (default ${DEFAULT-VALUE}).")
  int latencyEvents;

  @Option(
      names = "--latency-rate",
      defaultValue = "1000",
      description = "Reports per second in the latency phase (default ${DEFAULT-VALUE}).")
  int latencyRate;

  @Option(
      names = "--latency-warmup",
      defaultValue = "150000",
      description =
          "Reports published at the same rate before the measured ones, not measured: the app's JVM"
              + " compiles its hot code first, as a long-running instance has (two and a half minutes"
              + " at the default rate, about as long as the JIT compiler takes to settle on two cores;"
              + " default ${DEFAULT-VALUE}; 0 measures a cold JVM).")
  int latencyWarmup;

  @Option(
      names = "--instances",
      paramLabel = "K",
      defaultValue = "1",
      description =
          "Instances of the streams app, each a JVM of its own, one application.id (default ${DEFAULT-VALUE}).")
  int instances;

  @Option(
      names = "--input-partitions",
      paramLabel = "P",
      description =
          "Partitions of the input topics (default: the key topic.input-partitions, which "
              + "'surgewatch config' shows).")
  Integer inputPartitions;

  @Option(
      names = "--backlog",
      description =
          "Publish every report before the app starts, and time the app from its joining until it"
              + " has committed everything, as the Flink peer's harness times its job (the default"
              + " publishes with the app running and times from the first publish).")
  boolean backlog;

  @Option(
      names = "--write",
      paramLabel = "FILE",
      description = "Only write the synthetic reports as ACLED CSV.")
  Path write;

  @Option(
      names = "--years",
      defaultValue = "5",
      description =
          "With --write: years of incident days from 2019-01-01 (default ${DEFAULT-VALUE}).")
  int years;

  @Option(
      names = "--late-edits",
      defaultValue = "0",
      paramLabel = "SHARE",
      description =
          "With --write: the share of incidents (0-1) edited again half a year to years after their "
              + "report, as ACLED edits (default ${DEFAULT-VALUE}).")
  double lateEdits;

  @Override
  public Integer call() throws Exception {
    if (events <= 0) {
      throw new CommandLine.ParameterException(new CommandLine(this), "--events must be positive");
    }
    if (write != null) {
      final long t0 = System.nanoTime();
      if (years <= 0 || lateEdits < 0 || lateEdits > 1) {
        throw new CommandLine.ParameterException(
            new CommandLine(this), "--years must be positive and --late-edits between 0 and 1");
      }
      SyntheticIncidents.generate(events, seed, years, lateEdits).writeAcled(write);
      System.out.printf(
          "bench: wrote %d synthetic reports to %s in %.1f s%n",
          events, write, (System.nanoTime() - t0) / 1e9);
      return 0;
    }
    final SurgewatchConfig config = options.load();
    new Benchmark(config, plan(config), System.out).run();
    return 0;
  }

  /**
   * What the options ask for; --input-partitions defaults to the configuration's
   * topic.input-partitions.
   */
  Benchmark.Plan plan(final SurgewatchConfig config) {
    if (instances < 1
        || inputPartitions != null && inputPartitions < 1
        || latencyEvents < 1
        || latencyRate < 1
        || latencyWarmup < 0) {
      throw new CommandLine.ParameterException(
          new CommandLine(this),
          "--instances, --input-partitions, --latency-events and --latency-rate must be positive,"
              + " --latency-warmup not negative");
    }
    return new Benchmark.Plan(
        events,
        seed,
        latencyEvents,
        latencyRate,
        latencyWarmup,
        instances,
        inputPartitions != null ? inputPartitions : config.getInt(Keys.TOPIC_INPUT_PARTITIONS),
        backlog);
  }
}
