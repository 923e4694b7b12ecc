package io.surgewatch.engine;

import io.surgewatch.core.CubeKey;
import io.surgewatch.events.v1.AlertStatus;
import io.surgewatch.events.v1.Severity;
import io.surgewatch.events.v1.SurgeAlert;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The surge alerts of a cube key, one per metric (incidents, killed, injured): when the surge test
 * opens one, when it escalates, resolves, or is withdrawn because revised reports took its basis
 * away, and the alert record each step sends. Each test reads a day's rolling sums of every window:
 * the recent window against the baseline's blocks.
 *
 * <p>A closed day takes one step of each metric's lifecycle ({@link #evaluate}); the open day is
 * tested as its reports arrive ({@link #evaluateOpenDay}); a late report re-tests the past days
 * inside the grace it changes ({@link #retest}).
 *
 * <p>Every step decides on the figures its record publishes: a {@link SurgeTest.Result}'s score and
 * expectation are already rounded as the record carries them, so the severity, the opening, the
 * escalation and the resolution agree with the record's {@code score}, {@code observed} and {@code
 * expected} and with the reason's words (a score of 7.9997 is published as 8.0, and is MEDIUM).
 */
final class AlertLifecycle {

  /** The fewest incidents or casualties in the recent window an alert opens on. */
  private static final int MIN_OBSERVED = 3;

  private static final int METRICS = 3;

  private final EngineConfig config;
  private final CubeStores stores;
  private final EngineOutput output;
  private final int recentIndex;
  private final int baselineIndex;

  /**
   * Window index of recent x (j + 1): block j of the baseline is the difference of two consecutive
   * ones.
   */
  private final int[] blockEndIndex;

  private final SurgeTest.Memo memo = new SurgeTest.Memo();

  AlertLifecycle(final EngineConfig config, final CubeStores stores, final EngineOutput output) {
    this.config = config;
    this.stores = stores;
    this.output = output;
    this.recentIndex = config.indexOf(config.recentDays());
    this.baselineIndex = config.indexOf(config.recentDays() * (config.baselineBlocks() + 1));
    this.blockEndIndex = new int[config.baselineBlocks() + 1];
    for (int j = 0; j <= config.baselineBlocks(); j++) {
      blockEndIndex[j] = config.indexOf(config.recentDays() * (j + 1));
    }
  }

  /** One step of each metric's alert lifecycle on a closed day, with that day's sums. */
  void evaluate(final String key, final KeyState state, final int day, final long[][] sums) {
    for (int metric = 0; metric < METRICS; metric++) {
      evaluateOne(key, state, day, sums, metric, true);
    }
  }

  /**
   * Tests the open day on its figures so far. An alert opened today whose basis revisions took away
   * is withdrawn (and may open again today, under its id, as more reports come); otherwise the
   * day's lifecycle step as at a close, but for a resolution: the day's later reports can only add
   * to its figures, and a resolved alert cannot open again that day, so an alert resolves on a
   * day's final figures, at its close, never on the first of its reports.
   */
  void evaluateOpenDay(final String key, final KeyState state, final int day) {
    final long[][] sums = state.rolling;
    for (int metric = 0; metric < METRICS; metric++) {
      final AlertState alert = state.alerts[metric];
      if (alert.active() && alert.openedOn == day) {
        final SurgeTest.Result result = test(sums, metric);
        if (!crossesOpen(sums, result)) {
          final String why = whyNotOpen(sums, result, day);
          transition(key, alert, metric, day, result, AlertStatus.WITHDRAWN, why);
          continue;
        }
        keepBaseline(alert, sums, metric); // the opening day's baseline, as revised
      }
      evaluateOne(key, state, day, sums, metric, false);
    }
  }

  /**
   * Re-tests a past day after a late report: withdraws an alert whose basis is gone (open or
   * resolved, re-tested on the day it opened), opens one retroactively, or steps an open one as the
   * day's close would have (escalated, or resolved once the revised figures fall below the resolve
   * score). Only from its last transition's day on: a re-test never contradicts a transition
   * already told.
   *
   * @param sums the day's sums, as revised; of the first windows walked only, until {@code
   *     completeSums} has run
   * @param completeSums fills in the rest of {@code sums} (the baseline's inner blocks), when a
   *     test needs them
   */
  void retest(
      final String key,
      final KeyState state,
      final int day,
      final long[][] sums,
      final Runnable completeSums) {
    for (int metric = 0; metric < METRICS; metric++) {
      final AlertState alert = state.alerts[metric];
      if (alert.status == AlertState.RESOLVED && alert.openedOn == day) {
        // Its basis revised away after it resolved: withdrawn all the same, so that no reader
        // keeps a surge the reports no longer hold; later days may then open an alert of their own.
        // A story already told ends only when the opening day falls below the resolve score (the
        // hysteresis that ended it), not on a revision that leaves it just short of the open
        // score: on a real export that withdrew a surge of 100 killed against 47 and opened it
        // again the next day.
        completeSums.run();
        final SurgeTest.Result result = test(sums, metric);
        if (result.score() < config.resolveScore()) {
          final String why =
              AlertWording.shortOf(
                  day,
                  "scores " + AlertWording.figure(result.score()),
                  "the resolve score " + AlertWording.threshold(config.resolveScore()));
          transition(key, alert, metric, day, result, AlertStatus.WITHDRAWN, why);
        }
        continue;
      }
      if (!alert.active() && !mayOpen(sums, metric)) {
        continue;
      }
      completeSums.run();
      if (!alert.active() && !(mayOpenOn(alert, day) && mayScoreOpen(sums, metric))) {
        continue; // the test below could only open it
      }
      final SurgeTest.Result result = test(sums, metric);
      if (alert.active() && alert.openedOn == day && !crossesOpen(sums, result)) {
        transition(
            key, alert, metric, day, result, AlertStatus.WITHDRAWN, whyNotOpen(sums, result, day));
      } else if (!alert.active() && mayOpenOn(alert, day) && crossesOpen(sums, result)) {
        open(key, alert, metric, day, result, sums);
      } else if (alert.active()) {
        if (alert.openedOn == day) {
          keepBaseline(alert, sums, metric); // revised figures of the opening day's baseline
        }
        final SurgeTest.Result againstOpening = testOpen(sums, metric, alert, day);
        if (day >= alert.lastDay
            && day > alert.openedOn
            && againstOpening.score() < config.resolveScore()) {
          // A revision took away what kept it open: resolved on the first day the revised figures
          // say so, so that a surge after it can open an alert of its own.
          transition(key, alert, metric, day, againstOpening, AlertStatus.RESOLVED, null);
        } else if (day >= alert.lastDay && severity(againstOpening) > alert.severity) {
          // Late reports that make an open surge worse escalate it now, not at the next day's
          // close.
          transition(key, alert, metric, day, againstOpening, AlertStatus.ESCALATED, null);
        }
      }
    }
  }

  private void evaluateOne(
      final String key,
      final KeyState state,
      final int day,
      final long[][] sums,
      final int metric,
      final boolean mayResolve) {
    final AlertState alert = state.alerts[metric];
    if (!alert.active()
        && !(mayOpen(sums, metric) && mayOpenOn(alert, day) && mayScoreOpen(sums, metric))) {
      return; // the test below could only open it
    }
    final SurgeTest.Result result =
        alert.active() ? testOpen(sums, metric, alert, day) : test(sums, metric);
    if (!alert.active()) {
      if (crossesOpen(sums, result) && mayOpenOn(alert, day)) {
        open(key, alert, metric, day, result, sums);
      }
    } else if (result.score() < config.resolveScore()) {
      if (mayResolve) {
        // The severity of the figures now, as for every transition: a resolution is never CRITICAL.
        transition(key, alert, metric, day, result, AlertStatus.RESOLVED, null);
      }
    } else if (severity(result) > alert.severity) {
      transition(key, alert, metric, day, result, AlertStatus.ESCALATED, null);
    }
  }

  // ---- the test and its guards ----

  private SurgeTest.Result test(final long[][] sums, final int metric) {
    return SurgeTest.test(Tally.metric(sums[recentIndex], metric), blocks(sums, metric), memo);
  }

  /** The metric in each baseline block, each as long as the recent window. */
  private long[] blocks(final long[][] sums, final int metric) {
    final long[] blocks = new long[config.baselineBlocks()];
    for (int j = 1; j <= config.baselineBlocks(); j++) {
      blocks[j - 1] =
          Tally.metric(sums[blockEndIndex[j]], metric)
              - Tally.metric(sums[blockEndIndex[j - 1]], metric);
    }
    return blocks;
  }

  /**
   * Whether {@link #test} could score a closed alert open ({@link SurgeTest#mayReach}): false
   * spares its p-value, the costly part, for the keys that pass the guards on sums but lie far
   * below an opening.
   */
  private boolean mayScoreOpen(final long[][] sums, final int metric) {
    long isum = 0;
    long isq = 0;
    for (final long b : blocks(sums, metric)) {
      isum += b;
      isq += b * b;
    }
    return SurgeTest.mayReach(
        Tally.metric(sums[recentIndex], metric),
        isum,
        isq,
        config.baselineBlocks(),
        config.openScore(),
        memo);
  }

  /**
   * The test of an open alert: against the baseline it opened on, for as long as a baseline lasts.
   * Tested against the live baseline, a sustained surge filled the baseline's latest block within
   * weeks and "resolved" while it went on; once the surge has lasted a whole baseline, it is the
   * new normal and the live baseline judges it.
   */
  private SurgeTest.Result testOpen(
      final long[][] sums, final int metric, final AlertState alert, final int day) {
    if (alert.baseSum < 0
        || day - alert.openedOn >= config.recentDays() * config.baselineBlocks()) {
      return test(sums, metric);
    }
    return SurgeTest.test(
        Tally.metric(sums[recentIndex], metric),
        alert.baseSum,
        alert.baseSquares,
        config.baselineBlocks(),
        memo);
  }

  /**
   * What an opening day's revised figures fall short of, the first of {@link #crossesOpen}'s guards
   * they fail: the withdrawal's reason names the figure and the threshold.
   */
  private String whyNotOpen(final long[][] sums, final SurgeTest.Result result, final int day) {
    final long baselineIncidents =
        sums[baselineIndex][Tally.INCIDENTS] - sums[recentIndex][Tally.INCIDENTS];
    if (baselineIncidents < config.minBaselineIncidents()) {
      return AlertWording.shortOf(
          day,
          "has " + baselineIncidents + " incidents in its baseline",
          "the "
              + AlertWording.threshold(config.minBaselinePerWeek())
              + " a week an alert needs (surge.min-baseline-per-week)");
    }
    if (result.score() < config.openScore()) {
      return AlertWording.shortOf(
          day,
          "scores " + AlertWording.figure(result.score()),
          "the open score " + AlertWording.threshold(config.openScore()));
    }
    if (result.ratio() < config.minRatio()) {
      return AlertWording.shortOf(
          day,
          "stands at " + AlertWording.figure(result.ratio()) + "x expected",
          "the " + AlertWording.threshold(config.minRatio()) + "x an alert opens at");
    }
    return AlertWording.shortOf(
        day, "counts " + result.observed(), "the " + MIN_OBSERVED + " an alert needs");
  }

  private boolean crossesOpen(final long[][] sums, final SurgeTest.Result result) {
    final long baselineIncidents =
        sums[baselineIndex][Tally.INCIDENTS] - sums[recentIndex][Tally.INCIDENTS];
    return baselineIncidents >= config.minBaselineIncidents()
        && result.score() >= config.openScore()
        && result.ratio() >= config.minRatio()
        && result.observed() >= MIN_OBSERVED;
  }

  /**
   * Whether a closed alert could open at all: the guards need only sums, so the p-value (special
   * functions, the costly part) is computed for the few keys that pass them. Thousands of keys are
   * tested every day.
   */
  private boolean mayOpen(final long[][] sums, final int metric) {
    final long baselineIncidents =
        sums[baselineIndex][Tally.INCIDENTS] - sums[recentIndex][Tally.INCIDENTS];
    final long observed = Tally.metric(sums[recentIndex], metric);
    if (baselineIncidents < config.minBaselineIncidents() || observed < 3) {
      return false;
    }
    // The ratio the test's result will have (observed over the published expectation): a guard
    // never stricter than the open it spares.
    final double expected =
        SurgeTest.expected(
            Tally.metric(sums[baselineIndex], metric) - observed, config.baselineBlocks());
    return observed / expected >= config.minRatio();
  }

  /**
   * Not the day it last changed: an alert resolved today does not flap open again today. An alert
   * withdrawn on the day it opened may: more reports of the open day can bring its basis back (it
   * keeps its id and its sequence goes on).
   */
  private static boolean mayOpenOn(final AlertState alert, final int day) {
    return day > alert.lastDay || alert.status == AlertState.WITHDRAWN && alert.openedOn == day;
  }

  private static byte severity(final SurgeTest.Result result) {
    return SurgeTest.severity(result.score(), result.ratio());
  }

  // ---- the steps ----

  private void open(
      final String key,
      final AlertState alert,
      final int metric,
      final int day,
      final SurgeTest.Result result,
      final long[][] sums) {
    final String id = key + '|' + Tally.METRIC_NAMES[metric] + '|' + LocalDate.ofEpochDay(day);
    if (!id.equals(alert.alertId)) {
      alert.sequence =
          0; // a new alert; one withdrawn today and opened again goes on with its own sequence
    }
    alert.alertId = id;
    alert.openedOn = day;
    keepBaseline(alert, sums, metric);
    transition(key, alert, metric, day, result, AlertStatus.OPEN, null);
  }

  /** Remembers the baseline an alert opens on (its blocks' sum and sum of squares). */
  private void keepBaseline(final AlertState alert, final long[][] sums, final int metric) {
    long sum = 0;
    long squares = 0;
    for (int j = 1; j <= config.baselineBlocks(); j++) {
      final long block =
          Tally.metric(sums[blockEndIndex[j]], metric)
              - Tally.metric(sums[blockEndIndex[j - 1]], metric);
      sum += block;
      squares += block * block;
    }
    alert.baseSum = sum;
    alert.baseSquares = squares;
  }

  /**
   * The records of a re-test, held from {@link #hold} to {@link #release}: one list, reused, as
   * every report re-tests its keys.
   */
  private final List<SurgeAlert> held = new ArrayList<>();

  /** Whether records are held ({@link #hold}) rather than sent at once. */
  private boolean holding;

  /**
   * Holds the records of one key's re-test until {@link #release}, so that a withdrawal can name
   * the alert the same re-test opens on a later day: a surge whose opening day a revision took away
   * but whose next days still hold it is withdrawn and opened again from a later day, and the
   * withdrawal says where it went on. The records go out in the order they were made.
   */
  void hold() {
    held.clear();
    holding = true;
  }

  /** Forgets the records held since {@link #hold}: the re-test failed, and sends nothing. */
  void drop() {
    held.clear();
    holding = false;
  }

  /**
   * Sends the records held since {@link #hold}, each withdrawal naming its successor, if any: in
   * its reason and in {@code successor}, while the successor's OPEN names it in {@code
   * predecessor}, so that readers link the two without parsing words.
   */
  void release() {
    holding = false;
    final List<SurgeAlert> out = held;
    for (int i = 0; i < out.size(); i++) {
      final SurgeAlert withdrawn = out.get(i);
      if (withdrawn.getStatus() != AlertStatus.WITHDRAWN) {
        continue;
      }
      for (int j = i + 1; j < out.size(); j++) {
        final SurgeAlert next = out.get(j);
        if (next.getStatus() == AlertStatus.OPEN
            && next.getMetric().equals(withdrawn.getMetric())
            && !next.getAlertId().equals(withdrawn.getAlertId())) {
          withdrawn.setReason(
              AlertWording.withSuccessor(withdrawn.getReason().toString(), next.getAlertId()));
          withdrawn.setSuccessor(next.getAlertId());
          next.setPredecessor(withdrawn.getAlertId());
          break;
        }
      }
    }
    out.forEach(output::alert);
    out.clear();
  }

  /**
   * Moves the alert to {@code status}, with the severity of the figures now, and sends its record
   * (or holds it, {@link #hold}).
   *
   * @param whyWithdrawn a withdrawal's reason for it ({@link AlertWording#shortOf}), else null
   */
  private void transition(
      final String key,
      final AlertState alert,
      final int metric,
      final int day,
      final SurgeTest.Result result,
      final AlertStatus status,
      final String whyWithdrawn) {
    final byte severity = severity(result);
    alert.sequence++;
    alert.severity = severity;
    alert.lastDay = day;
    alert.status =
        switch (status) {
          case OPEN -> AlertState.OPEN;
          case ESCALATED -> AlertState.ESCALATED;
          case RESOLVED -> AlertState.RESOLVED;
          default -> AlertState.WITHDRAWN;
        };
    final CubeKey parts = CubeKey.parse(key);
    final LocalDate end = LocalDate.ofEpochDay(day);
    final SurgeAlert record =
        SurgeAlert.newBuilder()
            .setAlertId(alert.alertId)
            .setSequence(alert.sequence)
            .setStatus(status)
            .setCountry(parts.country())
            .setRegion(parts.region())
            .setGroup(parts.group())
            .setMetric(Tally.METRIC_NAMES[metric])
            .setWindowStart(end.minusDays(config.recentDays() - 1L))
            .setWindowEnd(end)
            .setObserved(result.observed())
            .setExpected(result.expected()) // published figures: the ones decided on
            .setScore(result.score())
            .setPValue(result.pValue())
            .setSeverity(Severity.values()[severity])
            .setReason(
                AlertWording.reason(
                    parts,
                    config.recentDays(),
                    metric,
                    status,
                    result,
                    alert.openedOn,
                    whyWithdrawn))
            .setOpenedOn(LocalDate.ofEpochDay(alert.openedOn))
            .setTopIncidentIds(topIncidents(key, day))
            .setRelatedAlertIds(new ArrayList<>())
            .setStatements(
                new ArrayList<>()) // attached by AlertStories, which sees every statement
            .build();
    if (!holding) {
      output.alert(record);
    } else {
      held.add(record);
    }
  }

  /**
   * The incidents weighing most in the recent window ending on {@code day}: the alert's evidence.
   */
  private List<String> topIncidents(final String key, final int day) {
    final Map<String, Long> weights = new HashMap<>();
    for (int inWindow = day - config.recentDays() + 1; inWindow <= day; inWindow++) {
      final Bucket bucket = stores.bucket(key, inWindow);
      if (bucket != null) {
        for (int i = 0; i < bucket.top.size(); i++) {
          weights.merge(bucket.top.id(i), bucket.top.weight(i), Long::sum);
        }
      }
    }
    return weights.entrySet().stream()
        .sorted(
            Map.Entry.<String, Long>comparingByValue()
                .reversed()
                .thenComparing(Map.Entry.comparingByKey()))
        .limit(TopIncidents.TOP)
        .map(Map.Entry::getKey)
        .toList();
  }
}
