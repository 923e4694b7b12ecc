package io.surgewatch.cli.alerting;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Retry timing: exponential backoff with jitter, and the receiver's {@code Retry-After} when it
 * sends one.
 *
 * @param initial delay before the second attempt (before jitter)
 * @param max cap of the exponential delay
 * @param maxAttempts attempts per alert before giving up; 0 means retry until it succeeds or the
 *     follower stops
 * @param maxRetryAfter cap on a {@code Retry-After} the receiver asks for
 */
public record Backoff(Duration initial, Duration max, int maxAttempts, Duration maxRetryAfter) {

  /** 0.5 s doubling up to 30 s, forever; Retry-After honoured up to 10 minutes. */
  public static Backoff standard() {
    return new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30), 0, Duration.ofMinutes(10));
  }

  public Backoff {
    if (initial.isNegative()
        || max.compareTo(initial) < 0
        || maxAttempts < 0
        || maxRetryAfter.isNegative()) {
      throw new IllegalArgumentException(
          "invalid backoff " + initial + ".." + max + " attempts=" + maxAttempts);
    }
  }

  public Backoff withMaxAttempts(final int attempts) {
    return new Backoff(initial, max, attempts, maxRetryAfter);
  }

  /** True when another attempt may follow attempt number {@code attempt} (1-based). */
  public boolean mayRetryAfter(final int attempt) {
    return maxAttempts == 0 || attempt < maxAttempts;
  }

  /**
   * The wait after failed attempt number {@code attempt} (1-based): {@code initial *
   * 2^(attempt-1)}, capped at {@code max}, times a random factor in [0.5, 1) so that many clients
   * failing together do not retry together.
   */
  public Duration delay(final int attempt, final RandomGenerator random) {
    final long initialMs = initial.toMillis();
    final long maxMs = max.toMillis();
    final int shift = Math.min(Math.max(attempt - 1, 0), 30);
    final long exponential =
        initialMs > (maxMs >> shift) ? maxMs : Math.min(maxMs, initialMs << shift);
    return Duration.ofMillis((long) (exponential * (0.5 + 0.5 * random.nextDouble())));
  }

  /** The wait a {@code Retry-After} header asks for, capped at {@code maxRetryAfter}. */
  public Duration retryAfter(final Duration asked) {
    return asked.compareTo(maxRetryAfter) > 0 ? maxRetryAfter : asked;
  }

  /**
   * Parses a {@code Retry-After} value (RFC 9110): delay-seconds or an HTTP-date. Empty when absent
   * or unreadable; a date in the past is a zero wait.
   */
  public static Optional<Duration> parseRetryAfter(final String value, final Instant now) {
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    final String v = value.trim();
    if (v.chars().allMatch(Character::isDigit)) {
      try {
        return Optional.of(Duration.ofSeconds(Long.parseLong(v)));
      } catch (final NumberFormatException e) {
        return Optional.of(Duration.ofDays(1)); // absurdly many digits: capped by maxRetryAfter
      }
    }
    try {
      final Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      final Duration wait = Duration.between(now, at);
      return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
    } catch (final DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
