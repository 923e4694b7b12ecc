package io.surgewatch.inputs;

import java.util.List;

/**
 * Why a CSV file's last record is one its end cut ({@link CsvRecords#cutByEnd}): a download or copy
 * that stopped ends inside a row, which is then rejected whatever its cells would read as. Apart
 * from {@link CsvRecords} because the tests and their reasons are their own, and asked of the
 * file's last record only.
 */
final class FileEndCut {

  /** What a record cut by the file's end says to do. */
  static final String CUT_SHORT =
      ": the download (or copy) was cut short, and this row with it: download the file again";

  private FileEndCut() {}

  /**
   * Why a record whose quote opens field {@code openedField} is cut: the file ends before the quote
   * closes, with no line break after it.
   */
  static String insideQuote(final int openedField, final List<String> header) {
    return "the file ends inside this row: a quote opens field "
        + fieldName(openedField, header)
        + " and the file ends before it closes, with no line break after it";
  }

  /**
   * Whether {@code fields}, if the file's last record, is one its end cut ({@link #whyCut}): fewer
   * fields than the header's {@code headerFields} in a file whose last line has no line break, or
   * more than half the header's cells empty from a cell on to its end, as a spreadsheet saves a
   * cut-off row again. Cheap, and no allocation: asked of every record of a file's end reader.
   */
  static boolean mayBeCut(
      final List<String> fields, final int headerFields, final boolean endsWithoutLineBreak) {
    return fewer(fields, headerFields, endsWithoutLineBreak) || padded(fields, headerFields);
  }

  /**
   * Why {@code fields}, the file's last record and one {@link #mayBeCut} says may be cut, is cut;
   * {@code header} names its fields.
   */
  static String whyCut(
      final List<String> fields,
      final List<String> header,
      final int headerFields,
      final boolean endsWithoutLineBreak) {
    final int n = fields.size();
    if (!fewer(fields, headerFields, endsWithoutLineBreak)) {
      final int filled = filled(fields);
      return "the file ends inside this row: its last "
          + (Math.min(n, headerFields) - filled)
          + " of the header's "
          + headerFields
          + " cells, after field "
          + fieldName(filled, header)
          + " '"
          + CsvHeader.shown(fields.get(filled - 1))
          + "', are empty, as a row that the file's end cut looks once a spreadsheet has"
          + " saved it again (filling it out with empty cells)";
    }
    return "the file ends inside this row: it has "
        + n
        + " of the header's "
        + headerFields
        + " fields and no line break after it (its last, field "
        + fieldName(n, header)
        + " '"
        + CsvHeader.shown(fields.get(n - 1))
        + "', may be cut too)";
  }

  private static boolean fewer(
      final List<String> fields, final int headerFields, final boolean endsWithoutLineBreak) {
    return endsWithoutLineBreak && headerFields > fields.size();
  }

  private static boolean padded(final List<String> fields, final int headerFields) {
    final int filled = filled(fields);
    final int empty = Math.min(fields.size(), headerFields) - filled;
    return headerFields >= CsvRecords.WIDE && filled > 0 && 2 * empty > headerFields;
  }

  /** The last cell with text, 1-based; 0 when none has. */
  private static int filled(final List<String> fields) {
    int filled = fields.size();
    while (filled > 0 && Cells.isBlank(fields.get(filled - 1))) {
      filled--;
    }
    return filled;
  }

  /** Field {@code n} (1-based) with its header name: {@code 13 (actor2)}. */
  static String fieldName(final int n, final List<String> header) {
    return n + (n >= 1 && n <= header.size() ? " (" + Cells.strip(header.get(n - 1)) + ")" : "");
  }
}
