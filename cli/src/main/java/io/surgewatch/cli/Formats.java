package io.surgewatch.cli;

import io.surgewatch.inputs.InputFormat;
import java.util.Locale;
import picocli.CommandLine;

/** Parses --format acled|ndjson with a clear message for anything else. */
final class Formats implements CommandLine.ITypeConverter<InputFormat> {
  @Override
  public InputFormat convert(final String value) {
    try {
      return InputFormat.valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (final IllegalArgumentException e) {
      throw new CommandLine.TypeConversionException("unknown format '" + value + "': expected acled or ndjson");
    }
  }
}
