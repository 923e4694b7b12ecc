package io.surgewatch.backtest;

import io.surgewatch.core.DeadLetters;
import io.surgewatch.core.EventPreparer;
import io.surgewatch.events.v1.DeadLetter;
import io.surgewatch.inputs.InputFormat;
import io.surgewatch.inputs.InputReader;
import io.surgewatch.inputs.InputRecord;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The dead letters of reports stage 1 refuses (too late for the history, or set aside as a type
 * that does not count), written at the end with their original text, read again from the files:
 * keeping every report's text in memory for the few that turn out refused would multiply the memory
 * a large backtest needs.
 */
final class LateDeadLetters {

  /** A report stage 1 refused: where it is, and why. */
  record Refused(int file, long line, String id, String category, String field, String reason) {}

  private LateDeadLetters() {}

  /**
   * Writes the letters of {@code refused} to the sink, file by file in line order; returns how
   * many.
   */
  static long write(
      final List<Path> inputs,
      final List<InputFormat> formats,
      final List<Refused> refused,
      final Backtest.Sink sink,
      final Instant now) {
    // Retractions --replaces makes are no file's records: their letters name no file or line.
    refused.stream()
        .filter(report -> report.file() >= inputs.size())
        .forEach(
            report -> {
              final DeadLetter dead =
                  DeadLetters.fromFile(
                      null, 0, report.id(), null, report.category(), null, report.reason(), now);
              dead.setSourceLine(null);
              dead.setField(report.field());
              sink.deadLetter(dead);
            });
    for (int f = 0; f < inputs.size(); f++) {
      final int file = f;
      final Map<Long, Refused> byLine = new HashMap<>();
      refused.stream()
          .filter(report -> report.file() == file)
          .forEach(report -> byLine.put(report.line(), report));
      if (byLine.isEmpty()) {
        continue;
      }
      try (InputReader reader =
          InputReader.open(inputs.get(f), formats.get(f), EventPreparer.standard())) {
        while (reader.hasNext() && !byLine.isEmpty()) {
          final InputRecord record = reader.next();
          final Refused report = byLine.remove(record.line());
          if (report != null) {
            final DeadLetter dead =
                DeadLetters.fromFile(
                    reader.sourceName(),
                    report.line(),
                    report.id(),
                    reader.selfContainedText(record),
                    report.category(),
                    null,
                    reader.placeOf(record) + ": " + report.reason(),
                    now);
            dead.setField(report.field());
            sink.deadLetter(dead);
          }
        }
      }
    }
    return refused.size();
  }
}
