package io.surgewatch.inputs;

/**
 * Where CSV text stands as {@link CsvRecords} splits it, fed a character at a time: inside a quoted
 * field or not, and how many fields the record has so far. A quote opens a field only at the
 * field's start; inside it, a doubled quote is one quote and a single one closes the field, and
 * what follows up to the separator belongs to the field (the splitter keeps it, leniently). A quote
 * anywhere else is a character like any other, as Excel, R and Python read {@code Sa"hel}: a stray
 * quote no longer makes a record swallow the lines after it. {@link FileParts} frames the bytes of
 * a file with it too (the quote, the separators and the line feed are single bytes in UTF-8), so
 * that a part starts where the one reader starts a record.
 *
 * <p>In a file that R's {@code write.table} wrote, a quote inside a quoted field is {@code \"}, not
 * {@code ""} (its {@code qmethod = "escape"}, the default): framed with {@code escape} a backslash,
 * the quote after one is part of the field. The file decides that once ({@link
 * CsvRecords#readEscapedQuotes}); otherwise {@code escape} is a quote, which is taken first, so an
 * ordinary file's quoted characters pay one comparison that never matches, and no other state.
 */
final class CsvFraming {
  private static final int FIELD_START = 0;
  private static final int UNQUOTED = 1;
  private static final int QUOTED = 2;

  /** A quote inside a quoted field: the first of two, or the field's end. */
  private static final int QUOTE_IN_QUOTED = 3;

  /** After the escape character inside a quoted field: a quote next is part of the field. */
  private static final int ESCAPED = 4;

  private final char delimiter;

  /** The character before a quote that makes it part of a quoted field: see the class comment. */
  private final char escape;

  private int state = FIELD_START;
  private int fields = 1;
  private int openedField;

  /** Empty fields ended right before the current one, in a row. */
  private int emptyBefore;

  CsvFraming(final char delimiter) {
    this(delimiter, '"');
  }

  CsvFraming(final char delimiter, final char escape) {
    this.delimiter = delimiter;
    this.escape = escape;
  }

  /** A record starts (its first line's first character comes next). */
  void startRecord() {
    state = FIELD_START;
    fields = 1;
    emptyBefore = 0;
  }

  void accept(final char c) {
    switch (state) {
      case FIELD_START -> {
        if (c == '"') {
          state = QUOTED;
          openedField = fields;
        } else if (c == delimiter) {
          fields++;
          emptyBefore++;
        } else {
          state = UNQUOTED;
        }
      }
      case UNQUOTED -> {
        if (c == delimiter) {
          fields++;
          emptyBefore = 0;
          state = FIELD_START;
        }
      }
      case QUOTED -> {
        if (c == '"') {
          state = QUOTE_IN_QUOTED;
        } else if (c == escape) {
          state = ESCAPED;
        }
      }
      case ESCAPED -> {
        if (c != escape) {
          state = QUOTED; // a quote escaped, or a backslash as any other character
        }
      }
      default -> {
        if (c == '"') {
          state = QUOTED; // a doubled quote
        } else if (c == delimiter) {
          fields++;
          emptyBefore = 0;
          state = FIELD_START;
        } else {
          state = UNQUOTED;
        }
      }
    }
  }

  void accept(final String line) {
    for (int i = 0; i < line.length(); i++) {
      accept(line.charAt(i));
    }
  }

  /**
   * A line ends: true when a quoted field is open, so the record goes on (the line break is part of
   * the field).
   */
  boolean lineEnds() {
    if (state == QUOTE_IN_QUOTED) {
      state = UNQUOTED; // the quote closed the field at the end of the line
    } else if (state == ESCAPED) {
      state = QUOTED; // the line break escaped is in the field, as any character is
    }
    return state == QUOTED;
  }

  /** The fields of the record so far. */
  int fields() {
    return fields;
  }

  /**
   * Whether the record so far has the header's {@code headerFields}, or more where the ones past
   * them are empty (a separator at the end of each line that the header lacks, which the reader
   * drops).
   */
  boolean fits(final int headerFields) {
    final int emptyTail = state == FIELD_START ? emptyBefore + 1 : 0;
    return fields == headerFields || fields > headerFields && emptyTail >= fields - headerFields;
  }

  /** The field (1-based) whose quote opened last. */
  int openedField() {
    return openedField;
  }
}
