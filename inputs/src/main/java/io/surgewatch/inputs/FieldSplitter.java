package io.surgewatch.inputs;

import java.util.List;

/**
 * Splits a record's text into its fields, RFC 4180 leniently: a quote opens a field only at its
 * start, and text between a closing quote and the next separator is kept, the first field with such
 * text noted ({@link #strayQuoteField}). Apart from {@link CsvRecords} because splitting is one job
 * and framing lines into records another; one builder serves every quoted field, so a record costs
 * its field strings and nothing more.
 */
final class FieldSplitter {

  private final List<String> fields;
  private final StringBuilder field = new StringBuilder(256);

  /** See {@link CsvRecords#strayQuoteField}: of the last text split. */
  int strayQuoteField = -1;

  /** See {@link CsvRecords#strayQuoteText}: of the last text split. */
  String strayQuoteText;

  /** A splitter into {@code fields}, cleared before each split. */
  FieldSplitter(final List<String> fields) {
    this.fields = fields;
  }

  /**
   * Splits {@code s} at {@code delimiter}; {@code escape} before a quote inside a quoted field
   * makes it part of it ({@link CsvRecords#readEscapedQuotes}), a quote by default.
   */
  void split(final String s, final char delimiter, final char escape) {
    fields.clear();
    strayQuoteField = -1;
    strayQuoteText = null;
    final int n = s.length();
    int i = 0;
    while (true) {
      if (i < n && s.charAt(i) == '"') {
        final int start = i;
        field.setLength(0);
        i++;
        while (i < n) {
          final char c = s.charAt(i);
          if (c == '"') {
            if (i + 1 < n && s.charAt(i + 1) == '"') {
              field.append('"');
              i += 2;
            } else {
              i++;
              break;
            }
          } else if (c == escape && i + 1 < n && s.charAt(i + 1) == '"') {
            field.append('"'); // R's \" (readEscapedQuotes); never reached by default
            i += 2;
          } else {
            field.append(c);
            i++;
          }
        }
        // Anything between the closing quote and the next separator is kept (lenient; RFC 4180
        // allows none), and said when the row's fields do not fit the header.
        // Spaces alone there (`"Burkina Faso" ,`) are padding, not a quote that closed early.
        final int next = s.indexOf(delimiter, i);
        if (i < n
            && s.charAt(i) != delimiter
            && strayQuoteField < 0
            && !s.substring(i, next < 0 ? n : next).isBlank()) {
          strayQuoteField = fields.size();
          strayQuoteText = s.substring(start, next < 0 ? n : next);
        }
        while (i < n && s.charAt(i) != delimiter) {
          field.append(s.charAt(i++));
        }
        fields.add(field.toString());
      } else {
        int j = s.indexOf(delimiter, i);
        if (j < 0) {
          j = n;
        }
        fields.add(s.substring(i, j));
        i = j;
      }
      if (i >= n) {
        return;
      }
      i++; // the separator
    }
  }
}
