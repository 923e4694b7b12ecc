package io.surgewatch.inputs;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A line that holds the last row of one export and, after it, the header of the next: an export
 * whose last line has no line break after it, joined end to end to another ({@code cat a.csv
 * b.csv}), glues the two ({@code ...,1561469393,ZMBdata_id,iso,...}). Taken whole for a header,
 * that line lost its row and read every row after it by a header of both lines' cells, rejecting
 * them all; it is the row, of the header in force, then the header.
 *
 * @param rowLastCell the row's last cell, without the header's first name glued to it
 * @param rowText the row's text, up to where the header starts
 * @param header the header after the row, read as the file's records are
 */
record JoinedHeader(String rowLastCell, String rowText, CsvRecords header) {

  /**
   * The header that ends {@code record}, a row of {@code inForce}'s columns with a header of {@code
   * format} glued to its last cell; null when the record is no such line.
   */
  static JoinedHeader in(
      final InputFormat format, final CsvRecords record, final List<String> inForce) {
    final List<String> cells = record.fields;
    final int n = inForce.size();
    if (record.error != null || n == 0 || cells.size() <= n) {
      return null;
    }
    final String glued = cells.get(n - 1);
    // The next header's first name: most often the one in force (a later download of the same
    // export); else the name every header of the format has, where exports start theirs.
    for (final String name : List.of(Cells.strip(inForce.get(0)), firstNameOf(format))) {
      final int cut = gluedAt(glued, name);
      if (cut < 0) {
        continue;
      }
      final List<String> header = new ArrayList<>(cells.size() - n + 1);
      header.add(name);
      header.addAll(cells.subList(n, cells.size()));
      if (!CsvInputReader.isHeaderOf(format, header)) {
        continue;
      }
      final JoinedHeader joined = locate(record, glued.substring(0, cut), name, header);
      if (joined != null) {
        return joined;
      }
    }
    return null;
  }

  /** Makes {@code record}, the joined line, the row alone: its fields and text. */
  void cutRow(final CsvRecords record, final int fields) {
    record.fields.subList(fields, record.fields.size()).clear();
    record.fields.set(fields - 1, rowLastCell);
    record.raw = rowText;
  }

  /**
   * Where {@code name} (or it quoted, a quote being a character in a cell without quotes around it)
   * ends {@code cell} after a row's own text; -1 when it does not.
   */
  private static int gluedAt(final String cell, final String name) {
    final String lower = cell.toLowerCase(Locale.ROOT);
    final String n = name.toLowerCase(Locale.ROOT);
    if (lower.endsWith("\"" + n + "\"") && lower.length() > n.length() + 2) {
      return lower.length() - n.length() - 2;
    }
    if (lower.endsWith(n) && lower.length() > n.length()) {
      return lower.length() - n.length();
    }
    return -1;
  }

  /** The first of the columns every header of the format has, as its exports write it first. */
  private static String firstNameOf(final InputFormat format) {
    return format == InputFormat.UCDP_GED ? "id" : CsvInputReader.headerKey(format);
  }

  /**
   * The joined line split where the header's text starts on its last physical line: the first place
   * from which its text reads as exactly {@code header}'s cells. Tried only on a line whose cells
   * already show a header after a row, so at most a few places are read.
   */
  private static JoinedHeader locate(
      final CsvRecords record,
      final String rowLastCell,
      final String name,
      final List<String> header) {
    final String raw = record.raw;
    final char delimiter = record.delimiter();
    for (int at = raw.lastIndexOf('\n') + 1; at < raw.length(); at++) {
      final char c = raw.charAt(at);
      final boolean mayStart =
          name.isEmpty()
              ? c == delimiter || c == '"'
              : raw.regionMatches(true, at, name, 0, name.length())
                  || (c == '"' || c == '\uFEFF')
                      && raw.regionMatches(true, at + 1, name, 0, name.length());
      if (!mayStart) {
        continue;
      }
      final CsvRecords read = readHeader(record, raw.substring(at));
      if (read != null && CsvInputReader.sameHeader(read.fields, header)) {
        return new JoinedHeader(rowLastCell, raw.substring(0, at), read);
      }
    }
    return null;
  }

  /** {@code text} read as a record of the file, on the joined line's line; null when it is none. */
  private static CsvRecords readHeader(final CsvRecords record, final String text) {
    final CsvRecords read = record.rowsAt(new BufferedReader(new StringReader(text)));
    read.continueAtLine(record.line);
    try {
      return read.next() && read.error == null ? read : null;
    } catch (final IOException e) {
      throw new UncheckedIOException(e); // a string has no input errors
    }
  }
}
