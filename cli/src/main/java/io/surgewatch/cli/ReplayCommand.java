package io.surgewatch.cli;

import io.surgewatch.core.DeadLetters;
import io.surgewatch.core.EventPreparer;
import io.surgewatch.core.SurgewatchConfig;
import io.surgewatch.producers.DeadLetterReplayer;
import io.surgewatch.producers.EventPublisher;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "replay-dead-letters",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Re-publishes chosen dead letters once their cause is fixed.",
      "",
      "Selects by category, reason and failure time; for a new alias, a relaxed rule, a broker back up. Reads the dead-letter topic from the beginning to its end at the start; no consumer group, nothing "
          + "committed. A dead letter from Kafka goes back to its source topic as the original bytes; one from a "
          + "file or HTTP is parsed again with the current rules and published (still invalid: counted as "
          + "still_rejected, not dead-lettered again). Re-publishing is safe: the streams app deduplicates reports "
          + "by id and reportedAt.",
      "Prints: scanned=N selected=N republished=N still_rejected=N not_replayable=N.",
      ""
    })
final class ReplayCommand implements Callable<Integer> {
  private static final int EXAMPLES = 20;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Mixin ConfigOptions options;

  @Option(
      names = "--category",
      paramLabel = "C",
      description =
          "Only this category (DESERIALIZATION, VALIDATION, TOO_LATE, NOT_COUNTED, PARSE); repeatable. SUPERSEDED letters are never replayed.")
  List<String> categories = new ArrayList<>();

  @Option(
      names = "--reason-contains",
      paramLabel = "TEXT",
      description = "Only reasons containing TEXT (any case).")
  String reasonContains;

  @Option(
      names = "--failed-from",
      paramLabel = "ISO",
      description =
          "Only dead letters that failed at or after this instant (2023-02-04T10:00:00Z) or day (2023-02-04, "
              + "midnight UTC).")
  String failedFrom;

  @Option(
      names = "--failed-to",
      paramLabel = "ISO",
      description =
          "Only dead letters that failed before this instant or day (exclusive: --failed-to 2023-02-05 "
              + "ends with 4 February).")
  String failedTo;

  @Option(
      names = "--dry-run",
      description =
          "Publish nothing: count what would be replayed, by category, with the first "
              + EXAMPLES
              + ".")
  boolean dryRun;

  @Override
  public Integer call() {
    final Set<String> wanted = new LinkedHashSet<>();
    categories.forEach(c -> wanted.add(c.trim().toUpperCase(Locale.ROOT)));
    for (final String c : wanted) {
      if (DeadLetters.SUPERSEDED.equals(c)) {
        throw new CommandLine.ParameterException(
            spec.commandLine(),
            "--category SUPERSEDED: superseded reports are not replayed: the input topic is"
                + " compacted by event id, and an older report published again would become its"
                + " incident's surviving record there (a reset would count it)");
      }
      if (!DeadLetters.CATEGORIES.contains(c)) {
        throw new CommandLine.ParameterException(
            spec.commandLine(),
            "--category: unknown category '"
                + c
                + "' (one of "
                + String.join(", ", DeadLetters.CATEGORIES)
                + ")");
      }
    }
    final DeadLetterReplayer.Selection selection =
        new DeadLetterReplayer.Selection(
            wanted.isEmpty() ? null : Set.copyOf(wanted),
            blankToNull(reasonContains),
            instant("--failed-from", failedFrom),
            instant("--failed-to", failedTo));
    if (selection.failedFrom() != null
        && selection.failedTo() != null
        && !selection.failedFrom().isBefore(selection.failedTo())) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--failed-from must be before --failed-to");
    }
    final SurgewatchConfig config = options.load();
    Platform.requireBroker(config);
    if (dryRun) {
      preview(config, selection);
      return 0;
    }
    Platform.requireRegistry(config); // it re-encodes what it replays
    final DeadLetterReplayer.Result result;
    try (EventPublisher publisher = EventPublisher.create(config)) {
      result =
          new DeadLetterReplayer(config, publisher, EventPreparer.standard()).replay(selection);
    }
    result.examples().forEach(e -> System.out.println("still rejected: " + e));
    System.out.println(result.summary());
    return 0;
  }

  /**
   * Reads the dead-letter topic to its current end, as the replayer does, and reports the selection
   * only.
   */
  private static void preview(
      final SurgewatchConfig config, final DeadLetterReplayer.Selection selection) {
    final long[] selected = {0};
    final long[] replayable = {0};
    final Map<String, Long> byCategory = new TreeMap<>();
    final List<String> examples = new ArrayList<>();
    final long scanned =
        DeadLetterReplayer.scan(
            config,
            "surgewatch-dead-letter-preview",
            d -> {
              if (d == null || !selection.matches(d)) {
                return;
              }
              selected[0]++;
              byCategory.merge(d.getCategory(), 1L, Long::sum);
              final boolean canReplay =
                  d.getOriginalValue() != null && d.getSourceTopic() != null
                      || d.getOriginalText() != null;
              if (canReplay) {
                replayable[0]++;
              }
              if (examples.size() < EXAMPLES) {
                examples.add(
                    String.format(
                        Locale.ROOT,
                        "%s %s %s%s: %s",
                        d.getFailedAt(),
                        d.getCategory(),
                        d.getRecordId() == null ? "(no id)" : d.getRecordId(),
                        canReplay ? "" : " (not replayable)",
                        d.getReason().replaceAll("\\s+", " ")));
              }
            });
    examples.forEach(e -> System.out.println("would replay: " + e));
    if (selected[0] > examples.size()) {
      System.out.println("... and " + (selected[0] - examples.size()) + " more");
    }
    byCategory.forEach((c, n) -> System.out.println("category " + c + ": " + n));
    System.out.println(
        "dry run: scanned="
            + scanned
            + " selected="
            + selected[0]
            + " replayable="
            + replayable[0]
            + " not_replayable="
            + (selected[0] - replayable[0])
            + " (nothing published)");
  }

  private Instant instant(final String option, final String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    final String t = text.trim();
    try {
      return Instant.parse(t);
    } catch (final DateTimeParseException notInstant) {
      try {
        return OffsetDateTime.parse(t).toInstant();
      } catch (final DateTimeParseException notOffset) {
        try {
          return LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (final DateTimeParseException notDate) {
          throw new CommandLine.ParameterException(
              spec.commandLine(),
              option
                  + ": expected an ISO-8601 instant "
                  + "(2023-02-04T10:00:00Z) or date (2023-02-04), got '"
                  + text
                  + "'");
        }
      }
    }
  }

  private static String blankToNull(final String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
