package io.surgewatch.core;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * What {@code produce --replaces OLDER} tells the app of each incident report it publishes, in the
 * record's headers, so that a report the app dead-letters SUPERSEDED says how it came (as {@code
 * backtest --replaces} says it): {@link #REPLACES}, the older export's file name, and, on a report
 * whose reported-at it raised to the time of the older export's report of its incident, {@link
 * #REPORTED_AT}, the report's reported-at as its file gives it. Only the reasons of dead letters
 * read them: a record without them is taken as published without {@code --replaces}.
 */
public final class ReplacementHeaders {
  /** Header holding the file name of the older export a report's file replaces (UTF-8). */
  public static final String REPLACES = "surgewatch.replaces";

  /**
   * Header holding a raised report's reported-at as its file gives it (decimal epoch milliseconds,
   * UTF-8).
   */
  public static final String REPORTED_AT = "surgewatch.reported-at-in-file";

  private ReplacementHeaders() {}

  /**
   * The headers of a report published with {@code --replaces older}.
   *
   * @param raisedFrom its reported-at in its file when it was raised, else null
   */
  public static Headers of(final String older, final Instant raisedFrom) {
    final Headers h = new RecordHeaders();
    h.add(REPLACES, older.getBytes(StandardCharsets.UTF_8));
    if (raisedFrom != null) {
      h.add(REPORTED_AT, Long.toString(raisedFrom.toEpochMilli()).getBytes(StandardCharsets.UTF_8));
    }
    return h;
  }

  /** The older export's file name, or null when the record came without {@code --replaces}. */
  public static String replaces(final Headers headers) {
    final Header h = headers == null ? null : headers.lastHeader(REPLACES);
    return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }

  /**
   * The report's reported-at in its file when {@code --replaces} raised it, else null (also when
   * the header is not a number: it only words a reason).
   */
  public static Instant raisedFrom(final Headers headers) {
    final Header h = headers == null ? null : headers.lastHeader(REPORTED_AT);
    if (h == null || h.value() == null) {
      return null;
    }
    try {
      return Instant.ofEpochMilli(
          Long.parseLong(new String(h.value(), StandardCharsets.UTF_8).trim()));
    } catch (final NumberFormatException e) {
      return null;
    }
  }
}
