package io.surgewatch.producers.ingest;

import io.surgewatch.core.Keys;
import io.surgewatch.producers.ProgressWriter;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Progress markers ({@link io.surgewatch.core.ProgressMarkers}): every {@code progress.interval-ms}
 * a background task writes, to every partition of an input topic, markers at the greatest
 * reported-at (made-at for statements) this instance has had acknowledged there, when that has
 * grown since its last markers; and once more when the service stops. Requests never wait for them.
 * This promises more than a sorted file's markers do: a later request may carry a reported-at at or
 * before the marker (feeds do not arrive in order, and neither do concurrent requests). That is
 * safe: such a report is simply late for its partition, and the app puts it in its order just after
 * the marker, its figures and its own reported-at unchanged, as it would had it arrived a little
 * later than its peers. Without the markers, a partition this instance writes seldom to would hold
 * back every other partition's reports instead.
 */
final class ProgressMarkerTask {
  /** The service's logger: its lines on stderr keep the name they always had. */
  private static final Logger LOG = LoggerFactory.getLogger(IngestServer.class);

  private final ProgressWriter progress;
  private final Duration interval;

  /** Longest wait for one pass's markers to be acknowledged (ingest.ack-timeout-ms). */
  private final Duration ackTimeout;

  private final ScheduledExecutorService task;

  /** Whether the last markers went out, so that an outage is logged once, not every interval. */
  private volatile boolean failing;

  ProgressMarkerTask(
      final ProgressWriter progress, final Duration interval, final Duration ackTimeout) {
    this.progress = progress;
    this.interval = interval;
    this.ackTimeout = ackTimeout;
    this.task =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              final Thread t = new Thread(r, "surgewatch-ingest-progress");
              t.setDaemon(true);
              return t;
            });
  }

  void start() {
    final long every = interval.toMillis();
    task.scheduleWithFixedDelay(this::write, every, every, TimeUnit.MILLISECONDS);
  }

  /**
   * Lets a pass under way finish, then writes the last markers (for the records of the last
   * interval).
   */
  void stop() {
    task.shutdown();
    try {
      if (!task.awaitTermination(ackTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
        task.shutdownNow();
        return;
      }
    } catch (final InterruptedException e) {
      task.shutdownNow();
      Thread.currentThread().interrupt();
      return;
    }
    write();
  }

  /**
   * Markers at the greatest time published to each topic, where that has grown since the last ones;
   * waits for them (on the task's own thread) so that passes never overlap.
   */
  private void write() {
    try {
      progress.markPublished().get(ackTimeout.toMillis(), TimeUnit.MILLISECONDS);
      if (failing) {
        LOG.info("progress markers are written again");
      }
      failing = false;
    } catch (final InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (final ExecutionException | TimeoutException | RuntimeException e) {
      if (!failing) {
        LOG.warn(
            "cannot write progress markers (retried every {}): {}",
            Keys.PROGRESS_INTERVAL_MS,
            e instanceof ExecutionException ? e.getCause().toString() : e.toString());
      }
      failing = true;
    }
  }
}
