package io.surgewatch.core;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The log lines of something that can stop answering (the broker, another instance): one when it is
 * found away, one a minute while it stays away, one when it answers again. A probe or a request
 * that fails every second would otherwise write a line a second, or (as Kafka's clients do at the
 * launcher's log levels) nothing at all. Thread-safe: requests tell it from many threads.
 */
public final class OutageLog {
  /** How often an outage that goes on is told again. */
  public static final Duration RETOLD = Duration.ofMinutes(1);

  private final String what;
  private final LongSupplier nanos;
  private final Consumer<String> warn;
  private final Consumer<String> info;

  /** When it was first found away (nanos), or -1 while it answers. */
  private long awaySince = -1;

  private long lastTold;

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
  public void away(final String why, final String consequence) {
    final String line;
    synchronized (this) {
      final long now = nanos.getAsLong();
      if (awaySince < 0) {
        awaySince = now;
        lastTold = now;
        line = what + " does not answer (" + why + "): " + consequence;
      } else if (now - lastTold >= RETOLD.toNanos()) {
        lastTold = now;
        line =
            what
                + " still does not answer, "
                + seconds(now - awaySince)
                + " s after it was first found away ("
                + why
                + ")";
      } else {
        return;
      }
    }
    warn.accept(line);
  }

  /**
   * It answered.
   *
   * @param consequence what follows now ("processing resumes")
   */
  public void answered(final String consequence) {
    final long since;
    synchronized (this) {
      if (awaySince < 0) {
        return;
      }
      since = awaySince;
      awaySince = -1;
    }
    info.accept(
        what
            + " answers again, "
            + seconds(nanos.getAsLong() - since)
            + " s after it was first found away: "
            + consequence);
  }

  private static long seconds(final long nanos) {
    return TimeUnit.NANOSECONDS.toSeconds(nanos);
  }
}
