package io.surgewatch.cli;

import io.surgewatch.inputs.InputFormat;
import picocli.CommandLine;

/**
 * Parses --format acled|acled-deletions|ucdp-ged|ndjson (and their aliases) with a clear message
 * for anything else.
 */
final class InputFormatOption implements CommandLine.ITypeConverter<InputFormat> {

  /** The --format option's description, one for every command that reads input files. */
  static final String DESCRIPTION =
      "acled (ACLED CSV export), acled-deletions (ACLED's list of deleted events: "
          + "each retracts an incident), ucdp-ged (UCDP Georeferenced Event Dataset CSV, as UCDP or HDX publish it; "
          + "also ucdp, ged) or ndjson (the project's JSON form).";

  @Override
  public InputFormat convert(final String value) {
    try {
      return InputFormat.parse(value);
    } catch (final IllegalArgumentException e) {
      throw new CommandLine.TypeConversionException(e.getMessage());
    }
  }
}
