package io.surgewatch.inputs;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A day as exports and their spreadsheet re-saves write it: ACLED's {@code event_date} and UCDP's
 * {@code date_start} in every style their files carry: {@code 2023-01-30}, {@code 2023/01/30},
 * {@code 20230130}, {@code 30 January 2023}, {@code 01-January-2015}, {@code 9-May-20}, {@code
 * 5-Aug-24}, {@code January 30, 2023}, {@code 31-12-19}, {@code 30/01/2023}, {@code 30.01.2023},
 * Excel's long date {@code Monday, January 30, 2023} (the weekday must be the day's); month and
 * weekday names in English, in any case, full or three letters; a time after the date ({@code
 * 2023-01-30 00:00:00}) is ignored.
 *
 * <p>Two-digit years: 00-69 are 2000-2069, 70-99 are 1970-1999 (ACLED starts in 1997), unless the
 * row's own year says which century ({@link #parse(String, int)}).
 *
 * <p>All-numeric dates with the year last ({@code 05-06-19}) are read in one order per file. The
 * order is decided before the first row is returned, from a scan of the file's first rows ({@link
 * #scan}): a first field above 12 proves day-first, a second field above 12 proves month-first; the
 * majority of the first {@link #PROOFS} proofs decides. When nothing proves either, the rows'
 * reports may still say which reading puts the events nearer them ({@link #decide}); else day-first
 * (ACLED's own order) is assumed. A row can prove an order too ({@link ReportedAtEvidence}): when
 * only one reading of its date is not after its own report. A later date that can only be read in
 * the other order ({@code 01-13-19} in a day-first file) is rejected, never read in an order the
 * rest of the file contradicts. {@link #note()} says what was decided, for a one-line note by
 * {@code produce} and {@code backtest}.
 */
final class ExportDates {

  enum Order {
    DAY_FIRST("day-month-year"),
    MONTH_FIRST("month-day-year");

    final String words;

    Order(final String words) {
      this.words = words;
    }
  }

  /** Two-digit years below this are 20yy, the others 19yy. */
  static final int PIVOT = 70;

  /** The scan stops after this many proving dates... */
  static final int PROOFS = 50;

  /**
   * ...or after this many characters of records (kept for re-reading: this bounds the memory it
   * takes)...
   */
  static final long SCAN_CHARS = 8L << 20;

  /**
   * ...or once this many dates were seen without one all-numeric date among them (the file uses
   * another style).
   */
  static final int OTHER_STYLE = 100;

  private static final Map<String, Integer> MONTHS = months();

  /** Weekdays in English, full or three letters, as Excel's long date writes them. */
  private static final Map<String, DayOfWeek> WEEKDAYS = weekdays();

  private Order order;
  private boolean decided;
  private String evidence = "";
  private String example;
  private long contradicted;

  /**
   * Whether the last {@link #parse} read an all-numeric date that both orders read, differently.
   */
  private boolean ambiguous;

  /**
   * Why the last {@link #parse} returned null when the value is a date in the wrong order; else
   * null.
   */
  private String contradiction;

  /** Dates read in {@code order}, whatever any file says (to test what a reading would give). */
  static ExportDates in(final Order order) {
    final ExportDates dates = new ExportDates();
    dates.decided = true;
    dates.order = order;
    return dates;
  }

  /** Decides the order from the evidence of a scan; see {@link #scan}. */
  void decide(final Scan scan) {
    decided = true;
    example = scan.firstNumeric;
    order = scan.monthFirst > scan.dayFirst ? Order.MONTH_FIRST : Order.DAY_FIRST;
    final long asDayFirst = median(scan.dayFirstGaps);
    final long asMonthFirst = median(scan.monthFirstGaps);
    if (scan.dayFirst == 0
        && scan.monthFirst == 0
        && asDayFirst != asMonthFirst
        && Math.min(asDayFirst, asMonthFirst) < median(scan.readingsApart())) {
      // Nothing proves either order, but the rows' reports say which reading puts the events
      // nearer them: an event is reported days after it happens, rarely months (a US spreadsheet's
      // 11/6/2020 reported on 9 November is 6 November, not 11 June). Only when the reports are
      // nearer the events than the two readings are to each other: rows edited years later say
      // nothing of a month's difference.
      order = asMonthFirst < asDayFirst ? Order.MONTH_FIRST : Order.DAY_FIRST;
      evidence =
          "no value proves the order; read as "
              + order.words
              + ", under which the rows' events are reported a median of "
              + Math.min(asDayFirst, asMonthFirst)
              + " days after they happen (as "
              + other(order).words
              + ": "
              + Math.max(asDayFirst, asMonthFirst)
              + " days)";
    } else if (scan.dayFirst == 0 && scan.monthFirst == 0) {
      evidence = "no value proves the order, ACLED's own order assumed";
    } else {
      final long agree = order == Order.DAY_FIRST ? scan.dayFirst : scan.monthFirst;
      final long disagree = order == Order.DAY_FIRST ? scan.monthFirst : scan.dayFirst;
      evidence =
          "proven by "
              + (order == Order.DAY_FIRST ? scan.dayFirstExample : scan.monthFirstExample)
              + (disagree == 0
                  ? ""
                  : " and "
                      + (agree - 1)
                      + " more, against "
                      + disagree
                      + " in the other order ("
                      + (order == Order.DAY_FIRST ? scan.monthFirstExample : scan.dayFirstExample)
                      + ": rejected)");
    }
  }

  /** The median of {@code values}; {@link Long#MAX_VALUE} when there are none. */
  private static long median(final List<Long> values) {
    if (values.isEmpty()) {
      return Long.MAX_VALUE;
    }
    final List<Long> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get(sorted.size() / 2);
  }

  /** Takes another reader's decision (a part of a file reads its dates as the whole file does). */
  void adopt(final ExportDates other) {
    decided = other.decided;
    order = other.order;
    evidence = other.evidence;
    example = other.example;
  }

  boolean decided() {
    return decided;
  }

  /** Rows rejected so far because only the other order could read their date. */
  long contradicted() {
    return contradicted;
  }

  /**
   * The decision in one line, or null when the file has no all-numeric dates.
   *
   * @param contradicted the rows that contradicted it (of every part of the file)
   */
  String note(final long contradicted) {
    if (example == null) {
      return null;
    }
    return "dates like "
        + example
        + " read as "
        + order().words
        + ": "
        + evidence
        + (contradicted == 0
            ? ""
            : "; " + contradicted + " rows contradict that order and are rejected");
  }

  Order order() {
    return order == null ? Order.DAY_FIRST : order;
  }

  /**
   * Why the last {@link #parse} that returned null failed, when the value is a date in the other
   * order; else null.
   */
  String contradiction() {
    return contradiction;
  }

  /**
   * Whether the last {@link #parse} read an all-numeric date that the other order reads as another
   * day ({@code 05-06-19}, not {@code 05-05-19} or {@code 13-06-19}).
   */
  boolean ambiguous() {
    return ambiguous;
  }

  /**
   * Rejects a date that its own row proves to be in the other order ({@link ReportedAtEvidence}):
   * counted as a contradiction, and the reason says what the row shows and what the file decided.
   */
  String contradictedByRow(final String raw, final String why) {
    contradicted++;
    return "'"
        + raw.trim()
        + "' can only be "
        + other(order()).words
        + " on its row ("
        + why
        + "), but this file's dates"
        + (example == null ? "" : " like " + example)
        + " are read as "
        + order().words
        + " ("
        + evidence
        + ")";
  }

  static Order other(final Order order) {
    return order == Order.DAY_FIRST ? Order.MONTH_FIRST : Order.DAY_FIRST;
  }

  /** The day, or null (see {@link #contradiction()}). */
  LocalDate parse(final String raw) {
    return parse(raw, -1);
  }

  /**
   * The day, or null (see {@link #contradiction()}), a two-digit year taken in the century of
   * {@code rowYear} when it ends in those digits (ACLED's {@code year} column: {@code 31-12-69} of
   * 1969 is not 2069); {@code rowYear} -1 when the row has none.
   */
  LocalDate parse(final String raw, final int rowYear) {
    contradiction = null;
    ambiguous = false;
    final Tokens t = Tokens.of(raw);
    if (t == null) {
      return null;
    }
    try {
      if (t.month >= 0) {
        final int year = year(t.year, t.yearDigits, rowYear);
        final LocalDate day = year < 0 ? null : LocalDate.of(year, t.month, t.day);
        if (day != null && t.weekday != null && day.getDayOfWeek() != t.weekday) {
          contradiction =
              "'"
                  + raw.trim()
                  + "': "
                  + day
                  + " is a "
                  + day.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH)
                  + ", not a "
                  + t.weekday.getDisplayName(TextStyle.FULL, Locale.ENGLISH);
          return null;
        }
        return day;
      }
      if (t.weekday != null) {
        return null; // a weekday before a date of numbers alone: no export writes that
      }
      if (t.yearFirst) { // 2023-01-30, 2023/01/30
        return LocalDate.of(t.year, t.first, t.second);
      }
      final int year = year(t.year, t.yearDigits, rowYear);
      if (year < 0 || t.first > 12 && t.second > 12) {
        return null;
      }
      final Order in = order();
      if (in == Order.DAY_FIRST ? t.second > 12 : t.first > 12) {
        contradicted++;
        contradiction =
            "'"
                + raw.trim()
                + "' can only be "
                + (in == Order.DAY_FIRST ? Order.MONTH_FIRST : Order.DAY_FIRST).words
                + (example == null
                    ? ", but this file's dates are read as "
                    : ", but this file's dates like " + example + " are read as ")
                + in.words
                + " ("
                + evidence
                + ")";
        return null;
      }
      ambiguous = t.first <= 12 && t.second <= 12 && t.first != t.second;
      return in == Order.DAY_FIRST
          ? LocalDate.of(year, t.second, t.first)
          : LocalDate.of(year, t.first, t.second);
    } catch (final DateTimeException e) {
      return null; // 31 February
    }
  }

  /**
   * Why a date whose year is not its row's is rejected: a re-save that misread it (LibreOffice
   * wrote {@code 31-12-19} as {@code 1931-12-19}) would count it in another year.
   */
  static String yearContradiction(final String raw, final LocalDate day, final int year) {
    final String text = Cells.strip(raw);
    return "'"
        + text
        + "' is in "
        + day.getYear()
        + (text.equals(day.toString()) ? "" : " (" + day + ")")
        + ", but the row's year is "
        + year;
  }

  private static int year(final int digits, final int count, final int rowYear) {
    if (count == 4) {
      return digits;
    }
    if (count == 2) {
      if (rowYear >= 0 && rowYear % 100 == digits) {
        return rowYear;
      }
      return digits < PIVOT ? 2000 + digits : 1900 + digits;
    }
    return -1;
  }

  /** What the first rows of a file say about the order of its all-numeric dates. */
  static final class Scan {
    long dayFirst;
    long monthFirst;
    String dayFirstExample;
    String monthFirstExample;
    String firstNumeric;
    int seen;

    /** Event-to-report days of the rows that prove nothing, read day-first and month-first. */
    final List<Long> dayFirstGaps = new ArrayList<>();

    final List<Long> monthFirstGaps = new ArrayList<>();

    /** How many days apart each such row's two readings are. */
    List<Long> readingsApart() {
      final List<Long> apart = new ArrayList<>(dayFirstGaps.size());
      for (int i = 0; i < dayFirstGaps.size(); i++) {
        apart.add(Math.abs(dayFirstGaps.get(i) - monthFirstGaps.get(i)));
      }
      return apart;
    }

    /**
     * A row whose own evidence leaves one order for its date ({@link ReportedAtEvidence}): a proof
     * as a day above 12 is.
     *
     * @param example the date and what rules out the other order
     */
    void addRowProof(final Order order, final String example) {
      if (order == Order.DAY_FIRST) {
        dayFirst++;
        dayFirstExample = dayFirstExample == null ? example : dayFirstExample;
      } else {
        monthFirst++;
        monthFirstExample = monthFirstExample == null ? example : monthFirstExample;
      }
    }

    /** Whether another date could still change the decision. */
    boolean wantsMore() {
      return dayFirst + monthFirst < PROOFS && (firstNumeric != null || seen < OTHER_STYLE);
    }

    void add(final String raw) {
      final Tokens t = Tokens.of(raw);
      if (t == null) {
        return;
      }
      seen++;
      if (t.month >= 0 || t.yearFirst) {
        return;
      }
      final String value = raw.trim();
      if (firstNumeric == null) {
        firstNumeric = value;
      }
      if (t.first > 12 && t.second <= 12) {
        addRowProof(Order.DAY_FIRST, "'" + value + "'");
      } else if (t.second > 12 && t.first <= 12) {
        addRowProof(Order.MONTH_FIRST, "'" + value + "'");
      }
    }

    /**
     * One of the file's first rows, read until the decision is settled ({@link #wantsMore}) or
     * {@link #SCAN_CHARS} are read.
     *
     * @param rows what a row's other columns say of its date's order; null when the format has no
     *     such evidence
     */
    void add(final List<String> fields, final ReportedAtEvidence rows, final int... dateColumns) {
      for (final int column : dateColumns) {
        if (fields.size() > column) {
          add(fields.get(column));
        }
      }
      final ReportedAtEvidence.Proof proof = rows == null ? null : rows.proof(fields);
      if (proof != null) {
        addRowProof(proof.order(), proof.example());
      } else if (rows != null) {
        final long[] gaps = rows.gaps(fields);
        if (gaps != null) {
          dayFirstGaps.add(gaps[0]);
          monthFirstGaps.add(gaps[1]);
        }
      }
    }
  }

  /** A date split into its three parts, without regular expressions (this runs on every row). */
  private static final class Tokens {
    int first;
    int second;
    int year;
    int yearDigits;
    int day;
    int month = -1;
    boolean yearFirst;

    /** The weekday written before the date, if any: the day must be one. */
    DayOfWeek weekday;

    static Tokens of(final String raw) {
      final Tokens compact = compact(raw);
      if (compact != null) {
        return compact;
      }
      final int n = raw.length();
      final int[] value = new int[3];
      final int[] digits = new int[3];
      final int[] month = {-1, -1, -1};
      DayOfWeek weekday = null;
      int k = 0;
      int i = 0;
      while (i < n && k < 3) {
        final char c = raw.charAt(i);
        if (c >= '0' && c <= '9') {
          int v = 0;
          final int from = i;
          while (i < n && raw.charAt(i) >= '0' && raw.charAt(i) <= '9' && i - from < 5) {
            v = v * 10 + raw.charAt(i++) - '0';
          }
          value[k] = v;
          digits[k++] = i - from;
        } else if (Character.isLetter(c)) {
          final int from = i;
          while (i < n && Character.isLetter(raw.charAt(i))) {
            i++;
          }
          final String word = raw.substring(from, i).toLowerCase(Locale.ROOT);
          final Integer m = MONTHS.get(word);
          if (m == null) {
            // Excel's long date ("Monday, January 30, 2023") leads with the weekday
            final DayOfWeek d = k == 0 && weekday == null ? WEEKDAYS.get(word) : null;
            if (d == null) {
              return null;
            }
            weekday = d;
            continue;
          }
          month[k++] = m;
        } else if (c == ' ' || c == '-' || c == '/' || c == '.' || c == ',') {
          i++;
        } else {
          return null;
        }
      }
      // Nothing after the date but separators or a time of day.
      while (i < n && (raw.charAt(i) == ' ' || raw.charAt(i) == ',')) {
        i++;
      }
      if (k < 3 || i < n && raw.indexOf(':', i) < 0) {
        return null;
      }
      final Tokens t = new Tokens();
      t.weekday = weekday;
      if (month[0] < 0 && month[1] < 0 && month[2] < 0) {
        if (digits[0] == 4) { // year first: always year-month-day
          if (digits[1] > 2 || digits[2] > 2) {
            return null;
          }
          t.yearFirst = true;
          t.year = value[0];
          t.first = value[1];
          t.second = value[2];
          return t;
        }
        if (digits[0] > 2 || digits[1] > 2) {
          return null;
        }
        t.first = value[0];
        t.second = value[1];
        t.year = value[2];
        t.yearDigits = digits[2];
        return t;
      }
      if (month[1] >= 0 && month[0] < 0 && month[2] < 0 && digits[0] <= 2) { // 30 January 2023
        t.day = value[0];
        t.month = month[1];
        t.year = value[2];
        t.yearDigits = digits[2];
        return t;
      }
      if (month[0] >= 0 && month[1] < 0 && month[2] < 0 && digits[1] <= 2) { // January 30, 2023
        t.day = value[1];
        t.month = month[0];
        t.year = value[2];
        t.yearDigits = digits[2];
        return t;
      }
      return null;
    }
  }

  /**
   * {@code 20191209}: eight digits, year first (R's and SQL's basic ISO form; no other order writes
   * a four-digit year first), optionally followed by a time; else null.
   */
  private static Tokens compact(final String raw) {
    final String s = raw.strip();
    if (s.length() < 8 || s.length() > 8 && s.charAt(8) != ' ' && s.charAt(8) != 'T') {
      return null;
    }
    if (s.length() > 8 && s.indexOf(':', 8) < 0) {
      return null;
    }
    int v = 0;
    for (int i = 0; i < 8; i++) {
      final char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return null;
      }
      v = v * 10 + c - '0';
    }
    final Tokens t = new Tokens();
    t.yearFirst = true;
    t.year = v / 10_000;
    t.first = v / 100 % 100;
    t.second = v % 100;
    return t;
  }

  private static Map<String, DayOfWeek> weekdays() {
    final Map<String, DayOfWeek> m = new HashMap<>();
    for (final DayOfWeek d : DayOfWeek.values()) {
      final String name = d.name().toLowerCase(Locale.ROOT);
      m.put(name, d);
      m.put(name.substring(0, 3), d);
    }
    return Map.copyOf(m);
  }

  private static Map<String, Integer> months() {
    final Map<String, Integer> m = new HashMap<>();
    final String[] full = {
      "january",
      "february",
      "march",
      "april",
      "may",
      "june",
      "july",
      "august",
      "september",
      "october",
      "november",
      "december"
    };
    for (int i = 0; i < full.length; i++) {
      m.put(full[i], i + 1);
      m.put(full[i].substring(0, 3), i + 1);
    }
    m.put("sept", 9);
    return Map.copyOf(m);
  }
}
