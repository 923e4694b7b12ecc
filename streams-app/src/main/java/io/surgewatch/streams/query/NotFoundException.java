package io.surgewatch.streams.query;

/** The thing asked for does not exist (an unknown alert or incident id): HTTP 404. */
public final class NotFoundException extends RuntimeException {
  public NotFoundException(final String message) {
    super(message);
  }
}
