package io.surgewatch.inputs;

import io.surgewatch.core.DataTable;
import io.surgewatch.core.Canonicalizer;
import io.surgewatch.core.DeadLetters;
import io.surgewatch.core.EventPreparer;
import io.surgewatch.core.EventTypes;
import io.surgewatch.core.FieldError;
import io.surgewatch.events.v1.Attribution;
import io.surgewatch.events.v1.Casualties;
import io.surgewatch.events.v1.DatePrecision;
import io.surgewatch.events.v1.EventType;
import io.surgewatch.events.v1.GeoPrecision;
import io.surgewatch.events.v1.IncidentEvent;
import io.surgewatch.events.v1.PerpetratorGroup;
import io.surgewatch.events.v1.Source;
import io.surgewatch.events.v1.SourceKind;
import io.surgewatch.events.v1.TargetType;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * ACLED CSV export to {@link IncidentEvent}s, in every variant users have: the current export, the pre-2019 one
 * (upper-case columns, {@code ALLY_ACTOR_1}, no {@code timestamp}, no {@code sub_event_type}, the old event types),
 * the monadic one (one row per actor: see {@link MonadicMerge}), and files re-saved by R, pandas or spreadsheets.
 * The mapping (documented for the README):
 * <ul>
 * <li>Columns by name in any case and order ({@link AcledColumns}); cells {@code NA}, {@code NaN}, {@code #N/A} or
 * empty are missing ({@link AcledValues}); numbers may be written {@code 3.0}.</li>
 * <li>{@code event_id_cnty} is the id; {@code timestamp} is reportedAt (unix seconds or milliseconds, an ISO-8601
 * date-time, UTC when it has no zone, or a date); revision 0. A row without a timestamp (none in the file, or a
 * missing cell) is reported at the end of its event day, 23:59:59.999 UTC.</li>
 * <li>{@code event_date} in any style of {@link AcledDates} (all-numeric dates in one order per file) is occurredOn;
 * {@code time_precision} 1/2/3 is DAY/WEEK/MONTH.</li>
 * <li>Country: ACLED's codes {@code iso} (numeric) or {@code iso3} when present, else the {@code country} name; a
 * name that contradicts the code is rejected. The pre-2019 {@code GWNO} is a Gleditsch-Ward number, not ISO
 * ({@code 404} is Guinea-Bissau there, Kenya in ISO): read through its own table, and only when nothing else places
 * the row. {@code admin1} is the region, {@code admin2},
 * {@code location}, {@code latitude}, {@code longitude}; {@code geo_precision} 1/2/3 is EXACT/NEAR/REGION.</li>
 * <li>Groups: {@code actor1} (the perpetrator) is ATTRIBUTED; each group named in {@code assoc_actor_1}
 * (separated by {@code ;}) is SUSPECTED; names canonicalised, unidentified groups dropped (an incident with no
 * group counts under UNKNOWN). In a monadic export, every row's actor that {@link MonadicMerge#perpetrator} admits.</li>
 * <li>{@code event_type} is canonical through {@link EventTypes} (the pre-2019 names onto the current ones) and
 * kept as sourceEventType; {@code sub_event_type} (or, when absent, the event type alone) gives eventType through
 * {@code acled-event-kinds.csv}, OTHER when it tells nothing more.</li>
 * <li>{@code fatalities} is a total without a victim breakdown: killed.unknown, or killed.civilians when
 * {@code civilian_targeting} is set or the event type is Violence against civilians; a missing value is 0 (ACLED
 * writes 0 for none); injured is 0 (ACLED has no injury figures). Target type: civilians as above, else from
 * {@code inter2} (state forces, militias/rebels, civilians); in a monadic export, civilians also when a row's actor
 * is civilians, else UNKNOWN.</li>
 * <li>Source: kind ACLED, name the {@code source} column (ACLED when empty); {@code notes} kept.</li>
 * <li>Every event type is read: which count as incidents is decided where revisions are judged (stage 1, setting
 * {@code incidents.counted-types}), so a row re-coded to a type that does not count takes the earlier figures
 * out.</li>
 * </ul>
 * A row that cannot be mapped is rejected as VALIDATION naming the column(s) and the line; a malformed CSV record
 * (wrong number of fields, unterminated quote) as PARSE. The rows merged into one monadic incident come out as one
 * record whose text is theirs, joined by line breaks, and whose line is the first row's.
 */
final class AcledCsvReader extends CsvInputReader {

  private static final String VAC = "Violence against civilians";
  private static final Map<String, EventType> KINDS = kinds();

  /** Avro field paths of EventPreparer's errors, as the ACLED columns they come from. */
  private static final Map<String, String> COLUMN_OF_FIELD = Map.of("id", "event_id_cnty", "occurredOn", "event_date",
      "reportedAt", "timestamp", "country", "country", "region", "admin1", "source.name", "source");

  private final EventPreparer preparer;
  private final Canonicalizer names = Canonicalizer.standard();
  private final BufferedReader in;
  private final String headerText;
  private final AcledColumns c;
  private final AcledDates dates = new AcledDates();
  private final MonadicMerge merge;
  /** Columns every row of a monadic event must agree on: the event's, repeated on each actor's row. */
  private final int[] shared;
  private final ArrayDeque<InputRecord> ready = new ArrayDeque<>(2);
  /** A monadic row read past the end of the event before it. */
  private Row pending;
  private long endOfDayRows;

  // Names repeat across millions of rows: look each up once.
  private final Map<String, String> countryCache = new HashMap<>();
  private final Map<String, String> groupCache = new HashMap<>();

  /** One CSV record, its fields copied (the CSV reader reuses its list). */
  private record Row(long line, String raw, String[] f) {}

  AcledCsvReader(final String sourceName, final BufferedReader in, final EventPreparer preparer) {
    super(sourceName, in);
    this.preparer = preparer;
    this.in = in;
    try {
      if (!csv.next()) {
        throw new InputFileException(sourceName + ": empty file, expected an ACLED CSV header line");
      }
    } catch (final IOException e) {
      throw new InputFileException("cannot read input file " + sourceName + ": " + e.getMessage(), e);
    }
    headerText = csv.raw;
    c = AcledColumns.of(csv.fields, sourceName);
    merge = c.monadic ? new MonadicMerge() : null;
    shared = new int[] {c.eventDate, c.eventType, c.subEventType, c.fatalities, c.iso, c.iso3, c.country, c.admin1,
        c.location};
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
  List<String> formatNotes() {
    final List<String> out = new ArrayList<>(3);
    final String order = dates.note();
    if (order != null) {
      out.add(order);
    }
    if (c.timestamp < 0) {
      out.add("no timestamp column (the pre-2019 export): every row is reported at the end of its event day, "
          + "23:59:59.999 UTC");
    } else if (endOfDayRows > 0) {
      out.add(endOfDayRows + " records without a timestamp are reported at the end of their event day, 23:59:59.999 UTC");
    }
    if (merge != null) {
      out.add("monadic export (no actor2 columns): the rows of one event id and timestamp are one incident; "
          + "protesters and civilians are never its perpetrators"
          + (merge.rejoined() == 0 ? "" : "; " + merge.rejoined() + " events had rows apart, merged with the earlier"));
    }
    return out;
  }

  /** Reads its dates as the whole file does (this reader reads a part of it); see {@link FileParts#open}. */
  void adoptDatesOf(final Path file) {
    try (AcledCsvReader whole = (AcledCsvReader) InputReader.open(file, InputFormat.ACLED, preparer)) {
      whole.decideDates();
      dates.adopt(whole.dates);
    } catch (final IOException e) {
      throw new InputFileException("cannot read input file " + file + ": " + e.getMessage(), e);
    }
  }

  /** Scans the first rows for the order of all-numeric dates, then goes back to read them (see {@link AcledDates}). */
  private void decideDates() throws IOException {
    final int limit = (int) (AcledDates.SCAN_CHARS + 4L * CsvRecords.MAX_RECORD_CHARS);
    in.mark(limit);
    final AcledDates.Scan scan = AcledDates.Scan.of(new CsvRecords(in), c.eventDate);
    try {
      in.reset();
    } catch (final IOException e) {
      throw new InputFileException(sourceName() + ": cannot re-read the rows scanned for the order of its dates (a "
          + "line longer than " + limit + " characters?): " + e.getMessage(), e);
    }
    dates.decide(scan);
  }

  @Override
  InputRecord readNext(final BufferedReader ignored) throws IOException {
    if (!dates.decided()) {
      decideDates();
    }
    if (!ready.isEmpty()) {
      return ready.poll();
    }
    if (merge == null) {
      final Row row = nextRow();
      return row == null ? ready.poll() : toRecord(List.of(row));
    }
    // Monadic: the rows of one key, up to the first row of the next event (kept for the next call). A malformed
    // record ends the event too: it comes out after it (rows of the event after it are then rows apart).
    final List<Row> rows = new ArrayList<>(4);
    String key = null;
    while (ready.isEmpty()) {
      final Row row = pending != null ? pending : nextRow();
      pending = null;
      if (row == null) {
        break;
      }
      final String k = MonadicMerge.key(row.f[c.id], c.timestamp < 0 ? "" : row.f[c.timestamp]);
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
    final InputRecord event = toRecord(rows);
    if (ready.isEmpty()) {
      return event;
    }
    ready.addFirst(event);
    return ready.poll();
  }

  /**
   * The next well-formed row, or null at the end. A malformed record is queued as rejected (PARSE) and ends the
   * search: it is returned after the rows before it.
   */
  private Row nextRow() throws IOException {
    if (!csv.next()) {
      return null;
    }
    final long line = csv.line;
    final List<String> f = csv.fields;
    if (csv.error != null || f.size() != c.count) {
      final String recordId = f.size() > c.id ? blankToNull(f.get(c.id)) : null;
      ready.add(new InputRecord.Rejected(line, csv.raw, recordId, DeadLetters.PARSE, prefix(line) + (csv.error != null
          ? csv.error : "expected " + c.count + " fields as in the header, found " + f.size()
          + " (unquoted comma or missing field?)"), null));
      return null;
    }
    AcledValues.blankMissing(f);
    return new Row(line, csv.raw, f.toArray(new String[0]));
  }

  private InputRecord toRecord(final List<Row> rows) {
    final Row first = rows.get(0);
    final String[] f = first.f;
    final long line = first.line;
    final String raw = rows.size() == 1 ? first.raw : joinRaw(rows);
    final String recordId = blankToNull(f[c.id]);
    final String type = f[c.eventType].trim();
    if (type.isEmpty()) {
      return invalid(line, raw, recordId, List.of(new FieldError("event_type", "must not be blank")));
    }
    final String sourceType = EventTypes.canonical(type);
    final List<FieldError> errors = new ArrayList<>(2);
    if (recordId == null) {
      errors.add(new FieldError("event_id_cnty", "must not be blank"));
    }
    disagreements(rows, errors);
    final LocalDate day = dates.parse(f[c.eventDate]);
    if (day == null) {
      final String why = dates.contradiction();
      errors.add(new FieldError("event_date", why != null ? why : "expected a date like 2023-01-30, 30 January 2023 or "
          + "30-Jan-23, got '" + f[c.eventDate] + "'"));
    }
    final Instant reportedAt = reportedAt(f, day, errors);
    final long dead = Cells.isBlank(f[c.fatalities]) ? 0 : AcledValues.wholeNumber(f[c.fatalities]);
    if (dead < 0 || dead > Integer.MAX_VALUE) {
      errors.add(new FieldError("fatalities", "expected a whole number of at least 0, got '" + f[c.fatalities] + "'"));
    }
    final String cc = countryOf(f, errors);
    final Double lat = coordinate(f, c.latitude, "latitude", errors);
    final Double lon = coordinate(f, c.longitude, "longitude", errors);
    if (!errors.isEmpty()) {
      return invalid(line, raw, recordId, errors);
    }
    final boolean civilians = sourceType.equals(VAC) || c.civilianTargeting >= 0 && !f[c.civilianTargeting].isBlank();
    final Casualties killed = civilians ? new Casualties(0, (int) dead, 0, 0, null, null)
        : new Casualties(0, 0, 0, (int) dead, null, null);
    final String sourceText = text(f, c.source);
    final IncidentEvent event = new IncidentEvent(recordId, reportedAt, 0, false,
        new Source(sourceText == null ? "ACLED" : sourceText, null, SourceKind.ACLED),
        day, datePrecision(text(f, c.timePrecision)), cc, text(f, c.admin1), text(f, c.admin2), text(f, c.location),
        lat, lon, geoPrecision(text(f, c.geoPrecision)), merge == null ? groups(f) : monadicGroups(rows),
        kind(text(f, c.subEventType), sourceType), civilians ? TargetType.CIVILIANS : target(rows),
        killed, new Casualties(0, 0, 0, 0, null, null), text(f, c.notes), sourceType);
    return prepared(line, raw, recordId, event, preparer);
  }

  private Instant reportedAt(final String[] f, final LocalDate day, final List<FieldError> errors) {
    final String text = c.timestamp < 0 ? "" : f[c.timestamp];
    if (text.isBlank()) {
      endOfDayRows += c.timestamp < 0 ? 0 : 1;
      return day == null ? null : AcledValues.endOfDay(day);
    }
    final Instant at = AcledValues.timestamp(text, dates);
    if (at == null) {
      errors.add(new FieldError("timestamp", "expected unix seconds or an ISO-8601 date-time, got '" + text + "'"));
    }
    return at;
  }

  /** The rows of one monadic event must agree on the event's own columns. */
  private void disagreements(final List<Row> rows, final List<FieldError> errors) {
    if (rows.size() < 2) {
      return;
    }
    final String[] f = rows.get(0).f;
    for (final int column : shared) {
      if (column < 0) {
        continue;
      }
      for (final Row other : rows) {
        if (!other.f[column].trim().equals(f[column].trim())) {
          errors.add(new FieldError(headerName(column), "the rows of event " + f[c.id].trim() + " disagree: '"
              + f[column] + "' on line " + rows.get(0).line + ", '" + other.f[column] + "' on line " + other.line));
          break;
        }
      }
    }
  }

  private String headerName(final int column) {
    return column == c.eventDate ? "event_date" : column == c.eventType ? "event_type"
        : column == c.subEventType ? "sub_event_type" : column == c.fatalities ? "fatalities" : column == c.iso ? "iso"
        : column == c.iso3 ? "iso3" : column == c.country ? "country" : column == c.admin1 ? "admin1" : "location";
  }

  private static String joinRaw(final List<Row> rows) {
    final StringBuilder b = new StringBuilder(rows.size() * 400);
    for (final Row row : rows) {
      if (b.length() > 0) {
        b.append('\n');
      }
      b.append(row.raw);
    }
    return b.toString();
  }

  @Override
  String columnOf(final String field) {
    if (field.startsWith("killed.")) {
      return "fatalities";
    }
    if (field.startsWith("groups[")) {
      return "actor1";
    }
    return COLUMN_OF_FIELD.getOrDefault(field, field);
  }

  /** ACLED's codes first ({@code iso}, then {@code iso3}), the name otherwise; a name contradicting the code is an error. */
  private String countryOf(final String[] f, final List<FieldError> errors) {
    final String isoText = c.iso < 0 ? "" : AcledValues.code(f[c.iso]);
    String byCode = lookupCountry(isoText);
    String codeColumn = "iso";
    if (byCode == null && c.iso3 >= 0) {
      byCode = lookupCountry(f[c.iso3]);
      codeColumn = "iso3";
    }
    final String byName = c.country < 0 ? null : lookupCountry(f[c.country]);
    if (byCode != null && byName != null && !byCode.equals(byName)) {
      errors.add(new FieldError("country", "'" + f[c.country].trim() + "' is " + byName + " but " + codeColumn + " '"
          + (codeColumn.equals("iso") ? isoText : f[c.iso3].trim()) + "' is " + byCode));
      return null;
    }
    String cc = byCode != null ? byCode : byName;
    if (cc == null && c.gwno >= 0 && !f[c.gwno].isBlank()) {
      cc = names.countryByGleditschWard(f[c.gwno]).orElse(null);
    }
    if (cc == null) {
      errors.add(new FieldError(c.country >= 0 ? "country" : c.iso >= 0 ? "iso" : "iso3", "unknown country '"
          + (c.country >= 0 ? f[c.country] : "") + "'" + (c.iso >= 0 ? " (iso '" + f[c.iso] + "')" : "")
          + (c.iso3 >= 0 ? " (iso3 '" + f[c.iso3] + "')" : "")));
    }
    return cc;
  }

  private String lookupCountry(final String raw) {
    if (raw.isBlank()) {
      return null;
    }
    String hit = countryCache.get(raw);
    if (hit == null) {
      hit = names.country(raw).orElse("");
      countryCache.put(raw, hit);
    }
    return hit.isEmpty() ? null : hit;
  }

  private List<PerpetratorGroup> groups(final String[] f) {
    final Map<String, PerpetratorGroup> out = new LinkedHashMap<>(4);
    addGroups(out, f);
    return new ArrayList<>(out.values());
  }

  private List<PerpetratorGroup> monadicGroups(final List<Row> rows) {
    final Map<String, PerpetratorGroup> out = new LinkedHashMap<>(4);
    for (final Row row : rows) {
      if (c.inter1 < 0 || MonadicMerge.perpetrator(row.f[c.inter1])) {
        addGroups(out, row.f);
      }
    }
    final List<PerpetratorGroup> groups = new ArrayList<>(out.values());
    final Row first = rows.get(0);
    return merge.complete(MonadicMerge.key(first.f[c.id], c.timestamp < 0 ? "" : first.f[c.timestamp]), groups);
  }

  private void addGroups(final Map<String, PerpetratorGroup> out, final String[] f) {
    addGroup(out, f[c.actor1], Attribution.ATTRIBUTED);
    if (c.assocActor1 >= 0) {
      final String assoc = f[c.assocActor1];
      int start = 0;
      while (start <= assoc.length()) {
        int end = assoc.indexOf(';', start);
        if (end < 0) {
          end = assoc.length();
        }
        addGroup(out, assoc.substring(start, end), Attribution.SUSPECTED);
        start = end + 1;
      }
    }
  }

  private void addGroup(final Map<String, PerpetratorGroup> out, final String raw, final Attribution attribution) {
    final String trimmed = raw.trim();
    if (trimmed.isEmpty()) {
      return;
    }
    String name = groupCache.get(trimmed);
    if (name == null) {
      name = names.group(trimmed);
      groupCache.put(trimmed, name);
    }
    if (name.equals(Canonicalizer.UNKNOWN)) {
      return;
    }
    final PerpetratorGroup had = out.get(name);
    if (had == null || had.getAttribution() == Attribution.SUSPECTED && attribution == Attribution.ATTRIBUTED) {
      out.put(name, new PerpetratorGroup(name, attribution));
    }
  }

  /** Dyadic: the other side's type ({@code inter2}). Monadic: civilians when a row's actor is, else unknown. */
  private TargetType target(final List<Row> rows) {
    if (merge == null) {
      return c.inter2 < 0 ? TargetType.UNKNOWN : targetOf(text(rows.get(0).f, c.inter2));
    }
    if (c.inter1 >= 0) {
      for (final Row row : rows) {
        if (targetOf(text(row.f, c.inter1)) == TargetType.CIVILIANS) {
          return TargetType.CIVILIANS;
        }
      }
    }
    return TargetType.UNKNOWN;
  }

  private static EventType kind(final String subEventType, final String canonicalType) {
    final String key = subEventType != null ? subEventType.toLowerCase(Locale.ROOT)
        : "type:" + canonicalType.toLowerCase(Locale.ROOT);
    return KINDS.getOrDefault(key, EventType.OTHER);
  }

  private static String text(final String[] f, final int column) {
    return column < 0 ? null : blankToNull(f[column]);
  }

  private static String blankToNull(final String s) {
    if (s == null || s.isBlank()) {
      return null;
    }
    return s.trim();
  }

  private static Double coordinate(final String[] f, final int column, final String name,
      final List<FieldError> errors) {
    if (column < 0 || Cells.isBlank(f[column])) {
      return null;
    }
    try {
      return Double.valueOf(Cells.strip(f[column]));
    } catch (final NumberFormatException e) {
      errors.add(new FieldError(name, "expected a number, got '" + f[column] + "'"));
      return null;
    }
  }

  private static DatePrecision datePrecision(final String raw) {
    if (raw == null) {
      return DatePrecision.DAY;
    }
    return switch (AcledValues.code(raw)) {
      case "1" -> DatePrecision.DAY;
      case "2" -> DatePrecision.WEEK;
      case "3" -> DatePrecision.MONTH;
      default -> DatePrecision.UNKNOWN;
    };
  }

  private static GeoPrecision geoPrecision(final String raw) {
    if (raw == null) {
      return GeoPrecision.UNKNOWN;
    }
    return switch (AcledValues.code(raw)) {
      case "1" -> GeoPrecision.EXACT;
      case "2" -> GeoPrecision.NEAR;
      case "3" -> GeoPrecision.REGION;
      default -> GeoPrecision.UNKNOWN;
    };
  }

  /** An ACLED actor type ({@code inter1}/{@code inter2}), as a number (older exports) or a name (newer ones). */
  private static TargetType targetOf(final String inter) {
    if (inter == null) {
      return TargetType.UNKNOWN;
    }
    return switch (AcledValues.code(inter).toLowerCase(Locale.ROOT)) {
      case "1", "state forces" -> TargetType.SECURITY_FORCES;
      case "2", "3", "4", "rebel group", "political militia", "identity militia" -> TargetType.MILITANTS;
      case "7", "civilians" -> TargetType.CIVILIANS;
      case "8", "external/other forces" -> TargetType.OTHER;
      default -> TargetType.UNKNOWN;
    };
  }

  private static Map<String, EventType> kinds() {
    final Map<String, EventType> m = new HashMap<>();
    DataTable.read(AcledCsvReader.class, "acled-event-kinds.csv")
        .forEach(r -> m.put(r[0].toLowerCase(Locale.ROOT), EventType.valueOf(r[1])));
    return Map.copyOf(m);
  }
}
