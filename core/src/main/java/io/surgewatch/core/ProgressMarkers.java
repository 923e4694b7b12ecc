package io.surgewatch.core;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Progress markers on the input topics: a writer's promise that it has written to a partition every
 * report it will ever write there with a reported-at at or before a time.
 *
 * <p>The streams app puts reports in one order whatever the partitioning (reported-at, then input
 * partition, then offset), and a cube shard applies a report only once every input partition has
 * moved past it. A partition that gets no reports would hold everything back; one marker a
 * partition says it has moved. A marker is a record with key {@link #KEY}, an empty value (zero
 * bytes, not null: the input topics are compacted, where a null value is a delete marker that
 * compaction removes after {@code delete.retention.ms}, and a rebuild from the topics would find no
 * marker at the end of a partition) and the header {@link #HEADER} holding the time as decimal
 * epoch milliseconds. A marker is told by its header: a null value of an earlier release reads as
 * one too.
 *
 * <p>{@code produce}, {@code ingest} and {@code bench} write them: to every partition at the end of
 * what they publish, and every {@code progress.interval-ms} while they publish. A third-party
 * producer does the same; without markers a partition still moves with its own reports (a report
 * promises that nothing earlier follows, not that no other report of its time does), so the newest
 * reports of a partition wait for a report of a later time there. A report written after a marker
 * with a reported-at at or before the marker's time is late for its partition: it takes its place
 * in the order just after the marker (its figures and its own reported-at unchanged).
 */
public final class ProgressMarkers {
  /**
   * Key of a marker record, reserved: no event may have it as its id (compaction keeps only the
   * newest record of a key per partition, which of markers is all a replay needs, but would take an
   * event of that id away).
   */
  public static final String KEY = "~progress";

  /** A marker's value: empty, never null (see above). */
  private static final byte[] VALUE = new byte[0];

  /** Header holding the marker's time (decimal epoch milliseconds, UTF-8). */
  public static final String HEADER = "surgewatch.progress";

  private ProgressMarkers() {}

  /**
   * One marker for each of the topic's {@code partitions}: nothing at or before {@code through}
   * follows there.
   */
  public static List<ProducerRecord<String, byte[]>> forAllPartitions(
      final String topic, final int partitions, final Instant through) {
    final List<ProducerRecord<String, byte[]>> out = new ArrayList<>(partitions);
    for (int p = 0; p < partitions; p++) {
      out.add(new ProducerRecord<>(topic, p, KEY, VALUE, headers(through)));
    }
    return out;
  }

  /** Whether a record with {@code headers} is a marker (its value says nothing: empty or null). */
  public static boolean isMarker(final Headers headers) {
    return headers != null && headers.lastHeader(HEADER) != null;
  }

  /** The headers of a marker at {@code through}. */
  public static Headers headers(final Instant through) {
    final Headers h = new RecordHeaders();
    h.add(HEADER, Long.toString(through.toEpochMilli()).getBytes(StandardCharsets.UTF_8));
    return h;
  }

  /**
   * The marker's time in epoch milliseconds, or {@link Long#MIN_VALUE} when the record is not a
   * marker.
   *
   * @throws IllegalArgumentException when the header is present but not a number (named, so the
   *     writer can be found)
   */
  public static long through(final Headers headers) {
    if (headers == null) {
      return Long.MIN_VALUE;
    }
    final Header h = headers.lastHeader(HEADER);
    if (h == null) {
      return Long.MIN_VALUE;
    }
    final String text =
        h.value() == null ? "" : new String(h.value(), StandardCharsets.UTF_8).trim();
    try {
      return Long.parseLong(text);
    } catch (final NumberFormatException e) {
      throw new IllegalArgumentException(
          "header " + HEADER + " is '" + text + "', not epoch milliseconds", e);
    }
  }
}
