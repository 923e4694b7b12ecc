package io.surgewatch.inputs;

import io.surgewatch.core.EventPreparer;
import io.surgewatch.core.FieldError;
import io.surgewatch.events.v1.IncidentEvent;
import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * ACLED CSV export to {@link IncidentEvent}s, in every variant users have: the current export, the
 * pre-2019 one (upper-case columns, {@code ALLY_ACTOR_1}, no {@code timestamp}, no {@code
 * sub_event_type}, the old event types), the monadic one (one row per actor: see {@link
 * MonadicMerge}), and files re-saved by R, pandas or spreadsheets. Columns by name in any case and
 * order ({@link AcledColumns}); the order of all-numeric dates decided once per file ({@link
 * ExportDates}); each event's rows mapped by {@link AcledEventMapper}, where the mapping is
 * documented.
 *
 * <p>A row that cannot be mapped is rejected as VALIDATION naming the column(s) and the line; a
 * malformed CSV record (wrong number of fields, unterminated quote) as PARSE. The rows merged into
 * one monadic incident come out as one record whose text is theirs, joined by line breaks, and
 * whose line is the first row's.
 */
final class AcledCsvReader extends CsvInputReader {

  private final EventPreparer preparer;
  private final String headerText;

  /** The file's first header's columns, which its notes speak of. */
  private final AcledColumns first;

  /** The columns of the header in force: the file's, or a later one's ({@link #readByColumns}). */
  private AcledColumns c;

  private final MonadicMerge merge;
  private AcledEventMapper events;
  private final ArrayDeque<InputRecord> ready = new ArrayDeque<>(2);

  /** The well-formed rows of a monadic file merged into records so far. */
  private long monadicRows;

  private long monadicEvents;

  /** A monadic row read past the end of the event before it. */
  private CsvRow pending;

  AcledCsvReader(
      final String sourceName,
      final BufferedReader in,
      final EventPreparer preparer,
      final Places places) {
    super(sourceName, in, places);
    this.preparer = preparer;
    try {
      if (!csv.next()) {
        throw CsvHeader.noHeader(csv, sourceName, "expected an ACLED CSV header line");
      }
    } catch (final IOException e) {
      throw InputFileException.cannotRead(sourceName, e);
    }
    headerText = csv.raw;
    try {
      c = AcledColumns.of(csv.fields, csv.line, sourceName);
    } catch (final InputFileException e) {
      throw RWriteTable.separatedBySpaces(csv, format(), sourceName, e);
    }
    first = c;
    merge = c.monadic ? new MonadicMerge() : null;
    events = new AcledEventMapper(c, dates, dayNumbers, numbers, merge, places);
  }

  /**
   * Takes a later header's columns (an export joined to the one before): of the same kind, dyadic
   * or monadic, as the file's first, whose kind decides how the whole file is read (a monadic file
   * is read in one part, its events merged across rows); a file joining the two kinds is refused.
   */
  @Override
  boolean readByColumns(final CsvRecords header) {
    if (!AcledColumns.isHeader(header.fields)) {
      return false;
    }
    final AcledColumns later = AcledColumns.of(header.fields, header.line, sourceName());
    if (later.monadic != c.monadic) {
      throw new InputFileException(
          sourceName()
              + ": "
              + places.at(header.line)
              + " starts another export, "
              + (later.monadic ? "a monadic one (no actor2 columns)" : "a dyadic one")
              + ", after "
              + (c.monadic ? "a monadic" : "a dyadic")
              + " one: the two kinds cannot be read as one file; give each export as its own"
              + " --input");
    }
    c = later;
    events = new AcledEventMapper(later, events, merge);
    return true;
  }

  @Override
  public InputFormat format() {
    return InputFormat.ACLED;
  }

  @Override
  public String headerText() {
    return headerText;
  }

  /** Whether the header is that of ACLED's monadic export (one row per actor). */
  boolean monadic() {
    return c.monadic;
  }

  @Override
  public ReadCounts counts() {
    final ReadCounts out = super.counts();
    out.put(ReadCount.END_OF_DAY_ROWS, events.endOfDayRows(), events.endOfDayFirst());
    out.put(ReadCount.NO_FATALITIES_ROWS, events.noFatalitiesRows(), events.noFatalitiesFirst());
    return out;
  }

  @Override
  List<String> formatNotes(final ReadCounts counts) {
    final List<String> out = new ArrayList<>(super.formatNotes(counts));
    final long endOfDayRows = counts.get(ReadCount.END_OF_DAY_ROWS);
    if (first.timestamp < 0) {
      out.add(
          "no timestamp column (the pre-2019 export): every row is reported at the end of its event day, "
              + "23:59:59.999 UTC");
    } else if (endOfDayRows > 0) {
      out.add(
          endOfDayRows
              + (endOfDayRows == 1 ? " record" : " records")
              + " without a timestamp (ACLED gives every row one: a row cut short lacks it) "
              + (endOfDayRows == 1 ? "is" : "are")
              + " reported at the end of "
              + (endOfDayRows == 1 ? "its" : "their")
              + " event day, 23:59:59.999 UTC: "
              + counts.places(ReadCount.END_OF_DAY_ROWS));
    }
    final long noFatalities = counts.get(ReadCount.NO_FATALITIES_ROWS);
    if (noFatalities > 0) {
      out.add(
          noFatalities
              + (noFatalities == 1 ? " record" : " records")
              + " with no fatalities (the cell blank, or NA, #N/A or NaN; ACLED writes 0 where none"
              + " are known: a row cut short, a cell cleared or a formula's error lacks it) "
              + (noFatalities == 1 ? "is" : "are")
              + " counted with none killed: "
              + counts.places(ReadCount.NO_FATALITIES_ROWS));
    }
    if (first.admin1 < 0) {
      out.add(NO_REGION_COLUMN.formatted("admin1"));
    }
    if (merge != null) {
      out.add(
          "monadic export (no actor2 columns): the rows of one event id and timestamp are one incident ("
              + monadicRows
              + (monadicRows == 1 ? " row, " : " rows, ")
              + monadicEvents
              + (monadicEvents == 1 ? " record" : " records")
              + "); protesters and civilians are never its perpetrators"
              + (merge.rejoined() == 0
                  ? ""
                  : "; " + merge.rejoined() + " events had rows apart, merged with the earlier"));
    }
    return out;
  }

  @Override
  int[] dateColumns() {
    // A timestamp written as a date and time is in the file's order too, and may be what proves it
    // (event dates kept as ISO while the timestamps were re-saved as 1/30/2023 6:00 PM).
    return c.timestamp < 0 ? new int[] {c.eventDate} : new int[] {c.eventDate, c.timestamp};
  }

  @Override
  int[] coordinateColumns() {
    // A file without both columns has no evidence of its mark to scan for.
    return c.latitude < 0 || c.longitude < 0 ? null : new int[] {c.latitude, c.longitude};
  }

  @Override
  ReportedAtEvidence dateEvidence() {
    return ReportedAtEvidence.of(c.eventDate, c.timestamp);
  }

  @Override
  InputRecord readNext(final BufferedReader ignored) throws IOException {
    beforeFirstRecord();
    if (!ready.isEmpty()) {
      return ready.poll();
    }
    if (merge == null) {
      final CsvRow row = nextRow();
      return row == null ? ready.poll() : toRecord(List.of(row));
    }
    // Monadic: the rows of one key, up to the first row of the next event (kept for the next call).
    // A malformed record ends the event too: it comes out after it (rows of the event after it are
    // then rows apart).
    final List<CsvRow> rows = new ArrayList<>(4);
    String key = null;
    while (ready.isEmpty()) {
      final CsvRow row = pending != null ? pending : nextRow();
      pending = null;
      if (row == null) {
        break;
      }
      final String[] f = row.fields();
      final String k = MonadicMerge.key(f[c.id], c.timestamp < 0 ? "" : f[c.timestamp]);
      if (!rows.isEmpty() && (key == null || !key.equals(k))) {
        pending = row;
        break;
      }
      rows.add(row);
      key = k;
    }
    if (rows.isEmpty()) {
      return ready.poll();
    }
    monadicRows += rows.size();
    monadicEvents++;
    final InputRecord event = toRecord(rows);
    if (ready.isEmpty()) {
      return event;
    }
    ready.addFirst(event);
    return ready.poll();
  }

  /**
   * The next well-formed row, or null at the end. A malformed record is queued as rejected (PARSE)
   * and ends the search: it is returned after the rows before it.
   */
  private CsvRow nextRow() throws IOException {
    if (!nextRecord()) {
      return null;
    }
    final InputRecord.Rejected malformed = CsvRow.malformed(csv, c.count, CsvRow.cell(csv, c.id));
    if (malformed != null) {
      ready.add(malformed);
      return null;
    }
    Cells.blankMissing(csv.fields);
    return CsvRow.of(csv);
  }

  private InputRecord toRecord(final List<CsvRow> rows) {
    final CsvRow first = rows.get(0);
    final String raw = rows.size() == 1 ? first.raw() : joinRaw(rows);
    final String recordId = first.text(c.id);
    final List<FieldError> errors = new ArrayList<>(2);
    final Coordinates.Point point = Coordinates.of(first, c.latitude, c.longitude);
    final IncidentEvent event = events.map(rows, recordId, point, errors);
    return event == null
        ? invalid(first.line(), raw, recordId, errors)
        : prepared(first.line(), raw, recordId, event, point, preparer);
  }

  private static String joinRaw(final List<CsvRow> rows) {
    final StringBuilder b = new StringBuilder(rows.size() * 400);
    for (final CsvRow row : rows) {
      if (b.length() > 0) {
        b.append('\n');
      }
      b.append(row.raw());
    }
    return b.toString();
  }

  @Override
  String columnOf(final String field) {
    return AcledEventMapper.columnOf(field);
  }
}
