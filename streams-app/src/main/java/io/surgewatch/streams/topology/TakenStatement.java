package io.surgewatch.streams.topology;

import io.surgewatch.events.v1.StatementEvent;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A taken statement as statement intake keeps it by id ({@link StatementIntakeProcessor#SEEN}): its
 * made-at (8 bytes, big-endian, what the purge reads), then the statement. A release before kept
 * the made-at alone (8 bytes): such a statement's content is unknown, and one sent again under its
 * id is taken for a repeat.
 */
public final class TakenStatement {
  private static final VersionedAvro<StatementEvent> STATEMENTS =
      VersionedAvro.of(StatementEvent.class);

  private TakenStatement() {}

  static byte[] of(final StatementEvent statement) {
    final byte[] body = STATEMENTS.encode(statement);
    return ByteBuffer.allocate(Long.BYTES + body.length)
        .putLong(statement.getMadeAt().toEpochMilli())
        .put(body)
        .array();
  }

  /** The statement's made-at (epoch milliseconds). */
  public static long madeAt(final byte[] taken) {
    return ByteBuffer.wrap(taken).getLong();
  }

  /** The statement taken, or null when only its made-at was kept. */
  public static StatementEvent statement(final byte[] taken) {
    return taken.length == Long.BYTES
        ? null
        : STATEMENTS.decode(
            Arrays.copyOfRange(taken, Long.BYTES, taken.length), StatementIntakeProcessor.SEEN);
  }
}
