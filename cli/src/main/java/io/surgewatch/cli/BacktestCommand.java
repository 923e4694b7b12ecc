package io.surgewatch.cli;

import io.surgewatch.inputs.InputFormat;
import io.surgewatch.streams.backtest.Backtest;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "backtest",
    mixinStandardHelpOptions = true,
    description = {
      "Replays a file through the same processing code as the streams app, in arrival order (sorted by "
          + "reported-at; ties in file order), and writes alerts.ndjson, counts.ndjson and dead-letter.ndjson to DIR.",
      "Configuration keys (windows.days, surge.*, grace.days, topic.partitions) apply as in the streams app."
    })
final class BacktestCommand implements Callable<Integer> {
  @Mixin ConfigOptions options;

  @Option(
      names = "--input",
      required = true,
      paramLabel = "FILE",
      description = "Input file; repeat to merge several into one arrival stream.")
  List<Path> inputs;

  @Option(
      names = "--format",
      required = true,
      paramLabel = InputFormat.CHOICES,
      converter = InputFormatOption.class,
      description = InputFormatOption.DESCRIPTION)
  InputFormat format;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory.")
  Path out;

  @Option(
      names = "--counts",
      paramLabel = "all|none",
      defaultValue = "all",
      description =
          "Write counts.ndjson (all) or not (none); counts are computed for detection either way.")
  CountsMode counts;

  @Option(
      names = "--replaces",
      paramLabel = "OLDER_FILE",
      description =
          "An older export of the same source that the input replaces: replayed first, then its incidents "
              + "the input no longer holds are retracted, as produce --replaces does.")
  Path replaces;

  enum CountsMode {
    all,
    none
  }

  @Override
  public Integer call() {
    final Backtest.Summary summary =
        new Backtest(options.load()).run(inputs, format, out, counts == CountsMode.all, replaces);
    summary
        .notes()
        .forEach(note -> System.err.println("note: " + note)); // stdout keeps its one summary line
    System.out.println(summary.line());
    return 0;
  }
}
