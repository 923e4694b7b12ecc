package io.surgewatch.inputs;

import io.surgewatch.core.Canonicalizer;
import io.surgewatch.core.DeadLetters;
import io.surgewatch.core.EventPreparer;
import io.surgewatch.core.FieldError;
import io.surgewatch.core.InvalidEventException;
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
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * ACLED CSV export to {@link IncidentEvent}s. The mapping (documented for the README):
 * <ul>
 * <li>{@code event_id_cnty} is the id; {@code timestamp} (unix seconds) is reportedAt; revision 0.</li>
 * <li>{@code event_date} ({@code 2023-01-30}, {@code 30 January 2023}, {@code 30-January-2023}, {@code 30 Jan 2023};
 * month names in any case) is occurredOn; {@code time_precision} 1/2/3 is DAY/WEEK/MONTH.</li>
 * <li>{@code country} (name), else {@code iso} (numeric), to an ISO alpha-2 code; {@code admin1} is the region,
 * {@code admin2}, {@code location}, {@code latitude}, {@code longitude}; {@code geo_precision} 1/2/3 is
 * EXACT/NEAR/REGION.</li>
 * <li>Groups: {@code actor1} (the perpetrator) is ATTRIBUTED; each group named in {@code assoc_actor_1}
 * (separated by {@code ;}) is SUSPECTED; names canonicalised, unidentified groups dropped (an incident with no
 * group counts under UNKNOWN).</li>
 * <li>{@code fatalities} is a total without a victim breakdown: killed.unknown, or killed.civilians when
 * {@code civilian_targeting} is set or the event type is Violence against civilians; injured is 0 (ACLED has no
 * injury figures). Target type: civilians as above, else from {@code inter2} (state forces, militias/rebels,
 * civilians).</li>
 * <li>Source: kind ACLED, name the {@code source} column (ACLED when empty); {@code notes} kept.</li>
 * <li>Only Battles, Explosions/Remote violence and Violence against civilians are incidents; other event types
 * (Protests, Riots, Strategic developments) are rejected as NOT_COUNTED, so they are dead-lettered, never lost.</li>
 * </ul>
 * A row that cannot be mapped is rejected as VALIDATION naming the column(s) and the line; a malformed CSV record
 * (wrong number of fields, unterminated quote) as PARSE.
 */
final class AcledCsvReader extends InputReader {

  /** Columns without which no row can be mapped. {@code country} may be replaced by {@code iso}. */
  static final List<String> REQUIRED = List.of("event_id_cnty", "event_date", "event_type", "sub_event_type",
      "actor1", "country", "fatalities", "timestamp");

  static final List<String> COUNTED_TYPES = List.of("Battles", "Explosions/Remote violence",
      "Violence against civilians");
  private static final String COUNTED_LIST = String.join(", ", COUNTED_TYPES);
  private static final String VAC = "violence against civilians";

  private static final Map<String, EventType> SUB_EVENT_TYPES = Map.ofEntries(
      Map.entry("armed clash", EventType.ARMED_CLASH),
      Map.entry("government regains territory", EventType.ARMED_CLASH),
      Map.entry("non-state actor overtakes territory", EventType.ARMED_CLASH),
      Map.entry("attack", EventType.ATTACK),
      Map.entry("suicide bomb", EventType.SUICIDE_BOMBING),
      Map.entry("remote explosive/landmine/ied", EventType.IED),
      Map.entry("shelling/artillery/missile attack", EventType.SHELLING),
      Map.entry("air/drone strike", EventType.AIR_STRIKE),
      Map.entry("grenade", EventType.GRENADE),
      Map.entry("abduction/forced disappearance", EventType.ABDUCTION),
      Map.entry("sexual violence", EventType.SEXUAL_VIOLENCE));

  private static final Map<String, Integer> MONTHS = months();

  /** Avro field paths of EventPreparer's errors, as the ACLED columns they come from. */
  private static final Map<String, String> COLUMN_OF_FIELD = Map.of("id", "event_id_cnty", "occurredOn", "event_date",
      "reportedAt", "timestamp", "country", "country", "region", "admin1", "source.name", "source");

  private final EventPreparer preparer;
  private final Canonicalizer names = Canonicalizer.standard();
  private final CsvRecords csv;
  private final String headerText;
  private final int columns;
  // Column indexes, -1 when absent.
  private final int id;
  private final int eventDate;
  private final int timePrecision;
  private final int eventType;
  private final int subEventType;
  private final int actor1;
  private final int assocActor1;
  private final int inter2;
  private final int civilianTargeting;
  private final int iso;
  private final int country;
  private final int admin1;
  private final int admin2;
  private final int location;
  private final int latitude;
  private final int longitude;
  private final int geoPrecision;
  private final int source;
  private final int notes;
  private final int fatalities;
  private final int timestamp;

  // Names repeat across millions of rows: look each up once.
  private final Map<String, String> countryCache = new HashMap<>();
  private final Map<String, String> groupCache = new HashMap<>();

  AcledCsvReader(final String sourceName, final BufferedReader in, final EventPreparer preparer) {
    super(sourceName, in);
    this.preparer = preparer;
    this.csv = new CsvRecords(in);
    final Map<String, Integer> index = new HashMap<>();
    try {
      if (!csv.next()) {
        throw new InputFileException(sourceName + ": empty file, expected an ACLED CSV header line");
      }
    } catch (final IOException e) {
      throw new InputFileException("cannot read input file " + sourceName + ": " + e.getMessage(), e);
    }
    headerText = csv.raw;
    for (int i = 0; i < csv.fields.size(); i++) {
      index.putIfAbsent(csv.fields.get(i).trim().toLowerCase(Locale.ROOT), i);
    }
    columns = csv.fields.size();
    final List<String> missing = new ArrayList<>();
    for (final String column : REQUIRED) {
      if (!index.containsKey(column) && !(column.equals("country") && index.containsKey("iso"))) {
        missing.add(column);
      }
    }
    if (!missing.isEmpty()) {
      throw new InputFileException(sourceName + ": not an ACLED CSV export: the header (line 1) lacks the required "
          + (missing.size() == 1 ? "column " : "columns ") + String.join(", ", missing) + " (found: "
          + String.join(", ", csv.fields) + ")");
    }
    id = index.get("event_id_cnty");
    eventDate = index.get("event_date");
    timePrecision = index.getOrDefault("time_precision", -1);
    eventType = index.get("event_type");
    subEventType = index.get("sub_event_type");
    actor1 = index.get("actor1");
    assocActor1 = index.getOrDefault("assoc_actor_1", -1);
    inter2 = index.getOrDefault("inter2", -1);
    civilianTargeting = index.getOrDefault("civilian_targeting", -1);
    iso = index.getOrDefault("iso", -1);
    country = index.getOrDefault("country", -1);
    admin1 = index.getOrDefault("admin1", -1);
    admin2 = index.getOrDefault("admin2", -1);
    location = index.getOrDefault("location", -1);
    latitude = index.getOrDefault("latitude", -1);
    longitude = index.getOrDefault("longitude", -1);
    geoPrecision = index.getOrDefault("geo_precision", -1);
    source = index.getOrDefault("source", -1);
    notes = index.getOrDefault("notes", -1);
    fatalities = index.get("fatalities");
    timestamp = index.get("timestamp");
  }

  @Override
  public InputFormat format() {
    return InputFormat.ACLED;
  }

  @Override
  void continueAtLine(final long next) {
    csv.continueAtLine(next);
  }

  /** The header line as in the file. */
  public String headerText() {
    return headerText;
  }

  @Override
  public String selfContainedText(final InputRecord record) {
    return headerText + "\n" + record.rawText();
  }

  @Override
  InputRecord readNext(final BufferedReader in) throws IOException {
    if (!csv.next()) {
      return null;
    }
    final long line = csv.line;
    final String raw = csv.raw;
    final List<String> f = csv.fields;
    final String recordId = f.size() > id ? blankToNull(f.get(id)) : null;
    if (csv.error != null) {
      return new InputRecord.Rejected(line, raw, recordId, DeadLetters.PARSE, prefix(line) + csv.error, null);
    }
    if (f.size() != columns) {
      return new InputRecord.Rejected(line, raw, recordId, DeadLetters.PARSE, prefix(line) + "expected " + columns
          + " fields as in the header, found " + f.size() + " (unquoted comma or missing field?)", null);
    }
    final String type = f.get(eventType).trim();
    final String typeKey = type.toLowerCase(Locale.ROOT);
    if (type.isEmpty()) {
      return invalid(line, raw, recordId, List.of(new FieldError("event_type", "must not be blank")));
    }
    if (!typeKey.equals("battles") && !typeKey.equals("explosions/remote violence") && !typeKey.equals(VAC)) {
      return new InputRecord.Rejected(line, raw, recordId, DeadLetters.NOT_COUNTED, prefix(line) + "event_type '"
          + type + "' is not counted as an incident (counted types: " + COUNTED_LIST + ")", null);
    }
    final List<FieldError> errors = new ArrayList<>(2);
    if (recordId == null) {
      errors.add(new FieldError("event_id_cnty", "must not be blank"));
    }
    final LocalDate day = parseDate(f.get(eventDate));
    if (day == null) {
      errors.add(new FieldError("event_date", "expected a date like 2023-01-30 or 30 January 2023, got '"
          + f.get(eventDate) + "'"));
    }
    final Instant reportedAt = parseTimestamp(f.get(timestamp));
    if (reportedAt == null) {
      errors.add(new FieldError("timestamp", "expected unix seconds, got '" + f.get(timestamp) + "'"));
    }
    final int dead = parseCount(f.get(fatalities));
    if (dead < 0) {
      errors.add(new FieldError("fatalities", "expected a whole number of at least 0, got '" + f.get(fatalities) + "'"));
    }
    final String cc = countryOf(f);
    if (cc == null) {
      errors.add(new FieldError(country >= 0 ? "country" : "iso", "unknown country '"
          + (country >= 0 ? f.get(country) : "") + "'" + (iso >= 0 ? " (iso '" + f.get(iso) + "')" : "")));
    }
    final Double lat = parseCoordinate(latitude, f, "latitude", errors);
    final Double lon = parseCoordinate(longitude, f, "longitude", errors);
    if (!errors.isEmpty()) {
      return invalid(line, raw, recordId, errors);
    }
    final boolean civilians = typeKey.equals(VAC) || (civilianTargeting >= 0 && !f.get(civilianTargeting).isBlank());
    final Casualties killed = civilians ? new Casualties(0, dead, 0, 0, null, null) : new Casualties(0, 0, 0, dead, null, null);
    final String sourceText = text(f, source);
    final IncidentEvent event = new IncidentEvent(recordId.trim(), reportedAt, 0, false,
        new Source(sourceText == null ? "ACLED" : sourceText, null, SourceKind.ACLED),
        day, datePrecision(text(f, timePrecision)), cc, text(f, admin1), text(f, admin2), text(f, location), lat, lon,
        geoPrecision(text(f, geoPrecision)), groups(f), SUB_EVENT_TYPES.getOrDefault(
            f.get(subEventType).trim().toLowerCase(Locale.ROOT), EventType.OTHER),
        civilians ? TargetType.CIVILIANS : targetOf(text(f, inter2)), killed, new Casualties(0, 0, 0, 0, null, null),
        text(f, notes), io.surgewatch.core.EventTypes.canonical(type));
    try {
      return new InputRecord.Parsed(line, raw, preparer.incident(event));
    } catch (final InvalidEventException e) {
      final List<FieldError> asColumns = new ArrayList<>(e.errors().size());
      for (final FieldError error : e.errors()) {
        asColumns.add(new FieldError(columnOf(error.field()), error.message()));
      }
      return invalid(line, raw, recordId, asColumns);
    }
  }

  private static InputRecord invalid(final long line, final String raw, final String recordId,
      final List<FieldError> errors) {
    final InvalidEventException error = new InvalidEventException(errors);
    return new InputRecord.Rejected(line, raw, recordId, DeadLetters.VALIDATION, prefix(line) + error.getMessage(), error);
  }

  private static String columnOf(final String field) {
    if (field == null) {
      return null;
    }
    if (field.startsWith("killed.")) {
      return "fatalities";
    }
    if (field.startsWith("groups[")) {
      return "actor1";
    }
    return COLUMN_OF_FIELD.getOrDefault(field, field);
  }

  private String countryOf(final List<String> f) {
    if (country >= 0) {
      final String hit = lookupCountry(f.get(country));
      if (hit != null) {
        return hit;
      }
    }
    return iso >= 0 ? lookupCountry(f.get(iso)) : null;
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

  private List<PerpetratorGroup> groups(final List<String> f) {
    final Map<String, PerpetratorGroup> out = new LinkedHashMap<>(4);
    addGroup(out, f.get(actor1), Attribution.ATTRIBUTED);
    if (assocActor1 >= 0) {
      final String assoc = f.get(assocActor1);
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
    return new ArrayList<>(out.values());
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
    if (!name.equals(Canonicalizer.UNKNOWN)) {
      out.putIfAbsent(name, new PerpetratorGroup(name, attribution));
    }
  }

  private static String text(final List<String> f, final int column) {
    return column < 0 ? null : blankToNull(f.get(column));
  }

  private static String blankToNull(final String s) {
    if (s == null || s.isBlank()) {
      return null;
    }
    return s.trim();
  }

  private static Double parseCoordinate(final int column, final List<String> f, final String name,
      final List<FieldError> errors) {
    if (column < 0 || f.get(column).isBlank()) {
      return null;
    }
    try {
      return Double.valueOf(f.get(column).trim());
    } catch (final NumberFormatException e) {
      errors.add(new FieldError(name, "expected a number, got '" + f.get(column) + "'"));
      return null;
    }
  }

  /** A non-negative whole number, or -1. */
  static int parseCount(final String raw) {
    final String s = raw.trim();
    if (s.isEmpty() || s.length() > 9) {
      return -1;
    }
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      final char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      n = n * 10 + (c - '0');
    }
    return n;
  }

  /** Unix seconds (milliseconds when the number is too large to be seconds), or null. */
  static Instant parseTimestamp(final String raw) {
    final String s = raw.trim();
    if (s.isEmpty()) {
      return null;
    }
    try {
      final long n = Long.parseLong(s);
      return n > 100_000_000_000L ? Instant.ofEpochMilli(n) : Instant.ofEpochSecond(n);
    } catch (final NumberFormatException e) {
      return null;
    }
  }

  /** {@code 2023-01-30}, {@code 30 January 2023}, {@code 30-January-2023}, {@code 30-Jan-2023}; null otherwise. */
  static LocalDate parseDate(final String raw) {
    final String s = raw.trim();
    try {
      if (s.length() == 10 && s.charAt(4) == '-' && s.charAt(7) == '-') {
        final int y = digits(s, 0, 4);
        final int m = digits(s, 5, 7);
        final int d = digits(s, 8, 10);
        return y < 0 || m < 0 || d < 0 ? null : LocalDate.of(y, m, d);
      }
      final int first = separator(s, 0);
      if (first < 0) {
        return null;
      }
      final int second = separator(s, first + 1);
      if (second < 0) {
        return null;
      }
      final int d = digits(s, 0, first);
      final Integer m = MONTHS.get(s.substring(first + 1, second).toLowerCase(Locale.ROOT));
      final int y = second + 5 == s.length() ? digits(s, second + 1, s.length()) : -1;
      return d < 0 || m == null || y < 0 ? null : LocalDate.of(y, m, d);
    } catch (final DateTimeException e) {
      return null; // e.g. 31 February
    }
  }

  private static int separator(final String s, final int from) {
    for (int i = from; i < s.length(); i++) {
      final char c = s.charAt(i);
      if (c == ' ' || c == '-') {
        return i;
      }
    }
    return -1;
  }

  private static int digits(final String s, final int from, final int to) {
    if (from >= to) {
      return -1;
    }
    int n = 0;
    for (int i = from; i < to; i++) {
      final char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      n = n * 10 + (c - '0');
    }
    return n;
  }

  private static Map<String, Integer> months() {
    final Map<String, Integer> m = new HashMap<>();
    final String[] full = {"january", "february", "march", "april", "may", "june", "july", "august", "september",
        "october", "november", "december"};
    for (int i = 0; i < full.length; i++) {
      m.put(full[i], i + 1);
      m.put(full[i].substring(0, 3), i + 1);
    }
    m.put("sept", 9);
    return Map.copyOf(m);
  }

  private static DatePrecision datePrecision(final String raw) {
    if (raw == null) {
      return DatePrecision.DAY;
    }
    return switch (raw) {
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
    return switch (raw) {
      case "1" -> GeoPrecision.EXACT;
      case "2" -> GeoPrecision.NEAR;
      case "3" -> GeoPrecision.REGION;
      default -> GeoPrecision.UNKNOWN;
    };
  }

  /** ACLED's inter2 (the other side), as a number (older exports) or a name (newer ones). */
  private static TargetType targetOf(final String inter) {
    if (inter == null) {
      return TargetType.UNKNOWN;
    }
    return switch (inter.toLowerCase(Locale.ROOT)) {
      case "1", "state forces" -> TargetType.SECURITY_FORCES;
      case "2", "3", "4", "rebel group", "political militia", "identity militia" -> TargetType.MILITANTS;
      case "7", "civilians" -> TargetType.CIVILIANS;
      case "8", "external/other forces" -> TargetType.OTHER;
      default -> TargetType.UNKNOWN;
    };
  }
}
