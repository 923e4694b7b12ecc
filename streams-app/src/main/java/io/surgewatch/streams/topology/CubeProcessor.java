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
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Stage 2, keyed by shard (a country, or * for the global rollups): rolling counts and surge
 * detection, applied in the one arrival order ({@link ArrivalMerge}) so that the results do not
 * depend on the partitioning.
 */
final class CubeProcessor implements Processor<String, ShardInput, String, Routed.CubeOut> {
  private final EngineConfig cfg;
  private final Duration flushEvery;
  private final int sources;
  private final String incidentsTopic;
  private ProcessorContext<String, Routed.CubeOut> context;
  private CubeEngine engine;
  private ArrivalMerge merge;
  private long timestamp;

  /**
   * @param sources the partitions of the incidents topic, one stage-1 task each
   * @param incidentsTopic named in dead letters, with the partition and offset of the report
   */
  CubeProcessor(
      final EngineConfig cfg,
      final Duration flushEvery,
      final int sources,
      final String incidentsTopic) {
    this.cfg = cfg;
    this.flushEvery = flushEvery;
    this.sources = sources;
    this.incidentsTopic = incidentsTopic;
  }

  @Override
  public void init(final ProcessorContext<String, Routed.CubeOut> context) {
    this.context = context;
    final EngineOutput out =
        new EngineOutput() {
          @Override
          public void count(final String key, final RollingCount count) {
            context.forward(new Record<>(key, new Routed.CubeOut(count), timestamp));
          }

          @Override
          public void alert(final SurgeAlert alert) {
            context.forward(new Record<>(alert.getAlertId(), new Routed.CubeOut(alert), timestamp));
          }
        };
    engine = new CubeEngine(cfg, new KafkaCubeStores(context, cfg), out);
    merge =
        new ArrivalMerge(
            sources,
            context.getStateStore(ArrivalMerge.PENDING),
            context.getStateStore(ArrivalMerge.FRONTIERS));
    // Today's figures reach dashboards before tomorrow's first report closes the day.
    context.schedule(flushEvery, PunctuationType.WALL_CLOCK_TIME, now -> engine.flushOpenDay());
  }

  @Override
  public void process(final Record<String, ShardInput> record) {
    final ShardInput in = record.value();
    if (in instanceof ShardInput.Placed placed) {
      merge.place(placed, this::apply);
    } else if (in instanceof ShardInput.Progress progress) {
      merge.progress(progress, this::apply);
    } else {
      // An earlier release's record: where it stood on the incidents topic is not known (-1), only
      // its incident id.
      apply(((ShardInput.Unplaced) in).contribution(), record.timestamp(), -1, -1);
    }
  }

  private void apply(final ShardInput.Placed placed) {
    apply(
        placed.contribution(),
        placed.timestamp(),
        placed.position().source(),
        placed.position().offset());
  }

  private void apply(final Contribution c, final long at, final int partition, final long offset) {
    timestamp = at;
    try {
      engine.apply(c);
    } catch (final CubeEngine.TooLate late) {
      // A dead letter, not a failed task: thrown again on every retry, it would stop the shard for
      // good. It names
      // the report on the incidents topic (the internal record would land on another shard's
      // partition if replayed).
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
