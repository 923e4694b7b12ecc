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
 * exact). One reader for every module's tables, so they all follow one format.
 */
public final class DataTable {

  private DataTable() {}

  /** The rows of {@code resource}, found beside {@code anchor}; cells trimmed. */
  public static List<String[]> read(final Class<?> anchor, final String resource) {
    return read(anchor, resource, -1);
  }

  /**
   * {@link #read(Class, String)} of a table of {@code columns} columns whose last holds text that
   * needs commas (advice with a command in it): it takes the rest of each line, commas included.
   */
  public static List<String[]> read(
      final Class<?> anchor, final String resource, final int columns) {
    final List<String[]> rows = new ArrayList<>();
    try (InputStream in = anchor.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("data table " + resource + " missing from the classpath");
      }
      final BufferedReader reader =
          new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      String line;
      boolean header = true;
      while ((line = reader.readLine()) != null) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        if (header) {
          header = false;
          continue;
        }
        final String[] cells = line.split(",", columns);
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
