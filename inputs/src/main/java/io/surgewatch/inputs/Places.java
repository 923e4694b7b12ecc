package io.surgewatch.inputs;

import java.util.Arrays;

/**
 * How a reader names where a record is, for the person who will look for it there: {@code line 16}
 * of a text file; {@code sheet 'Data' row 6} of an Excel workbook's sheet, read as the CSV {@link
 * WorkbookCsv} wrote of it, where a cell with line breaks puts the rows after it on later lines of
 * the CSV than their rows in the sheet.
 *
 * <p>A reader counts the lines of the text it reads ({@link CsvRecords}, a part of a file from its
 * first line on: {@link FileParts}); a line is named, and a record given the number it is found at
 * ({@link InputRecord#line()}, a dead letter's {@code sourceLine}), only here. For a sheet, the
 * lines of the CSV are its rows up to the first row whose cells hold line breaks, and from each
 * such row on run ahead of them by the breaks written so far: only those rows are kept (the line
 * each starts on, and how far lines run ahead after it), so a sheet of 200,000 rows without line
 * breaks costs nothing, and one with every row broken 16 bytes a row.
 */
final class Places {

  /** The lines of a text file, named {@code line N}. */
  static final Places LINES = new Places(null, new long[0], new long[0]);

  /** The sheet's name; null for the lines of a text file. */
  private final String sheet;

  /** The line each row with line breaks starts on, in order. */
  private final long[] starts;

  /** How many lines the CSV has run ahead of the sheet's rows after each of those rows. */
  private final long[] ahead;

  private Places(final String sheet, final long[] starts, final long[] ahead) {
    this.sheet = sheet;
    this.starts = starts;
    this.ahead = ahead;
  }

  /**
   * The number a record that starts on {@code line} is found at: the line, or the sheet's row that
   * the line is in (a line inside a cell's text is its row's).
   */
  long position(final long line) {
    final int i = Arrays.binarySearch(starts, line);
    final int row = i >= 0 ? i : -i - 2; // the last row with breaks starting on or before the line
    if (row < 0) {
      return line;
    }
    final long before = row == 0 ? 0 : ahead[row - 1];
    final long last = starts[row] + ahead[row] - before; // that row's last line
    return line <= last ? starts[row] - before : line - ahead[row];
  }

  /** A line named for the person: {@code line 16}, or {@code sheet 'Data' row 6}. */
  String at(final long line) {
    return named(position(line));
  }

  /** A number from {@link #position} named for the person. */
  String named(final long position) {
    return sheet == null ? "line " + position : "sheet '" + sheet + "' row " + position;
  }

  /** The rows of a sheet, as {@link WorkbookCsv} writes them, one after another. */
  static final class Sheet {
    private final String name;
    private long[] starts = new long[16];
    private long[] ahead = new long[16];
    private int n;
    private long lines; // written so far

    Sheet(final String name) {
      this.name = name;
    }

    /** Row {@code row} written on the next {@code lines} lines (1, and one more a line break). */
    void wrote(final long row, final long lines) {
      final long start = this.lines + 1;
      this.lines += lines;
      if (lines > 1) {
        if (n == starts.length) {
          starts = Arrays.copyOf(starts, n * 2);
          ahead = Arrays.copyOf(ahead, n * 2);
        }
        starts[n] = start;
        ahead[n] = this.lines - row;
        n++;
      }
    }

    Places places() {
      return new Places(name, Arrays.copyOf(starts, n), Arrays.copyOf(ahead, n));
    }
  }
}
