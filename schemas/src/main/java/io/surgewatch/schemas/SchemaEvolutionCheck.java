package io.surgewatch.schemas;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;

/**
 * Checks the current schemas against every released version kept under {@code schemas/released/vN}:
 * inputs must stay BACKWARD_TRANSITIVE (new readers read all old data), outputs FULL_TRANSITIVE
 * (old and new readers read each other's data, because dashboards and alerting consumers upgrade on
 * their own schedule). These are the same levels the local registry enforces on the subjects.
 */
public final class SchemaEvolutionCheck {

  private SchemaEvolutionCheck() {}

  /** Returns one line per incompatibility; empty means the evolution is safe. */
  public static List<String> check(final Path current, final Path releasedRoot) {
    final SchemaSet now = SchemaSet.load(current);
    final List<String> problems = new ArrayList<>();
    for (final Path release : releases(releasedRoot)) {
      final SchemaSet old = SchemaSet.load(release);
      final String version = release.getFileName().toString();
      compare(version, old.inputs(), now.inputs(), false, problems);
      compare(version, old.outputs(), now.outputs(), true, problems);
    }
    return problems;
  }

  private static void compare(
      final String version,
      final Map<String, Schema> old,
      final Map<String, Schema> now,
      final boolean full,
      final List<String> problems) {
    for (final Map.Entry<String, Schema> released : old.entrySet()) {
      final Schema current = now.get(released.getKey());
      if (current == null) {
        problems.add(released.getKey() + ": released in " + version + " but removed");
        continue;
      }
      // BACKWARD: the new schema reads data written with the old one.
      describe(version, released.getKey(), "BACKWARD", current, released.getValue(), problems);
      if (full) {
        // FORWARD: the old schema reads data written with the new one.
        describe(version, released.getKey(), "FORWARD", released.getValue(), current, problems);
      }
    }
  }

  private static void describe(
      final String version,
      final String name,
      final String direction,
      final Schema reader,
      final Schema writer,
      final List<String> problems) {
    final SchemaCompatibility.SchemaPairCompatibility result =
        SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
    if (result.getType() != SchemaCompatibilityType.COMPATIBLE) {
      result
          .getResult()
          .getIncompatibilities()
          .forEach(
              i ->
                  problems.add(
                      String.format(
                          "%s: not %s compatible with %s: %s at %s",
                          name, direction, version, i.getMessage(), i.getLocation())));
    }
  }

  private static List<Path> releases(final Path releasedRoot) {
    if (!Files.isDirectory(releasedRoot)) {
      return List.of();
    }
    try (Stream<Path> dirs = Files.list(releasedRoot)) {
      return dirs.filter(Files::isDirectory).sorted().toList();
    } catch (final IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Build entry point: {@code SchemaEvolutionCheck <current dir> <released dir>}; exits 1 on any
   * break.
   */
  public static void main(final String[] args) {
    final List<String> problems = check(Path.of(args[0]), Path.of(args[1]));
    problems.forEach(System.err::println);
    if (!problems.isEmpty()) {
      System.exit(1);
    }
  }
}
