package io.surgewatch.inputs;

import java.nio.file.Path;
import java.util.Locale;

/** The input file formats of the contract. */
public enum InputFormat {
  /** ACLED CSV export: codebook columns in any order, header required, RFC 4180 quoting. */
  ACLED,
  /** One JSON object a line, the JSON form of the events ({@code "type": "statement"} marks a statement). */
  NDJSON;

  /** Parses a command-line value ({@code acled}, {@code ndjson}, {@code csv}, {@code json}), ignoring case. */
  public static InputFormat parse(final String value) {
    switch (value == null ? "" : value.trim().toLowerCase(Locale.ROOT)) {
      case "acled":
      case "csv":
        return ACLED;
      case "ndjson":
      case "jsonl":
      case "json":
        return NDJSON;
      default:
        throw new IllegalArgumentException("unknown input format '" + value + "': expected acled or ndjson");
    }
  }

  /** Guesses from the file name: {@code .csv} is ACLED, anything else NDJSON. */
  public static InputFormat guess(final Path file) {
    return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv") ? ACLED : NDJSON;
  }
}
