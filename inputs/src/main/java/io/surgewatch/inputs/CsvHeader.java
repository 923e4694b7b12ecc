package io.surgewatch.inputs;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A CSV file's header: column indexes by name, any order and letter case (the first of two equal
 * names wins). Read by the readers of formats with named columns; a file without the required
 * columns fails at open, naming them.
 */
final class CsvHeader {

  final String text;

  /** Its line: 1, or 2 after Excel's {@code sep=} line ({@link CsvRecords#separatorLine}). */
  final long line;

  final int columns;
  private final Map<String, Integer> index = new HashMap<>();
  private final List<String> names;

  private CsvHeader(final CsvRecords csv, final Map<String, String> aliases) {
    text = csv.raw;
    line = csv.line;
    columns = csv.fields.size();
    names = List.copyOf(csv.fields);
    for (int i = 0; i < columns; i++) {
      final String name = csv.fields.get(i).trim().toLowerCase(Locale.ROOT);
      index.putIfAbsent(aliases.getOrDefault(name, name), i);
    }
  }

  /** The record {@code csv} holds, read as a header (one after the file's first). */
  static CsvHeader of(final CsvRecords csv, final Map<String, String> aliases) {
    return new CsvHeader(csv, aliases);
  }

  /**
   * Reads the first record as the header.
   *
   * @param what the format, for messages ("a UCDP GED CSV file")
   */
  static CsvHeader read(final CsvRecords csv, final String sourceName, final String what) {
    return read(csv, sourceName, what, Map.of());
  }

  /**
   * @param aliases other exports' names of columns (lower case) to the names looked up
   */
  static CsvHeader read(
      final CsvRecords csv,
      final String sourceName,
      final String what,
      final Map<String, String> aliases) {
    try {
      if (!csv.next()) {
        throw noHeader(csv, sourceName, "expected " + what + " with a header line");
      }
    } catch (final IOException e) {
      throw InputFileException.cannotRead(sourceName, e);
    }
    return new CsvHeader(csv, aliases);
  }

  /**
   * The error for a file without a header: an empty one, one of blank lines only, or one holding
   * only Excel's separator line (a spreadsheet saved with no rows), named as what it holds.
   *
   * @param expected what the file should have held ("expected a UCDP GED CSV file ...")
   */
  static InputFileException noHeader(
      final CsvRecords csv, final String sourceName, final String expected) {
    if (csv.separatorLine != null) {
      return new InputFileException(
          sourceName
              + ": only Excel's separator line ("
              + shown(csv.separatorLine)
              + ", line 1) and no header after it, "
              + expected);
    }
    if (csv.linesRead() > 0) { // not empty: a download or a save that wrote no text
      return new InputFileException(
          sourceName
              + ": "
              + csv.linesRead()
              + (csv.linesRead() == 1 ? " blank line" : " blank lines")
              + " and nothing else, "
              + expected);
    }
    return new InputFileException(sourceName + ": empty file, " + expected);
  }

  /** Up to this many characters of the header are echoed in an error. */
  private static final int SHOWN = 300;

  /** The header as an error shows it: control characters escaped, cut after {@link #SHOWN}. */
  static String shown(final String header) {
    final StringBuilder b = new StringBuilder();
    for (int i = 0; i < header.length() && b.length() < SHOWN; i++) {
      final char c = header.charAt(i);
      if (Character.isISOControl(c)) {
        b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    return header.length() > SHOWN ? b + "... (" + header.length() + " characters)" : b.toString();
  }

  /**
   * Why a header holds none of the names: its line looks like a record (a quarter of its cells, two
   * at least, start with a digit: dates, years, counts, coordinates; column names hardly ever do),
   * as in a file saved or cut without its header line. An export's row has as much text as numbers
   * (actors, places, notes): "most" missed every real one.
   */
  static String recordHint(final List<String> cells, final long line) {
    long filled = 0;
    long numeric = 0;
    for (final String cell : cells) {
      final String c = Cells.strip(cell);
      if (!c.isEmpty()) {
        filled++;
        final char first = c.charAt(c.length() > 1 && c.charAt(0) == '-' ? 1 : 0);
        numeric += first >= '0' && first <= '9' ? 1 : 0;
      }
    }
    return numeric >= 2 && 4 * numeric >= filled
        ? "; line "
            + line
            + " looks like a record, not a header: put the export's header line (its column"
            + " names) before it"
        : "";
  }

  /**
   * Why a header with no commas has one column: spreadsheets in many locales save CSV with
   * semicolons, and "Text" saves with tabs.
   */
  static String separatorHint(final String text) {
    if (text.indexOf(',') >= 0) {
      return "";
    }
    for (final char c : new char[] {';', '\t', '|'}) {
      if (text.indexOf(c) >= 0) {
        return "; its columns are separated by "
            + (c == '\t' ? "tabs" : "'" + c + "'")
            + ", not commas: save it as CSV UTF-8 (comma delimited)";
      }
    }
    return "";
  }

  /** Index of a column, -1 when absent. */
  int of(final String name) {
    return index.getOrDefault(name, -1);
  }

  /** The column's name as the header writes it. */
  String nameOf(final int column) {
    return names.get(column).trim();
  }

  boolean has(final String name) {
    return index.containsKey(name);
  }

  /**
   * Fails naming every missing column; {@code alternatives} are groups of which any one will do.
   */
  void require(
      final String sourceName,
      final String what,
      final List<String> columns,
      final List<List<String>> alternatives) {
    final List<String> missing = new ArrayList<>();
    for (final String column : columns) {
      if (!has(column)) {
        missing.add(column);
      }
    }
    for (final List<String> anyOf : alternatives) {
      if (anyOf.stream().noneMatch(this::has)) {
        missing.add(String.join(" or ", anyOf));
      }
    }
    if (!missing.isEmpty()) {
      throw lacking(sourceName, what, line, missing, names);
    }
  }

  /**
   * The error of a header without the format's columns: which are missing, from the cells as read
   * (a header split at its semicolons was read right, and its names are shown without the file's
   * quotes), with why it may be so (another separator, a record where the header should be).
   *
   * @param what the format ("an ACLED CSV export")
   */
  static InputFileException lacking(
      final String sourceName,
      final String what,
      final long line,
      final List<String> missing,
      final List<String> names) {
    return new InputFileException(
        sourceName
            + ": not "
            + what
            + ": the header (line "
            + line
            + ") lacks the required "
            + (missing.size() == 1 ? "column " : "columns ")
            + String.join(", ", missing)
            + separatorHint(String.join(",", names))
            + recordHint(names, line)
            + " (found: "
            // An unnamed column (R's row names, pandas' index) shown as such, not as nothing.
            + shown(
                names.stream().map(n -> n.isBlank() ? "\"\"" : n).collect(Collectors.joining(", ")))
            + ")");
  }
}
