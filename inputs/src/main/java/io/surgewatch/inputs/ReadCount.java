package io.surgewatch.inputs;

/**
 * What a reader counts for its notes ({@link ReadCounts}). A file read in parts ({@link FileParts})
 * is noted once, from its parts' counts added up ({@link InputReader#notes(ReadCounts)}).
 */
public enum ReadCount {
  /** Rows of blank cells only, skipped. */
  BLANK_ROWS,
  /** All-numeric dates that only the other order could read, rejected. */
  CONTRADICTED_DATES,
  /**
   * Days saved as a spreadsheet's numbers for them, read in the date system the row's year confirms
   * ({@link DayNumbers}); its places are their lines.
   */
  DAY_NUMBER_ROWS,
  /** Those of {@link #DAY_NUMBER_ROWS} read in Excel's 1904 date system. */
  DAY_NUMBER_ROWS_1904,
  /** Records of UTF-8 text decoded twice (CÃ´te for Côte), repaired. */
  DOUBLE_ENCODED_RECORDS,
  /**
   * Records that look like UTF-8 text decoded twice beside text written once, left as they were;
   * its places are their lines.
   */
  MIXED_ENCODING_ROWS,
  /** Lines equal to the header after the first (files joined end to end), skipped. */
  REPEATED_HEADERS,
  /**
   * Lines that start another export of the format with other columns (files joined end to end),
   * each read by its own header; its places are their lines and how their columns differ.
   */
  OTHER_HEADERS,
  /**
   * Lines that hold a row and, glued to its last cell, another export's header (an export without a
   * line break at its end joined to the next): read as the row, then the header ({@link
   * JoinedHeader}); its places are their lines.
   */
  JOINED_HEADERS,
  /** Rows with empty fields past the header's (a separator at the end of the line), dropped. */
  TRAILING_EMPTY_FIELDS,
  /** ACLED records without a timestamp, reported at the end of their event day. */
  END_OF_DAY_ROWS,
  /** ACLED records whose fatalities cell is empty (or NA), counted with none killed. */
  NO_FATALITIES_ROWS,
  /**
   * Incidents counted without the coordinates their row gave, unreadable or out of range ({@link
   * Coordinates}); its places are the rows' lines and cells.
   */
  UNPLACED_ROWS,
  /**
   * Whole numbers read as grouped in thousands by one group of the mark the file does not write its
   * decimals with ({@code 1,172} beside latitudes of {@code 13.7333}: {@link DecimalMark}); its
   * places are the rows' lines and cells.
   */
  ONE_GROUP_THOUSANDS,
  /**
   * Records (not the header) wrapped whole in quotes, as Excel saves a file it opened as one
   * column, read as the record inside; its places are their lines.
   */
  WRAPPED_ROWS,
  /** Data records read (not the header, its HXL row or a repeated header). */
  DATA_ROWS,
  /**
   * 1 when the file's last line has no line break after it, as a cut-off copy ends, or when the
   * file's end cut its last row ({@link CsvRecords#cutByEnd}, rejected: its place is that row's
   * line).
   */
  UNTERMINATED_END
}
