package io.surgewatch.backtest;

import io.surgewatch.core.DeadLetters;
import io.surgewatch.core.EventTypes;
import io.surgewatch.core.ShardPlacement;
import io.surgewatch.core.StatementTaking;
import io.surgewatch.core.UtcDays;
import io.surgewatch.engine.AlertStories;
import io.surgewatch.engine.Contribution;
import io.surgewatch.engine.CountChange;
import io.surgewatch.engine.CubeEngine;
import io.surgewatch.engine.EngineConfig;
import io.surgewatch.engine.EngineOutput;
import io.surgewatch.engine.InMemoryCubeStores;
import io.surgewatch.engine.RevisionTracker;
import io.surgewatch.engine.StatementCounts;
import io.surgewatch.engine.TieOrder;
import io.surgewatch.events.v1.AlertStatus;
import io.surgewatch.events.v1.RollingCount;
import io.surgewatch.events.v1.StatementCount;
import io.surgewatch.events.v1.StatementEvent;
import io.surgewatch.events.v1.SurgeAlert;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
  /** How many ids of idle retractions the note names. */
  static final int IDS_NOTED = 5;

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
      List<String> idleRetractionIds,
      long setAsideRepeats,
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
    final Run run = new Run(arrivals, retractionFile, sink);
    int n = 0;
    while (n < order.length) {
      if (arrivals.items[order[n]] instanceof StatementEvent statement) {
        run.statement(order[n], statement);
        n++;
      } else {
        n = run.tie(order, n);
      }
    }
    return run.finish();
  }

  /** One replay: the three stages' state and what they did. */
  private final class Run {
    private final Arrivals arrivals;
    private final int retractionFile;
    private final Backtest.Sink sink;
    private final AtomicLong countRecords = new AtomicLong();
    private final List<List<Sequenced>> alertsByPartition = new ArrayList<>();
    private final long[] currentSequence = new long[partitions];
    private final CubeWorkers workers;
    private final Map<String, Integer> partitionOf = new HashMap<>();
    private final long[] keyUpdates = new long[partitions]; // the cube's work by partition
    private final RevisionTracker tracker =
        new RevisionTracker(
            RevisionTracker.Store.inMemory(), engineConfig.historyDays(), eventTypes);
    private long statements;
    private long incidents;
    private long lateRetractions;
    private long idleRetractions; // retractions that took nothing out
    private final List<String> idleRetractionIds = new ArrayList<>(); // the first few, for the note
    private long setAsideRepeats; // repeats of a report set aside: not dead-lettered again
    private long beforeGrace; // reports that changed only days before the grace: counts only
    private final List<Sequenced> statementArrivals = new ArrayList<>();

    /**
     * Statements by id, as the app's statement intake takes them (once, as first sent). Never
     * forgotten here: the app forgets ids past the statement retention, at an hourly purge.
     */
    private final Map<String, StatementEvent> takenStatements = new HashMap<>();

    /** The statements taken, counted by country and kind as the app counts them, in key order. */
    private final Map<String, StatementCount> statementCounts = new TreeMap<>();

    private final List<LateDeadLetters.Refused> refused = new ArrayList<>();
    private int dayReached = Integer.MIN_VALUE;
    private long reportedAt = Long.MIN_VALUE;

    /**
     * The order stories are told in: a number a statement, the news of a tie's latest day, and the
     * reports of one incident in a tie (the app's story positions: time, then key in the tie).
     */
    private long sequence;

    private final List<Applied> tie = new ArrayList<>();

    Run(final Arrivals arrivals, final int retractionFile, final Backtest.Sink sink) {
      this.arrivals = arrivals;
      this.retractionFile = retractionFile;
      this.sink = sink;
      this.workers =
          new CubeWorkers(
              partitions,
              cubeThreads,
              this::engine,
              partition -> sequence -> currentSequence[partition] = sequence);
    }

    /** A cube partition's engine, its counts to the sink, its alerts kept with their sequence. */
    private CubeEngine engine(final int partition) {
      final List<Sequenced> alerts = new ArrayList<>();
      alertsByPartition.add(alerts);
      return new CubeEngine(
          engineConfig,
          new InMemoryCubeStores(engineConfig),
          new EngineOutput() {
            @Override
            public void count(final CountChange change) {
              countRecords.incrementAndGet();
              final String key = change.recordKey();
              final RollingCount count = change.record();
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
                  new Sequenced(currentSequence[partition], partition, alerts.size(), alert));
            }
          });
    }

    /** A statement, taken as the app's statement intake takes it. */
    void statement(final int i, final StatementEvent statement) {
      final StatementEvent taken = takenStatements.get(statement.getId());
      switch (StatementTaking.of(taken != null, taken, statement)) {
        case NEW -> {
          takenStatements.put(statement.getId(), statement);
          statements++;
          for (final String key : StatementCounts.keys(statement)) {
            statementCounts.put(key, StatementCounts.add(key, statement, statementCounts.get(key)));
          }
          statementArrivals.add(new Sequenced(sequence++, -1, 0, statement));
        }
        case REPEAT -> statements++; // as a duplicate report is an incident report taken
        case CHANGED ->
            refused.add(
                new LateDeadLetters.Refused(
                    arrivals.files[i],
                    arrivals.lines[i],
                    statement.getId(),
                    DeadLetters.VALIDATION,
                    StatementTaking.FIELD,
                    StatementTaking.changedReason(taken, statement)));
      }
    }

    /**
     * The reports of one reported-at from {@code order[n]} on (a time's statements come after
     * them), as the app's cube applies them: stage 1 takes each, then every shard closes its days
     * up to the tie's latest incident day, then the reports' contributions follow in the tie's
     * order ({@link TieOrder}). Returns where the tie ends.
     */
    int tie(final int[] order, final int from) {
      final long at = arrivals.at[order[from]];
      // The arrival order is by reported-at: the latest seen, as the app's merge has it.
      reportedAt = Math.max(reportedAt, at);
      int tieDay = Integer.MIN_VALUE;
      String tieDayId = null;
      tie.clear();
      int n = from;
      for (;
          n < order.length
              && arrivals.at[order[n]] == at
              && !(arrivals.items[order[n]] instanceof StatementEvent);
          n++) {
        final int i = order[n];
        final RevisionTracker.Report report = (RevisionTracker.Report) arrivals.items[i];
        final List<Contribution> applied = stageOne(i, report, at);
        for (final Contribution c : applied) {
          if (c.day() > tieDay) {
            tieDay = c.day();
            tieDayId = report.id();
          }
        }
        tie.add(new Applied(report.id(), applied));
      }
      if (tieDay > dayReached) {
        dayReached = tieDay;
        tellDay(workers, sequence++, tieDayId, tieDay);
      }
      long tieKey = 0;
      long group = -1;
      for (int k = 0; k < tie.size(); k++) {
        final long key = TieOrder.incidentKey(tie.get(k).incidentId());
        if (k == 0 || key != tieKey) {
          tieKey = key;
          group = sequence++;
        }
        apply(group, tie.get(k).contributions());
      }
      return n;
    }

    /**
     * Stage 1 on one report: the contributions it sends the cube (none when it is refused), its
     * outcome counted or kept for a dead letter.
     */
    private List<Contribution> stageOne(
        final int i, final RevisionTracker.Report report, final long at) {
      final RevisionTracker.Outcome outcome = tracker.accept(report, at);
      final List<Contribution> contributions = outcome.contributions();
      if (report.retracted()
          && !(outcome instanceof RevisionTracker.TooLate)
          && !(outcome instanceof RevisionTracker.Superseded)
          && (outcome instanceof RevisionTracker.Unchanged || contributions.isEmpty())) {
        idleRetractions++;
        if (idleRetractionIds.size() < IDS_NOTED && !idleRetractionIds.contains(report.id())) {
          idleRetractionIds.add(report.id());
        }
      }
      if (arrivals.files[i] == retractionFile) {
        // A retraction --replaces makes is a report taken like a deletions list's row (the
        // summary's incidents include both), unless it is too late (noted apart) or a later
        // report stands (superseded): then it is dead-lettered.
        if (outcome instanceof RevisionTracker.TooLate tooLate) {
          lateRetractions++;
          // Dead-lettered as the app's stage 1 does the retraction produce --replaces publishes.
          refused.add(
              new LateDeadLetters.Refused(
                  retractionFile,
                  -1,
                  report.id(),
                  DeadLetters.TOO_LATE,
                  RevisionTracker.TooLate.FIELD,
                  tooLate.reason()));
        } else if (outcome instanceof RevisionTracker.Superseded) {
          // A later report stands: dead-lettered as the app's stage 1 does, produce having said
          // in the retraction's headers that it came with --replaces.
          refused.add(
              refusal(outcome, retractionFile, -1, report.id(), arrivals.replacingRetractions()));
        } else {
          incidents++;
        }
        return outcome instanceof RevisionTracker.Counted ? contributions : List.of();
      }
      if (!contributions.isEmpty() && beforeTheGrace(contributions, reportedAt)) {
        beforeGrace++;
      }
      // dead-lettered at the end, with its original text
      final LateDeadLetters.Refused refusal =
          refusal(
              outcome,
              arrivals.files[i],
              arrivals.lines[i],
              report.id(),
              arrivals.replacing(arrivals.files[i], arrivals.lines[i]));
      if (refusal != null) {
        refused.add(refusal);
      } else {
        incidents++;
        if (report.setAsideType() != null) {
          setAsideRepeats++;
        }
      }
      return contributions;
    }

    private void apply(final long group, final List<Contribution> contributions) {
      for (final Contribution contribution : contributions) {
        final int partition =
            partitionOf.computeIfAbsent(
                contribution.shardKey(), shard -> ShardPlacement.partition(shard, partitions));
        keyUpdates[partition] += contribution.cubeKeys().size();
        workers.apply(group, partition, contribution, reportedAt);
      }
    }

    /** Waits for the cube, tells the stories, and says what the replay did. */
    Result finish() {
      workers.finish();
      final List<Sequenced> story = new ArrayList<>(statementArrivals);
      alertsByPartition.forEach(story::addAll);
      final long[] alerts = tellStories(story, sink);
      statementCounts.values().forEach(sink::statementCount);
      return new Result(
          incidents,
          statements,
          countRecords.get(),
          alerts[0],
          alerts[1],
          lateRetractions,
          idleRetractions,
          idleRetractionIds,
          setAsideRepeats,
          beforeGrace,
          refused,
          keyUpdates);
    }
  }

  /** The dead letter a report's outcome asks for, or null when the report is counted. */
  private static LateDeadLetters.Refused refusal(
      final RevisionTracker.Outcome outcome,
      final int file,
      final long line,
      final String id,
      final RevisionTracker.Replacing replacing) {
    if (outcome instanceof RevisionTracker.SetAside setAside) {
      return new LateDeadLetters.Refused(
          file,
          line,
          id,
          DeadLetters.NOT_COUNTED,
          RevisionTracker.SetAside.FIELD,
          setAside.reason());
    }
    if (outcome instanceof RevisionTracker.Superseded superseded) {
      return new LateDeadLetters.Refused(
          file,
          line,
          id,
          DeadLetters.SUPERSEDED,
          RevisionTracker.Superseded.FIELD,
          superseded.reason(replacing));
    }
    if (outcome instanceof RevisionTracker.TooLate tooLate) {
      return new LateDeadLetters.Refused(
          file, line, id, DeadLetters.TOO_LATE, RevisionTracker.TooLate.FIELD, tooLate.reason());
    }
    return null;
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

  /** A report of a tie and the contributions it sends the cube. */
  private record Applied(String incidentId, List<Contribution> contributions) {}

  /**
   * Tells every partition that the arrival order reached a later incident day than any report
   * before it, before the tie's reports, as the app's stage 1 does ({@link
   * Contribution#dayReached}) and its cube orders it ({@link TieOrder}): each shard closes its days
   * by the latest day of all reports. Stage 1 tells it when its own input partition reaches a later
   * day; those not later than all before change nothing.
   */
  private void tellDay(
      final CubeWorkers workers, final long sequence, final String incidentId, final int day) {
    final Contribution news = Contribution.dayReached(incidentId, day);
    for (int p = 0; p < partitions; p++) {
      workers.apply(sequence, p, news, CubeEngine.UNKNOWN_TIME);
    }
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
