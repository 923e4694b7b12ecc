package io.surgewatch.inputs;

import org.apache.avro.specific.SpecificRecord;

/**
 * One record of an input file: either an event ready to publish, or a rejection with its reason.
 * Readers never drop a record silently, so {@code parsed + rejected == records read}.
 */
public sealed interface InputRecord permits InputRecord.Parsed, InputRecord.Rejected {

  /**
   * 1-based physical line where the record starts (for CSV, the header is line 1); for an Excel
   * workbook, the row of its sheet, as errors and dead letters name it ({@link
   * InputReader#placeOf}), whatever line breaks the cells above it hold.
   */
  long line();

  /** The record's original text, exactly as in the file (a CSV record may span several lines). */
  String rawText();

  /**
   * A record that parsed, was canonicalised and validated by {@link
   * io.surgewatch.core.EventPreparer}: the event is an {@link
   * io.surgewatch.events.v1.IncidentEvent} or a {@link io.surgewatch.events.v1.StatementEvent}.
   */
  record Parsed(long line, String rawText, SpecificRecord event) implements InputRecord {}

  /**
   * A record that will not be published as an event.
   *
   * @param recordId the event id when it could be read, else null
   * @param category {@link io.surgewatch.core.DeadLetters#PARSE}, {@code VALIDATION} or {@code
   *     NOT_COUNTED}
   * @param reason for a person: what is wrong, naming the line and the column or field
   * @param error the underlying error (an {@link io.surgewatch.core.InvalidEventException} for
   *     validation), or null
   */
  record Rejected(
      long line, String rawText, String recordId, String category, String reason, Throwable error)
      implements InputRecord {}
}
