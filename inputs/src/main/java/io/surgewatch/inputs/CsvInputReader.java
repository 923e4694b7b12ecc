package io.surgewatch.inputs;

import java.io.BufferedReader;

/**
 * The CSV formats (ACLED, ACLED deletions, UCDP GED): records come from {@link CsvRecords}, a reader of a part of a
 * file numbers them from that part's first line, and a record's dead-letter text is made self-contained with the
 * header line (columns come in any order, so a record alone cannot be read again).
 */
abstract sealed class CsvInputReader extends InputReader permits AcledCsvReader, AcledDeletionsReader, UcdpGedReader {

  final CsvRecords csv;

  CsvInputReader(final String sourceName, final BufferedReader in) {
    super(sourceName, in);
    this.csv = new CsvRecords(in);
  }

  /** The header line as in the file. */
  public abstract String headerText();

  @Override
  final void continueAtLine(final long next) {
    csv.continueAtLine(next);
  }

  @Override
  public final String selfContainedText(final InputRecord record) {
    return headerText() + "\n" + record.rawText();
  }
}
