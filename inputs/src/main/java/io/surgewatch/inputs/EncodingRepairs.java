package io.surgewatch.inputs;

import java.util.ArrayList;
import java.util.List;

/**
 * Records (not the header: every part of a file read in parts reads it again) whose lines held
 * UTF-8 text decoded twice ({@link DoubleEncoding}): repaired, or left as they were where text
 * written once stood beside it. A record is counted once however many of its lines did. Apart from
 * {@link CsvRecords} because these counts are the notes', not the framing's.
 */
final class EncodingRepairs {

  /** Records with text decoded twice, repaired. */
  long doubleEncodedRecords;

  /**
   * Records that look like text decoded twice beside text written once, left as they were ({@link
   * DoubleEncoding#repaired}), and the lines of the first few.
   */
  long mixedEncodingRecords;

  final List<String> mixedEncodingFirst = new ArrayList<>(ReadCounts.SHOWN);

  private boolean repairedInRecord;
  private boolean mixedInRecord;

  /** A record starts: none of its lines seen yet. */
  void startRecord() {
    repairedInRecord = false;
    mixedInRecord = false;
  }

  /** A line of the record: whether it was repaired, and whether it was left mixed. */
  void line(final boolean repaired, final boolean mixed) {
    repairedInRecord |= repaired;
    mixedInRecord |= mixed;
  }

  /** Counts the record read, a row at {@code place} (not the header). */
  void countRow(final Places places, final long line) {
    if (repairedInRecord) {
      doubleEncodedRecords++;
    }
    if (mixedInRecord && mixedEncodingRecords++ < ReadCounts.SHOWN) {
      mixedEncodingFirst.add(places.at(line));
    }
  }
}
