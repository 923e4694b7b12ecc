package io.surgewatch.core;

/**
 * The history ({@code history.days}): how many days back of the latest reported-at's UTC day a
 * report is still counted. One rule for stage 1's revisions, the cube and the ingest service's
 * prediction, so that what ingest warns of is what the app does.
 */
public final class History {
  private History() {}

  /** Whether a report of {@code day} is counted when the latest day seen is {@code latestDay}. */
  public static boolean keeps(final int historyDays, final long day, final long latestDay) {
    return historyDays <= 0 || day >= latestDay - historyDays;
  }
}
