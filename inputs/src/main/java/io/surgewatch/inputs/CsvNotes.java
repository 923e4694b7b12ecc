package io.surgewatch.inputs;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The notes a CSV file's read leaves (what was skipped, repaired or read as something else), each
 * from the reader's counts and records. Apart from {@link CsvInputReader} because their texts are
 * long and their own; the reader decides which come and in what order ({@link
 * CsvInputReader#formatNotes}).
 */
final class CsvNotes {

  private CsvNotes() {}

  /**
   * See {@link InputReader#layoutNote}: how the file's columns are separated, when not by commas.
   */
  static String layoutNote(final CsvRecords csv) {
    final char d = csv.delimiter();
    if (d == ' ') {
      return "columns separated by spaces, every name in the header quoted, as R's write.table"
          + " writes by default: read as such";
    }
    final String by = d == '\t' ? "tabs" : "'" + d + "'";
    if (csv.separatorLine != null) {
      return d == ','
          ? null
          : "columns separated by "
              + by
              + ", as the line '"
              + csv.separatorLine
              + "' before the header says (Excel's way to name them; the header is line "
              + csv.headerLine
              + "): read as such";
    }
    return d == ','
        ? null
        : "columns separated by " + by + ", not commas (as the header is): read as such";
  }

  /** Lines of text above the header, skipped ({@link CsvRecords#titles}); null when none. */
  static String titlesNote(final CsvRecords csv) {
    if (csv.titles.isEmpty()) {
      return null;
    }
    final String shown =
        csv.titles.stream()
            .map(TitleLines::titleText)
            .filter(t -> !t.isEmpty())
            .findFirst()
            .map(t -> " (" + CsvHeader.shown(t) + ")")
            .orElse("");
    final int n = csv.titles.size();
    return "its header on line "
        + csv.headerLine
        + ", the "
        + (n == 1 ? "line" : n + " lines")
        + (shown.isEmpty() ? " of empty cells" : " of text")
        + " above it skipped"
        + shown;
  }

  /**
   * A file of a header alone, or one whose last line ends without a line break: inside its last row
   * ({@link CsvRecords#cutByEnd}, rejected), or after a row that still reads.
   */
  static String endNote(final ReadCounts counts) {
    if (counts.get(ReadCount.DATA_ROWS) == 0) {
      return "the file holds a header but no data rows: nothing in it to read";
    }
    final List<String> cut = counts.first(ReadCount.UNTERMINATED_END);
    if (!cut.isEmpty()) {
      return "the file ends inside its last row ("
          + cut.get(0)
          + "): the download (or copy) was cut short, and that row is rejected (PARSE, saying"
          + " why); download the file again";
    }
    return counts.get(ReadCount.UNTERMINATED_END) > 0
        ? "the file's last line has no line break after it, as exports and spreadsheets end"
            + " every line: the file may have been cut short (a download or copy that stopped),"
            + " its last row with it; check that row against the source"
        : null;
  }

  static String blankRowsNote(final ReadCounts counts) {
    final long blank = counts.get(ReadCount.BLANK_ROWS);
    return blank > 0 ? blank + " rows of blank cells only skipped (no record in them)" : null;
  }

  static String doubleEncodedNote(final ReadCounts counts) {
    final long twice = counts.get(ReadCount.DOUBLE_ENCODED_RECORDS);
    return twice > 0
        ? twice
            + " records held UTF-8 text decoded twice (CÃ´te for Côte, as a spreadsheet that opened"
            + " the file as Windows-1252 saves it): read as the text it was"
        : null;
  }

  static String mixedEncodingNote(final ReadCounts counts) {
    final long mixed = counts.get(ReadCount.MIXED_ENCODING_ROWS);
    if (mixed == 0) {
      return null;
    }
    return mixed
        + (mixed == 1 ? " record looks" : " records look")
        + " like UTF-8 text decoded twice beside text written once, and "
        + (mixed == 1 ? "was" : "were")
        + " read as "
        + (mixed == 1 ? "it was" : "they were")
        + " ("
        + counts.places(ReadCount.MIXED_ENCODING_ROWS)
        + "): correct them in the source, or export the file again";
  }

  static String repeatedHeadersNote(final ReadCounts counts) {
    final long repeated = counts.get(ReadCount.REPEATED_HEADERS);
    return repeated > 0
        ? repeated
            + (repeated == 1 ? " more line" : " more lines")
            + " equal to the header skipped (files joined end to end?)"
        : null;
  }

  static String joinedHeadersNote(final ReadCounts counts) {
    final long joined = counts.get(ReadCount.JOINED_HEADERS);
    if (joined == 0) {
      return null;
    }
    return (joined == 1 ? "1 line holds" : joined + " lines hold")
        + " a row and, glued to its last cell, the header of the export after it ("
        + counts.places(ReadCount.JOINED_HEADERS)
        + "): files joined end to end, the one before without a line break at its end; read as"
        + " the row, then the header";
  }

  static String otherHeadersNote(final ReadCounts counts) {
    final long other = counts.get(ReadCount.OTHER_HEADERS);
    if (other == 0) {
      return null;
    }
    final List<String> at = counts.first(ReadCount.OTHER_HEADERS);
    return other == 1
        ? at.get(0).replaceFirst(" \\(", " starts another export with other columns (")
            + ": read by its own header"
        : other
            + " lines start other exports with other columns, each read by its own header: "
            + counts.places(ReadCount.OTHER_HEADERS);
  }

  static String trailingFieldsNote(final ReadCounts counts) {
    final long trailing = counts.get(ReadCount.TRAILING_EMPTY_FIELDS);
    return trailing > 0
        ? trailing
            + " rows end in empty fields past the header's (a separator at the end of the line):"
            + " those fields ignored"
        : null;
  }

  /**
   * The note of lines wrapped whole in quotes ({@link CsvRecords#unwrap}), the header's (read by
   * every part of a file) and the rows' ({@link ReadCount#WRAPPED_ROWS}); null when none was.
   */
  static String wrappedNote(final CsvRecords csv, final ReadCounts counts) {
    final long rows = counts.get(ReadCount.WRAPPED_ROWS);
    if (rows == 0 && !csv.wrapped.header) {
      return null;
    }
    final List<String> at = counts.first(ReadCount.WRAPPED_ROWS);
    return "lines wrapped whole in quotes, their own quotes doubled, as Excel saves a CSV file that"
        + " it opened as one column, read as the lines inside: "
        + (csv.wrapped.header ? "the header" : "")
        + (csv.wrapped.header && rows > 0 ? " and " : "")
        + (rows == 0
            ? ""
            : rows
                + (rows == 1 ? " row (" : " rows (")
                + String.join(", ", at)
                + (rows > at.size() ? ", ...)" : ")"));
  }

  /**
   * Adds to {@code out} a note for each header name (in any case) that more than one column of
   * {@code header} has.
   */
  static void addDuplicateColumns(final List<String> header, final List<String> out) {
    final Map<String, Long> seen = new LinkedHashMap<>();
    for (final String name : header) {
      final String key = Cells.strip(name).toLowerCase(Locale.ROOT);
      if (!key.isEmpty()) {
        seen.merge(key, 1L, Long::sum);
      }
    }
    seen.values().removeIf(n -> n < 2);
    seen.forEach(
        (name, times) ->
            out.add(
                "column '"
                    + name
                    + "' appears "
                    + times
                    + " times in the header: the first of them is read, the others ignored"));
  }
}
