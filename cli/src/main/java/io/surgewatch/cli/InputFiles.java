package io.surgewatch.cli;

import io.surgewatch.inputs.PackedFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** The files a command reads, named by its options. */
final class InputFiles {
  /** What --input's help adds: packed downloads are read too. */
  static final String PACKED =
      " A zip, gzip, bzip2 or xz file or an Excel workbook (.xlsx) is read as the export inside it.";

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

  /**
   * The files to read for those named: each one readable ({@link #requireReadable}), and a zip,
   * gzip, bzip2 or xz file or an Excel workbook unpacked to a text file in its place ({@link
   * PackedFile}), with a note on stderr saying what was read. Null stays null (an option not
   * given).
   */
  static List<Path> readable(final CommandSpec spec, final String option, final List<Path> files) {
    requireReadable(spec, option, files);
    final List<Path> out = new ArrayList<>(files.size());
    for (final Path file : files) {
      if (file == null) {
        out.add(null);
        continue;
      }
      final PackedFile.Unpacked unpacked = PackedFile.unpack(file);
      if (unpacked.note() != null) {
        System.err.println("note: " + unpacked.note());
      }
      out.add(unpacked.data());
    }
    return Collections.unmodifiableList(out);
  }

  /** {@link #readable} of one file, or null for none. */
  static Path readable(final CommandSpec spec, final String option, final Path file) {
    return readable(spec, option, Collections.singletonList(file)).get(0);
  }
}
