package io.surgewatch.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** The files a command reads, named by its options. */
final class InputFiles {
  private InputFiles() {}

  /**
   * The files named on the command line can be read: one that cannot is bad usage, named with its
   * option, before anything is published or written.
   */
  static void requireReadable(final CommandSpec spec, final String option, final List<Path> files) {
    for (final Path file : files) {
      if (file != null && !Files.isReadable(file)) {
        throw new ParameterException(
            spec.commandLine(),
            option
                + " "
                + file
                + ": "
                + (Files.exists(file) ? "cannot be read (permission denied)" : "no such file"));
      }
      if (file != null && Files.isDirectory(file)) {
        throw new ParameterException(
            spec.commandLine(), option + " " + file + ": a directory, not a file");
      }
    }
  }
}
