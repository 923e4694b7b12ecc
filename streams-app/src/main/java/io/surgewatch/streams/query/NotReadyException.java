package io.surgewatch.streams.query;

/**
 * The stores cannot answer yet (starting, rebalancing, ownership moving): the caller should retry
 * shortly (503).
 */
public final class NotReadyException extends RuntimeException {
  public NotReadyException(final String message, final Throwable cause) {
    super(message, cause);
  }
}
