package io.surgewatch.inputs;

import io.surgewatch.core.FieldError;
import java.util.ArrayList;
import java.util.List;

/**
 * A file's decimal mark, as its coordinates write it, and so whether a whole number such as {@code
 * 1,172} is grouped in thousands. The cell alone cannot say ({@link Cells#wholeNumber}: 1.172 with
 * a decimal comma, or 1172); the file can: an Excel US re-save writes 1,172 killed beside latitudes
 * of 13.7333, a European one 1.172 beside 13,7333. The mark of a coordinate is always a decimal one
 * (none reaches a thousand), so the coordinates of the file's first rows decide, before its first
 * record is read, as they decide the order of its dates ({@link ExportDates}). Only coordinates
 * that stand count: a well-formed row's, each pair as {@link Coordinates} reads it (a malformed
 * row's cells are not under their names; {@code 137.333} is no latitude):
 *
 * <ul>
 *   <li>coordinates with '.' only: ',' groups thousands ({@code 1,172} is 1172; {@code 1.172} is
 *       refused, a fraction there);
 *   <li>with ',' only: '.' groups them ({@code 1.172} is 1172; {@code 1,172} is refused);
 *   <li>with neither (no coordinates, or whole ones): ',' groups them, as nothing in the file
 *       writes a decimal comma;
 *   <li>with both: neither mark groups one group alone.
 * </ul>
 *
 * Numbers grouped twice or more, or by spaces, are read whatever the file. Every whole-number cell
 * of a row is read here, by the file's mark: counts, ids, years and codes alike (a re-save that
 * grouped UCDP's id 244657 as {@code 244,657} or {@code 244.657} keeps its incident's id).
 */
final class DecimalMark {

  /** The scan stops after this many coordinates with a mark. */
  static final int PROOFS = 50;

  /** The first coordinate written with a decimal point ({@code latitude '13.7333'}); or null. */
  private String point;

  /** The first coordinate written with a decimal comma; or null. */
  private String comma;

  private int proofs;

  private long grouped;
  private final List<String> groupedFirst = new ArrayList<>(ReadCounts.SHOWN);

  /** How the rows of those numbers are named. */
  private final Places places;

  DecimalMark(final Places places) {
    this.places = places;
  }

  /** Whether another coordinate could still change the decision. */
  boolean wantsMore() {
    return proofs < PROOFS;
  }

  /**
   * A coordinate cell of the file's first rows, of the column named {@code column}, that {@link
   * Coordinates} reads as one.
   */
  void see(final String cell, final String column) {
    final String s = Cells.strip(cell);
    final char mark = markOf(s);
    if (mark == Cells.NO_MARK) {
      return;
    }
    proofs++;
    final String example = column + " '" + s + "'";
    if (mark == '.' && point == null) {
      point = example;
    } else if (mark == ',' && comma == null) {
      comma = example;
    }
  }

  /** The one mark of a number such as {@code -13.7333}, with digits on both sides; or none. */
  private static char markOf(final String s) {
    final int from = s.startsWith("-") || s.startsWith("+") ? 1 : 0;
    int at = -1;
    for (int i = from; i < s.length(); i++) {
      final char c = s.charAt(i);
      if (c == '.' || c == ',') {
        if (at >= 0) {
          return Cells.NO_MARK;
        }
        at = i;
      } else if (!Cells.isDigit(c)) {
        return Cells.NO_MARK;
      }
    }
    return at > from && at < s.length() - 1 ? s.charAt(at) : Cells.NO_MARK;
  }

  /** Takes the whole file's decision (a reader of a part of it scans nothing). */
  void adopt(final DecimalMark whole) {
    point = whole.point;
    comma = whole.comma;
  }

  /** The mark that groups thousands with one group alone, {@link Cells#NO_MARK} when none. */
  private char oneGroup() {
    return comma == null ? ',' : point == null ? '.' : Cells.NO_MARK;
  }

  /**
   * A whole number of at least 0 ({@link Cells#wholeNumber(String, char)}), -1 when the cell is
   * none; a cell that is one only by the file's thousands mark is counted for the note, with its
   * {@code line} and {@code column}.
   */
  long wholeNumber(final String raw, final long line, final String column) {
    final char mark = oneGroup();
    final long n = Cells.wholeNumber(raw, mark);
    if (n >= 0 && mark != Cells.NO_MARK && raw.indexOf(mark) >= 0 && Cells.wholeNumber(raw) < 0) {
      if (groupedFirst.size() < ReadCounts.SHOWN) {
        groupedFirst.add(places.at(line) + ": " + column + " '" + Cells.strip(raw) + "' is " + n);
      }
      grouped++;
    }
    return n;
  }

  /**
   * {@link #wholeNumber(String, long, String)} of a cell not counted for the note: a rejected row's
   * id, read only to name the row.
   */
  long wholeNumber(final String raw) {
    return Cells.wholeNumber(raw, oneGroup());
  }

  /**
   * A code cell ({@code iso}, {@code gwno}, a precision, a type) as its digits ({@code 404.0} is
   * {@code 404}); the cell as written, without the spaces around it, when it is no whole number.
   */
  String code(final String raw, final long line, final String column) {
    final long n = wholeNumber(raw, line, column);
    return n < 0 ? Cells.strip(raw) : Long.toString(n);
  }

  /**
   * A {@code year} cell's year ({@code 2009}, pandas' {@code 2009.0}, a re-save's {@code 2,009}
   * where the file groups thousands by ','); -1 when the cell is blank, or when it holds no year,
   * an error in {@code errors} then saying why (a year that cannot be read rejects the row, never
   * ignored: the row's date would be checked against nothing).
   */
  int year(final String raw, final long line, final String column, final List<FieldError> errors) {
    if (Cells.isBlank(raw)) {
      return -1;
    }
    final long year = wholeNumber(raw, line, column);
    if (year < 0) {
      errors.add(new FieldError(column, notAWholeNumber(raw)));
      return -1;
    }
    if (year < 1000 || year > 9999) {
      errors.add(
          new FieldError(column, "expected a year like 2023, got '" + Cells.strip(raw) + "'"));
      return -1;
    }
    return (int) year;
  }

  /** Why a cell is not a whole number ({@link Cells#notAWholeNumber}), with what the file says. */
  String notAWholeNumber(final String raw) {
    final String decimals = decimals();
    return Cells.notAWholeNumber(
        raw, decimals == null ? "nothing in the cell or the file says which" : decimals);
  }

  /** The marks the file's coordinates write decimals with, in words; null when they show none. */
  private String decimals() {
    if (point == null && comma == null) {
      return null;
    }
    return "the file writes its decimals with "
        + (point == null ? "" : "'.' (" + point + ")")
        + (point != null && comma != null ? " and with " : "")
        + (comma == null ? "" : "',' (" + comma + ")");
  }

  void addTo(final ReadCounts counts) {
    counts.put(ReadCount.ONE_GROUP_THOUSANDS, grouped, groupedFirst);
  }

  /** The note of {@link ReadCount#ONE_GROUP_THOUSANDS}; null when there were none. */
  String note(final ReadCounts counts) {
    final long n = counts.get(ReadCount.ONE_GROUP_THOUSANDS);
    if (n == 0) {
      return null;
    }
    final String decimals = decimals();
    return n
        + (n == 1 ? " number" : " numbers")
        + " read as grouped in thousands by '"
        + oneGroup()
        + "' ("
        + counts.places(ReadCount.ONE_GROUP_THOUSANDS)
        + "): "
        + (decimals == null
            ? "no coordinate in the file's first rows writes a decimal comma"
            : decimals);
  }
}
