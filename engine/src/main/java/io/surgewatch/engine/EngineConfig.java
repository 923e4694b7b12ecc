package io.surgewatch.engine;

import io.surgewatch.core.ConfigException;
import io.surgewatch.core.History;
import io.surgewatch.core.Keys;
import io.surgewatch.core.SettingRelations;
import io.surgewatch.core.SurgewatchConfig;
import java.util.List;
import java.util.TreeSet;

/**
 * Parameters of the counting and detection engine. The engine keeps rolling sums for the published
 * windows and for the nested windows the detector needs: recent, 2 x recent, ..., recent +
 * baseline, so the baseline splits into blocks of the recent window's length whose spread estimates
 * the overdispersion.
 */
public record EngineConfig(
    List<Integer> publishedWindows,
    int recentDays,
    int baselineBlocks,
    int graceDays,
    double openScore,
    double resolveScore,
    double minBaselinePerWeek,
    double minRatio,
    int statementContextDays,
    int[] windows,
    int[] publishedIndex,
    int retentionDays,
    int historyDays) {

  /**
   * @throws ConfigException when the settings contradict one another ({@link SettingRelations}: bad
   *     configuration, the commands exit 2, as for a malformed value)
   */
  public static EngineConfig from(final SurgewatchConfig config) {
    // Checked on loading too; again here for a configuration changed in code since.
    SettingRelations.check(config);
    return fromSettings(config);
  }

  private static EngineConfig fromSettings(final SurgewatchConfig config) {
    return of(
        config.getIntList(Keys.WINDOWS_DAYS),
        config.getInt(Keys.SURGE_RECENT_DAYS),
        config.getInt(Keys.SURGE_BASELINE_DAYS),
        config.getInt(Keys.GRACE_DAYS),
        config.getDouble(Keys.SURGE_OPEN_SCORE),
        config.getDouble(Keys.SURGE_RESOLVE_SCORE),
        config.getDouble(Keys.SURGE_MIN_BASELINE_PER_WEEK),
        config.getDouble(Keys.SURGE_MIN_RATIO),
        config.getInt(Keys.STATEMENT_CONTEXT_DAYS),
        config.getInt(Keys.HISTORY_DAYS));
  }

  /**
   * Retention when the history has no limit: far beyond any real history, small enough for day
   * arithmetic.
   */
  public static final int UNLIMITED = 1 << 24;

  /**
   * Whether a report of this day, with this latest day seen, is inside the history (always, with no
   * limit).
   */
  public boolean inHistory(final long day, final long latestDay) {
    return History.keeps(historyDays, day, latestDay);
  }

  /**
   * The first day inside the grace when the latest reported-at seen falls on {@code reportedDay}
   * (UTC): a change of this day or a later one re-tests alerts, an older one changes counts only.
   * Measured as the history is ({@link RevisionTracker}), so a correction reported years late
   * changes counts only even when no newer incident has come since.
   */
  public int graceStart(final int reportedDay) {
    return reportedDay - graceDays;
  }

  /** From values that agree with one another as {@link SettingRelations} requires. */
  public static EngineConfig of(
      final List<Integer> published,
      final int recent,
      final int baseline,
      final int grace,
      final double open,
      final double resolve,
      final double minPerWeek,
      final double minRatio,
      final int statementDays,
      final int historyDays) {
    final int blocks = baseline / recent;
    final TreeSet<Integer> all = new TreeSet<>(published);
    for (int i = 1; i <= blocks + 1; i++) {
      all.add(recent * i);
    }
    final int[] windows = all.stream().mapToInt(Integer::intValue).toArray();
    final int[] publishedIndex = published.stream().mapToInt(w -> all.headSet(w).size()).toArray();
    if (historyDays < 0 || grace < 0) {
      throw new IllegalArgumentException("history.days and grace.days must be at least 0");
    }
    // Buckets must cover the history by the longest window, so a correction of its oldest day can
    // still recompute the days after it, and the query API's series (computed from the buckets)
    // reach back as far.
    final int longest = windows[windows.length - 1];
    final int retention =
        historyDays == 0 ? UNLIMITED : Math.max(longest + grace + 2, historyDays + longest + 2);
    return new EngineConfig(
        List.copyOf(published),
        recent,
        blocks,
        grace,
        open,
        resolve,
        minPerWeek,
        minRatio,
        statementDays,
        windows,
        publishedIndex,
        retention,
        historyDays);
  }

  public int indexOf(final int window) {
    for (int i = 0; i < windows.length; i++) {
      if (windows[i] == window) {
        return i;
      }
    }
    throw new IllegalArgumentException("no window " + window);
  }

  /**
   * Minimum incidents in the baseline: ACLED's surge tracker asks for at least one event a week.
   */
  public double minBaselineIncidents() {
    return minBaselinePerWeek * recentDays * baselineBlocks / 7.0;
  }
}
