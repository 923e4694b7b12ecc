package io.surgewatch.streams.topology;

import io.surgewatch.core.DeadLetters;
import io.surgewatch.events.v1.DeadLetter;
import io.surgewatch.events.v1.RollingCount;
import io.surgewatch.events.v1.SurgeAlert;
import io.surgewatch.streams.engine.Contribution;
import io.surgewatch.streams.engine.CubeEngine;
import io.surgewatch.streams.engine.EngineConfig;
import io.surgewatch.streams.engine.EngineOutput;
import io.surgewatch.streams.engine.RevisionTracker;
import io.surgewatch.streams.engine.TieOrder;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
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
   * The contribution being applied (null: one of the previous release, without a position), its key
   * in its tie ({@link TieOrder}), and how many alert transitions its group (the contributions of
   * one time and key: one incident's) has caused so far. The story stage orders transitions by
   * time, tie key, shard, then this count: their emit order on the shard, as backtest orders them,
   * with no count to keep across commits (a tie is applied within one call).
   */
  private ArrivalPosition report;

  private long tieKey;

  private int emitted;

  /** What the merge released in one call: complete ties, applied in {@link #TIES} order. */
  private final List<ShardInput.Placed> released = new ArrayList<>();

  /** Time, then the tie's order, then the position (the versions of one incident in file order). */
  private static final Comparator<ShardInput.Placed> TIES =
      Comparator.comparingLong((ShardInput.Placed p) -> p.position().at())
          .thenComparingLong(p -> TieOrder.key(p.contribution()))
          .thenComparing(ShardInput.Placed::position);

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
    released.clear();
    final EngineOutput out =
        new EngineOutput() {
          @Override
          public void count(final String key, final RollingCount count) {
            held.put(key, count, timestamp);
          }

          @Override
          public void alert(final SurgeAlert alert) {
            final StoryInput story =
                report == null
                    ? new StoryInput.Unplaced(new StoryEvent(alert, null))
                    : new StoryInput.Placed(
                        StoryPosition.ofAlert(report.at(), tieKey, shard, emitOrder()),
                        timestamp,
                        new StoryEvent(alert, null));
            context.forward(
                new Record<>(alert.getAlertId(), new Routed.CubeOut(alert, story), timestamp));
          }
        };
    held = context.getStateStore(HeldCounts.NAME);
    held.connect(context, Routed.CubeOut::new);
    final int budget =
        SpanBuckets.budget(spanBuckets, cubePartitions, Runtime.getRuntime().maxMemory());
    engine = new CubeEngine(cfg, new KafkaCubeStores(context, cfg, budget), out);
    merge =
        ArrivalMerge.cube(
            sources,
            context.getStateStore(ArrivalMerge.PENDING),
            context.getStateStore(ArrivalMerge.FRONTIERS));
    context
        .<CommitHook>getStateStore(ArrivalMerge.COMMIT_HOOK)
        .onCommit(context, merge::logWaiting);
    // Today's figures reach dashboards before tomorrow's first report closes the day.
    context.schedule(flushEvery, PunctuationType.WALL_CLOCK_TIME, now -> engine.flushOpenDay());
    context.schedule(progressEvery, PunctuationType.WALL_CLOCK_TIME, this::tellStories);
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
    final StoryPosition frontier = StoryPosition.afterCube(merge.released());
    if (frontier.compareTo(told) > 0) {
      context.forward(
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
    if (in instanceof ShardInput.Placed placed) {
      merge.place(placed, released::add);
      applyReleased();
    } else if (in instanceof ShardInput.Progress progress) {
      merge.progress(progress.source(), progress.frontier(), progress.idle(), released::add);
      applyReleased();
    } else {
      // An earlier release's record: where it stood on the incidents topic is not known (-1), only
      // its incident id.
      report = null;
      apply(
          ((ShardInput.Unplaced) in).contribution(),
          record.timestamp(),
          CubeEngine.UNKNOWN_TIME,
          -1,
          -1);
    }
  }

  /**
   * Applies what the merge released: whole ties (every input partition has passed their time), each
   * in {@link TieOrder}, so that the order depends on the reports, not on the partition each came
   * from.
   */
  private void applyReleased() {
    if (released.isEmpty()) {
      return;
    }
    released.sort(TIES);
    try {
      for (final ShardInput.Placed placed : released) {
        apply(placed);
      }
    } finally {
      released.clear();
    }
  }

  private void apply(final ShardInput.Placed placed) {
    final long key = TieOrder.key(placed.contribution());
    if (report == null || report.at() != placed.position().at() || tieKey != key) {
      emitted = 0;
    }
    report = placed.position();
    tieKey = key;
    apply(
        placed.contribution(),
        placed.timestamp(),
        placed.position().at(),
        placed.position().source(),
        placed.position().offset());
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
      final long offset) {
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
      context.forward(new Record<>(c.incidentId(), new Routed.CubeOut(dead), at));
    }
  }
}
