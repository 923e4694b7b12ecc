package io.surgewatch.inputs;

import io.surgewatch.core.DataTable;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Where each UCDP GED column that is mapped is in one file's header ({@link CsvHeader}: any order
 * and letter case, other downloads' names through {@code ucdp-ged-columns.csv}, extra columns and a
 * leading unnamed index column ignored); -1 for an optional column the file lacks. The file must
 * have the columns of {@link #REQUIRED} and one that places the row in a country.
 */
final class UcdpGedColumns {

  static final List<String> REQUIRED =
      List.of("id", "type_of_violence", "side_a", "side_b", "date_start", "best");
  private static final List<List<String>> REQUIRED_ANY =
      List.of(List.of("country", "iso3", "country_id"));
  private static final String WHAT = "a UCDP GED CSV file";

  /** Other downloads' names for the columns, through {@code ucdp-ged-columns.csv}. */
  private static final Map<String, String> ALIASES = aliases();

  private static Map<String, String> aliases() {
    final Map<String, String> m = new HashMap<>();
    DataTable.read(UcdpGedColumns.class, "ucdp-ged-columns.csv")
        .forEach(r -> m.put(r[0].trim().toLowerCase(Locale.ROOT), r[1].trim()));
    return Map.copyOf(m);
  }

  final CsvHeader header;
  final int id;
  final int typeOfViolence;
  final int sideA;
  final int sideB;
  final int dateStart;

  /** The event's year, which {@code date_start} must be in (-1: no such column). */
  final int year;

  final int datePrec;
  final int best;
  final int low;
  final int high;
  final int deathsA;
  final int deathsB;
  final int deathsCivilians;
  final int deathsUnknown;
  final int country;
  final int iso3;
  final int countryId;
  final int adm1;
  final int adm2;
  final int place;
  final int latitude;
  final int longitude;
  final int wherePrec;
  final int sourceOffice;
  final int sourceHeadline;
  final int whereDescription;

  private UcdpGedColumns(final CsvHeader header) {
    this.header = header;
    id = header.of("id");
    typeOfViolence = header.of("type_of_violence");
    sideA = header.of("side_a");
    sideB = header.of("side_b");
    dateStart = header.of("date_start");
    year = header.of("year");
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

  /**
   * Reads the first record as the header.
   *
   * @throws InputFileException when the file is empty or the header lacks required columns, naming
   *     them
   */
  static UcdpGedColumns read(final CsvRecords csv, final String sourceName) {
    final CsvHeader header = CsvHeader.read(csv, sourceName, WHAT, ALIASES);
    header.require(sourceName, WHAT, REQUIRED, REQUIRED_ANY);
    return new UcdpGedColumns(header);
  }

  /** A column every UCDP GED header has and no data cell is: see {@link AcledColumns#KEY}. */
  static final String KEY = AcledColumns.key(REQUIRED, ALIASES);

  /**
   * Whether a record's cells are a UCDP GED header: they name the columns {@link #read} requires
   * (by the names of {@code ucdp-ged-columns.csv} too).
   */
  static boolean isHeader(final List<String> cells) {
    final Set<String> names = new HashSet<>();
    for (final String cell : cells) {
      final String name = cell.trim().toLowerCase(Locale.ROOT);
      names.add(ALIASES.getOrDefault(name, name));
    }
    return names.containsAll(REQUIRED)
        && REQUIRED_ANY.stream().allMatch(any -> any.stream().anyMatch(names::contains));
  }

  /**
   * Reads the record {@code csv} holds, a header after the file's first, as the header of the rows
   * after it ({@link UcdpGedReader#readBy}); null when it lacks a required column.
   */
  static UcdpGedColumns of(final CsvRecords csv) {
    return isHeader(csv.fields) ? new UcdpGedColumns(CsvHeader.of(csv, ALIASES)) : null;
  }

  /** The column's name as the header writes it. */
  String nameOf(final int column) {
    return header.nameOf(column);
  }
}
