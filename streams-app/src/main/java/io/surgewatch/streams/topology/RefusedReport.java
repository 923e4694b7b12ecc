package io.surgewatch.streams.topology;

import io.surgewatch.engine.StoredFormat;
import io.surgewatch.events.v1.DeadLetter;
import io.surgewatch.events.v1.IncidentEvent;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The latest report of an incident that stage 1 refused as too late (history.days), kept while it
 * is later than the report that stands, so that the incidents API does not pass the figures that
 * stand off as the latest word on the incident. One an incident, in {@link
 * IncidentIntakeProcessor#REFUSED}.
 *
 * <p>Stored as a format version ({@link StoredFormat}), the report's reported-at, revision,
 * incident day and whether it is a retraction, then its dead letter in the versioned Avro encoding
 * ({@link VersionedAvro}), which evolves with the released DeadLetter schema.
 *
 * @param reportedAt the refused report's reported-at (epoch milliseconds)
 * @param revision its revision
 * @param occurredOn its incident day (epoch day): the day it would have moved the incident to
 * @param retracted whether it is a retraction (which would have taken out figures of a day no
 *     longer kept)
 * @param deadLetter its dead letter, without the original bytes or text: the one on the dead-letter
 *     topic has them, and they would make the store as large as the input
 */
public record RefusedReport(
    long reportedAt, int revision, int occurredOn, boolean retracted, DeadLetter deadLetter) {
  static final StoredFormat FORMAT = new StoredFormat("refused report", 1);

  private static final VersionedAvro<DeadLetter> LETTERS = VersionedAvro.of(DeadLetter.class);

  /** The version byte, the reported-at, revision, day and retracted flag before the dead letter. */
  private static final int HEAD = 1 + Long.BYTES + Integer.BYTES + Integer.BYTES + 1;

  static RefusedReport of(final IncidentEvent report, final DeadLetter dead) {
    return new RefusedReport(
        report.getReportedAt().toEpochMilli(),
        report.getRevision(),
        (int) report.getOccurredOn().toEpochDay(),
        report.getRetracted(),
        DeadLetter.newBuilder(dead).setOriginalValue(null).setOriginalText(null).build());
  }

  /**
   * Whether a report wins over this one as reports of an incident do: the later reported-at, at
   * equal reported-at the higher revision, at equal both the later arrival (the report given).
   */
  boolean supersededBy(final IncidentEvent report) {
    final long at = report.getReportedAt().toEpochMilli();
    return at > reportedAt || at == reportedAt && report.getRevision() >= revision;
  }

  byte[] encode() {
    final byte[] letter = LETTERS.encode(deadLetter);
    return ByteBuffer.allocate(HEAD + letter.length)
        .put(FORMAT.current())
        .putLong(reportedAt)
        .putInt(revision)
        .putInt(occurredOn)
        .put((byte) (retracted ? 1 : 0))
        .put(letter)
        .array();
  }

  /**
   * @param where the store the value comes from, for the message when it cannot be read
   */
  public static RefusedReport decode(final byte[] bytes, final String where) {
    final ByteBuffer buf = ByteBuffer.wrap(bytes);
    FORMAT.read(buf);
    return new RefusedReport(
        buf.getLong(),
        buf.getInt(),
        buf.getInt(),
        buf.get() != 0,
        LETTERS.decode(Arrays.copyOfRange(bytes, buf.position(), bytes.length), where));
  }
}
