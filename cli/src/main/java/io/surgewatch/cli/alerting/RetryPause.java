package io.surgewatch.cli.alerting;

import java.time.Duration;

/** Waits between delivery attempts; returns false when asked to stop meanwhile. */
@FunctionalInterface
public interface RetryPause {

  /**
   * @return true after waiting {@code duration}, false as soon as a stop was requested
   */
  boolean pause(Duration duration);

  /** A plain sleep, stopped by interruption: for using a sink without a follower. */
  RetryPause SLEEP =
      duration -> {
        try {
          Thread.sleep(Math.max(0, duration.toMillis()));
          return true;
        } catch (final InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      };
}
