package io.surgewatch.inputs;

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
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * UCDP Georeferenced Event Dataset CSV (as UCDP and the Humanitarian Data Exchange publish it) to
 * {@link IncidentEvent}s. Columns by name in any order and letter case; a leading unnamed index column (pandas) and
 * extra columns are ignored; numbers may be written as floats ({@code 15960.0}). The HDX file's second line, HXL tags
 * ({@code #date+year,...}: most of its non-empty cells start with {@code #}), is part of the header: skipped, not a
 * record, so it is neither counted nor dead-lettered. The mapping (documented for the README):
 * <ul>
 * <li>One incident per {@code id}, prefixed {@code UCDP-GED-} so it never collides with another source's id
 * ({@code 15960.0} is {@code UCDP-GED-15960}); revision 0.</li>
 * <li>{@code date_start} ({@code 2009-06-09} or {@code 2009-06-09 00:00:00.000}) is occurredOn. GED has no time of
 * publication per row, so reportedAt is the end of that day, {@code 23:59:59.999Z} (the contract: a row without a
 * reported-at is reported at the end of its event day). {@code date_prec}: 1 (exact day) DAY; 2 (within 2-6 days) and
 * 3 (the week) WEEK; 4 (within 8-30 days, or the month) MONTH; 5 (longer, within the year) UNKNOWN.</li>
 * <li>Killed is {@code best}, by victim category from the deaths columns: {@code deaths_a}/{@code deaths_b} are
 * securityForces when that side is a government ({@code Government of ...}), militants otherwise;
 * {@code deaths_civilians} civilians; {@code deaths_unknown} unknown. When they add up to less than {@code best} the
 * rest is unknown; when to more, the breakdown cannot be trusted and all of {@code best} is unknown: the total is
 * always {@code best}. {@code low} and {@code high} are killed.low and killed.high; where they contradict each other
 * or {@code best} (real files have rows with {@code low} above {@code high}), the range is the one all three span,
 * so it holds {@code best} and the row still counts. Injured is 0 (GED has no injuries).</li>
 * <li>Groups by {@code type_of_violence}: 1 (state-based conflict) the side that is not a government, usually
 * {@code side_b} (both when both are governments, as in an interstate conflict); 2 (non-state conflict) both sides;
 * 3 (one-sided violence) {@code side_a}, the perpetrator. All ATTRIBUTED; governments are groups too, named
 * canonically. sourceEventType is the canonical State-based conflict, Non-state conflict or One-sided violence; event
 * type ARMED_CLASH for 1 and 2, ATTACK for 3; target type CIVILIANS for 3, MILITANTS for 2, UNKNOWN for 1.</li>
 * <li>Country: {@code country} (a name, such as {@code DR Congo (Zaire)}), else {@code iso3} (HDX), else
 * {@code country_id} as a Gleditsch-Ward code. {@code adm_1} is the region (canonicalised by country: {@code Borno
 * state} is Borno), {@code adm_2} admin2, {@code where_coordinates} the location, {@code latitude}/{@code longitude};
 * {@code where_prec} 1 EXACT, 2 (within 25 km) NEAR, 3 (admin2) and 4 (admin1) and 5 (a road, river or border)
 * REGION, 6 COUNTRY, 7 (waters or airspace) UNKNOWN.</li>
 * <li>Source: kind TRACKER (the schema has no UCDP kind; UCDP codes each event from its sources), name
 * {@code source_office} (the outlet), else UCDP. Notes: {@code source_headline}, else {@code where_description}.</li>
 * </ul>
 * A row that cannot be mapped is rejected as VALIDATION naming the line and the column(s); a malformed CSV record as
 * PARSE.
 */
final class UcdpGedReader extends CsvInputReader {

  static final String ID_PREFIX = "UCDP-GED-";
  static final List<String> REQUIRED = List.of("id", "type_of_violence", "side_a", "side_b", "date_start", "best");
  private static final List<List<String>> REQUIRED_ANY = List.of(List.of("country", "iso3", "country_id"));
  private static final String WHAT = "a UCDP GED CSV file";
  private static final String[] TYPES = {null, "State-based conflict", "Non-state conflict", "One-sided violence"};
  private static final String GOVERNMENT = "government of ";

  /** Avro field paths of EventPreparer's errors, as the GED columns they come from. */
  private static final Map<String, String> COLUMN_OF_FIELD = Map.of("id", "id", "occurredOn", "date_start",
      "reportedAt", "date_start", "country", "country", "region", "adm_1", "source.name", "source_office",
      "latitude", "latitude", "longitude", "longitude");

  private final EventPreparer preparer;
  private final Canonicalizer names = Canonicalizer.standard();
  private final CsvHeader header;
  private boolean firstRecord = true;
  // Column indexes, -1 when absent.
  private final int id;
  private final int typeOfViolence;
  private final int sideA;
  private final int sideB;
  private final int dateStart;
  private final int datePrec;
  private final int best;
  private final int low;
  private final int high;
  private final int deathsA;
  private final int deathsB;
  private final int deathsCivilians;
  private final int deathsUnknown;
  private final int country;
  private final int iso3;
  private final int countryId;
  private final int adm1;
  private final int adm2;
  private final int place;
  private final int latitude;
  private final int longitude;
  private final int wherePrec;
  private final int sourceOffice;
  private final int sourceHeadline;
  private final int whereDescription;

  UcdpGedReader(final String sourceName, final BufferedReader in, final EventPreparer preparer) {
    super(sourceName, in);
    this.preparer = preparer;
    header = CsvHeader.read(csv, sourceName, WHAT);
    header.require(sourceName, WHAT, REQUIRED, REQUIRED_ANY);
    id = header.of("id");
    typeOfViolence = header.of("type_of_violence");
    sideA = header.of("side_a");
    sideB = header.of("side_b");
    dateStart = header.of("date_start");
    datePrec = header.of("date_prec");
    best = header.of("best");
    low = header.of("low");
    high = header.of("high");
    deathsA = header.of("deaths_a");
    deathsB = header.of("deaths_b");
    deathsCivilians = header.of("deaths_civilians");
    deathsUnknown = header.of("deaths_unknown");
    country = header.of("country");
    iso3 = header.of("iso3");
    countryId = header.of("country_id");
    adm1 = header.of("adm_1");
    adm2 = header.of("adm_2");
    place = header.of("where_coordinates");
    latitude = header.of("latitude");
    longitude = header.of("longitude");
    wherePrec = header.of("where_prec");
    sourceOffice = header.of("source_office");
    sourceHeadline = header.of("source_headline");
    whereDescription = header.of("where_description");
  }

  @Override
  public InputFormat format() {
    return InputFormat.UCDP_GED;
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
    if (firstRecord) {
      firstRecord = false;
      if (isHxlTags(csv.fields) && !csv.next()) {
        return null;
      }
    }
    final long line = csv.line;
    final String raw = csv.raw;
    final List<String> f = csv.fields;
    final String rawId = f.size() > id ? blankToNull(f.get(id)) : null;
    final String recordId = rawId == null ? null : ID_PREFIX + wholeNumberText(rawId);
    if (csv.error != null) {
      return new InputRecord.Rejected(line, raw, recordId, DeadLetters.PARSE, prefix(line) + csv.error, null);
    }
    if (f.size() != header.columns) {
      return new InputRecord.Rejected(line, raw, recordId, DeadLetters.PARSE, prefix(line) + "expected "
          + header.columns + " fields as in the header, found " + f.size() + " (unquoted comma or missing field?)",
          null);
    }
    final List<FieldError> errors = new ArrayList<>(2);
    if (recordId == null) {
      errors.add(new FieldError("id", "must not be blank"));
    }
    final int type = wholeNumber(f.get(typeOfViolence));
    if (type < 1 || type > 3) {
      errors.add(new FieldError("type_of_violence", "expected 1 (state-based), 2 (non-state) or 3 (one-sided), got '"
          + f.get(typeOfViolence) + "'"));
    }
    final LocalDate day = parseDate(f.get(dateStart));
    if (day == null) {
      errors.add(new FieldError("date_start", "expected a date like 2009-06-09, got '" + f.get(dateStart) + "'"));
    }
    final int total = count(best, f, errors, true);
    final int lowest = count(low, f, errors, false);
    final int highest = count(high, f, errors, false);
    final int[] deaths = {count(deathsA, f, errors, false), count(deathsB, f, errors, false),
        count(deathsCivilians, f, errors, false), count(deathsUnknown, f, errors, false)};
    final String cc = countryOf(f);
    if (cc == null) {
      errors.add(new FieldError(country >= 0 ? "country" : iso3 >= 0 ? "iso3" : "country_id", "unknown country "
          + describeCountry(f)));
    }
    final Double lat = coordinate(latitude, f, "latitude", errors);
    final Double lon = coordinate(longitude, f, "longitude", errors);
    if (!errors.isEmpty()) {
      return invalid(line, raw, recordId, errors);
    }
    final String a = f.get(sideA).trim();
    final String b = f.get(sideB).trim();
    final IncidentEvent event = new IncidentEvent(recordId, endOfDay(day), 0, false, source(f), day,
        datePrecision(text(f, datePrec)), cc, text(f, adm1), text(f, adm2), text(f, place), lat, lon,
        geoPrecision(text(f, wherePrec)), groups(type, a, b), type == 3 ? EventType.ATTACK : EventType.ARMED_CLASH,
        type == 3 ? TargetType.CIVILIANS : type == 2 ? TargetType.MILITANTS : TargetType.UNKNOWN,
        killed(total, deaths, isGovernment(a), isGovernment(b), lowest, highest), new Casualties(0, 0, 0, 0, null, null),
        notes(f), EventTypes.canonical(TYPES[type]));
    return prepared(line, raw, recordId, event, preparer);
  }

  /** The HXL hashtag row of an HDX file: most of its non-empty cells are tags such as {@code #date+year}. */
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
   * Killed, totalling {@code best} whatever the deaths columns say: a shortfall is unknown; an excess means the
   * breakdown is not to be trusted, so all of {@code best} is unknown.
   */
  static Casualties killed(final int best, final int[] deaths, final boolean aIsGovernment,
      final boolean bIsGovernment, final int low, final int high) {
    final int a = Math.max(0, deaths[0]);
    final int b = Math.max(0, deaths[1]);
    final int civilians = Math.max(0, deaths[2]);
    final int unknown = Math.max(0, deaths[3]);
    final int security = (aIsGovernment ? a : 0) + (bIsGovernment ? b : 0);
    final int militants = (aIsGovernment ? 0 : a) + (bIsGovernment ? 0 : b);
    final long sum = (long) security + militants + civilians + unknown;
    // Real files have estimates that contradict one another (low above high, best outside them): the range kept is
    // the one they span with best, so it always holds the figure counted.
    final Integer lowest = low < 0 ? null : Math.min(best, high < 0 ? low : Math.min(low, high));
    final Integer highest = high < 0 ? null : Math.max(best, low < 0 ? high : Math.max(low, high));
    if (sum > best) {
      return new Casualties(0, 0, 0, best, lowest, highest);
    }
    return new Casualties(security, civilians, militants, unknown + (int) (best - sum), lowest, highest);
  }

  private List<PerpetratorGroup> groups(final int type, final String a, final String b) {
    final List<String> sides = new ArrayList<>(2);
    if (type == 3) {
      sides.add(a);
    } else if (type == 2 || isGovernment(a) == isGovernment(b)) {
      sides.add(a);
      sides.add(b);
    } else {
      sides.add(isGovernment(a) ? b : a);
    }
    final List<PerpetratorGroup> out = new ArrayList<>(2);
    for (final String side : sides) {
      if (!side.isEmpty() && !names.group(side).equals(Canonicalizer.UNKNOWN)) {
        out.add(new PerpetratorGroup(side, Attribution.ATTRIBUTED)); // EventPreparer names it canonically
      }
    }
    return out;
  }

  static boolean isGovernment(final String side) {
    return side.regionMatches(true, 0, GOVERNMENT, 0, GOVERNMENT.length());
  }

  private Source source(final List<String> f) {
    final String office = text(f, sourceOffice);
    return new Source(office == null ? "UCDP" : office, null, SourceKind.TRACKER);
  }

  private String notes(final List<String> f) {
    final String headline = text(f, sourceHeadline);
    return headline != null ? headline : text(f, whereDescription);
  }

  private String countryOf(final List<String> f) {
    if (country >= 0 && !f.get(country).isBlank()) {
      final String hit = names.country(f.get(country)).orElse(null);
      if (hit != null) {
        return hit;
      }
    }
    if (iso3 >= 0 && !f.get(iso3).isBlank()) {
      final String hit = names.country(f.get(iso3)).orElse(null);
      if (hit != null) {
        return hit;
      }
    }
    return countryId >= 0 ? names.countryByGleditschWard(f.get(countryId)).orElse(null) : null;
  }

  private String describeCountry(final List<String> f) {
    final List<String> parts = new ArrayList<>(3);
    if (country >= 0) {
      parts.add("country '" + f.get(country) + "'");
    }
    if (iso3 >= 0) {
      parts.add("iso3 '" + f.get(iso3) + "'");
    }
    if (countryId >= 0) {
      parts.add("country_id '" + f.get(countryId) + "' (Gleditsch-Ward)");
    }
    return String.join(", ", parts);
  }

  @Override
  String columnOf(final String field) {
    if (field.startsWith("killed.")) {
      return field.endsWith(".low") ? "low" : field.endsWith(".high") ? "high" : "best";
    }
    if (field.startsWith("groups[")) {
      return "side_a";
    }
    return COLUMN_OF_FIELD.getOrDefault(field, field);
  }

  /** A count from a column: -1 when the column is absent or (optional) blank; an error when not a whole number. */
  private int count(final int column, final List<String> f, final List<FieldError> errors, final boolean required) {
    if (column < 0) {
      return -1;
    }
    final String s = f.get(column);
    if (s.isBlank() && !required) {
      return -1;
    }
    final int n = wholeNumber(s);
    if (n < 0) {
      errors.add(new FieldError(header.nameOf(column), "expected a whole number of at least 0, got '" + s + "'"));
    }
    return n;
  }

  /** A non-negative whole number, written {@code 12} or {@code 12.0}; -1 otherwise. */
  static int wholeNumber(final String raw) {
    final String s = Cells.strip(raw);
    final int dot = s.indexOf('.');
    final int end = dot < 0 ? s.length() : dot;
    if (end == 0 || end > 9) {
      return -1;
    }
    for (int i = dot < 0 ? s.length() : dot + 1; i < s.length(); i++) {
      if (s.charAt(i) != '0') {
        return -1;
      }
    }
    int n = 0;
    for (int i = 0; i < end; i++) {
      final char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      n = n * 10 + (c - '0');
    }
    return n;
  }

  /** An id as written, without a float's {@code .0}. */
  private static String wholeNumberText(final String raw) {
    final int n = wholeNumber(raw);
    return n >= 0 ? Integer.toString(n) : raw;
  }

  /** {@code 2009-06-09}, optionally followed by a time ({@code 2009-06-09 00:00:00.000}); null otherwise. */
  static LocalDate parseDate(final String raw) {
    final String s = Cells.strip(raw);
    if (s.length() < 10 || s.charAt(4) != '-' || s.charAt(7) != '-'
        || (s.length() > 10 && s.charAt(10) != ' ' && s.charAt(10) != 'T')) {
      return null;
    }
    try {
      return LocalDate.of(Integer.parseInt(s.substring(0, 4)), Integer.parseInt(s.substring(5, 7)),
          Integer.parseInt(s.substring(8, 10)));
    } catch (final NumberFormatException | DateTimeException e) {
      return null;
    }
  }

  /** The last millisecond of a day in UTC: the reported-at of a row without one. */
  static Instant endOfDay(final LocalDate day) {
    return day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().minusMillis(1);
  }

  private static Double coordinate(final int column, final List<String> f, final String name,
      final List<FieldError> errors) {
    if (column < 0 || Cells.isBlank(f.get(column))) {
      return null;
    }
    try {
      return Double.valueOf(Cells.strip(f.get(column)));
    } catch (final NumberFormatException e) {
      errors.add(new FieldError(name, "expected a number, got '" + f.get(column) + "'"));
      return null;
    }
  }

  private static DatePrecision datePrecision(final String raw) {
    return switch (raw == null ? 1 : wholeNumber(raw)) {
      case 1 -> DatePrecision.DAY;
      case 2, 3 -> DatePrecision.WEEK;
      case 4 -> DatePrecision.MONTH;
      default -> DatePrecision.UNKNOWN;
    };
  }

  private static GeoPrecision geoPrecision(final String raw) {
    return switch (raw == null ? -1 : wholeNumber(raw)) {
      case 1 -> GeoPrecision.EXACT;
      case 2 -> GeoPrecision.NEAR;
      case 3, 4, 5 -> GeoPrecision.REGION;
      case 6 -> GeoPrecision.COUNTRY;
      default -> GeoPrecision.UNKNOWN;
    };
  }

  private static String text(final List<String> f, final int column) {
    return column < 0 ? null : blankToNull(f.get(column));
  }

  private static String blankToNull(final String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }
}
