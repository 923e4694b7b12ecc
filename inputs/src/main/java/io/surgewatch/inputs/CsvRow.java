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
   * header's were dropped as it was read: {@link CsvRecords}.) A short record stays rejected: a
   * missing field cannot be told from a line broken in two.
   */
  static InputRecord.Rejected malformed(
      final CsvRecords csv, final int columns, final String recordId) {
    if (csv.error == null && csv.fields.size() == columns) {
      return null;
    }
    return new InputRecord.Rejected(
        csv.line,
        csv.raw,
        recordId,
        DeadLetters.PARSE,
        InputReader.prefix(csv.line)
            + (csv.error != null
                ? csv.error
                : "expected "
                    + columns
                    + " fields as in the header, found "
                    + csv.fields.size()
                    + " (an unquoted separator, or a missing field?)"),
        null);
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
