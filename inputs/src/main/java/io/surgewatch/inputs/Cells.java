package io.surgewatch.inputs;

/**
 * Cells of numbers, codes and dates as real exports write them: surrounded by any Unicode space,
 * not only the ASCII ones {@link String#strip()} knows: a no-break space (U+00A0, as a Windows-1252
 * file's byte 0xA0 reads), a narrow or figure space (U+202F, U+2007), a zero-width space or a stray
 * byte-order mark.
 */
final class Cells {

  private Cells() {}

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
}
