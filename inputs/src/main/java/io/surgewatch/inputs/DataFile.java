package io.surgewatch.inputs;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The inputs module's alias tables: two-column CSV resources, {@code #} comments, a header line, no quoting. */
final class DataFile {

  private DataFile() {}

  static List<String[]> read(final String resource) {
    final List<String[]> rows = new ArrayList<>();
    try (InputStream in = DataFile.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("data file " + resource + " missing from the classpath");
      }
      final BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      boolean header = true;
      String line;
      while ((line = reader.readLine()) != null) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        if (header) {
          header = false;
          continue;
        }
        final int comma = line.indexOf(',');
        rows.add(new String[] {line.substring(0, comma).trim(), line.substring(comma + 1).trim()});
      }
    } catch (final IOException e) {
      throw new UncheckedIOException("cannot read data file " + resource, e);
    }
    return rows;
  }
}
