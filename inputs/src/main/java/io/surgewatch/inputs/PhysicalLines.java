package io.surgewatch.inputs;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The physical lines of CSV text as {@link CsvRecords} frames them: each repaired where it holds
 * UTF-8 text decoded twice ({@link DoubleEncoding}), and lines looked at ahead (for the header
 * below text above it, for the end of a quoted field, for the file's end) read again first, as they
 * were. No allocation for a line read once: this is per line of the file.
 */
final class PhysicalLines {

  /**
   * A physical line as read, whether it held text decoded twice that was repaired, and whether it
   * looked so but was left as it was ({@link DoubleEncoding#repaired}).
   */
  record Line(String text, boolean repaired, boolean mixed) {}

  private final BufferedReader in;

  /**
   * Lines read ahead, read again first: for a record that was then cut back to its first line, or
   * to find the header ({@link #ahead}).
   */
  private final ArrayDeque<Line> again = new ArrayDeque<>();

  /** What {@link #next} said of the line it gave ({@link Line}). */
  private boolean lastRepaired;

  private boolean lastMixed;

  /**
   * Characters read so far, counting two for every line break (an upper bound, for {@code
   * mark}/{@code reset}).
   */
  private long charsRead;

  PhysicalLines(final BufferedReader in) {
    this.in = in;
  }

  /** The next physical line, {@link #repaired} and {@link #mixed} then saying what it held. */
  String next() throws IOException {
    if (!again.isEmpty()) {
      final Line l = again.poll();
      lastRepaired = l.repaired();
      lastMixed = l.mixed();
      return l.text();
    }
    final String l = in.readLine();
    if (l == null) {
      return null;
    }
    charsRead += l.length() + 2;
    final String repaired = DoubleEncoding.repaired(l);
    lastRepaired = repaired != null && repaired != l;
    lastMixed = repaired == null;
    return repaired == null ? l : repaired;
  }

  /** Whether the last line {@link #next} gave held text decoded twice, repaired. */
  boolean repaired() {
    return lastRepaired;
  }

  /** Whether the last line {@link #next} gave looked decoded twice but was left as it was. */
  boolean mixed() {
    return lastMixed;
  }

  /** The line {@link #next} gave, to be read again as it was. */
  Line last(final String text) {
    return new Line(text, lastRepaired, lastMixed);
  }

  /** Reads {@code lines} again, in their order, before any other. */
  void readAgain(final List<Line> lines) {
    for (int i = lines.size() - 1; i >= 0; i--) {
      again.push(lines.get(i));
    }
  }

  /**
   * Up to {@code n} non-blank lines after the current one, and the blank ones between them, read
   * again after it.
   */
  List<String> ahead(final int n) throws IOException {
    final List<Line> read = new ArrayList<>();
    final List<String> nonBlank = new ArrayList<>();
    while (nonBlank.size() < n) {
      final String l = next();
      if (l == null) {
        break;
      }
      read.add(last(l));
      if (!l.isBlank()) {
        nonBlank.add(l);
      }
    }
    readAgain(read);
    return nonBlank;
  }

  /** Reads the lines {@code other} has yet to read again before the ones of this text. */
  void readFirst(final PhysicalLines other) {
    again.addAll(other.again);
  }

  long charsRead() {
    return charsRead;
  }
}
