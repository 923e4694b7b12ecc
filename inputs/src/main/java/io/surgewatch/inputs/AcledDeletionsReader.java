package io.surgewatch.inputs;

import io.surgewatch.core.Canonicalizer;
import io.surgewatch.core.EventPreparer;
import io.surgewatch.core.FieldError;
import io.surgewatch.events.v1.Casualties;
import io.surgewatch.events.v1.IncidentEvent;
import io.surgewatch.events.v1.Source;
import io.surgewatch.events.v1.SourceKind;
import java.io.BufferedReader;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * ACLED's list of deleted events to retractions: each row is an {@link IncidentEvent} with {@code
 * retracted} true that takes the incident {@code event_id_cnty} out of every count. Columns by name
 * in any order and letter case, extra columns ignored. The mapping (documented for the README):
 *
 * <ul>
 *   <li>{@code event_id_cnty} is the id; {@code deleted_timestamp} is reportedAt: unix seconds
 *       ({@code 1617235200} or {@code 1617235200.0}; milliseconds when too large for seconds) or a
 *       date-time ({@code 2021-04-01 12:00:00}, {@code 2021-04-01T12:00:00Z}; UTC when no offset is
 *       given; a date alone is its start); revision 0.
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

  private final EventPreparer preparer;
  private final Canonicalizer names = Canonicalizer.standard();
  private final CsvHeader header;
  private final int id;
  private final int deletedAt;

  AcledDeletionsReader(
      final String sourceName, final BufferedReader in, final EventPreparer preparer) {
    super(sourceName, in);
    this.preparer = preparer;
    header = CsvHeader.read(csv, sourceName, WHAT);
    header.require(sourceName, WHAT, List.of("event_id_cnty", "deleted_timestamp"), List.of());
    id = header.of("event_id_cnty");
    deletedAt = header.of("deleted_timestamp");
  }

  @Override
  int dateColumn() {
    return -1; // a deletion's time is its deleted_timestamp, never a spreadsheet's date
  }

  @Override
  public InputFormat format() {
    return InputFormat.ACLED_DELETIONS;
  }

  @Override
  public String headerText() {
    return header.text;
  }

  @Override
  InputRecord readNext(final BufferedReader in) throws IOException {
    if (!csv.next()) {
      return null;
    }
    final long line = csv.line;
    final String raw = csv.raw;
    final List<String> f = csv.fields;
    final String recordId = f.size() > id && !f.get(id).isBlank() ? f.get(id).trim() : null;
    final InputRecord.Rejected malformed = CsvRow.malformed(csv, header.columns, recordId);
    if (malformed != null) {
      return malformed;
    }
    final List<FieldError> errors = new ArrayList<>(2);
    if (recordId == null) {
      errors.add(new FieldError("event_id_cnty", "must not be blank"));
    }
    final Instant at = parseInstant(f.get(deletedAt));
    if (at == null) {
      errors.add(
          new FieldError(
              "deleted_timestamp",
              "expected unix seconds or a date-time like 2021-04-01 12:00:00,"
                  + " got '"
                  + f.get(deletedAt)
                  + "'"));
    }
    if (!errors.isEmpty()) {
      return invalid(line, raw, recordId, errors);
    }
    final Casualties none = new Casualties(0, 0, 0, 0, null, null);
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
    return prepared(line, raw, recordId, retraction, preparer);
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

  /**
   * Unix seconds (a float's zero fraction allowed; milliseconds when too large for seconds), an
   * ISO-8601 instant or a date-time without offset (UTC), or a date (its start in UTC); null
   * otherwise.
   */
  static Instant parseInstant(final String raw) {
    final String s = Cells.strip(raw);
    if (s.isEmpty()) {
      return null;
    }
    if (s.matches("[0-9]{1,15}(\\.0*)?")) {
      final long n =
          Long.parseLong(s.substring(0, s.indexOf('.') < 0 ? s.length() : s.indexOf('.')));
      return n > 100_000_000_000L ? Instant.ofEpochMilli(n) : Instant.ofEpochSecond(n);
    }
    final String iso = s.replace(' ', 'T');
    try {
      return OffsetDateTime.parse(iso).toInstant();
    } catch (final DateTimeParseException notOffset) {
      try {
        return LocalDateTime.parse(iso).toInstant(ZoneOffset.UTC);
      } catch (final DateTimeParseException notLocal) {
        try {
          return LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (final DateTimeParseException notDate) {
          return null;
        }
      }
    }
  }
}
