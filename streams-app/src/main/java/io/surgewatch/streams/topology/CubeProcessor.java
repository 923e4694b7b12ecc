package io.surgewatch.streams.topology;

import io.surgewatch.core.DeadLetters;
import io.surgewatch.events.v1.DeadLetter;
import io.surgewatch.events.v1.RollingCount;
import io.surgewatch.events.v1.SurgeAlert;
import io.surgewatch.streams.engine.Contribution;
import io.surgewatch.streams.engine.CubeEngine;
import io.surgewatch.streams.engine.EngineConfig;
import io.surgewatch.streams.engine.EngineOutput;
import java.time.Duration;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/** Stage 2, keyed by shard (a country, or * for the global rollups): rolling counts and surge detection. */
final class CubeProcessor implements Processor<String, Contribution, String, Routed.CubeOut> {
  private final EngineConfig cfg;
  private final Duration flushEvery;
  private ProcessorContext<String, Routed.CubeOut> context;
  private CubeEngine engine;
  private long timestamp;

  CubeProcessor(final EngineConfig cfg, final Duration flushEvery) {
    this.cfg = cfg;
    this.flushEvery = flushEvery;
  }

  @Override
  public void init(final ProcessorContext<String, Routed.CubeOut> context) {
    this.context = context;
    final EngineOutput out = new EngineOutput() {
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
    // Today's figures reach dashboards before tomorrow's first report closes the day.
    context.schedule(flushEvery, PunctuationType.WALL_CLOCK_TIME, now -> engine.flushOpenDay());
  }

  @Override
  public void process(final Record<String, Contribution> record) {
    timestamp = record.timestamp();
    try {
      engine.apply(record.value());
    } catch (final CubeEngine.TooLate late) {
      // A dead letter, not a failed task: thrown again on every retry, it would stop the shard for good. Without
      // the internal record's bytes: replayed into the internal topic it would land on another shard's partition.
      final var where = context.recordMetadata().orElse(null);
      final DeadLetter dead = DeadLetters.fromKafka(where == null ? null : where.topic(),
          where == null ? -1 : where.partition(), where == null ? -1 : where.offset(), record.value().incidentId(),
          null, DeadLetters.TOO_LATE, null, late.getMessage(), java.time.Instant.ofEpochMilli(Math.max(0, timestamp)));
      dead.setField(io.surgewatch.streams.engine.RevisionTracker.TooLate.FIELD);
      context.forward(new Record<>(record.value().incidentId(), new Routed.CubeOut(dead), timestamp));
    }
  }
}
