package io.surgewatch.core;

import io.surgewatch.events.v1.DeadLetter;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Where a published event came from, when {@code produce} read it from a file: the file's name and
 * the line of its record, in the record's headers. The app's dead letters of the record then name
 * that file and line ({@code sourceFile}, {@code sourceLine}) as backtest's do, besides the topic,
 * partition and offset. A record without them (a third-party producer, the ingest API) is dead
 * lettered by its place on the topic alone. Stage 1 reads them; it passes them on to the cube's
 * shards (as an {@link Origin} in the placed contribution, not as headers) only when the history is
 * bounded, the one case in which a shard can dead-letter a report.
 */
public final class SourceHeaders {
  /** Header holding the input file's name as {@code produce} was given it (UTF-8). */
  public static final String FILE = "surgewatch.source.file";

  /** Header holding the line of the record in that file (decimal, UTF-8; the header is line 1). */
  public static final String LINE = "surgewatch.source.line";

  private SourceHeaders() {}

  /** Adds the file and line of a record to {@code headers}; returns them. */
  public static Headers add(final Headers headers, final String file, final long line) {
    headers.add(FILE, file.getBytes(StandardCharsets.UTF_8));
    headers.add(LINE, Long.toString(line).getBytes(StandardCharsets.UTF_8));
    return headers;
  }

  /**
   * Sets the dead letter's {@code sourceFile} and {@code sourceLine} from the headers of the record
   * it is about, when they name them (a line that is not a number is left out: it only says where).
   */
  public static DeadLetter describe(final DeadLetter letter, final Headers headers) {
    final Origin origin = origin(headers);
    return origin == null ? letter : origin.describe(letter);
  }

  /** The file and line the headers name, or null when they name no file. */
  public static Origin origin(final Headers headers) {
    final String file = text(headers, FILE);
    if (file == null) {
      return null;
    }
    final String line = text(headers, LINE);
    try {
      return new Origin(file, line == null ? null : Long.parseLong(line.trim()));
    } catch (final NumberFormatException e) {
      return new Origin(file, null);
    }
  }

  /**
   * Where a record came from: its file, and its line there when known.
   *
   * @param line null when the headers gave none, or not a number
   */
  public record Origin(String file, Long line) {
    /** Sets the letter's {@code sourceFile} and {@code sourceLine}; returns it. */
    public DeadLetter describe(final DeadLetter letter) {
      letter.setSourceFile(file);
      if (line != null) {
        letter.setSourceLine(line);
      }
      return letter;
    }
  }

  private static String text(final Headers headers, final String name) {
    final Header h = headers == null ? null : headers.lastHeader(name);
    return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }
}
