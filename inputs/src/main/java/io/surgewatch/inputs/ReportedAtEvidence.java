package io.surgewatch.inputs;

import io.surgewatch.core.UtcDays;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * What an ACLED row's own {@code timestamp} (its last change, so never before its report) says of
 * the order of its all-numeric event date: an event is not after its own report, so of the two
 * readings of {@code 1/11/2020} reported on 15 January 2020, 1 November is ruled out and the row
 * proves month-day-year. A US spreadsheet's re-save of a month's first twelve days proves nothing
 * by its days (none is above 12), but its rows do this way.
 *
 * <p>"After" is by more than a day, as {@code EventPreparer} rejects an event after its report (an
 * event's local day can be a day ahead of UTC).
 */
final class ReportedAtEvidence {

  /** The order a row proves, and its date with what rules the other order out (for notes). */
  record Proof(ExportDates.Order order, String example, String why) {}

  // A reader's own (parsing keeps state): parts of one file are read on several threads.
  private final ExportDates dayFirst = ExportDates.in(ExportDates.Order.DAY_FIRST);
  private final ExportDates monthFirst = ExportDates.in(ExportDates.Order.MONTH_FIRST);

  private final int eventDate;
  private final int timestamp;

  /** The evidence of a file with these columns; null when it has no {@code timestamp}. */
  static ReportedAtEvidence of(final int eventDate, final int timestamp) {
    return timestamp < 0 ? null : new ReportedAtEvidence(eventDate, timestamp);
  }

  private ReportedAtEvidence(final int eventDate, final int timestamp) {
    this.eventDate = eventDate;
    this.timestamp = timestamp;
  }

  /**
   * The one order in which the row's event date is not after its report, or null: its date is not
   * one both orders read as different days, its timestamp cannot be read in both, or both orders
   * (or neither) fit.
   */
  Proof proof(final List<String> fields) {
    if (fields.size() <= Math.max(eventDate, timestamp)) {
      return null;
    }
    final String raw = fields.get(eventDate);
    final String stamp = fields.get(timestamp);
    final Reading asDayFirst = Reading.of(raw, stamp, dayFirst);
    final Reading asMonthFirst = Reading.of(raw, stamp, monthFirst);
    if (asDayFirst == null
        || asMonthFirst == null
        || asDayFirst.afterReport() == asMonthFirst.afterReport()) {
      return null;
    }
    final Reading ruledOut = asDayFirst.afterReport() ? asDayFirst : asMonthFirst;
    final ExportDates.Order order =
        asDayFirst.afterReport() ? ExportDates.Order.MONTH_FIRST : ExportDates.Order.DAY_FIRST;
    final String why =
        "as "
            + ExportDates.other(order).words
            + " it would be "
            + ruledOut.day
            + ", after the row's timestamp "
            + ruledOut.reportedAt;
    return new Proof(order, "'" + raw.trim() + "' (" + why + ")", why);
  }

  /**
   * Days from the row's event to its report under each order, when its date reads as two days
   * neither after the report (so it proves nothing); null otherwise.
   */
  long[] gaps(final List<String> fields) {
    if (fields.size() <= Math.max(eventDate, timestamp)) {
      return null;
    }
    final String stamp = fields.get(timestamp);
    final Reading asDayFirst = Reading.of(fields.get(eventDate), stamp, dayFirst);
    final Reading asMonthFirst = Reading.of(fields.get(eventDate), stamp, monthFirst);
    if (asDayFirst == null
        || asMonthFirst == null
        || asDayFirst.afterReport()
        || asMonthFirst.afterReport()) {
      return null;
    }
    return new long[] {asDayFirst.gap(), asMonthFirst.gap()};
  }

  /** A row's event day and report in one order; null when either cannot be read in it. */
  private record Reading(LocalDate day, Instant reportedAt) {
    static Reading of(final String raw, final String stamp, final ExportDates in) {
      final LocalDate day = in.parse(raw);
      if (day == null || !in.ambiguous() || Cells.isBlank(stamp)) {
        return null;
      }
      final Instant at = AcledValues.read(stamp, in, false).at();
      return at == null ? null : new Reading(day, at);
    }

    boolean afterReport() {
      return day.toEpochDay() > UtcDays.of(reportedAt.toEpochMilli()) + 1;
    }

    /** Days from the event to its report. */
    long gap() {
      return UtcDays.of(reportedAt.toEpochMilli()) - day.toEpochDay();
    }
  }
}
