package io.surgewatch.core;

import io.surgewatch.events.v1.DeadLetter;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;

/**
 * Builds dead-letter records: the original input kept whole, where it came from, and a readable
 * reason.
 */
public final class DeadLetters {

  /** Kinds of failure, the {@code category} field of the record. */
  public static final String DESERIALIZATION = "DESERIALIZATION";

  public static final String VALIDATION = "VALIDATION";
  public static final String PARSE = "PARSE";
  public static final String TOO_LATE = "TOO_LATE";

  /**
   * A valid record that is deliberately not counted (e.g. ACLED protests), kept so that nothing is
   * lost.
   */
  public static final String NOT_COUNTED = "NOT_COUNTED";

  /**
   * A valid report older than the one already counted for its incident: the later stands, this one
   * is kept, apart from {@link #NOT_COUNTED} so a replay of those (a type now counted) leaves it.
   */
  public static final String SUPERSEDED = "SUPERSEDED";

  public static final List<String> CATEGORIES =
      List.of(DESERIALIZATION, VALIDATION, PARSE, TOO_LATE, NOT_COUNTED, SUPERSEDED);

  /**
   * The longest reason a dead letter keeps, in characters: a reason that quotes the offending value
   * (an unknown country of a megabyte) must not make the letter larger than a Kafka record may be.
   */
  public static final int MAX_REASON_CHARS = 4_000;

  private DeadLetters() {}

  /** The reason as a dead letter keeps it: cut after {@link #MAX_REASON_CHARS}. */
  static String reason(final String reason) {
    return reason == null || reason.length() <= MAX_REASON_CHARS
        ? reason
        : reason.substring(0, MAX_REASON_CHARS)
            + " [... "
            + (reason.length() - MAX_REASON_CHARS)
            + " more characters]";
  }

  /**
   * Whether a category is of records that could not be read as events at all (not those read and
   * then refused: too late, not counted).
   */
  public static boolean isUnreadable(final String category) {
    return DESERIALIZATION.equals(category)
        || VALIDATION.equals(category)
        || PARSE.equals(category);
  }

  public static DeadLetter fromKafka(
      final String topic,
      final int partition,
      final long offset,
      final String key,
      final byte[] value,
      final String category,
      final Throwable error,
      final String reason,
      final Instant when) {
    return DeadLetter.newBuilder()
        .setRecordId(key)
        .setCategory(category)
        .setErrorClass(error == null ? category : error.getClass().getName())
        .setReason(reason(reason))
        .setField(error instanceof InvalidEventException iee ? iee.firstField() : null)
        .setOriginalKey(key)
        .setOriginalValue(value == null ? null : ByteBuffer.wrap(value))
        .setSourceTopic(topic)
        .setSourcePartition(partition)
        .setSourceOffset(offset)
        .setFailedAt(when)
        .build();
  }

  public static DeadLetter fromFile(
      final String file,
      final long line,
      final String recordId,
      final String text,
      final String category,
      final Throwable error,
      final String reason,
      final Instant when) {
    return DeadLetter.newBuilder()
        .setRecordId(recordId)
        .setCategory(category)
        .setErrorClass(error == null ? category : error.getClass().getName())
        .setReason(reason(reason))
        .setField(error instanceof InvalidEventException iee ? iee.firstField() : null)
        .setOriginalText(text)
        .setSourceFile(file)
        .setSourceLine(line)
        .setFailedAt(when)
        .build();
  }
}
