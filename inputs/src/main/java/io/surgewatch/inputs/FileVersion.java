package io.surgewatch.inputs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A file as it is now, for what is learnt from it once per run and kept (its character set, what it
 * unpacks to): its absolute path, size and modification time, so a file rewritten in place is
 * looked at again.
 */
final class FileVersion {
  private FileVersion() {}

  static String of(final Path file) throws IOException {
    return file.toAbsolutePath()
        + "|"
        + Files.size(file)
        + "|"
        + Files.getLastModifiedTime(file).toMillis();
  }
}
