package io.surgewatch.cli;

import io.surgewatch.core.EventPreparer;
import io.surgewatch.core.Keys;
import io.surgewatch.core.SurgewatchConfig;
import io.surgewatch.inputs.InputFormat;
import io.surgewatch.producers.EventPublisher;
import io.surgewatch.producers.FilePublisher;
import io.surgewatch.producers.TooLatePrediction;
import io.surgewatch.producers.TopicTimes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "produce",
    mixinStandardHelpOptions = true,
    description = {
      "Publishes a file to a cluster: valid records to the input topics (keyed by event id), invalid ones "
          + "to the dead-letter topic and to a rejects file, with a summary (read, published, rejected; with "
          + "--replaces, retracted: the retractions published besides the file's events).",
      "Records are published in arrival order (reported-at, or made-at for statements; ties in file order), as "
          + "backtest replays the file: exports are seldom in that order, and the app judges lateness by it."
    })
final class ProduceCommand implements Callable<Integer> {
  /** Reading the newest records of the input topics back, before publishing (the broker is up). */
  private static final Duration TOPIC_TIMES_TIMEOUT = Duration.ofSeconds(30);

  @Mixin ConfigOptions options;

  @Option(
      names = "--input",
      required = true,
      paramLabel = "FILE",
      description = "The file to publish." + InputFiles.PACKED)
  Path input;

  @Option(
      names = "--format",
      required = true,
      paramLabel = InputFormat.CHOICES,
      converter = InputFormatOption.class,
      description = InputFormatOption.DESCRIPTION)
  InputFormat format;

  @Option(
      names = "--rejects",
      paramLabel = "FILE",
      description =
          "Where rejected records go, as NDJSON dead letters (default: <input>.rejects.ndjson; written only "
              + "when a record is rejected).")
  Path rejects;

  @Option(
      names = "--replaces",
      paramLabel = "OLDER_FILE",
      description =
          "An older export of the same source that this file replaces (an ACLED re-download, a new UCDP GED "
              + "version): its incidents this file no longer holds are retracted from every count.")
  Path replaces;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    ReplacedExport.requireNotAnInput(spec, replaces, List.of(input));
    ReplacedExport.requireAnExport(spec, replaces, List.of(format));
    final Path rejectsFile = rejects != null ? rejects : Path.of(input + ".rejects.ndjson");
    final SurgewatchConfig config = options.load();
    final Path data = InputFiles.readable(spec, "--input", input);
    final Path older = InputFiles.readable(spec, "--replaces", replaces);
    ReplacedExport.requireTheInputsFormat(spec, older, List.of(format));
    Platform.requireBroker(config);
    // Rejections go to the dead-letter topic, progress markers to the statements topic always.
    Platform.requireTopics(
        config, Keys.TOPIC_INCIDENTS, Keys.TOPIC_STATEMENTS, Keys.TOPIC_DEAD_LETTER);
    Platform.requireRegistry(config);
    try (EventPublisher publisher = EventPublisher.create(config)) {
      final FilePublisher.Result result =
          new FilePublisher(publisher, EventPreparer.standard())
              .after(TopicTimes.read(config, TOPIC_TIMES_TIMEOUT))
              .predicting(TooLatePrediction.from(config))
              .publish(data, format, rejectsFile, older);
      result
          .notes()
          .forEach(note -> System.err.println("note: " + note)); // stdout keeps its summary line
      System.out.println(result.summary());
      if (result.read() > 0 && result.published() == 0) {
        // A file that gave nothing at all is a failure a script must see, not a summary to read.
        System.err.printf(
            "produce: none of the %d records could be read; each is in %s with its reason%n",
            result.read(), rejectsFile);
        return 1;
      }
    }
    return 0;
  }
}
