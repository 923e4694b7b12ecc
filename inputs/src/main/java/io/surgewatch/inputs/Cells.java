package io.surgewatch.inputs;

import java.util.List;
import java.util.Set;

/**
 * Cells of numbers, codes and dates as real exports write them: surrounded by any Unicode space,
 * not only the ASCII ones {@link String#strip()} knows: a no-break space (U+00A0, as a Windows-1252
 * file's byte 0xA0 reads), a narrow or figure space (U+202F, U+2007), a zero-width space or a stray
 * byte-order mark.
 */
final class Cells {

  /**
   * Cells that mean "no value": R writes {@code NA}, pandas {@code NaN}/{@code nan}, spreadsheets
   * {@code #N/A}. A real value is never one of these in ACLED's or UCDP's columns (Namibia is a
   * name or {@code 516}/{@code NAM}, never {@code NA}).
   */
  private static final Set<String> MISSING =
      Set.of("NA", "N/A", "#N/A", "NaN", "nan", "NULL", "null");

  /** What a rejected row's reason says of a required cell that is blank or a missing value. */
  static final String MISSING_CELL = "is missing (the cell is blank, or NA, #N/A or NaN)";

  private Cells() {}

  /**
   * Blanks every missing-value cell of a row in place, before any reader looks at it, so that no
   * later step can take {@code NA} for a region, a group or an id.
   */
  static void blankMissing(final List<String> fields) {
    for (int i = 0; i < fields.size(); i++) {
      final String s = fields.get(i);
      if (!s.isEmpty() && s.length() <= 6 && MISSING.contains(strip(s))) {
        fields.set(i, "");
      }
    }
  }

  static boolean isSpace(final char c) {
    return Character.isWhitespace(c) || Character.isSpaceChar(c) || c == '\uFEFF' || c == '\u200B';
  }

  /** The cell without the spaces around it. */
  static String strip(final String s) {
    int from = 0;
    int to = s.length();
    while (from < to && isSpace(s.charAt(from))) {
      from++;
    }
    while (to > from && isSpace(s.charAt(to - 1))) {
      to--;
    }
    return from == 0 && to == s.length() ? s : s.substring(from, to);
  }

  /** Whether the cell holds nothing but spaces. */
  static boolean isBlank(final String s) {
    return strip(s).isEmpty();
  }

  /**
   * Why a cell is not a whole number of at least 0, for a rejected row's reason: one mark between a
   * group of up to three digits and one of three ({@code 1,234}, {@code 1.000}) is named as the
   * ambiguity it is.
   */
  static String notAWholeNumber(final String raw) {
    return notAWholeNumber(raw, "nothing in the cell says which");
  }

  /**
   * {@link #notAWholeNumber(String)}, an ambiguous mark followed by {@code why} nothing settles it
   * ("the file writes its decimals with ','", from {@link DecimalMark}).
   */
  static String notAWholeNumber(final String raw, final String why) {
    final String s = strip(raw);
    final String expected = "expected a whole number of at least 0, got '" + s + "'";
    final int mark = Math.max(s.indexOf(','), s.indexOf('.'));
    if (mark >= 1
        && mark <= 3
        && s.length() == mark + 4
        && s.chars().filter(ch -> !isDigit((char) ch)).count() == 1) {
      return expected
          + ": its '"
          + s.charAt(mark)
          + "' may be a thousands mark or a decimal one, and "
          + why
          + "; write the number without it";
    }
    return expected;
  }

  /**
   * Spaces that group digits and are never a decimal mark: a space, a no-break space (U+00A0) and a
   * narrow no-break space (U+202F), as French and Russian locales write {@code 2 478}.
   */
  private static final String GROUPING_SPACES = " \u00A0\u202F";

  /** Digits a whole number may have (a long holds 18 in full). */
  private static final int MAX_DIGITS = 18;

  /**
   * A whole number of at least 0 as exports and their re-saves write one; -1 when the cell is not
   * one (a fraction that is not zero, a sign, letters, more than 18 digits, an ambiguous mark):
   *
   * <ul>
   *   <li>{@code 3}; as pandas and R write numbers of float columns, {@code 3.0}, and with a
   *       decimal comma (pandas' {@code decimal=','}, a European spreadsheet) {@code 3,0};
   *   <li>grouped in thousands, as a spreadsheet shows a number formatted so: {@code
   *       1,675,368,000}, {@code 1.675.368.000}, {@code 1 675 368 000} (a space of any kind) or
   *       {@code 1'675'368'000}, with two groups at least, perhaps followed by a fraction of zeros
   *       in the other mark ({@code 1.234.567,0});
   *   <li>with one group too when the mark is a space, a no-break space or a narrow one ({@code 2
   *       478}, as French and Russian locales write numbers): no locale writes a decimal mark so.
   * </ul>
   *
   * {@code 1,234} and {@code 1.000} are refused: a decimal mark or a thousands one, and nothing in
   * the cell says which ({@code 15960,000} is a decimal: a group has three digits at most before
   * it). The file can say: {@link #wholeNumber(String, char)}.
   */
  static long wholeNumber(final String raw) {
    return wholeNumber(raw, NO_MARK);
  }

  /** No mark groups a whole number's thousands with one group alone (spaces aside). */
  static final char NO_MARK = 0;

  /**
   * {@link #wholeNumber(String)}, where {@code oneGroup} groups thousands with one group too
   * ({@code 1,172} when it is a comma, {@code 1.172} when a point): the mark the file does not
   * write its decimals with ({@link DecimalMark}), or {@link #NO_MARK}.
   */
  static long wholeNumber(final String raw, final char oneGroup) {
    final String s = strip(raw);
    final int n = s.length();
    int i = 0;
    long v = 0;
    int digits = 0;
    while (i < n && isDigit(s.charAt(i))) {
      v = v * 10 + s.charAt(i++) - '0';
      if (++digits > MAX_DIGITS) {
        return -1;
      }
    }
    if (digits == 0) {
      return -1;
    }
    if (i == n) {
      return v;
    }
    final char mark = s.charAt(i);
    final int groups = digits <= 3 ? groups(s, i, mark) : 0;
    // No grouped number starts with 0 (0,172 is no thousand).
    if (groups >= 2
        || groups == 1
            && (GROUPING_SPACES.indexOf(mark) >= 0 || mark == oneGroup && s.charAt(0) != '0')) {
      for (int g = 0; g < groups; g++) {
        for (int k = i + 1; k <= i + 3; k++) {
          v = v * 10 + s.charAt(k) - '0';
        }
        i += 4;
        if ((digits += 3) > MAX_DIGITS) {
          return -1;
        }
      }
      if (i == n) {
        return v;
      }
      final char decimal = s.charAt(i);
      final boolean other =
          mark == ','
              ? decimal == '.'
              : mark == '.' ? decimal == ',' : decimal == '.' || decimal == ',';
      return other && zeros(s, i + 1) >= 0 ? v : -1;
    }
    if (mark == '.' || mark == ',') {
      final int zeros = zeros(s, i + 1);
      // 1.000 or 1,000: a thousand grouped, or one with three decimals; nothing says which. With
      // more than three digits before it the mark cannot group them: a decimal.
      final boolean ambiguous = zeros == 3 && digits <= 3;
      return zeros >= (mark == ',' ? 1 : 0) && !ambiguous ? v : -1;
    }
    return -1;
  }

  /** How many groups of a separator and three digits follow from {@code at}, in a row. */
  private static int groups(final String s, final int at, final char mark) {
    if (!(mark == ',' || mark == '.' || mark == '\'' || isSpace(mark))) {
      return 0;
    }
    int count = 0;
    int i = at;
    while (i + 3 < s.length()
        && s.charAt(i) == mark
        && isDigit(s.charAt(i + 1))
        && isDigit(s.charAt(i + 2))
        && isDigit(s.charAt(i + 3))
        && (i + 4 == s.length() || !isDigit(s.charAt(i + 4)))) {
      count++;
      i += 4;
    }
    return count;
  }

  /** How many zeros run from {@code from} to the end; -1 when anything else is there. */
  private static int zeros(final String s, final int from) {
    for (int i = from; i < s.length(); i++) {
      if (s.charAt(i) != '0') {
        return -1;
      }
    }
    return s.length() - from;
  }

  /** An ASCII digit (Character.isDigit takes every script's). */
  static boolean isDigit(final char c) {
    return c >= '0' && c <= '9';
  }
}
