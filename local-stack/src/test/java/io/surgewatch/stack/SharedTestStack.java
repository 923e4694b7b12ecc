package io.surgewatch.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One {@link LocalStack} per JVM for integration tests: every test class of every module that calls
 * {@link #get()} shares one broker and one registry (starting them costs seconds; two cores cannot
 * afford one per class). Other modules' tests have it from this module's test-jar. Started lazily
 * on free ports in a temp directory; stopped and deleted by a shutdown hook. Tests must not stop it
 * for good; {@code kafka().restart()} and {@code registry().restart()} are fine.
 */
public final class SharedTestStack {
  private static LocalStack stack;

  /** The stack's temp directory, deleted with everything in it when the JVM exits. */
  private static Path root;

  private SharedTestStack() {}

  public static synchronized LocalStack get() {
    if (stack == null) {
      final Path dir;
      try {
        dir = Files.createTempDirectory("surgewatch-stack-");
      } catch (final IOException e) {
        throw new UncheckedIOException("cannot create a temp directory for the test stack", e);
      }
      final LocalStack started = LocalStack.start(dir, 0, 0);
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    started.close();
                    ApicurioDistribution.deleteTree(dir);
                  },
                  "surgewatch-test-stack-stop"));
      stack = started;
      root = dir;
    }
    return stack;
  }

  /**
   * A new, empty directory (a test app's {@code state.dir}, a browser's profile) inside the stack's
   * own, deleted with it at exit: test runs leave nothing behind in the system's temp directory.
   */
  public static synchronized Path newDirectory(final String prefix) {
    get();
    try {
      return Files.createTempDirectory(
          Files.createDirectories(root.resolve("scratch")), prefix + "-");
    } catch (final IOException e) {
      throw new UncheckedIOException("cannot create a directory under " + root, e);
    }
  }
}
