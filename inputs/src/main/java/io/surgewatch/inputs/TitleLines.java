package io.surgewatch.inputs;

import java.util.ArrayList;
import java.util.List;

/**
 * Lines of text above a CSV header (a title, {@code Exported on:,2025-04-03}), told from the header
 * and its rows by their cells. Apart from {@link CsvRecords} because {@link FileParts} decides the
 * same from a file's bytes, and the two must agree line for line.
 */
final class TitleLines {

  /** Lines of text above the header that are skipped: a title, a note or two, no more. */
  static final int MAX_TITLES = 3;

  private TitleLines() {}

  /**
   * How many of a file's first non-blank lines (after Excel's {@code sep=} line) are text above its
   * header: up to {@link #MAX_TITLES} lines of one cell each, or of two ({@code Exported
   * on:,2025-04-03,,,}), the most after which comes a line of more cells than any of them, and of
   * at least {@link CsvRecords#WIDE} after a line of two (an export's header is that wide, while
   * two-cell text above a two-column header, as a deletions list has, cannot be told from that
   * header). None when no such line comes (a file of one column: its first line is its header,
   * wrong as it may be). The most, not the fewest: a title, then {@code Exported on:,2025-04-03},
   * then the header is two lines of text, though the second has more cells than the first. Decided
   * once, from the first lines, by the one reader and by {@link FileParts} alike.
   */
  static int titlesAbove(final List<String> lines) {
    int most = 0; // cells of text in the widest line above
    int titles = 0;
    for (int n = 1; n <= MAX_TITLES && n < lines.size(); n++) {
      final int cells = titleCells(lines.get(n - 1));
      if (cells > 2) {
        break;
      }
      most = Math.max(most, cells);
      final int header = titleCells(lines.get(n));
      if (header >= 2 && header > most && (most <= 1 || header >= CsvRecords.WIDE)) {
        titles = n;
      }
    }
    return titles;
  }

  /** Whether a line could be text above a header ({@link #titlesAbove}). */
  static boolean mayBeTitle(final String line) {
    return titleCells(line) <= 2;
  }

  /**
   * The text of a line that could be text above a header, its cells of text joined by ", ", "" for
   * a row of empty cells; null when it is none ({@link #titleCells}).
   */
  static String titleText(final String line) {
    final List<String> cells = new ArrayList<>(2);
    return titleCells(line, cells) <= 2 ? String.join(", ", cells) : null;
  }

  /**
   * How many cells of a line hold text; {@link Integer#MAX_VALUE} when the line is a record's
   * start, not text above a header: a quoted cell is open at its end (a header cell with a line
   * break in it) or it is a line Excel wrapped whole in quotes. Cells are split by the separator
   * the line is padded with, as a sheet saves its title row ({@code Title;;;;}, whatever commas the
   * title holds), else by the one it shows; a quote opens a cell only at its start, as {@link
   * CsvFraming} frames records.
   */
  private static int titleCells(final String line) {
    return titleCells(line, null);
  }

  /** As {@link #titleCells(String)}, adding the cells' text (stripped) to {@code into}. */
  private static int titleCells(final String line, final List<String> into) {
    final String text = line.startsWith("\uFEFF") ? line.substring(1) : line;
    final char separator = paddedWith(text);
    final StringBuilder cell = new StringBuilder();
    String filled = "";
    int cells = 0;
    int separators = 0;
    boolean atStart = true;
    boolean quoted = false;
    for (int i = 0; i <= text.length(); i++) {
      final char c = i < text.length() ? text.charAt(i) : separator;
      if (quoted) {
        if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
          cell.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else if (i == text.length()) {
          return Integer.MAX_VALUE; // open at the line's end
        } else {
          cell.append(c);
        }
      } else if (c == separator) {
        if (!cell.toString().isBlank()) {
          cells++;
          filled = cell.toString().strip();
          if (into != null) {
            into.add(filled);
          }
        }
        cell.setLength(0);
        atStart = true;
        separators += i < text.length() ? 1 : 0;
      } else if (c == '"' && atStart) {
        quoted = true;
        atStart = false;
      } else {
        cell.append(c);
        atStart = false;
      }
    }
    if (separators == 0 && text.startsWith("\"") && wrappedRecord(filled)) {
      return Integer.MAX_VALUE; // a line Excel wrapped whole in quotes ({@link CsvRecords#unwrap})
    }
    return cells;
  }

  /** Whether a cell's text is a record of several fields, as a wrapped line holds one. */
  private static boolean wrappedRecord(final String inside) {
    final char separator = Separators.delimiterOf(inside);
    int fields = 1;
    boolean quoted = false;
    for (int i = 0; i < inside.length(); i++) {
      final char c = inside.charAt(i);
      if (c == '"') {
        quoted = !quoted;
      } else if (c == separator && !quoted) {
        fields++;
      }
    }
    return fields >= 3;
  }

  /** The separator a line ends in (a sheet pads a row with it), else the one it shows. */
  private static char paddedWith(final String line) {
    final String s = line.stripTrailing();
    final char last = s.isEmpty() ? ',' : s.charAt(s.length() - 1);
    return last == ',' || last == ';' || last == '\t' ? last : Separators.delimiterOf(line);
  }
}
