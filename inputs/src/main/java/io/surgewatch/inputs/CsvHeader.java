package io.surgewatch.inputs;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A CSV file's header: column indexes by name, any order and letter case (the first of two equal
 * names wins). Read by the readers of formats with named columns; a file without the required
 * columns fails at open, naming them.
 */
final class CsvHeader {

  final String text;
  final int columns;
  private final Map<String, Integer> index = new HashMap<>();
  private final List<String> names;

  private CsvHeader(final CsvRecords csv) {
    text = csv.raw;
    columns = csv.fields.size();
    names = List.copyOf(csv.fields);
    for (int i = 0; i < columns; i++) {
      index.putIfAbsent(csv.fields.get(i).trim().toLowerCase(Locale.ROOT), i);
    }
  }

  /**
   * Reads the first record as the header.
   *
   * @param what the format, for messages ("a UCDP GED CSV file")
   */
  static CsvHeader read(final CsvRecords csv, final String sourceName, final String what) {
    try {
      if (!csv.next()) {
        throw new InputFileException(
            sourceName + ": empty file, expected " + what + " with a header line");
      }
    } catch (final IOException e) {
      throw new InputFileException(
          "cannot read input file " + sourceName + ": " + e.getMessage(), e);
    }
    return new CsvHeader(csv);
  }

  /** Index of a column, -1 when absent. */
  int of(final String name) {
    return index.getOrDefault(name, -1);
  }

  /** The column's name as the header writes it. */
  String nameOf(final int column) {
    return names.get(column).trim();
  }

  boolean has(final String name) {
    return index.containsKey(name);
  }

  /**
   * Fails naming every missing column; {@code alternatives} are groups of which any one will do.
   */
  void require(
      final String sourceName,
      final String what,
      final List<String> columns,
      final List<List<String>> alternatives) {
    final List<String> missing = new ArrayList<>();
    for (final String column : columns) {
      if (!has(column)) {
        missing.add(column);
      }
    }
    for (final List<String> anyOf : alternatives) {
      if (anyOf.stream().noneMatch(this::has)) {
        missing.add(String.join(" or ", anyOf));
      }
    }
    if (!missing.isEmpty()) {
      throw new InputFileException(
          sourceName
              + ": not "
              + what
              + ": the header (line 1) lacks the required "
              + (missing.size() == 1 ? "column " : "columns ")
              + String.join(", ", missing)
              + " (found: "
              + text
              + ")");
    }
  }
}
