package io.surgewatch.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The README's table of configuration keys is generated from the declarations: every key, its type,
 * its default and its doc. When they diverge this test fails; {@code
 * -Dsurgewatch.updateReadme=true} rewrites the table.
 */
class ReadmeConfigTableTest {

  static final String START =
      "<!-- config-table: generated from ConfigDeclarations, see ReadmeConfigTableTest -->\n";
  static final String END = "<!-- config-table end -->\n";

  @Test
  void theReadmeListsEveryKeyWithItsDefaultAsDeclared() throws IOException {
    final Path readme = Path.of("..", "README.md");
    final String text = Files.readString(readme);
    final int start = text.indexOf(START);
    final int end = text.indexOf(END);
    assertTrue(start >= 0 && end > start, "README.md lacks the markers of the generated table");
    final String table = text.substring(start + START.length(), end);
    final String expected = ConfigDeclarations.markdownTable();
    if (Boolean.getBoolean("surgewatch.updateReadme")) {
      Files.writeString(
          readme, text.substring(0, start + START.length()) + expected + text.substring(end));
      return;
    }
    assertEquals(
        expected,
        table,
        "README.md's configuration table differs from the declarations: run "
            + "mvn -pl core test -Dtest=ReadmeConfigTableTest -Dsurgewatch.updateReadme=true");
    for (final ConfigDeclarations.Setting s : ConfigDeclarations.all()) {
      assertTrue(table.contains("| `" + s.key() + "` | " + s.typeName() + " | "), s.key());
    }
  }
}
