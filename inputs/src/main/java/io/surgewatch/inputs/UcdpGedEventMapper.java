package io.surgewatch.inputs;

import io.surgewatch.core.Canonicalizer;
import io.surgewatch.core.DataTable;
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
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One UCDP GED row to an {@link IncidentEvent}, or to errors naming the columns. The mapping
 * (documented for the README):
 *
 * <ul>
 *   <li>One incident per {@code id}, prefixed {@code UCDP-GED-} so it never collides with another
 *       source's id ({@code 15960.0} is {@code UCDP-GED-15960}); revision 0.
 *   <li>{@code date_start} ({@code 2009-06-09} or {@code 2009-06-09 00:00:00.000}, or a
 *       spreadsheet's number for it: {@link DayNumbers}) is occurredOn, a two-digit year in the
 *       century of {@code year}; a date in another year than {@code year} (the event's year: GED's
 *       events lie within one) is rejected, as ACLED's are. GED has no time of publication per row,
 *       so reportedAt is the end of that day, {@code 23:59:59.999Z} (the contract: a row without a
 *       reported-at is reported at the end of its event day). {@code date_prec}: 1 (exact day) DAY;
 *       2 (within 2-6 days) and 3 (the week) WEEK; 4 (within 8-30 days, or the month) MONTH; 5
 *       (longer, within the year) UNKNOWN.
 *   <li>Killed is {@code best}, by victim category from the deaths columns: {@code deaths_a}/{@code
 *       deaths_b} are securityForces when that side is a government ({@code Government of ...}),
 *       militants otherwise; {@code deaths_civilians} civilians; {@code deaths_unknown} unknown.
 *       When they add up to less than {@code best} the rest is unknown; when to more, the breakdown
 *       cannot be trusted and all of {@code best} is unknown: the total is always {@code best}.
 *       {@code low} and {@code high} are killed.low and killed.high; where they contradict each
 *       other or {@code best} (real files have rows with {@code low} above {@code high}), the range
 *       is the one all three span, so it holds {@code best} and the row still counts. Injured is 0
 *       (GED has no injuries).
 *   <li>Groups by {@code type_of_violence}: 1 (state-based conflict) the side that is not a
 *       government, usually {@code side_b} (both when both are governments, as in an interstate
 *       conflict); 2 (non-state conflict) both sides; 3 (one-sided violence) {@code side_a}, the
 *       perpetrator; a side of several actors ({@code ELN, FARC}) gives each. All ATTRIBUTED;
 *       governments are groups too, named canonically. sourceEventType is the canonical State-based
 *       conflict, Non-state conflict or One-sided violence; event type ARMED_CLASH for 1 and 2,
 *       ATTACK for 3; target type CIVILIANS for 3, MILITANTS for 2, UNKNOWN for 1.
 *   <li>Country: {@code country} (a name, such as {@code DR Congo (Zaire)}), else {@code iso3}
 *       (HDX), else {@code country_id} as a Gleditsch-Ward code. {@code adm_1} is the region
 *       (canonicalised by country: {@code Borno state} is Borno), {@code adm_2} admin2, {@code
 *       where_coordinates} the location, {@code latitude}/{@code longitude} (both dropped when
 *       either cannot be read or is out of range: {@link Coordinates}); {@code where_prec} 1 EXACT,
 *       2 (within 25 km) NEAR, 3 (admin2) and 4 (admin1) and 5 (a road, river or border) REGION, 6
 *       COUNTRY, 7 (waters or airspace) UNKNOWN.
 *   <li>Source: kind TRACKER (the schema has no UCDP kind; UCDP codes each event from its sources),
 *       name {@code source_office} (the outlet), else UCDP. Notes: {@code source_headline}, else
 *       {@code where_description}.
 * </ul>
 */
final class UcdpGedEventMapper {

  static final String ID_PREFIX = "UCDP-GED-";

  /** A {@code type_of_violence}: its source event type, event type and victims. */
  private record ViolenceType(String name, EventType eventType, TargetType target) {}

  private static final Map<Integer, ViolenceType> TYPES = violenceTypes();
  private static final String GOVERNMENT = "government of ";

  /** Avro field paths of EventPreparer's errors, as the GED columns they come from. */
  private static final Map<String, String> COLUMN_OF_FIELD =
      Map.of(
          "id",
          "id",
          "occurredOn",
          "date_start",
          "reportedAt",
          "date_start",
          "country",
          "country",
          "region",
          "adm_1",
          "source.name",
          "source_office");

  private final Canonicalizer names = Canonicalizer.standard();
  private final UcdpGedColumns c;
  private final ExportDates dates;
  private final DayNumbers dayNumbers;
  private final DecimalMark numbers;

  /**
   * @param dates the file's dates, read in the order its reader decides
   * @param dayNumbers its reader's count of days saved as a spreadsheet's numbers
   * @param numbers the file's decimal mark, as its reader decides it
   */
  UcdpGedEventMapper(
      final UcdpGedColumns c,
      final ExportDates dates,
      final DayNumbers dayNumbers,
      final DecimalMark numbers) {
    this.c = c;
    this.dates = dates;
    this.dayNumbers = dayNumbers;
    this.numbers = numbers;
  }

  /**
   * The event id of a row's {@code id} cell (trimmed, null when blank), read by the file's decimal
   * mark: prefixed, without a float's {@code .0} or a re-save's thousands mark ({@code 15960.0} and
   * {@code 15,960} are {@code UCDP-GED-15960}); null when blank or no whole number ({@link #map}
   * says why).
   */
  String eventId(final String id, final long line) {
    if (id == null) {
      return null;
    }
    final long n = numbers.wholeNumber(id, line, "id");
    return n < 0 ? null : ID_PREFIX + n;
  }

  /**
   * The id that names a row rejected with its {@code id} cell (trimmed, null when blank): {@link
   * #eventId} when it reads, else prefixed as written.
   */
  String rejectedId(final String id) {
    if (id == null) {
      return null;
    }
    final long n = numbers.wholeNumber(id);
    return ID_PREFIX + (n < 0 ? Cells.strip(id) : Long.toString(n));
  }

  /** The column of an event field that an error is about (the field itself when none maps). */
  static String columnOf(final String field) {
    if (field.startsWith("killed.")) {
      return field.endsWith(".low") ? "low" : field.endsWith(".high") ? "high" : "best";
    }
    if (field.startsWith("groups[")) {
      return "side_a";
    }
    return COLUMN_OF_FIELD.getOrDefault(field, field);
  }

  /**
   * The row's event, not yet canonicalised; null when a cell cannot be mapped, each such cell then
   * an error in {@code errors} naming its column.
   *
   * @param recordId the row's {@link #eventId}, null when its id is blank or no whole number
   * @param point the row's coordinates ({@link Coordinates})
   */
  IncidentEvent map(
      final CsvRow row,
      final String recordId,
      final Coordinates.Point point,
      final List<FieldError> errors) {
    final String[] f = row.fields();
    final long line = row.line();
    if (recordId == null) {
      errors.add(
          new FieldError(
              "id",
              Cells.isBlank(f[c.id]) ? Cells.MISSING_CELL : numbers.notAWholeNumber(f[c.id])));
    }
    final int type = number(f[c.typeOfViolence], line, "type_of_violence");
    if (!TYPES.containsKey(type)) {
      errors.add(
          new FieldError(
              "type_of_violence",
              "expected 1 (state-based), 2 (non-state) or 3 (one-sided), got '"
                  + f[c.typeOfViolence]
                  + "'"));
    }
    final int rowYear = c.year < 0 ? -1 : numbers.year(f[c.year], line, "year", errors);
    LocalDate day = dates.parse(f[c.dateStart], rowYear);
    if (day == null && dates.contradiction() == null) {
      day = dayNumbers.read(f[c.dateStart], rowYear, line);
    }
    if (day == null) {
      errors.add(
          new FieldError(
              "date_start",
              dates.contradiction() != null
                  ? dates.contradiction()
                  : "expected a date like 2009-06-09, got '"
                      + f[c.dateStart]
                      + "'"
                      + DayNumbers.hint(f[c.dateStart], rowYear)));
    } else if (rowYear >= 0 && day.getYear() != rowYear) {
      errors.add(
          new FieldError(
              "date_start", ExportDates.yearContradiction(f[c.dateStart], day, rowYear)));
    }
    final int total = count(c.best, f, line, errors, true);
    final int lowest = count(c.low, f, line, errors, false);
    final int highest = count(c.high, f, line, errors, false);
    final int[] deaths = {
      count(c.deathsA, f, line, errors, false),
      count(c.deathsB, f, line, errors, false),
      count(c.deathsCivilians, f, line, errors, false),
      count(c.deathsUnknown, f, line, errors, false)
    };
    final String cc = countryOf(f, line);
    if (cc == null) {
      errors.add(
          new FieldError(
              c.country >= 0 ? "country" : c.iso3 >= 0 ? "iso3" : "country_id",
              "unknown country " + describeCountry(f)));
    }
    if (!errors.isEmpty()) {
      return null;
    }
    final String a = f[c.sideA].trim();
    final String b = f[c.sideB].trim();
    return new IncidentEvent(
        recordId,
        ArrivalOrder.endOfDay(day),
        0,
        false,
        source(row),
        day,
        datePrecision(row.text(c.datePrec), line),
        cc,
        row.text(c.adm1),
        row.text(c.adm2),
        row.text(c.place),
        point.latitude(),
        point.longitude(),
        geoPrecision(row.text(c.wherePrec), line),
        groups(type, a, b),
        TYPES.get(type).eventType(),
        TYPES.get(type).target(),
        killed(total, deaths, Side.of(a), Side.of(b), lowest, highest),
        new Casualties(0, 0, 0, 0, null, null),
        notes(row),
        EventTypes.canonical(TYPES.get(type).name()));
  }

  /**
   * Killed, totalling {@code best} whatever the deaths columns say: a shortfall is unknown; an
   * excess means the breakdown is not to be trusted, so all of {@code best} is unknown.
   */
  static Casualties killed(
      final int best,
      final int[] deaths,
      final Side sideA,
      final Side sideB,
      final int low,
      final int high) {
    final int a = Math.max(0, deaths[0]);
    final int b = Math.max(0, deaths[1]);
    final int civilians = Math.max(0, deaths[2]);
    // Summed as longs: two sides' deaths near the int range would wrap to a negative category.
    final long security = (long) sideA.security(a) + sideB.security(b);
    final long militants = (long) sideA.militants(a) + sideB.militants(b);
    final long unknown = (long) Math.max(0, deaths[3]) + sideA.unknown(a) + sideB.unknown(b);
    final long sum = security + militants + civilians + unknown;
    // Real files have estimates that contradict one another (low above high, best outside them):
    // the range kept is the one they span with best, so it always holds the figure counted.
    final Integer lowest = low < 0 ? null : Math.min(best, high < 0 ? low : Math.min(low, high));
    final Integer highest = high < 0 ? null : Math.max(best, low < 0 ? high : Math.max(low, high));
    if (sum > best) {
      return new Casualties(0, 0, 0, best, lowest, highest);
    }
    // Each part is at most sum <= best, an int.
    return new Casualties(
        (int) security, civilians, (int) militants, (int) (unknown + best - sum), lowest, highest);
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
      // A side of several actors lists them with commas ("ELN, FARC"): each is a group (read as
      // one name it was neither, and a name in capitals lost its abbreviations: "Eln, Farc").
      for (final String actor : ACTORS.split(side)) {
        if (!actor.isEmpty() && !names.group(actor).equals(Canonicalizer.UNKNOWN)) {
          out.add(
              new PerpetratorGroup(
                  actor, Attribution.ATTRIBUTED)); // EventPreparer names it canonically
        }
      }
    }
    return out;
  }

  private static final Pattern ACTORS = Pattern.compile("\\s*,\\s*");

  private static Map<Integer, ViolenceType> violenceTypes() {
    final Map<Integer, ViolenceType> m = new HashMap<>();
    DataTable.read(UcdpGedEventMapper.class, "ucdp-violence-types.csv")
        .forEach(
            r ->
                m.put(
                    Integer.valueOf(r[0]),
                    new ViolenceType(r[1], EventType.valueOf(r[2]), TargetType.valueOf(r[3]))));
    return Map.copyOf(m);
  }

  /**
   * A side is a government's when each of its actors is one ("Government of Mali, Government of
   * France").
   */
  static boolean isGovernment(final String side) {
    return Side.of(side) == Side.STATE;
  }

  /** Whose forces a side's dead were, by its actors. */
  enum Side {
    /** Governments only: security forces. */
    STATE,
    /** No government: militants. */
    ARMED,
    /** A government with an armed group ("Government of Venezuela, ELN"): unknown. */
    MIXED;

    static Side of(final String side) {
      int governments = 0;
      final String[] actors = ACTORS.split(side.trim());
      for (final String actor : actors) {
        if (actor.regionMatches(true, 0, GOVERNMENT, 0, GOVERNMENT.length())) {
          governments++;
        }
      }
      return governments == 0 ? ARMED : governments == actors.length ? STATE : MIXED;
    }

    int security(final int deaths) {
      return this == STATE ? deaths : 0;
    }

    int militants(final int deaths) {
      return this == ARMED ? deaths : 0;
    }

    /** A side of a government and an armed group together does not say whose its dead were. */
    int unknown(final int deaths) {
      return this == MIXED ? deaths : 0;
    }
  }

  private Source source(final CsvRow row) {
    final String office = row.text(c.sourceOffice);
    return new Source(office == null ? "UCDP" : office, null, SourceKind.TRACKER);
  }

  private String notes(final CsvRow row) {
    final String headline = row.text(c.sourceHeadline);
    return headline != null ? headline : row.text(c.whereDescription);
  }

  private String countryOf(final String[] f, final long line) {
    if (c.country >= 0 && !f[c.country].isBlank()) {
      final String hit = names.country(f[c.country]).orElse(null);
      if (hit != null) {
        return hit;
      }
    }
    if (c.iso3 >= 0 && !f[c.iso3].isBlank()) {
      final String hit = names.country(f[c.iso3]).orElse(null);
      if (hit != null) {
        return hit;
      }
    }
    return c.countryId >= 0
        ? names
            .countryByGleditschWard(numbers.code(f[c.countryId], line, "country_id"))
            .orElse(null)
        : null;
  }

  private String describeCountry(final String[] f) {
    final List<String> parts = new ArrayList<>(3);
    if (c.country >= 0) {
      parts.add("country '" + f[c.country] + "'");
    }
    if (c.iso3 >= 0) {
      parts.add("iso3 '" + f[c.iso3] + "'");
    }
    if (c.countryId >= 0) {
      parts.add("country_id '" + f[c.countryId] + "' (Gleditsch-Ward)");
    }
    return String.join(", ", parts);
  }

  /**
   * A count from a column: -1 when the column is absent or (optional) blank; an error when not a
   * whole number.
   */
  private int count(
      final int column,
      final String[] f,
      final long line,
      final List<FieldError> errors,
      final boolean required) {
    if (column < 0) {
      return -1;
    }
    final String s = f[column];
    if (s.isBlank()) {
      if (required) {
        errors.add(
            new FieldError(c.nameOf(column), Cells.MISSING_CELL + ": expected a whole number"));
      }
      return -1;
    }
    final long n = numbers.wholeNumber(s, line, c.nameOf(column));
    if (n < 0 || n > Integer.MAX_VALUE) {
      errors.add(new FieldError(c.nameOf(column), numbers.notAWholeNumber(s)));
      return -1;
    }
    return (int) n;
  }

  /** A code cell's number by the file's mark ({@link DecimalMark#wholeNumber}); -1 when none. */
  private int number(final String raw, final long line, final String column) {
    final long n = numbers.wholeNumber(raw, line, column);
    return n > Integer.MAX_VALUE ? -1 : (int) n;
  }

  private DatePrecision datePrecision(final String raw, final long line) {
    return switch (raw == null ? 1 : number(raw, line, "date_prec")) {
      case 1 -> DatePrecision.DAY;
      case 2, 3 -> DatePrecision.WEEK;
      case 4 -> DatePrecision.MONTH;
      default -> DatePrecision.UNKNOWN;
    };
  }

  private GeoPrecision geoPrecision(final String raw, final long line) {
    return switch (raw == null ? -1 : number(raw, line, "where_prec")) {
      case 1 -> GeoPrecision.EXACT;
      case 2 -> GeoPrecision.NEAR;
      case 3, 4, 5 -> GeoPrecision.REGION;
      case 6 -> GeoPrecision.COUNTRY;
      default -> GeoPrecision.UNKNOWN;
    };
  }
}
