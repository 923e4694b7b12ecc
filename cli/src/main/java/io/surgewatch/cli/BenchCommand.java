package io.surgewatch.cli;

import io.surgewatch.cli.bench.Benchmark;
import io.surgewatch.cli.bench.SyntheticIncidents;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "bench", mixinStandardHelpOptions = true,
    description = {"The end-to-end throughput benchmark on the local stack: generates synthetic incidents (about 50 "
        + "countries, 10 regions each, 20 groups, five years, 5%% revisions, 1%% duplicates, a few surges), publishes "
        + "them, runs the streams app with exactly_once_v2, and reports end-to-end and steady-state events/s, "
        + "publish-to-alert latency at a fixed lower rate, peak heap and RSS, and state size on disk; then the floor: a "
        + "plain consumer reading and Avro-decoding the same topic.",
        "Last line: bench: pipeline_eps=N baseline_eps=M ratio=R",
        "With --write FILE it only writes the synthetic reports as an ACLED CSV (for backtest) and exits."})
final class BenchCommand implements Callable<Integer> {
  @Mixin
  ConfigOptions options;

  @Option(names = "--events", defaultValue = "1000000", description = "Reports to generate (default ${DEFAULT-VALUE}).")
  int events;

  @Option(names = "--seed", defaultValue = "42", description = "Random seed (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--latency-events", defaultValue = "20000",
      description = "Reports published at the fixed rate for the latency phase (default ${DEFAULT-VALUE}).")
  int latencyEvents;

  @Option(names = "--latency-rate", defaultValue = "2000",
      description = "Reports per second in the latency phase (default ${DEFAULT-VALUE}).")
  int latencyRate;

  @Option(names = "--write", paramLabel = "FILE", description = "Only write the synthetic reports as ACLED CSV.")
  Path write;

  @Option(names = "--years", defaultValue = "5",
      description = "With --write: years of incident days from 2019-01-01 (default ${DEFAULT-VALUE}).")
  int years;

  @Option(names = "--late-edits", defaultValue = "0", paramLabel = "SHARE",
      description = "With --write: the share of incidents (0-1) edited again half a year to years after their "
          + "report, as ACLED edits (default ${DEFAULT-VALUE}).")
  double lateEdits;

  @Override
  public Integer call() throws Exception {
    if (events <= 0) {
      throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), "--events must be positive");
    }
    if (write != null) {
      final long t0 = System.nanoTime();
      if (years <= 0 || lateEdits < 0 || lateEdits > 1) {
        throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
            "--years must be positive and --late-edits between 0 and 1");
      }
      SyntheticIncidents.generate(events, seed, years, lateEdits).writeAcled(write);
      System.out.printf("bench: wrote %d synthetic reports to %s in %.1f s%n", events, write, (System.nanoTime() - t0) / 1e9);
      return 0;
    }
    new Benchmark(options.load(), events, seed, latencyEvents, latencyRate, System.out).run();
    return 0;
  }
}
