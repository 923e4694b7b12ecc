package io.surgewatch.producers;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The rejects file, created at the first rejection: a file with nothing rejected needs no writable
 * directory beside it (inputs often sit on read-only mounts) and leaves no empty file there. One
 * left by an earlier run is removed when this run rejects nothing, so the file always holds the
 * last run's rejections.
 */
final class RejectsFile implements Closeable {
  private final Path path;
  private BufferedWriter out;

  /**
   * @param path null for none
   */
  RejectsFile(final Path path) {
    this.path = path;
  }

  void write(final String line) throws IOException {
    if (path == null) {
      return;
    }
    if (out == null) {
      out = Files.newBufferedWriter(path, StandardCharsets.UTF_8);
    }
    out.write(line);
    out.write('\n');
  }

  /** A note when an earlier run's file is left because it cannot be removed. */
  Optional<String> removeStale() {
    if (path == null || out != null) {
      return Optional.empty();
    }
    try {
      Files.deleteIfExists(path);
      return Optional.empty();
    } catch (final IOException e) {
      return Optional.of(
          "nothing rejected, but "
              + path
              + " (an earlier run's rejections) cannot be removed: "
              + e.getMessage());
    }
  }

  @Override
  public void close() throws IOException {
    if (out != null) {
      out.close();
    }
  }
}
