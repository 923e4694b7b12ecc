package io.surgewatch.inputs;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The input file formats of the contract, each with the name the command line gives it and the
 * other names it accepts.
 */
public enum InputFormat {
  /** ACLED CSV export: codebook columns in any order, header required, RFC 4180 quoting. */
  ACLED("an ACLED CSV export", "acled", "csv"),
  /**
   * ACLED's list of deleted events ({@code event_id_cnty, deleted_timestamp}): each row retracts an
   * incident.
   */
  ACLED_DELETIONS("an ACLED deletions list", "acled-deletions", "acled-deleted"),
  /** UCDP Georeferenced Event Dataset CSV, as UCDP and HDX publish it (an HXL tag row allowed). */
  UCDP_GED("a UCDP GED export", "ucdp-ged", "ucdp", "ged"),
  /**
   * One JSON object a line, the JSON form of the events ({@code "type": "statement"} marks a
   * statement).
   */
  NDJSON("NDJSON (one JSON object a line)", "ndjson", "jsonl", "json");

  /**
   * The formats' {@link #label}s, for help texts and messages. A constant because picocli's
   * annotations take only constants; {@code InputFormatTest} holds it to the labels.
   */
  public static final String CHOICES = "acled|acled-deletions|ucdp-ged|ndjson";

  private final String what;
  private final String label;
  private final List<String> aliases;

  InputFormat(final String what, final String label, final String... aliases) {
    this.what = what;
    this.label = label;
    this.aliases = List.of(aliases);
  }

  /** What a file of this format is, for messages ("a UCDP GED export"). */
  public String what() {
    return what;
  }

  /**
   * Parses a command-line value, ignoring case, {@code _} read as {@code -}: a format's {@link
   * #label} or one of its other names.
   */
  public static InputFormat parse(final String value) {
    final String name =
        value == null ? "" : value.trim().toLowerCase(Locale.ROOT).replace('_', '-');
    for (final InputFormat format : values()) {
      if (format.label.equals(name) || format.aliases.contains(name)) {
        return format;
      }
    }
    throw new IllegalArgumentException(
        "unknown input format '"
            + value
            + "': expected one of "
            + Arrays.stream(values()).map(InputFormat::label).collect(Collectors.joining(", ")));
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
   * record, perhaps after Excel's {@code sep=} line), told by the columns its header has as a
   * file's are ({@link #shownBy}); text that shows none is NDJSON when it starts as a JSON object
   * (a line that failed to parse), else ACLED.
   */
  public static InputFormat ofText(final String text) {
    return WrongFormat.shownBy(text).orElse(text.stripLeading().startsWith("{") ? NDJSON : ACLED);
  }

  /**
   * The format a file shows at its start: the export whose columns its CSV header has ({@code
   * format-signatures.csv}), or NDJSON when its first line is a JSON object that holds no export's
   * rows; empty when it shows none, or cannot be read (reading it says why).
   */
  public static Optional<InputFormat> shownBy(final Path file) {
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(Files.newInputStream(file), FileCharset.of(file).decoder()))) {
      return WrongFormat.shownBy(WrongFormat.peek(in));
    } catch (final IOException e) {
      return Optional.empty();
    }
  }

  /** The name the command line gives it ({@code acled-deletions}), as {@link #parse} reads it. */
  public String label() {
    return label;
  }
}
