package io.surgewatch.streams.topology;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * What the story stage reads on the {@code alert-stories} topic: an alert transition or a statement
 * at its place in the story order, an upstream task's progress, or a record of the release before
 * positions.
 */
sealed interface StoryInput {

  /**
   * An alert transition (from a cube shard) or a statement (from a statements partition) at its
   * {@link StoryPosition}, with the Kafka timestamp it came with.
   */
  record Placed(StoryPosition position, long timestamp, StoryEvent event) implements StoryInput {
    /** The story stage's upstream task this came from (see {@link #upstream}). */
    int source(final int shards) {
      return event.alert() != null
          ? upstream(StoryPosition.INCIDENT, position.shard(), shards)
          : upstream(StoryPosition.STATEMENT, position.partition(), shards);
    }
  }

  /**
   * How far one upstream task has come: a cube shard ({@code kind} {@link StoryPosition#INCIDENT},
   * {@code partition} its cube partition) or a statements partition ({@link
   * StoryPosition#STATEMENT}). Idle: the statements partition has been quiet for {@code
   * progress.idle-ms}.
   */
  record Progress(int kind, int partition, StoryPosition frontier, boolean idle)
      implements StoryInput {}

  /**
   * An alert or statement written by the release before story positions: it is told as it comes, as
   * that release told it.
   */
  record Unplaced(StoryEvent event) implements StoryInput {}

  /**
   * The story stage's upstream tasks, numbered: the cube shards first, then the statements
   * partitions.
   */
  static int upstream(final int kind, final int partition, final int shards) {
    return kind == StoryPosition.INCIDENT ? partition : shards + partition;
  }

  /**
   * First byte of each layout; the previous release's records start with {@link StoryEvent}'s tags
   * 'A' and 'S'.
   */
  byte PLACED = 'P';

  byte PROGRESS = 'F';

  static Serde<StoryInput> serde() {
    final Serde<StoryEvent> events = StoryEvent.serde();
    return Serdes.serdeFrom(
        (topic, v) -> {
          if (v == null) {
            return null;
          }
          if (v instanceof Placed p) {
            final byte[] e = events.serializer().serialize(topic, p.event());
            return p.position()
                .put(ByteBuffer.allocate(1 + StoryPosition.BYTES + 8 + e.length).put(PLACED))
                .putLong(p.timestamp())
                .put(e)
                .array();
          }
          if (v instanceof Progress p) {
            return p.frontier()
                .put(
                    ByteBuffer.allocate(1 + 4 + 4 + StoryPosition.BYTES + 1)
                        .put(PROGRESS)
                        .putInt(p.kind())
                        .putInt(p.partition()))
                .put((byte) (p.idle() ? 1 : 0))
                .array();
          }
          return events.serializer().serialize(topic, ((Unplaced) v).event());
        },
        (topic, b) -> {
          if (b == null) {
            return null;
          }
          final ByteBuffer buf = ByteBuffer.wrap(b);
          final byte kind = buf.get();
          if (kind == PLACED) {
            final StoryPosition at = StoryPosition.get(buf);
            final long timestamp = buf.getLong();
            return new Placed(
                at,
                timestamp,
                events
                    .deserializer()
                    .deserialize(topic, Arrays.copyOfRange(b, buf.position(), b.length)));
          }
          if (kind == PROGRESS) {
            final int upstreamKind = buf.getInt();
            final int partition = buf.getInt();
            final StoryPosition frontier = StoryPosition.get(buf);
            return new Progress(upstreamKind, partition, frontier, buf.get() == 1);
          }
          return new Unplaced(events.deserializer().deserialize(topic, b));
        });
  }
}
