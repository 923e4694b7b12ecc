package io.surgewatch.inputs;

import io.surgewatch.core.DeadLetters;
import io.surgewatch.core.EventPreparer;
import io.surgewatch.core.FieldError;
import io.surgewatch.core.InvalidEventException;
import io.surgewatch.events.v1.IncidentEvent;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.apache.commons.io.input.BoundedReader;

/**
 * The CSV formats (ACLED, ACLED deletions, UCDP GED): records come from {@link CsvRecords}, a
 * reader of a part of a file numbers them from that part's first line, and a record's dead-letter
 * text is made self-contained with the header line (columns come in any order, so a record alone
 * cannot be read again). Headers after the first with other columns are kept by {@link
 * LaterHeaders}; the notes' texts are {@link CsvNotes}'.
 */
abstract sealed class CsvInputReader extends InputReader
    permits AcledCsvReader, AcledDeletionsReader, UcdpGedReader {

  final CsvRecords csv;

  /** The order of the file's all-numeric dates, decided before the first record is returned. */
  final ExportDates dates = new ExportDates();

  /** The file's decimal mark, decided with its dates: see {@link DecimalMark}. */
  final DecimalMark numbers = new DecimalMark(places);

  /** Days saved as a spreadsheet's numbers for them, read where the row's year says how. */
  final DayNumbers dayNumbers = new DayNumbers(places);

  private final BufferedReader in;

  CsvInputReader(final String sourceName, final BufferedReader in, final Places places) {
    super(sourceName, in, places);
    this.in = in;
    this.csv = new CsvRecords(in);
    csv.places = places;
    csv.mayBeHeader = cells -> mayBeHeader(format(), cells);
  }

  private boolean hxlChecked;

  /**
   * Reads the next data record into {@link #csv}; false at the end. The Humanitarian Data
   * Exchange's copies of ACLED and UCDP files have a second line of HXL tags ({@code
   * #date+year,...}): part of the header, skipped, so it is neither counted nor dead-lettered.
   */
  final boolean nextRecord() throws IOException {
    if (headerAfterRow != null) {
      final CsvRecords header = headerAfterRow;
      headerAfterRow = null;
      if (sameHeader(header.fields, csv.headerNames)) {
        repeatedHeaders++;
      } else {
        takeOther(header, header.line + 1); // the row before it, on its line, is the one before's
      }
      hxlChecked = false;
    }
    if (!csv.next()) {
      return false;
    }
    if (!hxlChecked) {
      hxlChecked = true;
      if (isHxlTags(csv.fields)) {
        return nextRecord();
      }
    }
    if (csv.error == null && isHeaderAgain()) {
      repeatedHeaders++;
      hxlChecked = false; // the joined file's own HXL row may follow its header
      return nextRecord();
    }
    // More fields than the header's: malformed, or a row with the next export's header glued on.
    final JoinedHeader joined = JoinedHeader.in(format(), csv, csv.headerNames);
    if (joined != null) {
      if (joinedFirst.size() < ReadCounts.SHOWN) {
        joinedFirst.add(places.at(csv.line));
      }
      joinedLines++;
      headerAfterRow = joined.header();
      joined.cutRow(csv, csv.headerNames.size());
      dataRows++;
      return true;
    }
    if (csv.error == null && mayBeHeader(format(), csv.fields) && takeOther(csv, csv.line)) {
      hxlChecked = false;
      return nextRecord();
    }
    if (csv.cutByEnd != null) {
      cutRow = places.at(csv.line);
    }
    dataRows++;
    return true;
  }

  /**
   * The header of the next export on the line of the last row returned, taken before the next
   * record ({@link JoinedHeader}).
   */
  private CsvRecords headerAfterRow;

  /** Lines that hold a row and, after it, another export's header ({@link JoinedHeader}). */
  private long joinedLines;

  private final List<String> joinedFirst = new ArrayList<>(ReadCounts.SHOWN);

  /**
   * Reads the rows after {@code header}, from line {@code from} on, by its columns when it is a
   * header of this format with other columns ({@link #readBy}), noting it; false when it is none.
   */
  private boolean takeOther(final CsvRecords header, final long from) {
    if (!readBy(header, from)) {
      return false;
    }
    laterHeaders.noted(places.at(header.line));
    return true;
  }

  /** Headers of this format with other columns than the one before them ({@link #readBy}). */
  private final LaterHeaders laterHeaders = new LaterHeaders();

  /** The line of the file's last row when the file's end cut it ({@link CsvRecords#cutByEnd}). */
  private String cutRow;

  /**
   * Whether a record may be a header of {@code format}: it has a cell that is its {@link
   * #headerKey}. Cheap (cells are compared by length first), as every record is tested.
   */
  static boolean mayBeHeader(final InputFormat format, final List<String> cells) {
    final String key = headerKey(format);
    if (key == null) {
      return false;
    }
    for (int i = 0; i < cells.size(); i++) {
      final String cell = cells.get(i);
      if (cell.length() >= key.length()
          && (cell.equalsIgnoreCase(key) || Cells.strip(cell).equalsIgnoreCase(key))) {
        return true;
      }
    }
    return false;
  }

  /**
   * The column every header of {@code format} has, by the format's column table; null for a format
   * without a header (NDJSON).
   */
  static String headerKey(final InputFormat format) {
    return switch (format) {
      case ACLED -> AcledColumns.KEY;
      case ACLED_DELETIONS -> AcledDeletionsReader.KEY;
      case UCDP_GED -> UcdpGedColumns.KEY;
      case NDJSON -> null;
    };
  }

  /** Whether {@code cells} are a header of {@code format}, by its column table. */
  static boolean isHeaderOf(final InputFormat format, final List<String> cells) {
    return switch (format) {
      case ACLED -> AcledColumns.isHeader(cells);
      case ACLED_DELETIONS -> AcledDeletionsReader.isHeader(cells);
      case UCDP_GED -> UcdpGedColumns.isHeader(cells);
      case NDJSON -> false;
    };
  }

  /**
   * Reads the rows after the record {@code header} holds by its columns when it is a header of this
   * format (another export's, joined to the one before: {@link LaterHeaders}); false, changing
   * nothing, when it is not.
   */
  private boolean readBy(final CsvRecords header, final long from) {
    final List<String> before = csv.headerNames;
    if (!readByColumns(header)) {
      return false;
    }
    laterHeaders.took(before, header, from);
    csv.readBy(header.fields);
    return true;
  }

  /**
   * Takes the columns of {@code header}, a header of this format (see {@link #readBy}); false when
   * the format reads one header only.
   */
  boolean readByColumns(final CsvRecords header) {
    return false;
  }

  /**
   * Reads the rows of a part of the file by the header in force where it starts, on line {@code
   * line} of the file ({@link FileParts.Part#headerLine}): the one reader took it there, and noted
   * it, as the part before this one does.
   */
  final void readByHeaderAt(final String text, final long line) throws IOException {
    final CsvRecords record = csv.rowsAt(new BufferedReader(new StringReader(text)));
    record.continueAtLine(line);
    if (!record.next()) {
      throw new IllegalStateException("line " + line + " holds no record to take for a header");
    }
    final JoinedHeader joined = JoinedHeader.in(format(), record, csv.headerNames);
    final CsvRecords header = joined == null ? record : joined.header();
    if (!readBy(header, joined == null ? line : line + 1)) {
      throw new IllegalStateException(
          "line " + line + " was taken for a header of " + format() + ", but reads as none");
    }
  }

  /**
   * The file this reader reads whole, until its later headers are checked before its first record
   * ({@link #beforeFirstRecord}); null for a reader of a part (checked where the file was split) or
   * of a stream.
   */
  private Path wholeFile;

  @Override
  final void readsWhole(final Path file) {
    wholeFile = file;
  }

  /**
   * Before the first record: refuses the file when a later header in it is one this reader would
   * refuse where it reaches it ({@link FileParts#refuseLaterHeaders}), so that nothing of a file
   * that is refused is published; then decides how the rows read ({@link #decideFromFirstRows}).
   */
  final void beforeFirstRecord() throws IOException {
    if (wholeFile != null) {
      final Path file = wholeFile;
      wholeFile = null;
      FileParts.refuseLaterHeaders(file, format());
    }
    decideFromFirstRows();
  }

  /**
   * Reads every record of the file as it reads them for its rows, taking (or refusing) each later
   * header where it comes: how a file whose bytes {@link FileParts} cannot frame has its later
   * headers checked.
   */
  final void takeEveryHeader() throws IOException {
    decideFromFirstRows();
    while (nextRecord()) {
      // the headers are taken as they come
    }
  }

  /** Data records read so far: see {@link ReadCount#DATA_ROWS}. */
  private long dataRows;

  /** See {@link ReadCount#UNTERMINATED_END}. */
  private boolean unterminatedEnd;

  @Override
  void checkEndOf(final Path file) {
    unterminatedEnd = endsWithoutLineBreak(file);
    csv.endsWithoutLineBreak = unterminatedEnd;
    csv.readsFileEnd = true;
  }

  /**
   * Whether the record is the header again, compared by its cells (without spaces around them or a
   * byte-order mark), not its text: R quotes every name where the first file's header did not.
   */
  private boolean isHeaderAgain() {
    final List<String> header = csv.headerNames;
    final List<String> fields = csv.fields;
    // Cheap tests first: this runs on every record.
    if (fields.size() != header.size()
        || fields.isEmpty()
        || !sameCell(fields.get(fields.size() - 1), header.get(header.size() - 1))) {
      return false;
    }
    return sameHeader(fields, header);
  }

  /** Whether two headers' cells are the same, as {@link #isHeaderAgain} compares them. */
  static boolean sameHeader(final List<String> a, final List<String> b) {
    if (a.size() != b.size()) {
      return false;
    }
    for (int i = 0; i < a.size(); i++) {
      if (!sameCell(a.get(i), b.get(i))) {
        return false;
      }
    }
    return true;
  }

  private static boolean sameCell(final String a, final String b) {
    return a.equals(b) || Cells.strip(a).equals(Cells.strip(b));
  }

  /**
   * Lines equal to the header after the first, skipped: files joined end to end (a week's export
   * appended to the last one) repeat it; it is no record, and rejecting it named a dozen fields.
   */
  private long repeatedHeaders;

  /**
   * The HXL hashtag row of an HDX file: most of its non-empty cells are tags such as {@code
   * #date+year}.
   */
  static boolean isHxlTags(final List<String> fields) {
    int filled = 0;
    int tags = 0;
    for (final String field : fields) {
      final String s = field.trim();
      if (!s.isEmpty()) {
        filled++;
        if (s.charAt(0) == '#') {
          tags++;
        }
      }
    }
    return tags > 0 && tags * 2 > filled;
  }

  /**
   * The columns whose dates decide the order of the file's all-numeric dates (the event's day, and
   * a time a spreadsheet may have written as a date): none when the format has none.
   */
  abstract int[] dateColumns();

  /**
   * What a row's other columns say of its date's order ({@link ReportedAtEvidence}); null: none.
   */
  ReportedAtEvidence dateEvidence() {
    return null;
  }

  /**
   * The file's latitude and longitude columns (-1 where it has none), whose numbers show its
   * decimal mark ({@link DecimalMark}); null when the format has no coordinates.
   */
  int[] coordinateColumns() {
    return null;
  }

  /**
   * Decides the order of the file's all-numeric dates ({@link ExportDates}) and its decimal mark
   * ({@link DecimalMark}) once, before the first record: scans the first rows, then goes back to
   * read them.
   */
  final void decideFromFirstRows() throws IOException {
    decideLayout(); // first: the rows' cells are under their names only once it is
    if (dates.decided()) {
      return;
    }
    final int[] dateColumns = dateColumns();
    final int[] coordinates = coordinateColumns();
    final ExportDates.Scan scan = new ExportDates.Scan();
    if (dateColumns.length > 0 || coordinates != null) {
      final CsvRecords rows = firstRows();
      final ReportedAtEvidence evidence = dateEvidence();
      while ((dateColumns.length > 0 && scan.wantsMore()
              || coordinates != null && numbers.wantsMore())
          && rows.charsRead() < ExportDates.SCAN_CHARS
          && rows.next()
          && !otherHeader(rows)) {
        if (dateColumns.length > 0 && scan.wantsMore()) {
          scan.add(rows.fields, evidence, dateColumns);
        }
        if (coordinates != null && numbers.wantsMore()) {
          seeCoordinates(rows, coordinates[0], coordinates[1]);
        }
      }
      in.reset();
    }
    dates.decide(scan);
  }

  /**
   * How far a look at the first rows reads: the scan's, and room for four records of the longest.
   */
  private static final int FIRST_ROWS_CHARS =
      (int) (ExportDates.SCAN_CHARS + 4L * CsvRecords.MAX_RECORD_CHARS);

  /**
   * The records after the header, the input marked to read them again (reset it after the look).
   * The look reads no further than the mark holds, however long the lines: the last line may be cut
   * short at the bound, and a date it still holds whole is its own.
   */
  private CsvRecords firstRows() throws IOException {
    in.mark(FIRST_ROWS_CHARS);
    return csv.rowsAfterHeader(new BufferedReader(new BoundedReader(in, FIRST_ROWS_CHARS - 1)));
  }

  /** Whether the file's R write.table layout is decided (or adopted): {@link RWriteTable}. */
  private boolean layoutDecided;

  /**
   * Decides whether the file is R's write.table output, from its first rows: {@link RWriteTable}.
   */
  private void decideLayout() throws IOException {
    if (layoutDecided) {
      return;
    }
    layoutDecided = true;
    RWriteTable.decide(
        csv,
        new RWriteTable.Rows() {
          @Override
          public CsvRecords open() throws IOException {
            return firstRows();
          }

          @Override
          public void close() throws IOException {
            in.reset();
          }

          @Override
          public boolean stop(final CsvRecords row) {
            return otherHeader(row);
          }
        });
  }

  /**
   * The whole file's records as its reader decided to read them ({@link RWriteTable}), their header
   * read: how {@link FileParts} frames the file's bytes.
   */
  static CsvRecords decidedRecords(final Path file, final InputFormat format) throws IOException {
    try (CsvInputReader whole =
        (CsvInputReader) InputReader.open(file, format, EventPreparer.standard())) {
      whole.decideLayout();
      return whole.csv;
    }
  }

  /**
   * Whether a scanned record is another export's header with other columns ({@link #readBy}): the
   * scan stops there, the first export's rows deciding for the file, as for a file read in parts
   * every part takes the whole file's decisions.
   */
  private boolean otherHeader(final CsvRecords rows) {
    final JoinedHeader joined = JoinedHeader.in(format(), rows, rows.headerNames);
    final List<String> header = joined == null ? rows.fields : joined.header().fields;
    return rows.error == null
        && (joined != null || mayBeHeader(format(), header))
        && !sameHeader(header, rows.headerNames)
        && isHeaderOf(format(), header);
  }

  /**
   * Shows {@link #numbers} a scanned row's coordinates when they stand as the row will be read: a
   * malformed row (rejected as PARSE) has cells that are not under their columns' names, and a cell
   * that is no coordinate ({@code 137.333}, which {@link Coordinates} drops) writes no decimal:
   * neither proves the file's decimal mark.
   */
  private void seeCoordinates(final CsvRecords rows, final int latitude, final int longitude) {
    if (CsvRow.malformed(rows, rows.headerNames.size(), null) != null) {
      return;
    }
    final CsvRow row = CsvRow.of(rows);
    if (Coordinates.of(row, latitude, longitude).latitude() == null) {
      return;
    }
    numbers.see(row.fields()[latitude], Cells.strip(rows.headerNames.get(latitude)));
    numbers.see(row.fields()[longitude], Cells.strip(rows.headerNames.get(longitude)));
  }

  /**
   * Reads its dates and numbers as the whole file does (this reader reads a part of it); see {@link
   * FileParts#open}.
   */
  final void adoptDecisionsOf(final Path file) {
    try (CsvInputReader whole =
        (CsvInputReader) InputReader.open(file, format(), EventPreparer.standard())) {
      whole.decideFromFirstRows();
      csv.adoptLayout(whole.csv);
      layoutDecided = true;
      if (dateColumns().length == 0 && coordinateColumns() == null) {
        return;
      }
      dates.adopt(whole.dates);
      numbers.adopt(whole.numbers);
    } catch (final IOException e) {
      throw InputFileException.cannotRead(file, e);
    }
  }

  @Override
  public ReadCounts counts() {
    final ReadCounts out = new ReadCounts();
    out.put(ReadCount.BLANK_ROWS, csv.emptyRows);
    out.put(ReadCount.TRAILING_EMPTY_FIELDS, csv.trailingEmptyFieldRows);
    out.put(ReadCount.REPEATED_HEADERS, repeatedHeaders);
    out.put(ReadCount.OTHER_HEADERS, laterHeaders.count, laterHeaders.first);
    out.put(ReadCount.JOINED_HEADERS, joinedLines, joinedFirst);
    out.put(ReadCount.DOUBLE_ENCODED_RECORDS, csv.encoding.doubleEncodedRecords);
    out.put(
        ReadCount.MIXED_ENCODING_ROWS,
        csv.encoding.mixedEncodingRecords,
        csv.encoding.mixedEncodingFirst);
    out.put(ReadCount.WRAPPED_ROWS, csv.wrapped.rows, csv.wrapped.first);
    out.put(ReadCount.CONTRADICTED_DATES, dates.contradicted());
    dayNumbers.addTo(out);
    out.put(ReadCount.DATA_ROWS, dataRows);
    out.put(
        ReadCount.UNTERMINATED_END,
        unterminatedEnd || cutRow != null ? 1L : 0L,
        cutRow == null ? List.of() : List.of(cutRow));
    unplaced.addTo(out);
    numbers.addTo(out);
    return out;
  }

  /** The note of a file without its format's region column (a re-save that dropped it). */
  static final String NO_REGION_COLUMN =
      "no '%s' column: every incident's region is UNKNOWN (the country and group keys count them)";

  @Override
  List<String> formatNotes(final ReadCounts counts) {
    final List<String> out = new ArrayList<>(4);
    RWriteTable.notes(csv, out);
    Stream.of(
            dates.note(counts.get(ReadCount.CONTRADICTED_DATES)),
            DayNumbers.note(counts),
            CsvNotes.titlesNote(csv),
            CsvNotes.endNote(counts),
            CsvNotes.wrappedNote(csv, counts),
            CsvNotes.blankRowsNote(counts))
        .filter(Objects::nonNull)
        .forEach(out::add);
    CsvNotes.addDuplicateColumns(laterHeaders.fileHeader(csv.headerNames), out);
    Stream.of(
            Coordinates.note(counts),
            numbers.note(counts),
            CsvNotes.doubleEncodedNote(counts),
            CsvNotes.mixedEncodingNote(counts),
            CsvNotes.repeatedHeadersNote(counts),
            CsvNotes.joinedHeadersNote(counts),
            CsvNotes.otherHeadersNote(counts),
            CsvNotes.trailingFieldsNote(counts))
        .filter(Objects::nonNull)
        .forEach(out::add);
    return out;
  }

  /** The header line as in the file. */
  public abstract String headerText();

  @Override
  final String layoutNote() {
    return CsvNotes.layoutNote(csv);
  }

  @Override
  final void continueAtLine(final long next) {
    csv.continueAtLine(next);
  }

  /**
   * The header line, a line break, then the record; after the file's {@code sep=} line when it has
   * one, which names a separator that the header alone may not show.
   */
  @Override
  public final String selfContainedText(final InputRecord record) {
    final String other = laterHeaders.textAt(record.line());
    return (csv.separatorLine == null ? "" : csv.separatorLine + "\n")
        + (other == null ? headerText() : other)
        + "\n"
        + record.rawText();
  }

  /**
   * The column of this format that an event field's error is about (the field itself when none
   * maps).
   */
  abstract String columnOf(String field);

  /** Incidents counted without the coordinates their rows gave: see {@link Coordinates}. */
  private final Coordinates unplaced = new Coordinates(places);

  /**
   * The event canonicalised and validated by {@code preparer}, or rejected naming this format's
   * columns; {@code point} is its coordinates as read, counted for the notes when they were dropped
   * and the event is read. {@code line}: the line it starts on, which the record is numbered and
   * named by as {@link #places} say.
   */
  final InputRecord prepared(
      final long line,
      final String raw,
      final String recordId,
      final IncidentEvent event,
      final Coordinates.Point point,
      final EventPreparer preparer) {
    try {
      final InputRecord.Parsed parsed =
          new InputRecord.Parsed(places.position(line), raw, preparer.incident(event));
      unplaced.counted(line, point);
      return parsed;
    } catch (final InvalidEventException e) {
      final List<FieldError> asColumns = new ArrayList<>(e.errors().size());
      for (final FieldError error : e.errors()) {
        asColumns.add(
            new FieldError(
                error.field() == null ? null : columnOf(error.field()), error.message()));
      }
      return invalid(line, raw, recordId, asColumns);
    }
  }

  /** A record rejected as VALIDATION, its reason naming its place and every offending column. */
  final InputRecord invalid(
      final long line, final String raw, final String recordId, final List<FieldError> errors) {
    final InvalidEventException error = new InvalidEventException(errors);
    return new InputRecord.Rejected(
        places.position(line),
        raw,
        recordId,
        DeadLetters.VALIDATION,
        places.at(line) + ": " + error.getMessage(),
        error);
  }
}
