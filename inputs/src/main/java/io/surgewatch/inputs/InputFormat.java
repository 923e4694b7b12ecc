package io.surgewatch.inputs;

import java.nio.file.Path;
import java.util.Locale;

/** The input file formats of the contract. */
public enum InputFormat {
  /** ACLED CSV export: codebook columns in any order, header required, RFC 4180 quoting. */
  ACLED,
  /**
   * ACLED's list of deleted events ({@code event_id_cnty, deleted_timestamp}): each row retracts an
   * incident.
   */
  ACLED_DELETIONS,
  /** UCDP Georeferenced Event Dataset CSV, as UCDP and HDX publish it (an HXL tag row allowed). */
  UCDP_GED,
  /**
   * One JSON object a line, the JSON form of the events ({@code "type": "statement"} marks a
   * statement).
   */
  NDJSON;

  /** The values {@link #parse} accepts, for help texts and messages. */
  public static final String CHOICES = "acled|acled-deletions|ucdp-ged|ndjson";

  /**
   * Parses a command-line value, ignoring case, {@code _} read as {@code -}: {@code acled} (or
   * {@code csv}), {@code acled-deletions}, {@code ucdp-ged} (or {@code ucdp}, {@code ged}), {@code
   * ndjson} (or {@code jsonl}, {@code json}).
   */
  public static InputFormat parse(final String value) {
    switch (value == null ? "" : value.trim().toLowerCase(Locale.ROOT).replace('_', '-')) {
      case "acled":
      case "csv":
        return ACLED;
      case "acled-deletions":
      case "acled-deleted":
        return ACLED_DELETIONS;
      case "ucdp-ged":
      case "ucdp":
      case "ged":
        return UCDP_GED;
      case "ndjson":
      case "jsonl":
      case "json":
        return NDJSON;
      default:
        throw new IllegalArgumentException(
            "unknown input format '" + value + "': expected one of " + CHOICES.replace("|", ", "));
    }
  }

  /**
   * Whether files of this format are CSV (quoted fields may span lines; the header names the
   * columns).
   */
  public boolean isCsv() {
    return this != NDJSON;
  }

  /**
   * The format of a dead letter's self-contained text (for a CSV format, the header line then the
   * record): a JSON object is NDJSON; a header naming {@code deleted_timestamp} is ACLED deletions,
   * one naming {@code type_of_violence} UCDP GED; any other CSV is ACLED.
   */
  public static InputFormat ofText(final String text) {
    final String start = text.stripLeading();
    if (start.startsWith("{")) {
      return NDJSON;
    }
    final int end = start.indexOf('\n');
    final String header = (end < 0 ? start : start.substring(0, end)).toLowerCase(Locale.ROOT);
    if (header.contains("deleted_timestamp")) {
      return ACLED_DELETIONS;
    }
    return header.contains("type_of_violence") ? UCDP_GED : ACLED;
  }

  /** The name the command line gives it ({@code acled-deletions}), as {@link #parse} reads it. */
  public String label() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** Guesses from the file name: {@code .csv} is ACLED, anything else NDJSON. */
  public static InputFormat guess(final Path file) {
    return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv") ? ACLED : NDJSON;
  }
}
