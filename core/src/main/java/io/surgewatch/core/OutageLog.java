package io.surgewatch.core;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The log lines of something that can stop answering (the broker, another instance): one when it is
 * found away, one a minute while it stays away, one when it answers again. A probe or a request
 * that fails every second would otherwise write a line a second, or (as Kafka's clients do at the
 * launcher's log levels) nothing at all. One that flaps (away, back, away within seconds) is told
 * at most once a minute, with its return only when its outage was told. Thread-safe: requests tell
 * it from many threads, and the lines are written in the order the states changed.
 */
public final class OutageLog {
  /** How often an outage that goes on is told again, and how often a new one is told at most. */
  public static final Duration RETOLD = Duration.ofMinutes(1);

  /**
   * A gap between the last failure and the answer worth saying (a probe's is its period, seconds).
   */
  private static final long GAP_SECONDS = 30;

  private final String what;
  private final LongSupplier nanos;
  private final Consumer<String> warn;
  private final Consumer<String> info;

  private boolean away;

  /** Whether this outage's lines were written (a flap within the minute's are not). */
  private boolean told;

  private long awaySince;

  /** When it was last found away (nanos): its return lies between then and the next answer. */
  private long lastAway;

  /** When an outage was last told (nanos), if {@link #toldOnce}. */
  private long lastTold;

  private boolean toldOnce;

  /**
   * @param what the subject of the lines ("Kafka at host:9092", "instance host:8080")
   * @param warn where the outage's lines go
   * @param info where its end goes
   */
  public OutageLog(
      final String what,
      final LongSupplier nanos,
      final Consumer<String> warn,
      final Consumer<String> info) {
    this.what = what;
    this.nanos = nanos;
    this.warn = warn;
    this.info = info;
  }

  /**
   * It did not answer, for this reason.
   *
   * @param consequence what follows while it is away, said the first time ("processing waits")
   */
  public synchronized void away(final String why, final String consequence) {
    final long now = nanos.getAsLong();
    lastAway = now;
    final boolean due = !toldOnce || now - lastTold >= RETOLD.toNanos();
    if (!away) {
      away = true;
      awaySince = now;
      told = due;
      if (due) {
        tell(now);
        warn.accept(what + " does not answer (" + why + "): " + consequence);
      }
    } else if (due) {
      told = true;
      tell(now);
      warn.accept(
          what
              + " still does not answer, "
              + seconds(now - awaySince)
              + " s after it was first found away ("
              + why
              + ")");
    }
  }

  /**
   * It answered.
   *
   * @param consequence what follows now ("processing resumes")
   */
  public synchronized void answered(final String consequence) {
    if (!away) {
      return;
    }
    away = false;
    if (told) {
      final long now = nanos.getAsLong();
      // Found by the next request to it, which may come long after it returned (queries forwarded
      // to an instance come when users ask): say when it was last found away too.
      final long sinceLastAway = seconds(now - lastAway);
      info.accept(
          what
              + " answers again, "
              + seconds(now - awaySince)
              + " s after it was first found away"
              + (sinceLastAway >= GAP_SECONDS
                  ? " (last found away "
                      + sinceLastAway
                      + " s before this answer: it came back in between)"
                  : "")
              + ": "
              + consequence);
    }
  }

  private void tell(final long now) {
    lastTold = now;
    toldOnce = true;
  }

  private static long seconds(final long nanos) {
    return TimeUnit.NANOSECONDS.toSeconds(nanos);
  }
}
