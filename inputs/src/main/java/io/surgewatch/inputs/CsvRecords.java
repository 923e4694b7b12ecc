package io.surgewatch.inputs;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * RFC 4180 records from a reader, keeping what a dead letter needs and a general CSV library drops:
 * the exact original text of each record and the physical line it starts on. Fields are separated
 * by commas, or by semicolons or tabs when the header is (see {@link #delimiter}). Quoted fields
 * may hold separators, doubled quotes and line breaks (a record then spans several physical lines;
 * its text joins them with {@code \n}). A stray quote inside an unquoted field is kept literally.
 * Blank lines between records, and rows of blank cells only, are skipped.
 *
 * <p>No regular expressions and no per-record allocation beyond the field strings: this is on the
 * backtest's hot path.
 */
final class CsvRecords {

  /**
   * A record longer than this is a runaway quoted field: reported as unterminated instead of
   * swallowing the file.
   */
  static final int MAX_RECORD_CHARS = 1 << 20;

  /**
   * How much of a malformed record over {@link #MAX_RECORD_CHARS} its dead letter keeps (the file
   * holds the rest at the letter's line): a megabyte of text is no use to a reader of the letter.
   */
  static final int KEPT_OF_LONG_RECORD = 4_000;

  private final BufferedReader in;
  private long physicalLine;
  private final StringBuilder field = new StringBuilder(256);

  /** The current record; valid until the next call to {@link #next()}. */
  long line;

  String raw;
  final List<String> fields = new ArrayList<>(40);

  /** Non-null when the record is malformed (an unterminated quote). */
  String error;

  /**
   * Characters read so far, counting two for every line break (an upper bound, for {@code
   * mark}/{@code reset}).
   */
  long charsRead;

  /**
   * The field separator: a comma, unless the first record (the header) has none and semicolons or
   * tabs instead, as spreadsheets in many locales save "CSV" and as "Text" exports are.
   */
  private char delimiter = ',';

  private boolean detect;

  /** Records whose separator the first record (the header) decides. */
  CsvRecords(final BufferedReader in) {
    this.in = in;
    this.detect = true;
  }

  /** Records separated by {@code delimiter} (rows read after a header this reader did not read). */
  CsvRecords(final BufferedReader in, final char delimiter) {
    this.in = in;
    this.delimiter = delimiter;
  }

  char delimiter() {
    return delimiter;
  }

  /** The separator a header uses: a comma when it has one outside quotes, else ';' or a tab. */
  private static char delimiterOf(final String header) {
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
    return semicolon ? ';' : tab ? '\t' : ',';
  }

  /**
   * The next record starts on this physical line, or later (reading a part of a file that starts
   * there).
   */
  void continueAtLine(final long next) {
    physicalLine = next - 1;
  }

  /**
   * Rows whose cells are all blank ({@code ,,,,}, as spreadsheets leave below the data): skipped
   * like blank lines, they hold nothing to count or reject.
   */
  long emptyRows;

  private boolean firstRecord = true; // the header, returned whatever its cells

  /** Reads the next record; false at the end of the input. */
  boolean next() throws IOException {
    while (read()) {
      final boolean header = firstRecord;
      firstRecord = false;
      if (header || error != null || !allBlank()) {
        return true;
      }
      emptyRows++;
    }
    return false;
  }

  private boolean allBlank() {
    for (int i = 0; i < fields.size(); i++) {
      if (!fields.get(i).isBlank()) {
        return false;
      }
    }
    return true;
  }

  private boolean read() throws IOException {
    String first;
    do {
      first = in.readLine();
      if (first == null) {
        return false;
      }
      physicalLine++;
      charsRead += first.length() + 2;
    } while (first.isBlank());
    line = physicalLine;
    error = null;
    String text = first;
    if (first.length() > MAX_RECORD_CHARS) {
      error =
          "record longer than "
              + MAX_RECORD_CHARS
              + " characters ("
              + first.length()
              + "): a runaway field, or not a CSV file";
      raw = shortened(first);
      fields.clear();
      return true;
    }
    if (hasOddQuotes(first)) {
      final StringBuilder joined = new StringBuilder(first.length() * 2).append(first);
      int quotes = 1;
      while ((quotes & 1) == 1) {
        final String more = in.readLine();
        if (more != null && joined.length() > MAX_RECORD_CHARS) {
          physicalLine++; // read, and part of the malformed record: later lines keep their numbers
          charsRead += more.length() + 2;
        }
        if (more == null || joined.length() > MAX_RECORD_CHARS) {
          error =
              "unterminated quoted field in the record starting at line "
                  + line
                  + (more == null
                      ? " (reached the end of the file)"
                      : " (record longer than " + MAX_RECORD_CHARS + " characters)");
          break;
        }
        physicalLine++;
        charsRead += more.length() + 2;
        joined.append('\n').append(more);
        quotes += countQuotes(more);
      }
      text = joined.toString();
    }
    raw = error == null ? text : shortened(text);
    if (line == 1 && !text.isEmpty() && text.charAt(0) == '\uFEFF') {
      text = text.substring(1); // a byte-order mark from spreadsheet exports
    }
    if (detect) {
      detect = false;
      delimiter = delimiterOf(text);
    }
    split(text);
    return true;
  }

  private static String shortened(final String text) {
    return text.length() <= KEPT_OF_LONG_RECORD
        ? text
        : text.substring(0, KEPT_OF_LONG_RECORD)
            + " [... "
            + (text.length() - KEPT_OF_LONG_RECORD)
            + " more characters, in the file]";
  }

  private static boolean hasOddQuotes(final String s) {
    return (countQuotes(s) & 1) == 1;
  }

  private static int countQuotes(final String s) {
    int n = 0;
    for (int i = s.indexOf('"'); i >= 0; i = s.indexOf('"', i + 1)) {
      n++;
    }
    return n;
  }

  private void split(final String s) {
    fields.clear();
    final int n = s.length();
    int i = 0;
    while (true) {
      if (i < n && s.charAt(i) == '"') {
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
          } else {
            field.append(c);
            i++;
          }
        }
        // Anything between the closing quote and the next separator is kept (lenient; RFC 4180
        // allows none).
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
