package io.surgewatch.streams.topology;

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
    engine.apply(record.value());
  }
}
