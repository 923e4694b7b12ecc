package io.surgewatch.schemas;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.Schema;

/**
 * One version of the project's schemas as laid out on disk: {@code common/} (shared named types,
 * parsed first), {@code events/} (inputs) and {@code outputs/}. Parsing the files with one parser
 * resolves the shared types the same way avro-maven-plugin does.
 */
public record SchemaSet(Map<String, Schema> inputs, Map<String, Schema> outputs) {

  public static SchemaSet load(final Path root) {
    final Schema.Parser parser = new Schema.Parser();
    parseAll(parser, root.resolve("common"));
    return new SchemaSet(
        parseAll(parser, root.resolve("events")), parseAll(parser, root.resolve("outputs")));
  }

  private static Map<String, Schema> parseAll(final Schema.Parser parser, final Path dir) {
    final Map<String, Schema> byName = new LinkedHashMap<>();
    if (!Files.isDirectory(dir)) {
      return byName;
    }
    for (final Path file : avscFiles(dir)) {
      try {
        final Schema schema = parser.parse(file.toFile());
        byName.put(schema.getFullName(), schema);
      } catch (final IOException e) {
        throw new UncheckedIOException("cannot read schema " + file, e);
      } catch (final RuntimeException e) {
        throw new IllegalArgumentException("invalid schema " + file + ": " + e.getMessage(), e);
      }
    }
    return byName;
  }

  private static List<Path> avscFiles(final Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      return new ArrayList<>(files.filter(f -> f.toString().endsWith(".avsc")).sorted().toList());
    } catch (final IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
