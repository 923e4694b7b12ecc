package io.surgewatch.inputs;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * How ACLED exports and their re-saved copies write missing values, numbers and reported-at
 * instants.
 */
final class AcledValues {

  /**
   * Cells that mean "no value": R writes {@code NA}, pandas {@code NaN}/{@code nan}, spreadsheets
   * {@code #N/A}. A real value is never one of these in ACLED's columns (Namibia is a name or
   * {@code 516}/{@code NAM}, never {@code NA}).
   */
  private static final Set<String> MISSING =
      Set.of("NA", "N/A", "#N/A", "NaN", "nan", "NULL", "null");

  /** Unix numbers above this are milliseconds (as seconds it would be the year 5138). */
  private static final long MILLIS_FROM = 100_000_000_000L;

  private AcledValues() {}

  /** Blanks every missing-value cell in place, so no later step can take {@code NA} for a name. */
  static void blankMissing(final List<String> fields) {
    for (int i = 0; i < fields.size(); i++) {
      final String s = fields.get(i);
      if (!s.isEmpty() && s.length() <= 6 && MISSING.contains(Cells.strip(s))) {
        fields.set(i, "");
      }
    }
  }

  /**
   * A whole number of at least 0 written {@code 3} or, as pandas and R write numbers of float
   * columns, {@code 3.0}; -1 otherwise (a fraction that is not zero, a sign, letters, more than 18
   * digits).
   */
  static long wholeNumber(final String raw) {
    final String s = Cells.strip(raw);
    final int dot = s.indexOf('.');
    final int end = dot < 0 ? s.length() : dot;
    if (end == 0 || end > 18) {
      return -1;
    }
    long n = 0;
    for (int i = 0; i < end; i++) {
      final char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      n = n * 10 + (c - '0');
    }
    for (int i = end + 1; i < s.length(); i++) {
      if (s.charAt(i) != '0') {
        return -1;
      }
    }
    return n;
  }

  /**
   * A whole-number cell as its digits ({@code 404.0} is {@code 404}); the text itself when it is
   * not one.
   */
  static String code(final String raw) {
    final long n = wholeNumber(raw);
    return n < 0 ? Cells.strip(raw) : Long.toString(n);
  }

  /**
   * ACLED's {@code timestamp}: unix seconds or milliseconds (also written {@code 1675368000.0}), an
   * ISO-8601 date-time with or without a zone ({@code 2023-02-04T10:00:00Z}, {@code 1990-09-25
   * 00:00:00.000}; no zone is UTC), or a date in another style (then the end of that day, as a
   * missing timestamp; a time after it is ignored, as {@link ExportDates} reads dates). Null when
   * it is none of these.
   */
  static Instant timestamp(final String raw, final ExportDates dates) {
    final String s = Cells.strip(raw);
    final long n = wholeNumber(s);
    if (n >= 0) {
      return n > MILLIS_FROM ? Instant.ofEpochMilli(n) : Instant.ofEpochSecond(n);
    }
    if (s.indexOf(':') > 0 && s.length() >= 16 && s.charAt(4) == '-') {
      return dateTime(s);
    }
    final LocalDate day = dates.parse(s);
    return day == null ? null : ArrivalOrder.endOfDay(day);
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
