package io.surgewatch.inputs;

import io.surgewatch.core.DataTable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where each ACLED codebook column is in one file's header, whatever the export: names in any
 * letter case and order, other exports' names through {@code acled-columns.csv} (the pre-2019
 * {@code ALLY_ACTOR_1} is {@code assoc_actor_1}), unknown and unnamed columns (a pandas or R index)
 * ignored, the first of two equal names used. Also what kind of export the header shows: monadic
 * (no actor2 columns) or dyadic, with or without {@code timestamp}.
 */
final class AcledColumns {

  /**
   * Columns without which no row can be mapped; one of {@code iso}, {@code iso3}, {@code country}
   * is needed too.
   */
  static final List<String> REQUIRED =
      List.of("event_id_cnty", "event_date", "event_type", "actor1", "fatalities");

  private static final Map<String, String> ALIASES = aliases();

  final int count;
  final int id;
  final int eventDate;
  final int timePrecision;
  final int eventType;
  final int subEventType;
  final int actor1;
  final int assocActor1;
  final int inter1;
  final int inter2;
  final int civilianTargeting;
  final int iso;
  final int iso3;

  /**
   * The pre-2019 GWNO: a Gleditsch-Ward code, read only when neither the codes nor the name place a
   * row.
   */
  final int gwno;

  final int country;
  final int admin1;
  final int admin2;
  final int location;
  final int latitude;
  final int longitude;
  final int geoPrecision;
  final int source;
  final int notes;
  final int fatalities;
  final int timestamp;

  /**
   * The event date's year: it decides a two-digit year's century, and a date contradicting it is
   * rejected.
   */
  final int year;

  /** ACLED's monadic export: one row per actor, so no actor2 columns. */
  final boolean monadic;

  private AcledColumns(final Map<String, Integer> at, final int count) {
    this.count = count;
    id = at.get("event_id_cnty");
    eventDate = at.get("event_date");
    timePrecision = at.getOrDefault("time_precision", -1);
    eventType = at.get("event_type");
    subEventType = at.getOrDefault("sub_event_type", -1);
    actor1 = at.get("actor1");
    assocActor1 = at.getOrDefault("assoc_actor_1", -1);
    inter1 = at.getOrDefault("inter1", -1);
    inter2 = at.getOrDefault("inter2", -1);
    civilianTargeting = at.getOrDefault("civilian_targeting", -1);
    iso = at.getOrDefault("iso", -1);
    iso3 = at.getOrDefault("iso3", -1);
    gwno = at.getOrDefault("gwno", -1);
    country = at.getOrDefault("country", -1);
    admin1 = at.getOrDefault("admin1", -1);
    admin2 = at.getOrDefault("admin2", -1);
    location = at.getOrDefault("location", -1);
    latitude = at.getOrDefault("latitude", -1);
    longitude = at.getOrDefault("longitude", -1);
    geoPrecision = at.getOrDefault("geo_precision", -1);
    source = at.getOrDefault("source", -1);
    notes = at.getOrDefault("notes", -1);
    fatalities = at.get("fatalities");
    timestamp = at.getOrDefault("timestamp", -1);
    year = at.getOrDefault("year", -1);
    monadic = !at.containsKey("actor2") && !at.containsKey("assoc_actor_2");
  }

  /**
   * @param line the header's line in the file, for the error
   * @throws InputFileException naming every required column the header lacks
   */
  static AcledColumns of(final List<String> header, final long line, final String sourceName) {
    final Map<String, Integer> at = columns(header);
    final List<String> missing = missing(at);
    if (!missing.isEmpty()) {
      throw CsvHeader.lacking(sourceName, "an ACLED CSV export", line, missing, header);
    }
    return new AcledColumns(at, header.size());
  }

  /**
   * A column that every ACLED header has and no data row's cell is: the longest of {@link
   * #REQUIRED} that no other export names otherwise, so a line without it is no header, at the cost
   * of a few comparisons by length ({@link CsvInputReader#nextRecord} tests every record).
   */
  static final String KEY = key(REQUIRED, ALIASES);

  /** Whether a record's cells are an ACLED header: they name the columns {@link #of} requires. */
  static boolean isHeader(final List<String> cells) {
    return missing(columns(cells)).isEmpty();
  }

  /** The longest required column that no alias stands for ({@link #KEY}). */
  static String key(final List<String> required, final Map<String, String> aliases) {
    return required.stream()
        .filter(name -> !aliases.containsValue(name))
        .max(Comparator.comparingInt(String::length))
        .orElseThrow();
  }

  private static Map<String, Integer> columns(final List<String> header) {
    final Map<String, Integer> at = new HashMap<>();
    for (int i = 0; i < header.size(); i++) {
      final String name = header.get(i).trim().toLowerCase(Locale.ROOT);
      if (!name.isEmpty()) {
        at.putIfAbsent(ALIASES.getOrDefault(name, name), i);
      }
    }
    return at;
  }

  private static List<String> missing(final Map<String, Integer> at) {
    final List<String> missing = new ArrayList<>();
    for (final String column : REQUIRED) {
      if (!at.containsKey(column)) {
        missing.add(column);
      }
    }
    if (!at.containsKey("country") && !at.containsKey("iso") && !at.containsKey("iso3")) {
      missing.add("country (or iso, iso3)");
    }
    return missing;
  }

  private static Map<String, String> aliases() {
    final Map<String, String> m = new HashMap<>();
    DataTable.read(AcledColumns.class, "acled-columns.csv").forEach(r -> m.put(r[0], r[1]));
    return Map.copyOf(m);
  }
}
