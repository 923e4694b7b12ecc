package io.surgewatch.streams.topology;

import io.surgewatch.events.v1.DeadLetter;
import org.apache.avro.specific.SpecificRecord;

/**
 * What an intake processor produces for one input record: a result for the next stage, or a dead
 * letter. Split apart by the topology, never serialised.
 */
record Routed<T>(T value, DeadLetter deadLetter) {
  static <T> Routed<T> of(final T value) {
    return new Routed<>(value, null);
  }

  static <T> Routed<T> dead(final DeadLetter deadLetter) {
    return new Routed<>(null, deadLetter);
  }

  boolean isDead() {
    return deadLetter != null;
  }

  /**
   * An output of the cube: a count record, a dead letter, or an alert transition with what the
   * story stage reads of it ({@code story}); or ({@code record} null) the shard's progress for the
   * story stage.
   */
  record CubeOut(SpecificRecord record, StoryInput story) {
    CubeOut(final SpecificRecord record) {
      this(record, null);
    }
  }
}
