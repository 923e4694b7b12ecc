package io.surgewatch.streams.topology;

import io.surgewatch.core.ShardPlacement;
import io.surgewatch.core.SourceHeaders;
import io.surgewatch.engine.Codec;
import io.surgewatch.engine.Contribution;
import io.surgewatch.engine.Tally;
import io.surgewatch.engine.TieOrder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.StreamPartitioner;

/**
 * What stage 1 sends a cube shard on the {@code cube-contributions} topic: a placed contribution, a
 * batch of them for one partition, or progress.
 */
sealed interface ShardInput {

  /**
   * A contribution at its place in the arrival order, with the Kafka timestamp of the report that
   * made it.
   *
   * @param origin the file and line of the report, for the shard's dead letter of it; only sent
   *     when the history is bounded (else a shard never dead-letters a report), null otherwise
   */
  record Placed(
      ArrivalPosition position,
      long timestamp,
      Contribution contribution,
      SourceHeaders.Origin origin)
      implements ShardInput {
    /** The position takes its contribution's key in its tie ({@link TieOrder}). */
    public Placed {
      position = position.withTie(TieOrder.key(contribution));
    }

    Placed(final ArrivalPosition position, final long timestamp, final Contribution contribution) {
      this(position, timestamp, contribution, null);
    }
  }

  /**
   * How far one input partition has come: every shard gets it, so a shard never waits on a quiet
   * partition. An idle partition (nothing read for {@code progress.idle-ms}) is left out of the
   * merge until it sends again.
   */
  record Progress(int source, ArrivalPosition frontier, boolean idle) implements ShardInput {
    Progress(final int source, final ArrivalPosition frontier) {
      this(source, frontier, false);
    }
  }

  /**
   * Contributions to the shards of one partition, of one or more reports of one input partition, in
   * the order stage 1 made them ({@link ShardOutbox}): the cube places each by its position as if
   * it were a record of its own. One record where a record a shard, and then a record a report and
   * partition, were most of stage 1's output and of the cube's input.
   */
  record Batch(List<Placed> placed) implements ShardInput {
    public Batch {
      placed = List.copyOf(placed);
    }
  }

  /**
   * At least the bytes {@code placed} takes in a {@link Batch} (its length prefix and layout; a
   * revision carries the figures it replaces too), a character counted as three UTF-8 bytes. Cheap,
   * for {@link ShardOutbox} to keep a record within the producer's limit.
   */
  static int maxBatchBytes(final Placed placed) {
    final Contribution c = placed.contribution();
    final int origin = placed.origin() == null ? 0 : 4 + 3 * placed.origin().file().length() + 8;
    return 4
        + 1
        + ArrivalPosition.BYTES
        + 8
        + origin
        + 2
        + maxFigureBytes(c)
        + (c.previous() == null ? 0 : maxFigureBytes(c.previous()));
  }

  private static int maxFigureBytes(final Contribution c) {
    int chars = c.incidentId().length() + c.country().length() + c.region().length();
    for (final String group : c.groups()) {
      chars += group.length();
    }
    return 4 + Tally.SIZE * 8 + 4 * (4 + c.groups().size()) + 3 * chars;
  }

  /** The placed contributions a record carries: one, a batch's, or none. */
  static List<Placed> placedIn(final ShardInput in) {
    if (in instanceof Placed p) {
      return List.of(p);
    }
    return in instanceof Batch b ? b.placed() : List.of();
  }

  /**
   * A contribution written by a release before arrival positions (a bare {@link Codec} layout): it
   * was ordered by that release's single input partition, and is applied as it comes.
   */
  record Unplaced(Contribution contribution) implements ShardInput {}

  /**
   * First byte of each layout; the bare contribution layouts of earlier releases start with 1 or 2.
   */
  byte PLACED = 16;

  byte PROGRESS = 17;

  /** A placed contribution with its report's origin ({@link Placed#origin}). */
  byte PLACED_FROM = 18;

  /** A {@link Batch}: its size, then each contribution's own layout after its length. */
  byte PLACED_BATCH = 19;

  static Serde<ShardInput> serde() {
    return Serdes.serdeFrom(
        (topic, v) -> v == null ? null : encode(v), (topic, b) -> b == null ? null : decode(b));
  }

  private static byte[] encode(final ShardInput v) {
    if (v instanceof Batch b) {
      final byte[][] each = new byte[b.placed().size()][];
      int size = 1 + 4;
      for (int i = 0; i < each.length; i++) {
        each[i] = encode(b.placed().get(i));
        size += 4 + each[i].length;
      }
      final ByteBuffer buf = ByteBuffer.allocate(size).put(PLACED_BATCH).putInt(each.length);
      for (final byte[] one : each) {
        buf.putInt(one.length).put(one);
      }
      return buf.array();
    }
    if (v instanceof Placed p) {
      final byte[] c = Codec.encode(p.contribution());
      final byte[] file = p.origin() == null ? null : fileBytes(p.origin());
      final int originBytes = file == null ? 0 : 4 + file.length + 8;
      final ByteBuffer buf =
          p.position()
              .put(
                  ByteBuffer.allocate(1 + ArrivalPosition.BYTES + 8 + originBytes + c.length)
                      .put(file == null ? PLACED : PLACED_FROM))
              .putLong(p.timestamp());
      if (file != null) {
        putOrigin(buf, file, p.origin());
      }
      return buf.put(c).array();
    }
    if (v instanceof Progress p) {
      return p.frontier()
          .put(
              ByteBuffer.allocate(1 + 4 + ArrivalPosition.BYTES + 1)
                  .put(PROGRESS)
                  .putInt(p.source()))
          .put((byte) (p.idle() ? 1 : 0))
          .array();
    }
    return Codec.encode(((Unplaced) v).contribution());
  }

  private static ShardInput decode(final byte[] b) {
    final ByteBuffer buf = ByteBuffer.wrap(b);
    final byte kind = buf.get();
    if (kind == PLACED_BATCH) {
      final int count = buf.getInt();
      final List<Placed> placed = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        final byte[] one = new byte[buf.getInt()];
        buf.get(one);
        if (!(decode(one) instanceof Placed p)) {
          throw new IllegalArgumentException("a batch of contributions holds something else");
        }
        placed.add(p);
      }
      return new Batch(placed);
    }
    if (kind == PROGRESS) {
      final int source = buf.getInt();
      final ArrivalPosition frontier = ArrivalPosition.get(buf);
      return new Progress(source, frontier, buf.get() == 1);
    }
    if (kind == PLACED || kind == PLACED_FROM) {
      final ArrivalPosition at = ArrivalPosition.get(buf);
      final long timestamp = buf.getLong();
      final SourceHeaders.Origin origin = kind == PLACED_FROM ? getOrigin(buf) : null;
      return new Placed(
          at,
          timestamp,
          Codec.decodeContribution(Arrays.copyOfRange(b, buf.position(), b.length)),
          origin);
    }
    return new Unplaced(Codec.decodeContribution(b));
  }

  /** The origin's file name in UTF-8, as {@link #putOrigin} writes it. */
  static byte[] fileBytes(final SourceHeaders.Origin origin) {
    return origin.file().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Writes an origin: its file's length and UTF-8 bytes ({@link #fileBytes}), then its line ({@link
   * Long#MIN_VALUE}: none); {@code 4 + file.length + 8} bytes.
   */
  static ByteBuffer putOrigin(
      final ByteBuffer buf, final byte[] file, final SourceHeaders.Origin origin) {
    return buf.putInt(file.length)
        .put(file)
        .putLong(origin.line() == null ? Long.MIN_VALUE : origin.line());
  }

  /** Reads what {@link #putOrigin} wrote. */
  static SourceHeaders.Origin getOrigin(final ByteBuffer buf) {
    final byte[] file = new byte[buf.getInt()];
    buf.get(file);
    final long line = buf.getLong();
    return new SourceHeaders.Origin(
        new String(file, StandardCharsets.UTF_8), line == Long.MIN_VALUE ? null : line);
  }

  /**
   * Contributions go to their shard's partition ({@link ShardPlacement}: backtest computes the
   * same), a batch to its first one's (stage 1 batches only contributions of one partition, for the
   * topic's partition count); progress, and the news of a later incident day ({@link
   * Contribution#dayReached}), go to every partition (Kafka Streams' multicast, KIP-837), in line
   * behind the contributions it vouches for.
   */
  final class Partitioner implements StreamPartitioner<String, ShardInput> {
    // Kafka 4.4 deprecates for removal this, the partitioner's one abstract method; its replacement
    // (with the record's headers) is a default that calls it until the abstract one goes.
    @SuppressWarnings("removal")
    @Override
    public Optional<Set<Integer>> partitions(
        final String topic, final String key, final ShardInput value, final int numPartitions) {
      if (value instanceof Progress || value instanceof Placed p && p.contribution().isDay()) {
        return Optional.of(
            IntStream.range(0, numPartitions).boxed().collect(Collectors.toUnmodifiableSet()));
      }
      final int partition = ShardPlacement.partition(key, numPartitions);
      if (value instanceof Batch batch) {
        // Stage 1 batched for its own topic.partitions: one started with another count than the
        // topic's would send shards' contributions to tasks that do not own them.
        for (final Placed p : batch.placed()) {
          if (ShardPlacement.partition(p.contribution().shardKey(), numPartitions) != partition) {
            throw new IllegalStateException(
                "a batch of contributions for different partitions of the cube's topic ("
                    + numPartitions
                    + " partitions): this instance's topic.partitions differs from the topic's;"
                    + " give every instance the topic's count and restart it");
          }
        }
      }
      return Optional.of(Set.of(partition));
    }
  }
}
