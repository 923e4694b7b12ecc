package io.surgewatch.cli;

import io.surgewatch.inputs.InputFormat;
import io.surgewatch.inputs.Replacement;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * The older export that {@code --replaces} names. Never one of the inputs: a file replacing itself
 * retracts nothing and raises nothing, and was most likely meant to name the older download.
 */
final class ReplacedExport {
  private ReplacedExport() {}

  static void requireNotAnInput(
      final CommandSpec spec, final Path replaces, final List<Path> inputs) {
    if (replaces == null) {
      return;
    }
    for (final Path input : inputs) {
      if (same(input, replaces)) {
        throw new ParameterException(
            spec.commandLine(),
            "--replaces "
                + replaces
                + " is the input "
                + input
                + " itself: name the older export that the input replaces");
      }
    }
  }

  /** The inputs hold an export of one format for the older one to be compared with. */
  static void requireAnExport(
      final CommandSpec spec, final Path replaces, final List<InputFormat> formats) {
    if (replaces == null) {
      return;
    }
    try {
      Replacement.replacedFormat(formats);
    } catch (final IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
  }

  private static boolean same(final Path a, final Path b) {
    try {
      return Files.isSameFile(a, b); // a link or another spelling of the same file, too
    } catch (final IOException e) {
      // A missing file is reported by the reader, naming it.
      return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
    }
  }
}
