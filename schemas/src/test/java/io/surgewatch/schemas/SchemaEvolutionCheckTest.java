package io.surgewatch.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The build fails when a schema change would break readers: this test is that gate, and proves it
 * bites.
 */
class SchemaEvolutionCheckTest {

  private static final Path CURRENT = Path.of("src/main/avro");
  private static final Path RELEASED = Path.of("released");

  @Test
  void currentSchemasAreCompatibleWithEveryReleasedVersion() {
    assertEquals(List.of(), SchemaEvolutionCheck.check(CURRENT, RELEASED));
  }

  @Test
  void removingAFieldDefaultFromAnInputBreaksBackwardCompatibility(@TempDir final Path tmp)
      throws IOException {
    final Path changed = copyOf(CURRENT, tmp.resolve("changed"));
    // A new required field without a default: old incident records cannot be read any more.
    edit(
        changed.resolve("events/IncidentEvent.avsc"),
        "{\"name\": \"notes\",",
        "{\"name\": \"confidence\", \"type\": \"int\", \"doc\": \"new\"},\n    {\"name\": \"notes\",");
    final List<String> problems = SchemaEvolutionCheck.check(changed, RELEASED);
    assertTrue(
        problems.stream()
            .anyMatch(
                p ->
                    p.contains("IncidentEvent")
                        && p.contains("BACKWARD")
                        && p.contains("confidence")),
        problems.toString());
  }

  @Test
  void addingAnOptionalInputFieldWithADefaultIsAllowed(@TempDir final Path tmp) throws IOException {
    final Path changed = copyOf(CURRENT, tmp.resolve("changed"));
    edit(
        changed.resolve("events/IncidentEvent.avsc"),
        "{\"name\": \"notes\",",
        "{\"name\": \"confidence\", \"type\": [\"null\", \"int\"], \"default\": null, \"doc\": \"new\"},\n    {\"name\": \"notes\",");
    assertEquals(List.of(), SchemaEvolutionCheck.check(changed, RELEASED));
  }

  @Test
  void removingAnOutputFieldWithoutDefaultBreaksForwardCompatibility(@TempDir final Path tmp)
      throws IOException {
    final Path changed = copyOf(CURRENT, tmp.resolve("changed"));
    // Old dashboards still expect 'injured' (no default in the released schema): a
    // full-compatibility break.
    edit(
        changed.resolve("outputs/RollingCount.avsc"),
        "{\"name\": \"injured\", \"type\": \"long\", \"doc\": \"People injured in those incidents, all categories.\"},",
        "");
    final List<String> problems = SchemaEvolutionCheck.check(changed, RELEASED);
    assertTrue(
        problems.stream().anyMatch(p -> p.contains("RollingCount") && p.contains("FORWARD")),
        problems.toString());
  }

  @Test
  void changingAFieldTypeIsCaught(@TempDir final Path tmp) throws IOException {
    final Path changed = copyOf(CURRENT, tmp.resolve("changed"));
    edit(
        changed.resolve("outputs/SurgeAlert.avsc"),
        "{\"name\": \"sequence\", \"type\": \"int\"",
        "{\"name\": \"sequence\", \"type\": \"string\"");
    assertTrue(
        SchemaEvolutionCheck.check(changed, RELEASED).stream()
            .anyMatch(p -> p.contains("SurgeAlert")));
  }

  @Test
  void aFieldAddedByALaterReleaseIsHeldToItToo(@TempDir final Path tmp) throws IOException {
    // successor came in v2, with a default: v1 readers skip it, but v2 readers read it as a
    // string, so it cannot become something else.
    final Path changed = copyOf(CURRENT, tmp.resolve("changed"));
    edit(
        changed.resolve("outputs/SurgeAlert.avsc"),
        "{\"name\": \"successor\", \"type\": [\"null\", \"string\"]",
        "{\"name\": \"successor\", \"type\": [\"null\", \"long\"]");
    final List<String> problems = SchemaEvolutionCheck.check(changed, RELEASED);
    assertTrue(
        problems.stream()
            .anyMatch(p -> p.contains("SurgeAlert") && p.contains("compatible with v2")),
        problems.toString());
    assertTrue(
        problems.stream().noneMatch(p -> p.contains("compatible with v1")),
        "v1 has no successor: " + problems);
  }

  private static void edit(final Path file, final String from, final String to) throws IOException {
    final String text = Files.readString(file);
    assertTrue(text.contains(from), "fixture text not found in " + file);
    Files.writeString(file, text.replace(from, to));
  }

  private static Path copyOf(final Path from, final Path to) throws IOException {
    try (Stream<Path> all = Files.walk(from)) {
      for (final Path p : all.toList()) {
        final Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
    return to;
  }
}
