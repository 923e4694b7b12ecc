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

  /**
   * The older export is of the format of the inputs' export: one of another (a UCDP GED file named
   * as what an ACLED export replaces) holds nothing to compare, and read as the inputs' format it
   * would fail advising a --format that no input can take. Called once the file is known readable.
   */
  static void requireTheInputsFormat(
      final CommandSpec spec, final Path replaces, final List<InputFormat> formats) {
    if (replaces == null) {
      return;
    }
    final InputFormat newer = Replacement.replacedFormat(formats);
    InputFormat.shownBy(replaces)
        .filter(older -> older != newer)
        .ifPresent(
            older -> {
              throw new ParameterException(
                  spec.commandLine(),
                  "--replaces "
                      + replaces
                      + " is "
                      + older.what()
                      + ", but the input"
                      + (formats.stream().filter(newer::equals).count() == 1
                          ? " is "
                          : "s are each ")
                      + newer.what()
                      + ": the older export must be of the format of the input that replaces it"
                      + (older == InputFormat.ACLED_DELETIONS
                          ? " (a deletions list is an --input of its own, --format "
                              + older.label()
                              + ")"
                          : ""));
            });
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
