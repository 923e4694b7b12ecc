package io.surgewatch.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The registry's program is unpacked beside its cache and moved into place: an unpack killed
 * half-way (about 115 MB) is removed by the next one, an unpack going on beside it is not.
 */
class ApicurioUnpackTest {

  @TempDir Path dir;

  @Test
  void anUnpackKilledHalfWayIsRemovedByTheNextOneAndOneGoingOnIsNot() throws Exception {
    final Path content = Files.createDirectories(dir.resolve("content/apicurio"));
    Files.writeString(content.resolve("runner.jar"), "jar");
    final Path archive = dir.resolve("dist.tar.gz");
    final Process tar =
        new ProcessBuilder(
                "tar", "-czf", archive.toString(), "-C", dir.resolve("content").toString(), ".")
            .redirectErrorStream(true)
            .start();
    assertTrue(tar.waitFor(60, TimeUnit.SECONDS) && tar.exitValue() == 0);

    final Path cache = dir.resolve("apicurio/3.0.0");
    final Path killed = Files.createDirectories(dir.resolve("apicurio/3.0.0.unpacking-111"));
    Files.writeString(killed.resolve("half.jar"), "half");
    Files.setLastModifiedTime(
        killed,
        FileTime.from(Instant.now().minus(ApicurioDistribution.ABANDONED_AFTER).minusSeconds(60)));
    final Path going = Files.createDirectories(dir.resolve("apicurio/3.0.0.unpacking-222"));

    assertEquals(cache, ApicurioDistribution.unpack(archive, cache));
    assertEquals("jar", Files.readString(cache.resolve("apicurio/runner.jar")));
    assertFalse(Files.exists(killed), "an unpack killed half-way is removed");
    assertTrue(Files.isDirectory(going), "an unpack going on beside it is left to finish");
  }
}
