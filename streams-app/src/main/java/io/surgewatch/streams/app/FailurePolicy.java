package io.surgewatch.streams.app;

import io.surgewatch.core.Keys;
import io.surgewatch.core.Outage;
import io.surgewatch.core.SurgewatchConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a failed stream thread gets, after the tutorials' {@code
 * MaxFailuresUncaughtExceptionHandler}: an outage (the broker or the registry unreachable) replaces
 * the thread however often it happens and however long it lasts, since the thread resumes from the
 * last commit once the outage ends; any other failure (a bug that throws on one record, state built
 * with other windows) repeats on the same input, so it replaces the thread at most {@code
 * failure.max-replacements} times within {@code failure.window-ms}, and the next one shuts the
 * application down, with one log line naming the exception and the count, instead of looping for
 * ever.
 */
public final class FailurePolicy implements StreamsUncaughtExceptionHandler {
  private static final Logger LOG = LoggerFactory.getLogger(FailurePolicy.class);

  /**
   * Why the application was shut down: the exception of the last failure and how many repeated in
   * the window.
   */
  public record Failure(
      String exception, String message, int failures, Duration window, Instant at) {
    /** One line for a log, a health answer or an exit message. */
    public String describe() {
      return "stream processing stopped after "
          + failures
          + " failures within "
          + window.toMillis()
          + " ms (failure.max-replacements "
          + (failures - 1)
          + " exhausted); last: "
          + exception
          + ": "
          + message;
    }
  }

  private final int maxReplacements;
  private final long windowMs;
  private final LongSupplier clockMs;
  private final Deque<Long> repeated = new ArrayDeque<>();
  private final AtomicLong transientReplacements = new AtomicLong();
  private final AtomicLong repeatedReplacements = new AtomicLong();
  private final CompletableFuture<Failure> stopped = new CompletableFuture<>();

  /**
   * @param maxReplacements replacements allowed within the window for failures that are not outages
   *     (0: none)
   * @param clockMs milliseconds now (tests move it by hand)
   */
  public FailurePolicy(
      final int maxReplacements, final Duration window, final LongSupplier clockMs) {
    if (maxReplacements < 0) {
      throw new IllegalArgumentException(
          Keys.FAILURE_MAX_REPLACEMENTS + " must be >= 0, got " + maxReplacements);
    }
    if (window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException(
          Keys.FAILURE_WINDOW_MS + " must be > 0, got " + window.toMillis());
    }
    this.maxReplacements = maxReplacements;
    this.windowMs = window.toMillis();
    this.clockMs = clockMs;
  }

  public static FailurePolicy from(final SurgewatchConfig config) {
    return new FailurePolicy(
        config.getInt(Keys.FAILURE_MAX_REPLACEMENTS),
        config.getMillis(Keys.FAILURE_WINDOW_MS),
        System::currentTimeMillis);
  }

  @Override
  public StreamThreadExceptionResponse handle(final Throwable exception) {
    if (isTransient(exception)) {
      final long n = transientReplacements.incrementAndGet();
      LOG.warn(
          "stream thread failed on an outage (transient #{}); replacing it, it resumes from the last commit: {}",
          n,
          describe(rootCause(exception)));
      LOG.debug("transient failure", exception);
      return StreamThreadExceptionResponse.REPLACE_THREAD;
    }
    final long now = clockMs.getAsLong();
    final int failures;
    synchronized (repeated) {
      while (!repeated.isEmpty() && repeated.peekFirst() <= now - windowMs) {
        repeated.removeFirst();
      }
      repeated.addLast(now);
      failures = repeated.size();
    }
    final Throwable cause = rootCause(exception);
    if (failures <= maxReplacements) {
      repeatedReplacements.incrementAndGet();
      LOG.error(
          "stream thread failed ({} of {} replacements within {} ms); replacing it",
          failures,
          maxReplacements,
          windowMs,
          exception);
      return StreamThreadExceptionResponse.REPLACE_THREAD;
    }
    final Failure failure =
        new Failure(
            cause.getClass().getName(),
            String.valueOf(cause.getMessage()),
            failures,
            Duration.ofMillis(windowMs),
            Instant.ofEpochMilli(now));
    LOG.error("SHUTTING DOWN the application: {}", failure.describe(), exception);
    stopped.complete(failure);
    return StreamThreadExceptionResponse.SHUTDOWN_APPLICATION;
  }

  /**
   * An outage, not a bug: anything Kafka calls retriable (its TimeoutException, NotEnoughReplicas,
   * a disconnect, ...) or the registry unreachable or answering 5xx/429, anywhere in the cause
   * chain.
   */
  public static boolean isTransient(final Throwable e) {
    return Outage.in(e);
  }

  private static Throwable rootCause(final Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t;
  }

  private static String describe(final Throwable t) {
    return t.getClass().getName() + ": " + t.getMessage();
  }

  public long transientReplacements() {
    return transientReplacements.get();
  }

  public long repeatedReplacements() {
    return repeatedReplacements.get();
  }

  /** The failure that shut the application down, or null while it has not. */
  public Failure failure() {
    return stopped.getNow(null);
  }

  /** Completes when the policy shuts the application down. */
  public CompletableFuture<Failure> stopped() {
    return stopped;
  }
}
