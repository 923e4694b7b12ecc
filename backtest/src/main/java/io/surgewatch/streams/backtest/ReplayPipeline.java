package io.surgewatch.streams.backtest;

import io.surgewatch.core.DeadLetters;
import io.surgewatch.core.EventTypes;
import io.surgewatch.core.ShardPlacement;
import io.surgewatch.core.UtcDays;
import io.surgewatch.events.v1.AlertStatus;
import io.surgewatch.events.v1.RollingCount;
import io.surgewatch.events.v1.StatementEvent;
import io.surgewatch.events.v1.SurgeAlert;
import io.surgewatch.streams.engine.AlertStories;
import io.surgewatch.streams.engine.Contribution;
import io.surgewatch.streams.engine.CubeEngine;
import io.surgewatch.streams.engine.EngineConfig;
import io.surgewatch.streams.engine.EngineOutput;
import io.surgewatch.streams.engine.InMemoryCubeStores;
import io.surgewatch.streams.engine.RevisionTracker;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The app's three stages, replayed: stage 1 (revisions, by incident id) on the calling thread in
 * arrival order; the cube's partitions on {@link CubeWorkers}, each partition's engine seeing its
 * contributions in that order; then the alert stories. Alerts are collected with the arrival
 * sequence that triggered them and told as stories afterwards, in that order, statements included,
 * as the app's single story task sees them.
 */
record ReplayPipeline(
    EngineConfig engineConfig,
    EventTypes eventTypes,
    int partitions,
    int cubeThreads,
    int statementRetentionDays) {

  /**
   * What a replay did, and the reports stage 1 refused (dead-lettered afterwards, with their text).
   */
  record Result(
      long incidents,
      long statements,
      long counts,
      long alerts,
      long alertsOpened,
      long lateRetractions,
      long idleRetractions,
      long beforeGrace,
      List<LateDeadLetters.Refused> refused,
      long[] keyUpdates) {
    /**
     * The cube's key updates by partition, and the largest against the mean (1.00: perfectly even).
     */
    String workByPartition() {
      return WorkByPartition.line("cube work by partition (key updates):", keyUpdates);
    }
  }

  /**
   * Something emitted or read, with the arrival sequence that caused it, so stories are told in
   * arrival order.
   */
  private record Sequenced(long sequence, int partition, int order, Object value) {}

  /**
   * @param order the arrivals' indices in arrival order
   * @param retractionFile the file index of retractions (records not read from a file)
   */
  Result replay(
      final Arrivals arrivals,
      final int[] order,
      final int retractionFile,
      final Backtest.Sink sink) {
    final AtomicLong countRecords = new AtomicLong();
    final List<List<Sequenced>> alertsByPartition = new ArrayList<>();
    final long[] currentSequence = new long[partitions];
    final CubeWorkers workers =
        new CubeWorkers(
            partitions,
            cubeThreads,
            partition -> {
              final List<Sequenced> alerts = new ArrayList<>();
              alertsByPartition.add(alerts);
              return new CubeEngine(
                  engineConfig,
                  new InMemoryCubeStores(engineConfig),
                  new EngineOutput() {
                    @Override
                    public void count(final String key, final RollingCount count) {
                      countRecords.incrementAndGet();
                      synchronized (sink) {
                        sink.count(key, count);
                      }
                    }

                    @Override
                    public boolean wantsCounts() {
                      return sink.wantsCounts();
                    }

                    @Override
                    public void countSkipped() {
                      countRecords.incrementAndGet();
                    }

                    @Override
                    public void alert(final SurgeAlert alert) {
                      alerts.add(
                          new Sequenced(
                              currentSequence[partition], partition, alerts.size(), alert));
                    }
                  });
            },
            partition -> sequence -> currentSequence[partition] = sequence);

    final Map<String, Integer> partitionOf = new HashMap<>();
    final long[] keyUpdates = new long[partitions]; // the cube's work by partition
    final RevisionTracker tracker =
        new RevisionTracker(
            RevisionTracker.Store.inMemory(), engineConfig.historyDays(), eventTypes);
    long statements = 0;
    long incidents = 0;
    long lateRetractions = 0;
    long idleRetractions = 0; // retractions that took nothing out
    long beforeGrace = 0; // reports that changed only days before the grace: counts only
    final List<Sequenced> statementArrivals = new ArrayList<>();
    final List<LateDeadLetters.Refused> refused = new ArrayList<>();
    int dayReached = Integer.MIN_VALUE;
    long reportedAt = Long.MIN_VALUE;
    for (int n = 0; n < order.length; n++) {
      final int i = order[n];
      final Object item = arrivals.items[i];
      if (item instanceof StatementEvent statement) {
        statements++;
        statementArrivals.add(new Sequenced(n, -1, 0, statement));
        continue;
      }
      final RevisionTracker.Report report = (RevisionTracker.Report) item;
      // The arrival order is by reported-at: the latest seen, as the app's merge has it.
      reportedAt = Math.max(reportedAt, arrivals.at[i]);
      final RevisionTracker.Outcome outcome = tracker.accept(report);
      final List<Contribution> contributions;
      if (outcome instanceof RevisionTracker.Counted counted) {
        contributions = counted.contributions();
      } else if (outcome instanceof RevisionTracker.SetAside setAside) {
        contributions = setAside.contributions();
      } else {
        contributions = List.of();
      }
      if (report.retracted()
          && !(outcome instanceof RevisionTracker.TooLate)
          && (outcome instanceof RevisionTracker.Unchanged || contributions.isEmpty())) {
        idleRetractions++;
      }
      if (arrivals.files[i] == retractionFile) {
        if (outcome instanceof RevisionTracker.Counted) {
          apply(workers, partitionOf, n, contributions, reportedAt, keyUpdates, partitions);
          dayReached = tellDay(workers, n, report.id(), contributions, dayReached);
        } else if (outcome instanceof RevisionTracker.TooLate) {
          lateRetractions++;
        }
        continue;
      }
      apply(workers, partitionOf, n, contributions, reportedAt, keyUpdates, partitions);
      dayReached = tellDay(workers, n, report.id(), contributions, dayReached);
      if (!contributions.isEmpty() && beforeTheGrace(contributions, reportedAt)) {
        beforeGrace++;
      }
      if (outcome instanceof RevisionTracker.SetAside setAside) {
        // dead-lettered at the end, with its original text
        refused.add(
            new LateDeadLetters.Refused(
                arrivals.files[i],
                arrivals.lines[i],
                report.id(),
                DeadLetters.NOT_COUNTED,
                RevisionTracker.SetAside.FIELD,
                setAside.reason()));
      } else if (outcome instanceof RevisionTracker.TooLate tooLate) {
        refused.add(
            new LateDeadLetters.Refused(
                arrivals.files[i],
                arrivals.lines[i],
                report.id(),
                DeadLetters.TOO_LATE,
                RevisionTracker.TooLate.FIELD,
                tooLate.reason()));
      } else {
        incidents++;
      }
    }
    workers.finish();

    final List<Sequenced> story = new ArrayList<>(statementArrivals);
    alertsByPartition.forEach(story::addAll);
    final long[] alerts = tellStories(story, sink);
    return new Result(
        incidents,
        statements,
        countRecords.get(),
        alerts[0],
        alerts[1],
        lateRetractions,
        idleRetractions,
        beforeGrace,
        refused,
        keyUpdates);
  }

  /**
   * Whether a report's contributions change only days before the grace, measured back from the
   * arrival order's latest reported-at: they change counts and re-test no alert.
   */
  private boolean beforeTheGrace(final List<Contribution> contributions, final long reportedAt) {
    final int start = engineConfig.graceStart(UtcDays.of(reportedAt));
    for (final Contribution c : contributions) {
      if (c.day() >= start || c.previous() != null && c.previous().day() >= start) {
        return false;
      }
    }
    return true;
  }

  private static void apply(
      final CubeWorkers workers,
      final Map<String, Integer> partitionOf,
      final long sequence,
      final List<Contribution> contributions,
      final long reportedAt,
      final long[] keyUpdates,
      final int partitions) {
    for (final Contribution contribution : contributions) {
      final int partition =
          partitionOf.computeIfAbsent(
              contribution.shardKey(), shard -> ShardPlacement.partition(shard, partitions));
      keyUpdates[partition] += contribution.cubeKeys().size();
      workers.apply(sequence, partition, contribution, reportedAt);
    }
  }

  /**
   * Tells every partition, after a report's contributions, when it reached a later incident day
   * than any report before it, as the app's stage 1 does ({@link Contribution#dayReached}): each
   * shard closes its days by the latest day of all reports. Stage 1 tells it when its own input
   * partition reaches a later day; those that are not later than all before change nothing.
   *
   * @return the latest day reached now
   */
  private int tellDay(
      final CubeWorkers workers,
      final long sequence,
      final String incidentId,
      final List<Contribution> contributions,
      final int dayReached) {
    int day = Integer.MIN_VALUE;
    for (final Contribution c : contributions) {
      day = Math.max(day, c.day());
    }
    if (day <= dayReached) {
      return dayReached;
    }
    final Contribution news = Contribution.dayReached(incidentId, day);
    for (int p = 0; p < partitions; p++) {
      workers.apply(sequence, p, news, CubeEngine.UNKNOWN_TIME);
    }
    return day;
  }

  /**
   * Tells the alerts as stories, statements included, in arrival order; returns the alerts told and
   * opened.
   */
  private long[] tellStories(final List<Sequenced> story, final Backtest.Sink sink) {
    final AlertStories stories =
        new AlertStories(
            new AlertStories.InMemory(),
            engineConfig.statementContextDays(),
            statementRetentionDays);
    story.sort(
        Comparator.comparingLong(Sequenced::sequence)
            .thenComparingInt(Sequenced::partition)
            .thenComparingInt(Sequenced::order));
    final long[] alerts = new long[2];
    for (final Sequenced told : story) {
      if (told.value() instanceof StatementEvent statement) {
        stories.statement(statement);
      } else {
        stories.alert(
            (SurgeAlert) told.value(),
            (id, enriched) -> {
              alerts[0]++;
              if (enriched.getStatus() == AlertStatus.OPEN) {
                alerts[1]++;
              }
              sink.alert(enriched);
            });
      }
    }
    return alerts;
  }
}
