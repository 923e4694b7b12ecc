package io.surgewatch.inputs;

import io.surgewatch.core.Canonicalizer;
import io.surgewatch.core.EventPreparer;
import io.surgewatch.core.FieldError;
import io.surgewatch.core.RetractionDefaults;
import io.surgewatch.events.v1.Casualties;
import io.surgewatch.events.v1.IncidentEvent;
import io.surgewatch.events.v1.Source;
import io.surgewatch.events.v1.SourceKind;
import java.io.BufferedReader;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * ACLED's list of deleted events to retractions: each row is an {@link IncidentEvent} with {@code
 * retracted} true that takes the incident {@code event_id_cnty} out of every count. Columns by name
 * in any order and letter case, extra columns ignored. The mapping (documented for the README):
 *
 * <ul>
 *   <li>{@code event_id_cnty} is the id; {@code deleted_timestamp} is reportedAt, read as ACLED's
 *       {@code timestamp} ({@link AcledValues#timestamp}: unix seconds or milliseconds, ISO-8601, a
 *       spreadsheet's date and time; UTC when no offset is given), except that a date alone is its
 *       start; revision 0.
 *   <li>A retraction's own day and country are never counted (only the counted report's are), but
 *       the schema requires them: occurredOn is the deletion's UTC day; country is the id's prefix
 *       as an ISO alpha-3 code ({@code PAK1234} is PK, ACLED's {@code DRC} is CD, {@code XKX} XK),
 *       else the placeholder {@value EventPreparer#UNKNOWN_RETRACTED_COUNTRY} that EventPreparer
 *       accepts only on a retraction.
 *   <li>Zero killed and injured, no groups; source ACLED (kind ACLED).
 * </ul>
 *
 * A row without an id or with an unreadable timestamp is VALIDATION naming the line and the column;
 * a malformed CSV record PARSE.
 */
final class AcledDeletionsReader extends CsvInputReader {

  private static final String WHAT = "an ACLED deletions CSV file";

  static final List<String> REQUIRED = List.of("event_id_cnty", "deleted_timestamp");

  /**
   * A column every deletions list's header has and no data cell is: see {@link AcledColumns#KEY}.
   */
  static final String KEY = AcledColumns.key(REQUIRED, Map.of());

  private final EventPreparer preparer;
  private final Canonicalizer names = Canonicalizer.standard();
  private final String headerText;

  /** The header in force: the file's, or a later one's ({@link #readByColumns}). */
  private CsvHeader header;

  private int id;
  private int deletedAt;

  AcledDeletionsReader(
      final String sourceName,
      final BufferedReader in,
      final EventPreparer preparer,
      final Places places) {
    super(sourceName, in, places);
    this.preparer = preparer;
    try {
      header = CsvHeader.read(csv, sourceName, WHAT);
      header.require(sourceName, WHAT, REQUIRED, List.of());
    } catch (final InputFileException e) {
      throw RWriteTable.separatedBySpaces(csv, format(), sourceName, e);
    }
    headerText = header.text;
    id = header.of("event_id_cnty");
    deletedAt = header.of("deleted_timestamp");
  }

  /** Whether a record's cells are a deletions list's header: they name its columns. */
  static boolean isHeader(final List<String> cells) {
    final Set<String> names = new HashSet<>();
    cells.forEach(cell -> names.add(cell.trim().toLowerCase(Locale.ROOT)));
    return names.containsAll(REQUIRED);
  }

  /** Takes a later header's columns: another list joined to the one before, read by its own. */
  @Override
  boolean readByColumns(final CsvRecords later) {
    if (!isHeader(later.fields)) {
      return false;
    }
    header = CsvHeader.of(later, Map.of());
    id = header.of("event_id_cnty");
    deletedAt = header.of("deleted_timestamp");
    return true;
  }

  /** Its date-times, when a spreadsheet wrote them as dates, are read in the order they prove. */
  @Override
  int[] dateColumns() {
    return new int[] {deletedAt};
  }

  @Override
  public InputFormat format() {
    return InputFormat.ACLED_DELETIONS;
  }

  @Override
  public String headerText() {
    return headerText;
  }

  @Override
  InputRecord readNext(final BufferedReader in) throws IOException {
    beforeFirstRecord();
    if (!nextRecord()) {
      return null;
    }
    final long line = csv.line;
    final String raw = csv.raw;
    Cells.blankMissing(csv.fields);
    final List<String> f = csv.fields;
    final String recordId = f.size() > id && !f.get(id).isBlank() ? f.get(id).trim() : null;
    final InputRecord.Rejected malformed = CsvRow.malformed(csv, header.columns, recordId);
    if (malformed != null) {
      return malformed;
    }
    final List<FieldError> errors = new ArrayList<>(2);
    if (recordId == null) {
      errors.add(new FieldError("event_id_cnty", Cells.MISSING_CELL));
    }
    final AcledValues.Reading reading = AcledValues.read(f.get(deletedAt), dates, true);
    final Instant at = reading.at();
    if (at == null) {
      errors.add(new FieldError("deleted_timestamp", reading.problem()));
    }
    if (!errors.isEmpty()) {
      return invalid(line, raw, recordId, errors);
    }
    final Casualties none = RetractionDefaults.none();
    final IncidentEvent retraction =
        IncidentEvent.newBuilder()
            .setId(recordId)
            .setReportedAt(at)
            .setRevision(0)
            .setRetracted(true)
            .setSource(new Source("ACLED", null, SourceKind.ACLED))
            .setOccurredOn(LocalDate.ofInstant(at, ZoneOffset.UTC))
            .setCountry(countryOf(recordId))
            .setGroups(List.of())
            .setKilled(none)
            .setInjured(none)
            .build();
    return prepared(line, raw, recordId, retraction, Coordinates.NONE, preparer);
  }

  @Override
  String columnOf(final String field) {
    return "id".equals(field)
        ? "event_id_cnty"
        : "reportedAt".equals(field) || "occurredOn".equals(field) ? "deleted_timestamp" : field;
  }

  /** The id's letters before its number, as an alpha-3 code; the placeholder when they are none. */
  private String countryOf(final String eventId) {
    int letters = 0;
    while (letters < eventId.length() && Character.isLetter(eventId.charAt(letters))) {
      letters++;
    }
    return letters == 3
        ? names.country(eventId.substring(0, 3)).orElse(EventPreparer.UNKNOWN_RETRACTED_COUNTRY)
        : EventPreparer.UNKNOWN_RETRACTED_COUNTRY;
  }
}
