package io.surgewatch.inputs;

import java.util.ArrayList;
import java.util.List;

/**
 * Lines Excel wrapped whole in quotes, their own quotes doubled, as it saves a CSV file that it
 * opened as one column: which hold a record inside ({@link #holdsRecord}), read as that record by
 * {@link CsvRecords}, and how many were, for the note. Apart from {@link CsvRecords} because the
 * test and its counts are this repair's, not the framing's.
 */
final class WrappedLines {

  /** Whether the header was wrapped whole in quotes. */
  boolean header;

  /** Records (not the header) wrapped whole in quotes, read as the record inside. */
  long rows;

  /** The places of the first {@link #rows}, "line N" (up to {@link ReadCounts#SHOWN}). */
  final List<String> first = new ArrayList<>(ReadCounts.SHOWN);

  /**
   * Whether {@code inside}, the fields split from a record's one quoted field, are a record: of
   * several fields for the header ({@code headerFields} 0), else of the header's, or more where the
   * ones past them are empty.
   */
  static boolean holdsRecord(final List<String> inside, final int headerFields) {
    return headerFields == 0
        ? inside.size() > 1
        : headerFields > 1
            && (inside.size() == headerFields
                || inside.size() > headerFields && CsvRecords.blankFrom(inside, headerFields));
  }

  /** Counts a row read as the record inside it, at {@code line}. */
  void countRow(final Places places, final long line) {
    if (first.size() < ReadCounts.SHOWN) {
      first.add(places.at(line));
    }
    rows++;
  }
}
