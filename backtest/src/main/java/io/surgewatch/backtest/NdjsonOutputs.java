package io.surgewatch.backtest;

import io.surgewatch.core.EventJson;
import io.surgewatch.events.v1.DeadLetter;
import io.surgewatch.events.v1.RollingCount;
import io.surgewatch.events.v1.StatementCount;
import io.surgewatch.events.v1.SurgeAlert;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A backtest's output files, one JSON line a record: alerts.ndjson, counts.ndjson (unless counts
 * are not written), dead-letter.ndjson and statement-counts.ndjson. They are written under
 * temporary names and take their names only when the run succeeds: a failed run leaves the outputs
 * of the previous one as they were, never empty files that read as "no alerts".
 */
final class NdjsonOutputs {
  private static final String ALERTS = "alerts.ndjson";
  private static final String COUNTS = "counts.ndjson";
  static final String DEAD_LETTERS = "dead-letter.ndjson";
  private static final String STATEMENT_COUNTS = "statement-counts.ndjson";

  private NdjsonOutputs() {}

  /**
   * Runs {@code run} with a sink that writes the files into {@code outDir}, and gives them their
   * names after it.
   */
  static Backtest.Summary write(
      final Path outDir,
      final boolean writeCounts,
      final Function<Backtest.Sink, Backtest.Summary> run) {
    final List<String> names =
        writeCounts
            ? List.of(ALERTS, COUNTS, DEAD_LETTERS, STATEMENT_COUNTS)
            : List.of(ALERTS, DEAD_LETTERS, STATEMENT_COUNTS);
    try {
      Files.createDirectories(outDir);
    } catch (final IOException e) {
      throw new UncheckedIOException(
          "cannot create the output directory " + outDir + ": " + e.getMessage(), e);
    }
    final Map<String, Path> partial = new HashMap<>();
    names.forEach(name -> partial.put(name, outDir.resolve("." + name + ".partial")));
    boolean done = false;
    try {
      final Backtest.Summary summary;
      try (Writer alerts = writer(partial.get(ALERTS));
          Writer counts = writeCounts ? writer(partial.get(COUNTS)) : Writer.nullWriter();
          Writer dead = writer(partial.get(DEAD_LETTERS));
          Writer statementCounts = writer(partial.get(STATEMENT_COUNTS))) {
        summary =
            run.apply(
                new Backtest.Sink() {
                  @Override
                  public boolean wantsCounts() {
                    return writeCounts;
                  }

                  @Override
                  public void count(final String key, final RollingCount count) {
                    if (writeCounts) {
                      line(counts, CountJson.write(count));
                    }
                  }

                  @Override
                  public void alert(final SurgeAlert alert) {
                    line(alerts, EventJson.toJson(alert));
                  }

                  @Override
                  public void deadLetter(final DeadLetter deadLetter) {
                    line(dead, EventJson.toJson(deadLetter));
                  }

                  @Override
                  public void statementCount(final StatementCount count) {
                    line(statementCounts, EventJson.toJson(count));
                  }
                });
      }
      for (final String name : names) {
        Files.move(
            partial.get(name),
            outDir.resolve(name),
            StandardCopyOption.REPLACE_EXISTING,
            StandardCopyOption.ATOMIC_MOVE);
      }
      if (!writeCounts) {
        Files.deleteIfExists(
            outDir.resolve(COUNTS)); // an earlier run's counts would not match these alerts
      }
      done = true;
      return summary;
    } catch (final IOException e) {
      throw new UncheckedIOException("cannot write to " + outDir + ": " + e.getMessage(), e);
    } finally {
      if (!done) {
        for (final Path file : partial.values()) {
          try {
            Files.deleteIfExists(file);
          } catch (final IOException e) {
            // the run's own error is the one to report
          }
        }
      }
    }
  }

  private static Writer writer(final Path file) throws IOException {
    return new BufferedWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8), 1 << 16);
  }

  private static void line(final Writer writer, final String line) {
    try {
      writer.write(line);
      writer.write('\n');
    } catch (final IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
