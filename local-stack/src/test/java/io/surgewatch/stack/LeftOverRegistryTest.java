package io.surgewatch.stack;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A registry left running by a run that was killed outright is stopped by the next start on the
 * same data directory, and nothing else is: a process is taken as the registry only when it runs
 * the registry's jar.
 */
class LeftOverRegistryTest {

  /** A process whose command line names {@code jar}, as the registry's does. */
  private static Process running(final String jar) throws Exception {
    return new ProcessBuilder("sh", "-c", "sleep 600", jar).start();
  }

  @Test
  void theRegistryOfAKilledRunIsStoppedAndItsPidFileRemoved(@TempDir final Path dir)
      throws Exception {
    final String jar = dir.resolve("apicurio/quarkus-run.jar").toString();
    final Process left = running(jar);
    final Path pid = Files.writeString(dir.resolve("registry.pid"), Long.toString(left.pid()));
    ApicurioRegistry.stopLeftOver(pid, jar);
    assertTrue(left.waitFor(Duration.ofSeconds(20).toMillis(), TimeUnit.MILLISECONDS));
    assertFalse(Files.exists(pid));
  }

  @Test
  void aProcessThatReusedTheIdIsLeftAlone(@TempDir final Path dir) throws Exception {
    final Process other = running(dir.resolve("something-else.jar").toString());
    try {
      final Path pid =
          Files.writeString(
              dir.resolve("registry.pid"), Long.toString(other.pid()), StandardCharsets.UTF_8);
      ApicurioRegistry.stopLeftOver(pid, dir.resolve("apicurio/quarkus-run.jar").toString());
      assertTrue(other.isAlive(), "not the registry: never stopped");
      assertFalse(Files.exists(pid), "the stale pid file goes");
    } finally {
      other.destroyForcibly();
    }
  }
}
