package io.surgewatch.inputs;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Locale;

/**
 * How ACLED exports and their re-saved copies write missing values, numbers and reported-at
 * instants.
 */
final class AcledValues {

  /** Unix numbers above this are milliseconds (as seconds it would be the year 5138). */
  private static final long MILLIS_FROM = 100_000_000_000L;

  private AcledValues() {}

  /**
   * A whole-number cell as its digits ({@code 404.0} is {@code 404}); the text itself when it is
   * not one.
   */
  static String code(final String raw) {
    final long n = Cells.wholeNumber(raw);
    return n < 0 ? Cells.strip(raw) : Long.toString(n);
  }

  /** An instant read from a cell ({@code at}), or why none was ({@code problem}). */
  record Reading(Instant at, String problem) {}

  /**
   * ACLED's {@code timestamp}: unix seconds or milliseconds (also written {@code 1675368000.0} or
   * grouped in thousands, {@link Cells#wholeNumber}), an ISO-8601 date-time with or without a zone
   * ({@code 2023-02-04T10:00:00Z}, {@code 1990-09-25 00:00:00.000}; no zone is UTC), or a date in
   * another style as {@link ExportDates} reads it followed by a time of day as spreadsheets write
   * one ({@code 04/02/2023 10:00}, {@code 2/4/2023 10:00:00 AM}; UTC), or by none (the end of that
   * day, as a missing timestamp; its start with {@code startOfDay}). A value it cannot read says
   * why.
   */
  static Reading read(final String raw, final ExportDates dates, final boolean startOfDay) {
    final String s = Cells.strip(raw);
    final long n = Cells.wholeNumber(s);
    if (n >= 0) {
      return new Reading(
          n > MILLIS_FROM ? Instant.ofEpochMilli(n) : Instant.ofEpochSecond(n), null);
    }
    if (s.indexOf(':') > 0 && s.length() >= 16 && s.charAt(4) == '-') {
      final Instant iso = dateTime(s);
      if (iso != null) {
        return new Reading(iso, null);
      }
      // Not ISO-8601 after all (2023-01-30 6:00 PM): read as a date and a time, below.
    }
    final LocalDate day = dates.parse(s);
    if (day == null) {
      final String contradiction = dates.contradiction();
      return contradiction != null ? new Reading(null, contradiction) : orExpected(null, s);
    }
    final long time = millisOfDay(s);
    if (time == NOT_A_TIME) {
      return new Reading(
          null,
          "'"
              + s
              + "': the time after the date is not one this reads (like 18:00, 6:00:00 PM, in UTC)");
    }
    if (time == NO_TIME) {
      return new Reading(
          startOfDay ? day.atStartOfDay(ZoneOffset.UTC).toInstant() : ArrivalOrder.endOfDay(day),
          null);
    }
    return new Reading(day.atStartOfDay(ZoneOffset.UTC).toInstant().plusMillis(time), null);
  }

  private static Reading orExpected(final Instant at, final String s) {
    return at != null
        ? new Reading(at, null)
        : new Reading(
            null,
            "expected unix seconds, an ISO-8601 date-time or a date and time like 30/01/2023 18:00,"
                + " got '"
                + s
                + "'");
  }

  private static final long NO_TIME = -1;
  private static final long NOT_A_TIME = -2;

  /**
   * The time of day after a date, in ms: {@code 18:00}, {@code 6:05:30}, {@code 18:00:00.000},
   * {@code 6:00 PM} (or {@code p.m.}), perhaps ending in {@code Z}, {@code UTC} or {@code GMT};
   * {@link #NO_TIME} when there is no time, {@link #NOT_A_TIME} when what follows the date is not
   * one of these (an offset other than UTC, an hour 24): never a time ignored. Hand-written: this
   * runs on every row, and java.time's formatters take one pattern each, not a spreadsheet's many.
   */
  static long millisOfDay(final String s) {
    final int colon = s.indexOf(':');
    if (colon < 0) {
      return NO_TIME;
    }
    int from = colon;
    while (from > 0 && Cells.isDigit(s.charAt(from - 1))) {
      from--;
    }
    final char before = from == 0 ? '?' : s.charAt(from - 1);
    if (colon - from < 1 || colon - from > 2 || !(before == ' ' || before == 'T')) {
      return NOT_A_TIME;
    }
    int hour = Integer.parseInt(s, from, colon, 10);
    int i = colon + 1;
    final int minute = twoDigits(s, i);
    i += 2;
    int second = 0;
    if (minute >= 0 && i < s.length() && s.charAt(i) == ':') {
      second = twoDigits(s, i + 1);
      i += 3;
    }
    long millis = 0;
    if (second >= 0 && i < s.length() && (s.charAt(i) == '.' || s.charAt(i) == ',')) {
      int scale = 100;
      for (i++; i < s.length() && Cells.isDigit(s.charAt(i)); i++, scale /= 10) {
        millis += (s.charAt(i) - '0') * (long) scale;
      }
    }
    final String rest = s.substring(Math.min(i, s.length())).strip().toUpperCase(Locale.ROOT);
    if (minute < 0 || minute > 59 || second < 0 || second > 59) {
      return NOT_A_TIME;
    }
    switch (rest) {
      case "", "Z", "UTC", "GMT" -> {
        if (hour > 23) {
          return NOT_A_TIME;
        }
      }
      case "AM", "A.M.", "PM", "P.M." -> {
        if (hour < 1 || hour > 12) {
          return NOT_A_TIME;
        }
        hour = hour % 12 + (rest.charAt(0) == 'P' ? 12 : 0);
      }
      default -> {
        return NOT_A_TIME;
      }
    }
    return ((hour * 60L + minute) * 60 + second) * 1000 + millis;
  }

  /** Two digits at {@code at} as a number; -1 when they are not there. */
  private static int twoDigits(final String s, final int at) {
    if (at + 1 >= s.length() || !Cells.isDigit(s.charAt(at)) || !Cells.isDigit(s.charAt(at + 1))) {
      return -1;
    }
    return (s.charAt(at) - '0') * 10 + s.charAt(at + 1) - '0';
  }

  private static Instant dateTime(final String s) {
    final String iso = s.charAt(10) == ' ' ? s.substring(0, 10) + 'T' + s.substring(11) : s;
    try {
      final char last = iso.charAt(iso.length() - 1);
      final int time = iso.indexOf('T');
      final boolean zoned =
          last == 'Z' || last == 'z' || iso.indexOf('+', time) > 0 || iso.indexOf('-', time) > 0;
      return zoned
          ? OffsetDateTime.parse(iso.toUpperCase(Locale.ROOT)).toInstant()
          : LocalDateTime.parse(iso).toInstant(ZoneOffset.UTC);
    } catch (final DateTimeException | StringIndexOutOfBoundsException e) {
      return null;
    }
  }
}
