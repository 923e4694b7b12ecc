package io.surgewatch.inputs;

import io.surgewatch.core.EventPreparer;
import io.surgewatch.core.FieldError;
import io.surgewatch.events.v1.IncidentEvent;
import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * UCDP Georeferenced Event Dataset CSV (as UCDP and the Humanitarian Data Exchange publish it) to
 * {@link IncidentEvent}s. Columns by name in any order and letter case ({@link UcdpGedColumns}); a
 * leading unnamed index column (pandas) and extra columns are ignored; numbers may be written as
 * floats ({@code 15960.0}) or grouped in thousands, read by the file's decimal mark ({@link
 * DecimalMark}). The HDX file's second line of HXL tags is part of the header ({@link
 * CsvInputReader#nextRecord}). Each row is mapped by {@link UcdpGedEventMapper}, where the mapping
 * is documented.
 *
 * <p>Missing-value cells ({@code NA} as R writes it, {@code #N/A}, {@code NaN}) are blank ({@link
 * Cells#blankMissing}), as in ACLED files. A row that cannot be mapped is rejected as VALIDATION
 * naming the line and the column(s); a malformed CSV record as PARSE.
 */
final class UcdpGedReader extends CsvInputReader {

  private final EventPreparer preparer;

  /** The file's first header's columns. */
  private final UcdpGedColumns first;

  /** The columns of the header in force: the file's, or a later one's ({@link #readByColumns}). */
  private UcdpGedColumns c;

  private UcdpGedEventMapper events;

  UcdpGedReader(
      final String sourceName,
      final BufferedReader in,
      final EventPreparer preparer,
      final Places places) {
    super(sourceName, in, places);
    this.preparer = preparer;
    try {
      c = UcdpGedColumns.read(csv, sourceName);
    } catch (final InputFileException e) {
      throw RWriteTable.separatedBySpaces(csv, format(), sourceName, e);
    }
    first = c;
    events = new UcdpGedEventMapper(c, dates, dayNumbers, numbers);
  }

  @Override
  boolean readByColumns(final CsvRecords header) {
    final UcdpGedColumns later = UcdpGedColumns.of(header);
    if (later == null) {
      return false;
    }
    c = later;
    events = new UcdpGedEventMapper(later, dates, dayNumbers, numbers);
    return true;
  }

  @Override
  public InputFormat format() {
    return InputFormat.UCDP_GED;
  }

  @Override
  public String headerText() {
    return first.header.text;
  }

  @Override
  InputRecord readNext(final BufferedReader in) throws IOException {
    beforeFirstRecord();
    if (!nextRecord()) {
      return null;
    }
    Cells.blankMissing(csv.fields);
    final String id = CsvRow.cell(csv, c.id);
    final InputRecord.Rejected malformed =
        CsvRow.malformed(csv, c.header.columns, events.rejectedId(id));
    if (malformed != null) {
      return malformed;
    }
    final CsvRow row = CsvRow.of(csv);
    final String recordId = events.eventId(id, row.line());
    final List<FieldError> errors = new ArrayList<>(2);
    final Coordinates.Point point = Coordinates.of(row, c.latitude, c.longitude);
    final IncidentEvent event = events.map(row, recordId, point, errors);
    return event == null
        ? invalid(
            row.line(), row.raw(), recordId != null ? recordId : events.rejectedId(id), errors)
        : prepared(row.line(), row.raw(), recordId, event, point, preparer);
  }

  @Override
  int[] dateColumns() {
    return new int[] {c.dateStart};
  }

  @Override
  int[] coordinateColumns() {
    // A file without both columns has no evidence of its mark to scan for.
    return c.latitude < 0 || c.longitude < 0 ? null : new int[] {c.latitude, c.longitude};
  }

  @Override
  String columnOf(final String field) {
    return UcdpGedEventMapper.columnOf(field);
  }

  @Override
  List<String> formatNotes(final ReadCounts counts) {
    final List<String> out = new ArrayList<>(super.formatNotes(counts));
    if (first.adm1 < 0) {
      out.add(NO_REGION_COLUMN.formatted("adm_1"));
    }
    return out;
  }
}
