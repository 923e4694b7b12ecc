package io.surgewatch.inputs;

import java.util.ArrayList;
import java.util.List;

/**
 * A CSV row's latitude and longitude, as exports and their re-saves write them. Coordinates feed no
 * count (the cube's keys are country, region and group), so a pair that cannot be read, or that
 * lies outside -90..90 / -180..180 (a re-save in another locale turns ACLED's {@code -1.169} into
 * {@code -1169}), costs the incident its point, not its count: both are dropped (a longitude alone
 * places nothing), and the reader notes how many incidents it counted so, and where the first are.
 * The ingest API and NDJSON files stay strict: their JSON numbers are written by a program, which a
 * {@code 400} or a rejection helps to fix, not by a spreadsheet's locale.
 */
final class Coordinates {

  /** A row's point; both null when it has none, or when {@link #dropped} says why not. */
  record Point(Double latitude, Double longitude, String dropped) {}

  /** No coordinates, and none dropped. */
  static final Point NONE = new Point(null, null, null);

  private long unplaced;
  private final List<String> first = new ArrayList<>(ReadCounts.SHOWN);

  /** How those rows are named. */
  private final Places places;

  Coordinates(final Places places) {
    this.places = places;
  }

  /** The point of a row's columns (-1: the file has no such column). */
  static Point of(final CsvRow row, final int latitudeColumn, final int longitudeColumn) {
    final String[] f = row.fields();
    final String lat = latitudeColumn < 0 ? "" : f[latitudeColumn];
    final String lon = longitudeColumn < 0 ? "" : f[longitudeColumn];
    if (Cells.isBlank(lat) && Cells.isBlank(lon)) {
      return NONE;
    }
    final Double latitude = number(lat);
    final Double longitude = number(lon);
    final String why =
        problem("latitude", lat, latitude, 90) + problem("longitude", lon, longitude, 180);
    return why.isEmpty()
        ? new Point(latitude, longitude, null)
        : new Point(null, null, why.substring(2));
  }

  /** Counts an incident read from {@code line} with {@code point}. */
  void counted(final long line, final Point point) {
    if (point.dropped() != null) {
      if (first.size() < ReadCounts.SHOWN) {
        first.add(places.at(line) + " (" + point.dropped() + ")");
      }
      unplaced++;
    }
  }

  void addTo(final ReadCounts counts) {
    counts.put(ReadCount.UNPLACED_ROWS, unplaced, first);
  }

  /** The note of {@link ReadCount#UNPLACED_ROWS}; null when there were none. */
  static String note(final ReadCounts counts) {
    final long n = counts.get(ReadCount.UNPLACED_ROWS);
    if (n == 0) {
      return null;
    }
    return n
        + (n == 1 ? " incident" : " incidents")
        + " counted without coordinates (latitude and longitude left empty), as the row's could"
        + " not be read or lay outside -90..90 / -180..180, as a re-save in another locale leaves"
        + " them (-1.169 written -1169): "
        + counts.places(ReadCount.UNPLACED_ROWS);
  }

  /**
   * A cell's number: a decimal comma as spreadsheets in many locales write it ({@code 14,9655}) is
   * read as a point (a coordinate is never grouped in thousands); null when not a number.
   */
  private static Double number(final String cell) {
    String text = Cells.strip(cell);
    if (text.indexOf('.') < 0
        && text.indexOf(',') >= 0
        && text.indexOf(',') == text.lastIndexOf(',')) {
      text = text.replace(',', '.');
    }
    try {
      return Double.valueOf(text);
    } catch (final NumberFormatException e) {
      return null;
    }
  }

  /** Why one coordinate cannot stand ("" when it can), after "; ". */
  private static String problem(
      final String name, final String cell, final Double value, final double bound) {
    if (Cells.isBlank(cell)) {
      return "; " + name + " missing";
    }
    if (value == null) {
      return "; " + name + " '" + Cells.strip(cell) + "' is not a number";
    }
    return value.isNaN() || value < -bound || value > bound
        ? "; "
            + name
            + " '"
            + Cells.strip(cell)
            + "' is outside -"
            + (int) bound
            + ".."
            + (int) bound
        : "";
  }
}
