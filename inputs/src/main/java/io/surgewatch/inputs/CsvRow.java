package io.surgewatch.inputs;

import io.surgewatch.core.DeadLetters;

/**
 * One well-formed record of a CSV format with named columns (ACLED, UCDP GED): the physical line it
 * starts on, its text as in the file and its fields, copied (the CSV reader reuses its list). Also
 * how those readers tell a record that is not well formed and read the cells every format has
 * alike.
 */
record CsvRow(long line, String raw, String[] fields) {

  /** The record {@code csv} holds now. */
  static CsvRow of(final CsvRecords csv) {
    return new CsvRow(csv.line, csv.raw, csv.fields.toArray(new String[0]));
  }

  /**
   * The record {@code csv} holds rejected as PARSE when it is malformed (an unterminated quote) or
   * has not the header's number of fields; null when it is well formed. (Empty fields past the
   * header's were dropped as it was read, unless a stray quote put them there: {@link CsvRecords}.)
   * A short record stays rejected: a missing field cannot be told from a line broken in two.
   */
  static InputRecord.Rejected malformed(
      final CsvRecords csv, final int columns, final String recordId) {
    if (csv.error == null && csv.fields.size() == columns) {
      return null;
    }
    return new InputRecord.Rejected(
        csv.places.position(csv.line),
        csv.raw,
        recordId,
        DeadLetters.PARSE,
        csv.places.at(csv.line) + ": " + (csv.error != null ? csv.error : fieldCount(csv, columns)),
        null);
  }

  /** Why a record has not the header's number of fields, with the stray quote when one shows. */
  private static String fieldCount(final CsvRecords csv, final int columns) {
    final int found = csv.fields.size();
    final String count = "the row has " + found + " fields where the header has " + columns;
    if (csv.wrappedFields >= 0) {
      return count
          + ": the whole line is one quoted field, as Excel saves a CSV file that it opened as one"
          + " column, but the row inside it has "
          + csv.wrappedFields
          + " fields";
    }
    if (csv.strayQuoteField < 0) {
      return count
          + (found == 1 && columns > 2
              ? " (a line of text, not a row: a title or note above the header of another file"
                  + " joined to this one, or the end of a line broken in two?)"
              : found > columns
                  ? " (a separator in a field without quotes around it?)"
                  : " (a missing field, or a line broken in two?)");
    }
    final int at = csv.strayQuoteField;
    return count
        + ": field "
        + (at + 1)
        + (at < csv.headerNames.size() ? " (" + Cells.strip(csv.headerNames.get(at)) + ")" : "")
        + " goes on after its closing quote, at '"
        + CsvHeader.shown(csv.strayQuoteText)
        + "': a stray quote there, or one inside quoted text that is not doubled (\"\"), moved"
        + " where the row's fields split";
  }

  /**
   * A cell of the record {@code csv} holds, trimmed, even of a malformed record (to name it in its
   * rejection); null when blank or beyond the record's fields.
   */
  static String cell(final CsvRecords csv, final int column) {
    return column < csv.fields.size() ? blankToNull(csv.fields.get(column)) : null;
  }

  /**
   * The cell of a column, trimmed; null when blank or when the file has no such column ({@code
   * column} -1).
   */
  String text(final int column) {
    return column < 0 ? null : blankToNull(fields[column]);
  }

  private static String blankToNull(final String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }
}
