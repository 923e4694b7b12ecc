package io.surgewatch.cli;

import io.surgewatch.backtest.Backtest;
import io.surgewatch.core.DeadLetters;
import io.surgewatch.core.SurgewatchConfig;
import io.surgewatch.inputs.InputFormat;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(
    name = "backtest",
    mixinStandardHelpOptions = true,
    description = {
      "Replays a file through the same processing code as the streams app, in arrival order (sorted by "
          + "reported-at; reports of one reported-at in the order the app applies them whatever its partitions: the news of"
          + " their latest incident day first, then by incident id, the versions of one incident in file order), and"
          + " writes alerts.ndjson, counts.ndjson, dead-letter.ndjson and statement-counts.ndjson to DIR.",
      "Configuration keys (windows.days, surge.*, grace.days, topic.partitions) apply as in the streams app;"
          + " --set backtest.reported-at=event-day replays an export as if every incident had been reported"
          + " at the end of its day (a historical export's surges as they happened)."
    })
final class BacktestCommand implements Callable<Integer> {
  @Mixin ConfigOptions options;

  @Option(
      names = "--input",
      required = true,
      paramLabel = "FILE",
      description =
          "Input file; repeat to merge several into one arrival stream (or see --in-turn)."
              + InputFiles.PACKED)
  List<Path> inputs;

  @Option(
      names = "--format",
      required = true,
      paramLabel = InputFormat.CHOICES,
      converter = InputFormatOption.class,
      description = {
        InputFormatOption.DESCRIPTION,
        "Once for every --input, or once per --input in the same order (an ACLED export and its "
            + "deletions: --input export.csv --format acled --input deleted.csv --format acled-deletions)."
      })
  List<InputFormat> formats;

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
          "An older export of the same source that the input replaces: replayed first, then the input as the "
              + "app takes it published after it (its reports dated at or before the older export's latest are "
              + "late, placed just after it; with backtest.reported-at=event-day, one stream by event day), then "
              + "its incidents the input no longer holds are retracted, as produce --replaces does. An ACLED"
              + " deletions list among the inputs is replayed beside the newer export as it is.")
  Path replaces;

  @Option(
      names = "--in-turn",
      description =
          "The inputs were published one after another (produce of each once the one before had"
              + " finished: an export, then later corrections), not as one stream: a report of a later file"
              + " dated at or before what the earlier ones hold is placed just after their latest time, as"
              + " the app places it. Without it, the inputs are merged by reported-at.")
  boolean inTurn;

  enum CountsMode {
    all,
    none
  }

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    ReplacedExport.requireNotAnInput(spec, replaces, inputs);
    final List<InputFormat> each = formatOfEachInput();
    final SurgewatchConfig config = options.load();
    final List<Path> data = InputFiles.readable(spec, "--input", inputs);
    final Path older = InputFiles.readable(spec, "--replaces", replaces);
    ReplacedExport.requireTheInputsFormat(spec, older, each);
    final Backtest backtest = new Backtest(config);
    if (inTurn) {
      try {
        backtest.inputsInTurn(older);
      } catch (final IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), e.getMessage());
      }
    }
    final Backtest.Summary summary = backtest.run(data, each, out, counts == CountsMode.all, older);
    summary
        .notes()
        .forEach(note -> System.err.println("note: " + note)); // stdout keeps its one summary line
    System.out.println(summary.line());
    final long unreadable =
        summary.deadLetteredBy().entrySet().stream()
            .filter(e -> DeadLetters.isUnreadable(e.getKey()))
            .mapToLong(Map.Entry::getValue)
            .sum();
    if (summary.read() > 0 && unreadable == summary.read()) {
      // A file that gave nothing at all is a failure a script must see, not a summary to read.
      System.err.printf(
          "backtest: none of the %d records could be read; each is in %s with its reason%n",
          summary.read(), out.resolve(Backtest.DEAD_LETTERS_FILE));
      return 1;
    }
    return 0;
  }

  private List<InputFormat> formatOfEachInput() {
    final List<InputFormat> each =
        formats.size() == 1 ? Collections.nCopies(inputs.size(), formats.get(0)) : formats;
    if (each.size() != inputs.size()) {
      throw new ParameterException(
          spec.commandLine(),
          "give --format once for every --input, or once per --input in order: "
              + formats.size()
              + " formats for "
              + inputs.size()
              + " inputs");
    }
    ReplacedExport.requireAnExport(spec, replaces, each);
    return each;
  }
}
