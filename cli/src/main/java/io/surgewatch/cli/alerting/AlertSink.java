package io.surgewatch.cli.alerting;

import io.surgewatch.events.v1.SurgeAlert;

/** Where {@link AlertFollower} delivers each alert transition: the console or a webhook. */
public interface AlertSink extends AutoCloseable {

  /**
   * What became of one alert; the follower commits its offset after {@code DELIVERED} or {@code
   * SKIPPED} only.
   */
  enum Outcome {
    /** The alert reached its destination. */
    DELIVERED,
    /**
     * The destination refused it for good (e.g. a webhook's 4xx); logged, and the follower moves
     * on.
     */
    SKIPPED,
    /**
     * Asked to stop before delivery succeeded: nothing is committed, the alert is redelivered next
     * time.
     */
    STOPPED
  }

  /**
   * Delivers one alert, retrying as the sink sees fit; waits between attempts only through {@code
   * retryPause} (so the follower keeps its consumer-group membership alive and Ctrl-C interrupts
   * the wait).
   *
   * @throws DeliveryException when the sink gives up (e.g. its attempts are exhausted): nothing is
   *     committed
   */
  Outcome deliver(SurgeAlert alert, RetryPause retryPause);

  /**
   * Delivers one alert's latest state standing for several transitions ({@link
   * Delivery#sequences()}); sinks that can say so override this. The default delivers the state
   * alone.
   */
  default Outcome deliver(final Delivery delivery, final RetryPause retryPause) {
    return deliver(delivery.alert(), retryPause);
  }

  @Override
  default void close() {}

  /**
   * The sink gave up on an alert; the follower stops without committing it, so the next run
   * redelivers it.
   */
  final class DeliveryException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DeliveryException(final String message) {
      super(message);
    }
  }
}
