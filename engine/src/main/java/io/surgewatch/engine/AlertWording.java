package io.surgewatch.engine;

import io.surgewatch.core.Canonicalizer;
import io.surgewatch.core.CubeKey;
import io.surgewatch.events.v1.AlertStatus;
import java.math.BigDecimal;
import java.math.RoundingMode;
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
   * @param whyWithdrawn for a withdrawal, what the revised figures of its opening day fall short of
   *     ({@link #shortOf}); null for another transition
   */
  static String reason(
      final CubeKey key,
      final int recentDays,
      final int metric,
      final AlertStatus status,
      final SurgeTest.Result result,
      final int openedOn,
      final String whyWithdrawn) {
    final String where;
    if (!CubeKey.ALL.equals(key.region())) {
      where =
          Canonicalizer.UNKNOWN.equals(key.region())
              ? "an unknown region of " + countryName(key.country())
              : key.region();
    } else {
      where = CubeKey.ALL.equals(key.country()) ? "all countries" : countryName(key.country());
    }
    final String who =
        CubeKey.ALL.equals(key.group())
            ? "all groups"
            : Canonicalizer.UNKNOWN.equals(key.group()) ? "unattributed" : key.group();
    final String figures =
        String.format(
            Locale.ROOT,
            "%d-day %s in %s, %s: %d against %s expected (%sx), score %s",
            recentDays,
            Tally.METRIC_NAMES[metric],
            where,
            who,
            result.observed(),
            figure(result.expected()),
            figure(result.ratio()),
            figure(result.score()));
    // The scale explains a surge's severity; an alert that ends has none to explain (it is LOW).
    final String graded =
        figures + ": " + SurgeTest.scale(SurgeTest.severity(result.score(), result.ratio()));
    return switch (status) {
      case RESOLVED -> "Resolved: " + figures + " (back below the resolve threshold).";
      case WITHDRAWN ->
          whyWithdrawn == null
              ? "Withdrawn: revised reports no longer support the surge opened on "
                  + LocalDate.ofEpochDay(openedOn)
                  + "; "
                  + figures
                  + "."
              : "Withdrawn: revised reports no longer support the surge: "
                  + whyWithdrawn
                  + "; "
                  + figures
                  + ".";
      case ESCALATED -> "Escalated: " + graded + ".";
      default -> graded + ".";
    };
  }

  /**
   * Why a withdrawn alert's opening day no longer holds it, with the figure and the threshold it
   * falls short of: {@code its opening day 2020-11-11 now scores 3.84, under the open score 6}.
   *
   * @param what the figure as the day now has it ({@code scores 3.84}, {@code stands at 1.2x
   *     expected})
   * @param threshold what it falls short of ({@code the open score 6})
   */
  static String shortOf(final int openedOn, final String what, final String threshold) {
    return "its opening day "
        + LocalDate.ofEpochDay(openedOn)
        + " now "
        + what
        + ", under "
        + threshold;
  }

  /** A withdrawal's reason, naming the alert that the same re-test opened on a later day. */
  static String withSuccessor(final String reason, final CharSequence successorId) {
    return reason + " The same revision opened its successor, " + successorId + ".";
  }

  /** A setting as written: {@code 6}, {@code 1.5}. */
  static String threshold(final double value) {
    return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
  }

  /**
   * A figure as the record has it: the published expectation and score (already to the hundredth)
   * unchanged, {@code 8.0}, {@code 14.99}, {@code 137.17}; the ratio, which the record does not
   * carry, cut (not rounded) to the hundredth, so that it never reads as a threshold it is below
   * ({@code 2.4999x} is {@code 2.49x}, not {@code 2.5x}). One or two decimals.
   */
  static String figure(final double value) {
    final BigDecimal cut = BigDecimal.valueOf(value).setScale(2, RoundingMode.FLOOR);
    final BigDecimal trimmed = cut.stripTrailingZeros();
    return (trimmed.scale() < 1 ? trimmed.setScale(1) : trimmed).toPlainString();
  }

  /** The country's English name, or its code when Java does not know it. */
  private static String countryName(final String code) {
    final String name = new Locale("", code).getDisplayCountry(Locale.ENGLISH);
    return name.isEmpty() || name.equals(code) ? code : name;
  }
}
