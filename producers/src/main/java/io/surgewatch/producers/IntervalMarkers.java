package io.surgewatch.producers;

import io.surgewatch.inputs.ArrivalOrder;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.apache.avro.specific.SpecificRecord;

/**
 * Markers every {@code interval} of wall clock while events go out in arrival order, just before
 * the next one: at its time less 1 ms (nothing earlier follows), capped per topic at the file's
 * greatest time there.
 */
final class IntervalMarkers {
  private final ProgressWriter markers;
  private final Map<String, Long> caps;
  private final long intervalNanos;
  private final Consumer<CompletableFuture<Void>> track;
  private long due;

  IntervalMarkers(
      final ProgressWriter markers,
      final Map<String, Long> caps,
      final Duration interval,
      final Consumer<CompletableFuture<Void>> track) {
    this.markers = markers;
    this.caps = caps;
    this.intervalNanos = interval.toNanos();
    this.track = track;
    this.due = System.nanoTime() + intervalNanos;
  }

  void before(final SpecificRecord next) {
    final long now = System.nanoTime();
    if (now - due < 0) {
      return;
    }
    final long through = ArrivalOrder.at(next) - 1;
    caps.forEach((topic, cap) -> track.accept(markers.mark(topic, Math.min(through, cap))));
    due = now + intervalNanos;
  }
}
