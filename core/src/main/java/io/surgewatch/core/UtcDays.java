package io.surgewatch.core;

/**
 * UTC days of instants, by arithmetic: called for every record, where the java.time route allocates
 * a new ZoneRules (with its own ConcurrentHashMap) per call, a visible share of a backtest's time.
 */
public final class UtcDays {
  private static final long DAY_MS = 86_400_000L;

  private UtcDays() {}

  /** The epoch day (UTC) of an instant in epoch milliseconds. */
  public static int of(final long epochMillis) {
    return (int) Math.floorDiv(epochMillis, DAY_MS);
  }

  /** The last millisecond of an epoch day (UTC). */
  public static long lastMilliOf(final long epochDay) {
    return (epochDay + 1) * DAY_MS - 1;
  }
}
