package io.surgewatch.inputs;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Days a spreadsheet saved as its numbers for them ({@code 44956}, or {@code 44956.0} as pandas
 * writes a float): a date column formatted as numbers, or a workbook's day cells without a date
 * style that pandas or R converted. Excel counts days in one of two systems, from 1900 (Windows,
 * the default) or from 1904 (old Mac workbooks), 1,462 days apart; a row's own {@code year} tells
 * them apart, since at most one of the two readings falls in it. Without a year, or when neither
 * reading is the row's year, the day is not read: its error says which days the number stands for
 * ({@link #hint}). One instance counts a reader's rows so read, for its note.
 */
final class DayNumbers {

  /** Whole days with an optional fraction (a time of day, ignored). */
  private static final Pattern DAY_NUMBER = Pattern.compile("\\d{5}(\\.\\d+)?");

  /** Numbers for 1954-10-03 to 2119-01-10 (1900 system): nearer no export's dates, none is read. */
  private static final double LOWEST = 20_000;

  private static final double HIGHEST = 80_000;

  private long rows;
  private long rows1904;
  private final List<String> first = new ArrayList<>(ReadCounts.SHOWN);

  /** How those rows are named. */
  private final Places places;

  DayNumbers(final Places places) {
    this.places = places;
  }

  /**
   * The day {@code raw} stands for as a day number in the system that puts it in {@code rowYear};
   * null when it is no day number, the row has no year ({@code rowYear} -1) or neither system's day
   * is in it.
   */
  LocalDate read(final String raw, final int rowYear, final long line) {
    final double number = number(raw);
    if (Double.isNaN(number) || rowYear < 0) {
      return null;
    }
    for (final boolean date1904 : new boolean[] {false, true}) {
      final LocalDate day = WorkbookCsv.excelDay(number, date1904).toLocalDate();
      if (day.getYear() == rowYear) {
        rows++;
        rows1904 += date1904 ? 1 : 0;
        if (first.size() < ReadCounts.SHOWN) {
          first.add(places.at(line));
        }
        return day;
      }
    }
    return null;
  }

  void addTo(final ReadCounts counts) {
    counts.put(ReadCount.DAY_NUMBER_ROWS, rows, first);
    counts.put(ReadCount.DAY_NUMBER_ROWS_1904, rows1904);
  }

  /** The note on a file's rows whose days were day numbers (of every part of it); null if none. */
  static String note(final ReadCounts counts) {
    final long n = counts.get(ReadCount.DAY_NUMBER_ROWS);
    if (n == 0) {
      return null;
    }
    final long of1904 = counts.get(ReadCount.DAY_NUMBER_ROWS_1904);
    return n
        + (n == 1
            ? " row's day was saved as a spreadsheet's number for it"
            : " rows' days were saved as a spreadsheet's numbers for them")
        + " (a date column formatted as numbers), read in "
        + (of1904 == 0
            ? "Excel's 1900 date system"
            : of1904 == n
                ? "Excel's 1904 date system (old Mac workbooks)"
                : "Excel's 1900 date system, " + of1904 + " of them in its 1904 system")
        + " as each row's year confirms: "
        + counts.places(ReadCount.DAY_NUMBER_ROWS);
  }

  /**
   * What a date cell that {@link #read} did not read stands for as a day number, to follow "got
   * '...'" in its error; empty when it is no day number.
   */
  static String hint(final String raw, final int rowYear) {
    final double number = number(raw);
    if (Double.isNaN(number)) {
      return "";
    }
    final LocalDate day = WorkbookCsv.excelDay(number, false).toLocalDate();
    return rowYear < 0
        ? " (Excel's number for "
            + day
            + ", saved from a date column formatted as numbers: format it as a date before"
            + " saving, or keep the export's year column, which tells Excel's two date systems"
            + " apart)"
        : " (Excel's number for "
            + day
            + ", or "
            + WorkbookCsv.excelDay(number, true).toLocalDate()
            + " in its 1904 date system: neither is in the row's year, "
            + rowYear
            + ")";
  }

  /** The day number {@code raw} holds, or NaN. */
  private static double number(final String raw) {
    final String text = raw == null ? "" : raw.strip();
    if (!DAY_NUMBER.matcher(text).matches()) {
      return Double.NaN;
    }
    final double number = Double.parseDouble(text);
    return number < LOWEST || number > HIGHEST ? Double.NaN : number;
  }
}
