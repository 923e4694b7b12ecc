package io.surgewatch.producers;

import io.surgewatch.core.EventPreparer;
import io.surgewatch.core.ReplacementHeaders;
import io.surgewatch.events.v1.IncidentEvent;
import io.surgewatch.inputs.ArrivalOrder;
import io.surgewatch.inputs.InputFormat;
import io.surgewatch.inputs.Replacement;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * What {@code --replaces} adds to publishing a file ({@link Replacement}): its reports dated before
 * the older export's report of their incident are raised to that time ({@link Replacement.Floors}),
 * each report carries {@link ReplacementHeaders}, and the older export's incidents the file no
 * longer holds are retracted. Without an older export every event keeps its own time and goes
 * without those headers.
 */
final class Replacing {
  private final Path older;
  private final InputFormat format;
  private final EventPreparer preparer;
  private final Replacement.Floors floors;
  private final String olderName;
  private final Replacement.Raised raised = new Replacement.Raised();

  /**
   * @param older the older export, or null for none; read here for its floors
   */
  Replacing(final Path older, final InputFormat format, final EventPreparer preparer) {
    this.older = older;
    this.format = format;
    this.preparer = preparer;
    this.floors =
        older == null
            ? null
            : Replacement.floors(older, Replacement.replacedFormat(List.of(format)), preparer);
    this.olderName = older == null ? null : older.getFileName().toString();
  }

  boolean active() {
    return older != null;
  }

  /**
   * The time {@code event} takes its place in arrival order at: a report's floor, when later than
   * its own time. The report itself is raised as it is published ({@link #raise}), so that its
   * headers can name its own time.
   */
  long arrivalOf(final SpecificRecord event) {
    long at = ArrivalOrder.at(event);
    if (floors != null && event instanceof IncidentEvent report) {
      final long floor = floors.of(report.getId());
      if (at < floor) {
        at = floor;
        raised.add(report.getId());
      }
    }
    return at;
  }

  /** {@code read} as it is published: a report raised to its floor. */
  SpecificRecord raise(final SpecificRecord read) {
    return floors != null && read instanceof IncidentEvent r ? floors.apply(r) : read;
  }

  /**
   * The headers for {@code event}, {@link #raise} of {@code read}: with {@code --replaces}, a
   * report's say how it came, raised or not, so that the app's dead letters can.
   */
  Headers headers(final SpecificRecord event, final SpecificRecord read) {
    return floors != null && event instanceof IncidentEvent report
        ? ReplacementHeaders.of(
            olderName, report == read ? null : ((IncidentEvent) read).getReportedAt())
        : new RecordHeaders();
  }

  /** What the run says of the reports it raised, when it raised any. */
  Optional<String> raisedNote() {
    return raised.note(older);
  }

  /** The retractions of the older export's incidents that {@code file} no longer holds. */
  List<Replacement.Retraction> retractions(final Path file) {
    return Replacement.retractions(older, List.of(file), format, preparer);
  }

  /**
   * Headers as the file's reports have: a superseded retraction's dead letter then says it came
   * with --replaces and does not suggest it.
   */
  Headers retractionHeaders() {
    return ReplacementHeaders.of(olderName, null);
  }

  String retractedNote(final Path file, final int retracted) {
    return Replacement.retractedNote(retracted, older, List.of(file));
  }
}
