package io.surgewatch.streams.topology;

import io.surgewatch.core.DeadLetters;
import io.surgewatch.core.SourceHeaders;
import io.surgewatch.engine.Contribution;
import io.surgewatch.engine.CountChange;
import io.surgewatch.engine.CubeEngine;
import io.surgewatch.engine.EngineConfig;
import io.surgewatch.engine.EngineOutput;
import io.surgewatch.engine.RevisionTracker;
import io.surgewatch.engine.TieOrder;
import io.surgewatch.events.v1.DeadLetter;
import io.surgewatch.events.v1.SurgeAlert;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Stage 2, keyed by shard ({@link io.surgewatch.core.ShardKeys}: a region, a country's rollups, a
 * group worldwide, the grand total): rolling counts and surge detection, applied in the one arrival
 * order ({@link ArrivalMerge}) so that the results do not depend on the partitioning.
 */
final class CubeProcessor implements Processor<String, ShardInput, String, Routed.CubeOut> {
  private final EngineConfig cfg;
  private final Duration flushEvery;
  private final int sources;
  private final String incidentsTopic;
  private final Duration progressEvery;
  private final int spanBuckets;
  private final int cubePartitions;
  private ProcessorContext<String, Routed.CubeOut> context;
  private CubeEngine engine;
  private ArrivalMerge<ArrivalPosition, ShardInput.Placed> merge;
  private long timestamp;

  /** This shard's cube partition, named in the story positions of its alerts. */
  private int shard;

  /**
   * The contribution being applied (null: one of the previous release, without a position), and how
   * many alert transitions its group (the contributions of one time and tie key, {@link TieOrder}:
   * one incident's) has caused so far. The story stage orders transitions by time, tie key, shard,
   * then this count: their emit order on the shard, as backtest orders them. The merge stops for
   * its budget only between groups, so a group is applied within one call, and after a restart from
   * its start, numbered alike.
   */
  private ArrivalPosition report;

  private int emitted;

  /**
   * How long one call applies what the merge released before leaving the rest for the next: a tie
   * is released whole, and must not outlast the transaction it is applied in (Kafka Streams'
   * exactly-once transactions time out after 10 s by default).
   */
  static final Duration RELEASE_BUDGET = Duration.ofMillis(200);

  /** How often the shard goes on applying what waits once a call ran out of its budget. */
  private static final Duration GO_ON_EVERY = Duration.ofMillis(10);

  /** Count records changed since the last commit, written at it. */
  private HeldCounts held;

  /** The frontier the story stage was last told. */
  private StoryPosition told = StoryPosition.NOWHERE;

  /**
   * @param sources the partitions of the incidents topic, one stage-1 task each
   * @param incidentsTopic named in dead letters, with the partition and offset of the report
   * @param progressEvery how often the shard tells the story stage how far it has come
   * @param spanBuckets buckets of the span held decoded ({@code cube.span-buckets}; 0: from the
   *     heap)
   * @param cubePartitions the cube's partitions, which share the heap's part for the spans
   */
  CubeProcessor(
      final EngineConfig cfg,
      final Duration flushEvery,
      final int sources,
      final String incidentsTopic,
      final Duration progressEvery,
      final int spanBuckets,
      final int cubePartitions) {
    this.progressEvery = progressEvery;
    this.cubePartitions = cubePartitions;
    this.spanBuckets = spanBuckets;
    this.cfg = cfg;
    this.flushEvery = flushEvery;
    this.sources = sources;
    this.incidentsTopic = incidentsTopic;
  }

  @Override
  public void init(final ProcessorContext<String, Routed.CubeOut> context) {
    this.context = context;
    this.shard = context.taskId().partition();
    // A task revived after an aborted transaction runs init again on the same processor: the
    // progress it last told the story stage may have been in that transaction.
    told = StoryPosition.NOWHERE;
    report = null;
    emitted = 0;
    final EngineOutput out =
        new EngineOutput() {
          @Override
          public void count(final CountChange change) {
            held.put(change, timestamp);
          }

          @Override
          public void alert(final SurgeAlert alert) {
            final StoryInput story =
                report == null
                    ? new StoryInput.Unplaced(new StoryEvent(alert, null))
                    : new StoryInput.Placed(
                        StoryPosition.ofAlert(report.at(), report.tie(), shard, emitOrder()),
                        timestamp,
                        new StoryEvent(alert, null));
            output(new Record<>(alert.getAlertId(), new Routed.CubeOut(alert, story), timestamp));
          }
        };
    held = context.getStateStore(HeldCounts.NAME);
    held.connect(context, SurgewatchTopology.COUNTS_SINK);
    final int budget =
        SpanBuckets.budget(spanBuckets, cubePartitions, Runtime.getRuntime().maxMemory());
    engine = new CubeEngine(cfg, new KafkaCubeStores(context, cfg, budget), out);
    merge =
        CubeOrder.merge(
            sources,
            context.getStateStore(CubeOrder.PENDING),
            context.getStateStore(CubeOrder.FRONTIERS),
            RELEASE_BUDGET);
    context.<CommitHook>getStateStore(CubeOrder.COMMIT_HOOK).onCommit(context, merge::logWaiting);
    // Today's figures reach dashboards before tomorrow's first report closes the day.
    context.schedule(flushEvery, PunctuationType.WALL_CLOCK_TIME, now -> engine.flushOpenDay());
    context.schedule(progressEvery, PunctuationType.WALL_CLOCK_TIME, this::tellStories);
    context.schedule(
        GO_ON_EVERY,
        PunctuationType.WALL_CLOCK_TIME,
        now -> {
          if (merge.next() != null) {
            merge.releaseMore(this::apply);
            endTieIfWhole();
          }
        });
  }

  /**
   * Forwards an alert, a dead letter or the shard's progress to the split of the cube's outputs,
   * not to the counts sink beside it (count records go there from {@link HeldCounts}).
   */
  private void output(final Record<String, Routed.CubeOut> record) {
    context.forward(record, SurgewatchTopology.CUBE_OUTPUTS);
  }

  /**
   * The next alert's order among its group's transitions on this shard. Two alerts at one position
   * would overwrite each other while they wait at the story stage, so running out of counts stops
   * the task rather than lose one.
   */
  private int emitOrder() {
    if (emitted == Integer.MAX_VALUE) {
      throw new IllegalStateException(
          "one incident's reports of one time caused more than 2^31 alert transitions on cube"
              + " partition "
              + shard
              + ": more than the story stage's positions can order");
    }
    return emitted++;
  }

  /**
   * Tells the story stage how far this shard has come, when that moved: every alert it will still
   * send comes after the reports its merge has released. The record goes behind the alerts it
   * vouches for (one task, one order), so a quiet shard never holds the story stage back for more
   * than {@code progress.interval-ms}, and a slow one never lets it run ahead.
   */
  private void tellStories(final long now) {
    final ArrivalPosition next = merge.next();
    final StoryPosition frontier =
        next == null ? StoryPosition.afterCube(merge.released()) : StoryPosition.before(next);
    if (frontier.compareTo(told) > 0) {
      output(
          new Record<>(
              StoryEvent.KEY,
              new Routed.CubeOut(
                  null, new StoryInput.Progress(StoryPosition.INCIDENT, shard, frontier, false)),
              now));
      told = frontier;
    }
  }

  @Override
  public void process(final Record<String, ShardInput> record) {
    final ShardInput in = record.value();
    if (in instanceof ShardInput.Placed || in instanceof ShardInput.Batch) {
      // A batch's contributions as if each were a record of its own, in their order.
      for (final ShardInput.Placed placed : ShardInput.placedIn(in)) {
        merge.place(placed, this::apply);
        endTieIfWhole();
      }
    } else if (in instanceof ShardInput.Progress progress) {
      merge.progress(progress.source(), progress.frontier(), progress.idle(), this::apply);
      endTieIfWhole();
    } else {
      // An earlier release's record: where it stood on the incidents topic is not known (-1), only
      // its incident id. Mixed in only while a deployment upgrades: a tie the release budget cut
      // is applied whole first, past the budget, so that its alerts are tested on all of it.
      while (report != null && merge.next() != null && merge.next().at() == report.at()) {
        merge.releaseMore(this::apply);
      }
      engine.endTie();
      report = null;
      apply(
          ((ShardInput.Unplaced) in).contribution(),
          record.timestamp(),
          CubeEngine.UNKNOWN_TIME,
          -1,
          -1,
          null);
    }
  }

  /**
   * Ends the tie the merge released last once all of it is applied: the arrival order releases a
   * reported-at only when every input partition has passed it, so the tie is whole unless the
   * release budget left part of it for the next call. Its alerts then go at once, not when the next
   * report comes.
   */
  private void endTieIfWhole() {
    final ArrivalPosition next = merge.next();
    if (report != null && (next == null || next.at() != report.at())) {
      engine.endTie();
    }
  }

  private void apply(final ShardInput.Placed placed) {
    final ArrivalPosition at = placed.position();
    // The tie before ends under its last report's position, as backtest numbers it.
    engine.endTieBefore(at.at());
    if (report == null || report.at() != at.at() || report.tie() != at.tie()) {
      emitted = 0;
    }
    report = at;
    apply(
        placed.contribution(),
        placed.timestamp(),
        placed.position().at(),
        placed.position().source(),
        placed.position().offset(),
        placed.origin());
  }

  /**
   * @param reportedAt where the arrival order stood at the report (its effective reported-at): the
   *     latest reported-at seen, as the merge releases reports in that order
   */
  private void apply(
      final Contribution c,
      final long at,
      final long reportedAt,
      final int partition,
      final long offset,
      final SourceHeaders.Origin origin) {
    timestamp = at;
    try {
      engine.apply(c, reportedAt);
    } catch (final CubeEngine.TooLate late) {
      // A dead letter, not a failed task: thrown again on every retry, it would stop the shard for
      // good. It names the report on the incidents topic (the internal record would land on another
      // shard's partition if replayed).
      final DeadLetter dead =
          DeadLetters.fromKafka(
              incidentsTopic,
              partition,
              offset,
              c.incidentId(),
              null,
              DeadLetters.TOO_LATE,
              null,
              late.getMessage(),
              Instant.ofEpochMilli(Math.max(0, at)));
      dead.setField(RevisionTracker.TooLate.FIELD);
      if (origin != null) {
        origin.describe(dead);
      }
      output(new Record<>(c.incidentId(), new Routed.CubeOut(dead), at));
    }
  }
}
