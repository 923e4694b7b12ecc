package io.surgewatch.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.surgewatch.core.SurgewatchConfig;
import io.surgewatch.events.v1.AlertStatus;
import io.surgewatch.events.v1.Severity;
import io.surgewatch.events.v1.SurgeAlert;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * An alert agrees with itself. Its severity and status are what a reader gets by applying the
 * README's scale and thresholds to the figures the record publishes ({@code score}, {@code
 * observed}, {@code expected}) and to those its reason prints, also when the exact score sits just
 * below a threshold. On a real ACLED export a score of 7.9997 was published as 8.0 and called LOW
 * ("score 8.0: LOW (below MEDIUM: score < 8 ...)"), 14.99 was printed "score 15.0: HIGH", and a
 * surge resolved at a published 2.0 "back below the resolve threshold" of 2.
 *
 * <p>The baselines below are six 30-day blocks (the defaults), tested on the incidents metric; the
 * exact scores are noted beside each.
 */
class PublishedFiguresTest {
  private static final int DAY = 19_500;
  private static final String KEY = "PK|*|*";

  private final EngineConfig config = EngineConfig.from(SurgewatchConfig.defaultsOnly());
  private final List<SurgeAlert> alerts = new ArrayList<>();
  private final AlertLifecycle lifecycle =
      new AlertLifecycle(config, new InMemoryCubeStores(config), new AlertsOnly(alerts));
  private final KeyState state =
      new KeyState(config.windows().length, config.publishedWindows().size());

  @Test
  void aScorePublishedAs8IsMedium() {
    // exactly 7.9962 (p = 1.0088e-8): 54 against 22.33, 2.42x
    step(DAY, 54, 22, 22, 22, 22, 22, 24);
    final SurgeAlert opened = only(AlertStatus.OPEN);
    assertEquals(8.0, opened.getScore());
    assertEquals(Severity.MEDIUM, opened.getSeverity(), opened.getReason());
    assertTrue(opened.getReason().contains(", score 8.0: MEDIUM ("), opened.getReason());
    assertSelfConsistent(opened);
  }

  @Test
  void aScorePublishedAs15AtThreeTimesExpectedIsCritical() {
    // exactly 14.9980: 69 against 22.0, 3.14x
    step(DAY, 69, 21, 21, 21, 21, 21, 27);
    final SurgeAlert opened = only(AlertStatus.OPEN);
    assertEquals(15.0, opened.getScore());
    assertEquals(Severity.CRITICAL, opened.getSeverity(), opened.getReason());
    assertSelfConsistent(opened);
  }

  @Test
  void aScorePublishedAs1499IsPrintedSoAndIsHigh() {
    // exactly 14.9907: 62 against 18.33, 3.38x
    step(DAY, 62, 18, 18, 18, 18, 18, 20);
    final SurgeAlert opened = only(AlertStatus.OPEN);
    assertEquals(14.99, opened.getScore());
    assertEquals(Severity.HIGH, opened.getSeverity(), opened.getReason());
    assertTrue(opened.getReason().contains(", score 14.99: HIGH ("), opened.getReason());
    assertSelfConsistent(opened);
  }

  @Test
  void aScorePublishedAsTheResolveThresholdDoesNotResolve() {
    final long[] baseline = {20, 20, 20, 20, 20, 22};
    step(DAY, 60, baseline); // exactly 12.08
    final SurgeAlert opened = only(AlertStatus.OPEN);

    step(DAY + 1, 32, baseline); // exactly 1.9975, published 2.0: not below the resolve score 2
    assertEquals(1, alerts.size(), "still open: " + alerts);
    assertTrue(state.alerts[0].active());

    step(DAY + 2, 31, baseline); // exactly 1.78
    assertEquals(2, alerts.size(), alerts::toString);
    final SurgeAlert resolved = alerts.get(1);
    assertEquals(AlertStatus.RESOLVED, resolved.getStatus());
    assertEquals(1.78, resolved.getScore());
    assertTrue(
        resolved.getReason().contains(", score 1.78 (back below the resolve threshold)."),
        resolved.getReason());
    assertSelfConsistent(opened);
    assertSelfConsistent(resolved);
  }

  @Test
  void theReasonPrintsPublishedFiguresAsTheyAreAndCutsTheRatio() {
    assertEquals("8.0", AlertWording.figure(8.0));
    assertEquals("14.99", AlertWording.figure(14.99));
    assertEquals("137.17", AlertWording.figure(137.17));
    assertEquals("300.0", AlertWording.figure(300));
    // the ratio is not published: cut to the hundredth, never rounded up to a threshold
    assertEquals("2.49", AlertWording.figure(2.4999));
    assertEquals("2.45", AlertWording.figure(337 / 137.17));
    assertEquals("2.3", AlertWording.figure(23 / 10.0));
    assertEquals("3.0", AlertWording.figure(3));
  }

  /** Every transition here: the record's figures and the reason's decide as the engine did. */
  private void assertSelfConsistent(final SurgeAlert alert) {
    final double ratio = alert.getObserved() / alert.getExpected();
    assertEquals(
        scale(alert.getScore(), ratio),
        alert.getSeverity(),
        "the README's scale on the record's figures: " + alert);
    switch (alert.getStatus()) {
      case OPEN ->
          assertTrue(
              alert.getScore() >= config.openScore() && ratio >= config.minRatio(),
              "opens at the open score and ratio: " + alert);
      case RESOLVED ->
          assertTrue(
              alert.getScore() < config.resolveScore(),
              "resolves below the resolve score: " + alert);
      default -> {}
    }
    final Matcher m =
        Pattern.compile(
                ": (\\d+) against ([0-9.]+) expected \\(([0-9.]+)x\\), score ([0-9.]+)(?:: ([A-Z]+) )?")
            .matcher(alert.getReason());
    assertTrue(m.find(), alert.getReason());
    assertEquals(alert.getObserved(), Long.parseLong(m.group(1)), alert.getReason());
    assertEquals(alert.getExpected(), Double.parseDouble(m.group(2)), alert.getReason());
    assertEquals(alert.getScore(), Double.parseDouble(m.group(4)), alert.getReason());
    // The scale explains a surge's severity; an alert that ends (LOW) is not graded in words.
    final boolean ends =
        alert.getStatus() == AlertStatus.RESOLVED || alert.getStatus() == AlertStatus.WITHDRAWN;
    assertEquals(ends ? null : alert.getSeverity().name(), m.group(5), alert.getReason());
    assertEquals(
        alert.getSeverity(),
        scale(Double.parseDouble(m.group(4)), Double.parseDouble(m.group(3))),
        "the README's scale on the reason's figures: " + alert.getReason());
  }

  /** The README's severity table. */
  private static Severity scale(final double score, final double ratio) {
    if (score >= 15 && ratio >= 3) {
      return Severity.CRITICAL;
    }
    if (score >= 10 && ratio >= 2.5) {
      return Severity.HIGH;
    }
    if (score >= 8 && ratio >= 2) {
      return Severity.MEDIUM;
    }
    return Severity.LOW;
  }

  private SurgeAlert only(final AlertStatus status) {
    assertEquals(1, alerts.size(), alerts::toString);
    final SurgeAlert alert = alerts.get(0);
    assertEquals(status, alert.getStatus(), alert::toString);
    return alert;
  }

  /**
   * A day's close with {@code observed} incidents in the recent 30 days and the baseline's six
   * 30-day blocks before them, newest first.
   */
  private void step(final int day, final long observed, final long... blocks) {
    final long[][] sums = new long[config.windows().length][Tally.SIZE];
    for (int w = 0; w < sums.length; w++) {
      long sum = observed;
      for (int j = 0;
          j < blocks.length && config.recentDays() * (j + 1) < config.windows()[w];
          j++) {
        sum += blocks[j];
      }
      sums[w][Tally.INCIDENTS] = sum;
    }
    lifecycle.evaluate(KEY, state, day, sums);
  }
}
