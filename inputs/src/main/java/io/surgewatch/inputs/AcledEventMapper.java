package io.surgewatch.inputs;

import io.surgewatch.core.Canonicalizer;
import io.surgewatch.core.DataTable;
import io.surgewatch.core.EventTypes;
import io.surgewatch.core.FieldError;
import io.surgewatch.events.v1.Casualties;
import io.surgewatch.events.v1.DatePrecision;
import io.surgewatch.events.v1.EventType;
import io.surgewatch.events.v1.GeoPrecision;
import io.surgewatch.events.v1.IncidentEvent;
import io.surgewatch.events.v1.Source;
import io.surgewatch.events.v1.SourceKind;
import io.surgewatch.events.v1.TargetType;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The rows of one ACLED event (one row, or a monadic export's rows of the event) to an {@link
 * IncidentEvent}, or to errors naming the columns. The mapping (documented for the README):
 *
 * <ul>
 *   <li>Cells {@code NA}, {@code NaN}, {@code #N/A} or empty are missing ({@link AcledValues});
 *       numbers may be written {@code 3.0}.
 *   <li>{@code event_id_cnty} is the id; {@code timestamp} is reportedAt (unix seconds or
 *       milliseconds, an ISO-8601 date-time, UTC when it has no zone, or a date); revision 0. A row
 *       without a timestamp (none in the file, or a missing cell) is reported at the end of its
 *       event day, 23:59:59.999 UTC.
 *   <li>{@code event_date} in any style of {@link ExportDates} (all-numeric dates in one order per
 *       file; a row whose timestamp rules that order out is rejected), or a spreadsheet's number
 *       for it ({@link DayNumbers}), is occurredOn, a two-digit year in the century of {@code
 *       year}; a date in another year than {@code year} is rejected; {@code time_precision} 1/2/3
 *       is DAY/WEEK/MONTH.
 *   <li>Country: ACLED's codes {@code iso} (numeric) or {@code iso3} when present, else the {@code
 *       country} name; a name that contradicts the code is rejected. The pre-2019 {@code GWNO} is a
 *       Gleditsch-Ward number, not ISO ({@code 404} is Guinea-Bissau there, Kenya in ISO): read
 *       through its own table, and only when nothing else places the row. {@code admin1} is the
 *       region, {@code admin2}, {@code location}, {@code latitude}, {@code longitude} (both dropped
 *       when either cannot be read or is out of range: {@link Coordinates}); {@code geo_precision}
 *       1/2/3 is EXACT/NEAR/REGION.
 *   <li>Groups: {@code actor1} (the perpetrator) is ATTRIBUTED; each group named in {@code
 *       assoc_actor_1} (separated by {@code ;}) is SUSPECTED; names canonicalised, unidentified
 *       groups dropped (an incident with no group counts under UNKNOWN). In a monadic export, every
 *       row's actor that {@link MonadicMerge#perpetrator} admits ({@link AcledActors}).
 *   <li>{@code event_type} is canonical through {@link EventTypes} (the pre-2019 names onto the
 *       current ones) and kept as sourceEventType; {@code sub_event_type} (or, when absent, the
 *       event type alone) gives eventType through {@code acled-event-kinds.csv}, OTHER when it
 *       tells nothing more.
 *   <li>{@code fatalities} is a total without a victim breakdown: killed.unknown, or
 *       killed.civilians when {@code civilian_targeting} is set or the event type is Violence
 *       against civilians; a missing value is 0 (ACLED writes 0 for none); injured is 0 (ACLED has
 *       no injury figures). Target type: civilians as above, else from {@code inter2} (state
 *       forces, militias/rebels, civilians); in a monadic export, civilians also when a row's actor
 *       is civilians, else UNKNOWN.
 *   <li>Source: kind ACLED, name the {@code source} column (ACLED when empty); {@code notes} kept.
 *   <li>Every event type is read: which count as incidents is decided where revisions are judged
 *       (stage 1, setting {@code incidents.counted-types}), so a row re-coded to a type that does
 *       not count takes the earlier figures out.
 * </ul>
 *
 * The rows of a monadic event must agree on the event's own columns (its date, type, fatalities,
 * place).
 */
final class AcledEventMapper {

  private static final String VAC = "Violence against civilians";
  private static final Map<String, EventType> KINDS = kinds();

  /** Avro field paths of EventPreparer's errors, as the ACLED columns they come from. */
  private static final Map<String, String> COLUMN_OF_FIELD =
      Map.of(
          "id",
          "event_id_cnty",
          "occurredOn",
          "event_date",
          "reportedAt",
          "timestamp",
          "country",
          "country",
          "region",
          "admin1",
          "source.name",
          "source");

  private final Canonicalizer names = Canonicalizer.standard();
  private final AcledColumns c;
  private final ExportDates dates;
  private final DayNumbers dayNumbers;
  private final DecimalMark numbers;
  private final AcledActors actors;

  /** What a row's timestamp says of its date's order; null without a timestamp column. */
  private final ReportedAtEvidence evidence;

  /**
   * Columns every row of a monadic event must agree on: the event's, repeated on each actor's row.
   */
  private final int[] shared;

  private long endOfDayRows;

  /** The first lines of {@link #endOfDayRows}: a cut-off row lacks its timestamp too. */
  private final List<String> endOfDayFirst = new ArrayList<>(ReadCounts.SHOWN);

  private long noFatalitiesRows;

  /** The first lines of {@link #noFatalitiesRows}. */
  private final List<String> noFatalitiesFirst = new ArrayList<>(ReadCounts.SHOWN);

  /** How those rows are named ({@code line N}, or a workbook's sheet and row). */
  private final Places places;

  // Names repeat across millions of rows: look each up once.
  private final Map<String, String> countryCache = new HashMap<>();

  /**
   * @param dates the file's dates, read in the order its reader decides
   * @param dayNumbers its reader's count of days saved as a spreadsheet's numbers
   * @param numbers the file's decimal mark, as its reader decides it
   * @param merge the monadic export's merge, null for a dyadic export
   * @param places how the rows are named, as its reader names them
   */
  AcledEventMapper(
      final AcledColumns c,
      final ExportDates dates,
      final DayNumbers dayNumbers,
      final DecimalMark numbers,
      final MonadicMerge merge,
      final Places places) {
    this.c = c;
    this.places = places;
    this.dates = dates;
    this.dayNumbers = dayNumbers;
    this.numbers = numbers;
    this.actors = new AcledActors(c, merge);
    this.evidence = ReportedAtEvidence.of(c.eventDate, c.timestamp);
    shared =
        new int[] {
          c.eventDate,
          c.eventType,
          c.subEventType,
          c.fatalities,
          c.iso,
          c.iso3,
          c.country,
          c.admin1,
          c.location
        };
  }

  /**
   * The mapper of the rows after another header of the file ({@link AcledCsvReader#readBy}): by its
   * columns, its counts going on from {@code before}'s.
   */
  AcledEventMapper(final AcledColumns c, final AcledEventMapper before, final MonadicMerge merge) {
    this(c, before.dates, before.dayNumbers, before.numbers, merge, before.places);
    endOfDayRows = before.endOfDayRows;
    endOfDayFirst.addAll(before.endOfDayFirst);
    noFatalitiesRows = before.noFatalitiesRows;
    noFatalitiesFirst.addAll(before.noFatalitiesFirst);
  }

  /** Rows with a timestamp column but a missing cell, reported at the end of their event day. */
  long endOfDayRows() {
    return endOfDayRows;
  }

  /** The lines of the first {@link #endOfDayRows}, "line N" (up to {@link ReadCounts#SHOWN}). */
  List<String> endOfDayFirst() {
    return endOfDayFirst;
  }

  /** Rows whose fatalities cell is empty, counted with none killed. */
  long noFatalitiesRows() {
    return noFatalitiesRows;
  }

  /**
   * The lines of the first {@link #noFatalitiesRows}, "line N" (up to {@link ReadCounts#SHOWN}).
   */
  List<String> noFatalitiesFirst() {
    return noFatalitiesFirst;
  }

  /** The column of an event field that an error is about (the field itself when none maps). */
  static String columnOf(final String field) {
    if (field.startsWith("killed.")) {
      return "fatalities";
    }
    if (field.startsWith("groups[")) {
      return "actor1";
    }
    return COLUMN_OF_FIELD.getOrDefault(field, field);
  }

  /**
   * The event of these rows (the first row's, a monadic event's others agreeing), not yet
   * canonicalised; null when a cell cannot be mapped, each such cell then an error in {@code
   * errors} naming its column.
   *
   * @param recordId the first row's {@code event_id_cnty}, null when blank
   * @param point the first row's coordinates ({@link Coordinates})
   */
  IncidentEvent map(
      final List<CsvRow> rows,
      final String recordId,
      final Coordinates.Point point,
      final List<FieldError> errors) {
    final CsvRow first = rows.get(0);
    final String[] f = first.fields();
    final String type = f[c.eventType].trim();
    if (type.isEmpty()) {
      errors.add(new FieldError("event_type", Cells.MISSING_CELL));
      return null;
    }
    final String sourceType = EventTypes.canonical(type);
    if (recordId == null) {
      errors.add(new FieldError("event_id_cnty", Cells.MISSING_CELL));
    }
    disagreements(rows, errors);
    final int rowYear = c.year < 0 ? -1 : numbers.year(f[c.year], first.line(), "year", errors);
    LocalDate day = dates.parse(f[c.eventDate], rowYear);
    final boolean ambiguous = dates.ambiguous();
    if (day == null && dates.contradiction() == null) {
      day = dayNumbers.read(f[c.eventDate], rowYear, first.line());
    }
    if (day == null) {
      final String why = dates.contradiction();
      errors.add(
          new FieldError(
              "event_date",
              why != null
                  ? why
                  : "expected a date like 2023-01-30, 30 January 2023 or "
                      + "30-Jan-23, got '"
                      + f[c.eventDate]
                      + "'"
                      + DayNumbers.hint(f[c.eventDate], rowYear)));
    } else if (rowYear >= 0 && day.getYear() != rowYear) {
      errors.add(
          new FieldError(
              "event_date", ExportDates.yearContradiction(f[c.eventDate], day, rowYear)));
    } else if (ambiguous && evidence != null) {
      final ReportedAtEvidence.Proof proof = evidence.proof(Arrays.asList(f));
      if (proof != null && proof.order() != dates.order()) {
        errors.add(
            new FieldError("event_date", dates.contradictedByRow(f[c.eventDate], proof.why())));
      }
    }
    final Instant reportedAt = reportedAt(f, day, first.line(), errors);
    final boolean noFatalities = Cells.isBlank(f[c.fatalities]);
    final long dead =
        noFatalities ? 0 : numbers.wholeNumber(f[c.fatalities], first.line(), "fatalities");
    if (dead < 0 || dead > Integer.MAX_VALUE) {
      errors.add(new FieldError("fatalities", numbers.notAWholeNumber(f[c.fatalities])));
    }
    final String cc = countryOf(f, first.line(), errors);
    if (!errors.isEmpty()) {
      return null;
    }
    // Counted as 0, as documented, but said: ACLED writes 0 where none are known, so an empty cell
    // is a row cut short or a cell cleared by hand, and the user should see which.
    if (noFatalities) {
      noFatalitiesRows++;
      if (noFatalitiesFirst.size() < ReadCounts.SHOWN) {
        noFatalitiesFirst.add(places.at(first.line()));
      }
    }
    final boolean civilians =
        sourceType.equals(VAC) || c.civilianTargeting >= 0 && !f[c.civilianTargeting].isBlank();
    final Casualties killed =
        civilians
            ? new Casualties(0, (int) dead, 0, 0, null, null)
            : new Casualties(0, 0, 0, (int) dead, null, null);
    final String sourceText = first.text(c.source);
    return new IncidentEvent(
        recordId,
        reportedAt,
        0,
        false,
        new Source(sourceText == null ? "ACLED" : sourceText, null, SourceKind.ACLED),
        day,
        datePrecision(first.text(c.timePrecision), first.line()),
        cc,
        first.text(c.admin1),
        first.text(c.admin2),
        first.text(c.location),
        point.latitude(),
        point.longitude(),
        geoPrecision(first.text(c.geoPrecision), first.line()),
        actors.groups(rows),
        kind(first.text(c.subEventType), sourceType),
        civilians ? TargetType.CIVILIANS : actors.target(rows),
        killed,
        new Casualties(0, 0, 0, 0, null, null),
        first.text(c.notes),
        sourceType);
  }

  private Instant reportedAt(
      final String[] f, final LocalDate day, final long line, final List<FieldError> errors) {
    final String text = c.timestamp < 0 ? "" : f[c.timestamp];
    if (text.isBlank()) {
      if (c.timestamp >= 0) {
        endOfDayRows++;
        if (endOfDayFirst.size() < ReadCounts.SHOWN) {
          endOfDayFirst.add(places.at(line));
        }
      }
      return day == null ? null : ArrivalOrder.endOfDay(day);
    }
    final AcledValues.Reading reading = AcledValues.read(text, dates, false);
    if (reading.at() == null) {
      errors.add(new FieldError("timestamp", reading.problem()));
    }
    return reading.at();
  }

  /** The rows of one monadic event must agree on the event's own columns. */
  private void disagreements(final List<CsvRow> rows, final List<FieldError> errors) {
    if (rows.size() < 2) {
      return;
    }
    final String[] f = rows.get(0).fields();
    for (final int column : shared) {
      if (column < 0) {
        continue;
      }
      for (final CsvRow other : rows) {
        if (!other.fields()[column].trim().equals(f[column].trim())) {
          errors.add(
              new FieldError(
                  headerName(column),
                  "the rows of event "
                      + f[c.id].trim()
                      + " disagree: '"
                      + f[column]
                      + "' on "
                      + places.at(rows.get(0).line())
                      + ", '"
                      + other.fields()[column]
                      + "' on "
                      + places.at(other.line())));
          break;
        }
      }
    }
  }

  private String headerName(final int column) {
    return column == c.eventDate
        ? "event_date"
        : column == c.eventType
            ? "event_type"
            : column == c.subEventType
                ? "sub_event_type"
                : column == c.fatalities
                    ? "fatalities"
                    : column == c.iso
                        ? "iso"
                        : column == c.iso3
                            ? "iso3"
                            : column == c.country
                                ? "country"
                                : column == c.admin1 ? "admin1" : "location";
  }

  /**
   * ACLED's codes first ({@code iso}, then {@code iso3}), the name otherwise; a name contradicting
   * the code is an error.
   */
  private String countryOf(final String[] f, final long line, final List<FieldError> errors) {
    final String isoText = c.iso < 0 ? "" : numbers.code(f[c.iso], line, "iso");
    String byCode = lookupCountry(isoText);
    String codeColumn = "iso";
    if (byCode == null && c.iso3 >= 0) {
      byCode = lookupCountry(f[c.iso3]);
      codeColumn = "iso3";
    }
    final String byName = c.country < 0 ? null : lookupCountry(f[c.country]);
    if (byCode != null && byName != null && !byCode.equals(byName)) {
      errors.add(
          new FieldError(
              "country",
              "'"
                  + f[c.country].trim()
                  + "' is "
                  + byName
                  + " but "
                  + codeColumn
                  + " '"
                  + (codeColumn.equals("iso") ? isoText : f[c.iso3].trim())
                  + "' is "
                  + byCode));
      return null;
    }
    String cc = byCode != null ? byCode : byName;
    if (cc == null && c.gwno >= 0 && !f[c.gwno].isBlank()) {
      cc = names.countryByGleditschWard(numbers.code(f[c.gwno], line, "gwno")).orElse(null);
    }
    if (cc == null) {
      errors.add(
          new FieldError(
              c.country >= 0 ? "country" : c.iso >= 0 ? "iso" : "iso3",
              "unknown country '"
                  + (c.country >= 0 ? f[c.country] : "")
                  + "'"
                  + (c.iso >= 0 ? " (iso '" + f[c.iso] + "')" : "")
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

  private static EventType kind(final String subEventType, final String canonicalType) {
    final String key =
        subEventType != null
            ? subEventType.toLowerCase(Locale.ROOT)
            : "type:" + canonicalType.toLowerCase(Locale.ROOT);
    return KINDS.getOrDefault(key, EventType.OTHER);
  }

  private DatePrecision datePrecision(final String raw, final long line) {
    if (raw == null) {
      return DatePrecision.DAY;
    }
    return switch (numbers.code(raw, line, "time_precision")) {
      case "1" -> DatePrecision.DAY;
      case "2" -> DatePrecision.WEEK;
      case "3" -> DatePrecision.MONTH;
      default -> DatePrecision.UNKNOWN;
    };
  }

  private GeoPrecision geoPrecision(final String raw, final long line) {
    if (raw == null) {
      return GeoPrecision.UNKNOWN;
    }
    return switch (numbers.code(raw, line, "geo_precision")) {
      case "1" -> GeoPrecision.EXACT;
      case "2" -> GeoPrecision.NEAR;
      case "3" -> GeoPrecision.REGION;
      default -> GeoPrecision.UNKNOWN;
    };
  }

  private static Map<String, EventType> kinds() {
    final Map<String, EventType> m = new HashMap<>();
    DataTable.read(AcledEventMapper.class, "acled-event-kinds.csv")
        .forEach(r -> m.put(r[0].toLowerCase(Locale.ROOT), EventType.valueOf(r[1])));
    return Map.copyOf(m);
  }
}
