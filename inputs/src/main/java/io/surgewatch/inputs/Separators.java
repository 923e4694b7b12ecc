package io.surgewatch.inputs;

/**
 * Which character separates a CSV file's fields, read off a line: the one Excel's {@code sep=} line
 * names, or the one a header shows. Apart from {@link CsvRecords} because {@link FileParts} and the
 * title lines above a header ({@link TitleLines}) ask it too, before any record is read.
 */
final class Separators {

  private Separators() {}

  /**
   * The separator a line {@code sep=X} names, as Excel writes and reads it before the header (its
   * quotes dropped, as a re-save may quote it, and X repeated after it, as a re-save may pad the
   * row with empty cells; {@code sep=\t} is a tab too); -1 when the line is none.
   */
  static int separatorNamed(final String line) {
    final String s = line.replace("\"", "").stripLeading();
    if (s.length() < 5 || !s.regionMatches(true, 0, "sep=", 0, 4)) {
      return -1;
    }
    final char c = s.charAt(4);
    // Spaces after it are not part of it, unless the separator is a space or a tab itself.
    final String named = Cells.isSpace(c) ? s.substring(4) : Cells.strip(s.substring(4));
    if (named.equals("\\t")) {
      return '\t';
    }
    return named.chars().allMatch(x -> x == c) ? c : -1;
  }

  /**
   * The separator a header uses: a comma when it has one outside quotes, else ';' or a tab; a space
   * when it is quoted names separated by single spaces ({@link #quotedNamesBySpaces}).
   */
  static char delimiterOf(final String header) {
    boolean quoted = false;
    boolean semicolon = false;
    boolean tab = false;
    for (int i = 0; i < header.length(); i++) {
      final char c = header.charAt(i);
      if (c == '"') {
        quoted = !quoted;
      } else if (!quoted && c == ',') {
        return ',';
      } else if (!quoted && c == ';') {
        semicolon = true;
      } else if (!quoted && c == '\t') {
        tab = true;
      }
    }
    return semicolon ? ';' : tab ? '\t' : quotedNamesBySpaces(header) ? ' ' : ',';
  }

  /**
   * Whether a line is two or more quoted names, each followed by a single space or the line's end,
   * and nothing else: the header of R's default {@code write.table(x)}, which separates its columns
   * by spaces and quotes every name. Only then is a space a separator. R's rows under it are safe
   * to split at spaces (it quotes every text, and a number or {@code NA} holds no space), while a
   * space in any other file is text: a header of unquoted names, and {@code write.table(x, quote =
   * FALSE)}'s rows, hold spaces in names and places. The line is no CSV record either way: RFC 4180
   * allows nothing after a closing quote but a separator.
   */
  static boolean quotedNamesBySpaces(final String line) {
    final int n = line.length();
    int names = 0;
    int i = 0;
    while (i < n) {
      if (line.charAt(i) != '"') {
        return false;
      }
      final int close = line.indexOf('"', i + 1);
      if (close <= i + 1) {
        return false; // open, or an empty name
      }
      names++;
      i = close + 1;
      if (i < n && (line.charAt(i) != ' ' || ++i == n)) {
        return false;
      }
    }
    return names >= 2;
  }
}
