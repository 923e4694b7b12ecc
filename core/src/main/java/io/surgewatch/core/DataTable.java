package io.surgewatch.core;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The project's alias and code tables: CSV resources beside a class, {@code #} comments and blank
 * lines skipped, a header line, no quoting (the tables hold no quoted commas, so a plain split is
 * exact). One reader for every module's tables, so they all follow one format. A row may leave out
 * trailing cells (optional columns) but never have more than its header: a comma written inside a
 * cell would otherwise shift the row's columns silently.
 */
public final class DataTable {

  private DataTable() {}

  /** The rows of {@code resource}, found beside {@code anchor}; cells trimmed. */
  public static List<String[]> read(final Class<?> anchor, final String resource) {
    return read(anchor, resource, false);
  }

  /**
   * {@link #read(Class, String)}, where with {@code lastTakesTheRest} the last of the header's
   * columns holds text that needs commas (advice with a command in it): it takes the rest of each
   * line, commas included.
   */
  public static List<String[]> read(
      final Class<?> anchor, final String resource, final boolean lastTakesTheRest) {
    final List<String[]> rows = new ArrayList<>();
    try (InputStream in = anchor.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("data table " + resource + " missing from the classpath");
      }
      final BufferedReader reader =
          new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      String line;
      int columns = -1;
      int number = 0;
      while ((line = reader.readLine()) != null) {
        number++;
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        if (columns < 0) {
          columns = line.split(",", -1).length;
          continue;
        }
        final String[] cells = line.split(",", lastTakesTheRest ? columns : -1);
        if (cells.length > columns) {
          throw new IllegalStateException(
              "data table "
                  + resource
                  + " line "
                  + number
                  + " has "
                  + cells.length
                  + " cells where its header has "
                  + columns
                  + ": a comma inside a cell?");
        }
        for (int i = 0; i < cells.length; i++) {
          cells[i] = cells[i].trim();
        }
        rows.add(cells);
      }
    } catch (final IOException e) {
      throw new UncheckedIOException("cannot read data table " + resource, e);
    }
    return rows;
  }
}
