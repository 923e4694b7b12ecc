package io.surgewatch.inputs;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether a CSV file is R's {@code write.table} output, decided once per file from its first rows,
 * where its date order and decimal mark are decided ({@link CsvInputReader#decideFromFirstRows}),
 * and adopted by every part of a file read in parts. Two of {@code write.table}'s defaults are not
 * RFC 4180, and read so they lost every row:
 *
 * <ul>
 *   <li>{@code row.names = TRUE}: each row starts with its name ({@code "1"}, {@code "2"}, ...),
 *       which the header does not name ({@code write.csv} writes {@code ""} there, read as an
 *       unnamed column already). The header is one field short of every row: when each of the first
 *       rows has exactly the header's fields and one more, their first is dropped ({@link
 *       CsvRecords#readRowNames}). Rows that merely vary, or rows whose extra field is an empty one
 *       at the end (a separator at the end of each line, read as such), are not that.
 *   <li>{@code qmethod = "escape"}: a quote inside a quoted field is {@code \"}, not {@code ""}, so
 *       {@code "\"Military\" Militia"} read by RFC 4180 closes at the backslash and goes on after
 *       its closing quote. Read as a quote ({@link CsvRecords#readEscapedQuotes}) when the first
 *       rows show such a field and reading {@code \"} as a quote makes more of them well formed, or
 *       when the file is {@code write.table}'s by its layout (row names, or its default spaces
 *       between quoted names: {@link Separators#quotedNamesBySpaces}) and reading so breaks no row.
 *       Never otherwise: in an ordinary CSV file a backslash is a character like any other ({@code
 *       "C:\data\"} is a path).
 * </ul>
 *
 * The scan reads the file's first {@link #ROWS} rows once more (twice for a file that may be R's),
 * before the first record; the rows are then read at the cost of any other file's, but for dropping
 * a row's name.
 */
final class RWriteTable {

  /** Rows scanned: as many as a decision needs, few enough to cost nothing. */
  static final int ROWS = 100;

  private RWriteTable() {}

  /** What the first rows show, read one way ({@code \"} a quote or not). */
  private static final class Scan {
    int rows; // well-formed as framed (no quote left open)
    int broken; // a quote left open
    int clean; // well formed, no text after a closing quote
    int oneMore; // split into the header's fields and one more
    int oneMoreFilled; // of those, with a last field that holds something
    int numbered; // first cell 1, 2, 3, ... in order, as R's default row names
    int escapedStray; // text after a closing quote that a \" closed

    void see(final CsvRecords row, final int headerFields) {
      if (row.error != null) {
        broken++;
        return;
      }
      rows++;
      if (row.strayQuoteField < 0) {
        clean++;
      } else if (row.strayQuoteText.contains("\\\"")) {
        escapedStray++;
      }
      if (row.splitFields == headerFields + 1) {
        oneMore++;
        // A blank last field is dropped as a trailing separator's: fields() is then the header's.
        oneMoreFilled += row.fields.size() > headerFields ? 1 : 0;
      }
      if (row.fields.get(0).strip().equals(Integer.toString(rows))) {
        numbered++;
      }
    }

    /** Every row the header's fields and one more, as row names make it. */
    boolean rowNames() {
      return rows > 0 && oneMore == rows && (oneMoreFilled > 0 || numbered == rows);
    }
  }

  /** The rows after the header, read from the start each time, as their reader's rows are. */
  interface Rows {
    /** A reader of the rows after the header, as {@code csv} reads them, from the first one. */
    CsvRecords open() throws IOException;

    /** Done with the reader {@link #open} gave. */
    void close() throws IOException;

    /** Whether the record is where the scan stops (another export's header). */
    boolean stop(CsvRecords row);
  }

  /** Decides for {@code csv}, whose header is read, from its first rows ({@code rows}). */
  static void decide(final CsvRecords csv, final Rows rows) throws IOException {
    final int n = csv.headerNames.size();
    final Scan asWritten = scan(rows, n);
    // R's layout makes the file write.table's, whose default escapes quotes; a \" that closed a
    // quoted field with text after it suggests so: either way, reading \" as a quote must do
    // better.
    final boolean byLayout = asWritten.rowNames() || csv.delimiter() == ' ';
    Scan chosen = asWritten;
    if (byLayout || asWritten.escapedStray > 0) {
      csv.readEscapedQuotes();
      final Scan escaped = scan(rows, n);
      if (escaped.broken <= asWritten.broken
          && (byLayout ? escaped.clean >= asWritten.clean : escaped.clean > asWritten.clean)) {
        chosen = escaped;
      } else {
        csv.readWithoutEscapedQuotes();
      }
    }
    if (chosen.rowNames()) {
      csv.readRowNames();
    }
  }

  private static Scan scan(final Rows rows, final int headerFields) throws IOException {
    final Scan scan = new Scan();
    final CsvRecords row = rows.open();
    row.frameOneMoreToo(); // a row with a name and a line break in a field is one record
    try {
      for (int i = 0; i < ROWS && row.next() && !rows.stop(row); i++) {
        if (i == 0 && row.error == null && CsvInputReader.isHxlTags(row.fields)
            || row.error == null && CsvInputReader.sameHeader(row.fields, row.headerNames)) {
          continue; // neither a row nor a row's layout
        }
        scan.see(row, headerFields);
      }
    } finally {
      rows.close();
    }
    return scan;
  }

  /**
   * {@code e}, the error of a header without the format's columns, or, when the file's first line
   * is the format's header with its names separated by single spaces and unquoted ({@code
   * write.table(x, quote = FALSE)}, which is not read: a space in a cell could not be told from a
   * separator; quoted, as {@code write.table} writes by default, it is read), the error that says
   * so, naming that line, where the reader took it for a title above the header (a line of one
   * cell) and named the line after it.
   */
  static InputFileException separatedBySpaces(
      final CsvRecords csv,
      final InputFormat format,
      final String sourceName,
      final InputFileException e) {
    final String first = csv.titles.isEmpty() ? csv.raw : csv.titles.get(0);
    final long line = csv.titles.isEmpty() ? csv.line : csv.firstTitleLine;
    if (first == null
        || csv.delimiter() == ' '
        || first.indexOf(',') >= 0
        || first.indexOf(';') >= 0
        || first.indexOf('\t') >= 0) {
      return e;
    }
    final List<String> names = new ArrayList<>();
    for (final String word : first.strip().split(" ")) {
      names.add(word.replace("\"", ""));
    }
    if (names.size() < 2 || !CsvInputReader.isHeaderOf(format, names)) {
      return e;
    }
    return new InputFileException(
        sourceName
            + ": the header (line "
            + line
            + ") has its columns separated by spaces, as R's write.table writes by default, and"
            + " its names are not quoted (quote = FALSE), so a space in a cell cannot be told from"
            + " a separator: write the file as CSV in R and read that: write.csv(x, 'file.csv',"
            + " row.names = FALSE) (header: "
            + CsvHeader.shown(first)
            + ")",
        e);
  }

  /** The notes of what was decided for {@code csv}; none for an ordinary file. */
  static void notes(final CsvRecords csv, final List<String> into) {
    if (csv.rowNames()) {
      into.add(
          "the header names one column fewer than its rows: R's write.table with row names;"
              + " the rows' first cells, their names, ignored");
    }
    if (csv.escapedQuotes()) {
      into.add(
          "a quote inside a quoted field read as R's write.table writes it by default, \\\""
              + " (qmethod = \"escape\"), where CSV doubles it (\"\")");
    }
  }
}
