package io.surgewatch.inputs;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The headers after a file's first that start another export of its format with other columns, each
 * read by its own: ACLED's columns changed over the years ({@code countycode} came and went), and a
 * file of an old download and a new one joined end to end has both headers (rejecting the rows
 * under the second for their number of fields lost them all). Keeps which header is in force from
 * which line, for the dead letters' text, and what the note of them says. Apart from {@link
 * CsvInputReader} because this bookkeeping is its own; the reader decides which records are such
 * headers.
 */
final class LaterHeaders {

  /** Lines that start another export with other columns, noted ({@link #noted}). */
  long count;

  /** The first few of them, each with how its columns differ from the header before. */
  final List<String> first = new ArrayList<>(ReadCounts.SHOWN);

  /** How the last header taken differs from the one before it, for the note. */
  private String columnsChange;

  /** The header text in force from each line on where another header took over. */
  private final TreeMap<Long, String> textFrom = new TreeMap<>();

  /** The file's first header's cells, once a later header took over. */
  private List<String> fileHeaderNames;

  /** Takes {@code header}, in force from line {@code from} on after the one {@code before}. */
  void took(final List<String> before, final CsvRecords header, final long from) {
    if (fileHeaderNames == null) {
      fileHeaderNames = before;
    }
    columnsChange = ColumnsChange.of(before, header.fields);
    textFrom.put(from, header.raw);
  }

  /**
   * Counts the header last taken, at {@code place}, for the note ({@link ReadCount#OTHER_HEADERS}).
   */
  void noted(final String place) {
    if (first.size() < ReadCounts.SHOWN) {
      first.add(place + " (" + columnsChange + ")");
    }
    count++;
  }

  /** The text of the later header in force at {@code line}; null where the file's own is. */
  String textAt(final long line) {
    final Map.Entry<Long, String> other = textFrom.floorEntry(line);
    return other == null ? null : other.getValue();
  }

  /** The file's first header's cells: {@code inForce} when no later header took over. */
  List<String> fileHeader(final List<String> inForce) {
    return fileHeaderNames != null ? fileHeaderNames : inForce;
  }
}
