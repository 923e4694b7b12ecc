package io.surgewatch.streams.engine;

import io.surgewatch.core.Canonicalizer;
import io.surgewatch.events.v1.AlertStatus;
import java.time.LocalDate;
import java.util.Locale;

/**
 * The reason of an alert: one English sentence a duty officer understands, from the figures that
 * moved it.
 */
final class AlertWording {
  private AlertWording() {}

  /**
   * @param recentDays the recent window's length
   * @param metric 0 (incidents), 1 (killed) or 2 (injured)
   * @param openedOn the day the alert opened (epoch day)
   */
  static String reason(
      final KeyParts key,
      final int recentDays,
      final int metric,
      final AlertStatus status,
      final SurgeTest.Result result,
      final int openedOn) {
    final String where;
    if (!Contribution.ALL.equals(key.region())) {
      where =
          Canonicalizer.UNKNOWN.equals(key.region())
              ? "an unknown region of " + countryName(key.country())
              : key.region();
    } else {
      where = Contribution.ALL.equals(key.country()) ? "all countries" : countryName(key.country());
    }
    final String who =
        Contribution.ALL.equals(key.group())
            ? "all groups"
            : Canonicalizer.UNKNOWN.equals(key.group()) ? "unattributed" : key.group();
    final String figures =
        String.format(
            Locale.ROOT,
            "%d-day %s in %s, %s: %d against %.1f expected (%.1fx), score %.1f: %s",
            recentDays,
            Tally.METRIC_NAMES[metric],
            where,
            who,
            result.observed(),
            result.expected(),
            result.ratio(),
            result.score(),
            SurgeTest.scale(SurgeTest.severity(result.score(), result.ratio())));
    return switch (status) {
      case RESOLVED -> "Resolved: " + figures + " (back below the resolve threshold).";
      case WITHDRAWN ->
          "Withdrawn: revised reports no longer support the surge opened on "
              + LocalDate.ofEpochDay(openedOn)
              + "; "
              + figures
              + ".";
      case ESCALATED -> "Escalated: " + figures + ".";
      default -> figures + ".";
    };
  }

  /** The country's English name, or its code when Java does not know it. */
  private static String countryName(final String code) {
    final String name = new Locale("", code).getDisplayCountry(Locale.ENGLISH);
    return name.isEmpty() || name.equals(code) ? code : name;
  }
}
