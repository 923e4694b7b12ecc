package io.surgewatch.stack;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The registry's archive missing from every repository tried: the message names the places looked
 * at and a build that fetches it without installing this checkout's snapshot jars in the local
 * repository, as the launcher builds ({@code package}, not {@code install}).
 */
class ApicurioNotFoundTest {

  @Test
  void theMessageSuggestsABuildThatInstallsNothing() {
    final String message =
        ApicurioDistribution.notFoundMessage(
            List.of(Path.of("/a/repository/x.tar.gz"), Path.of("/b/repository/x.tar.gz")));
    assertTrue(message.contains("/a/repository/x.tar.gz or /b/repository/x.tar.gz"), message);
    assertTrue(message.contains("mvn -DskipTests package -pl local-stack -am"), message);
    assertFalse(message.contains("install"), message);
    assertTrue(message.contains("SURGEWATCH_APICURIO_DIST"), message);
  }
}
