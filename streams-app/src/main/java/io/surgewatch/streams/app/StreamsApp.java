package io.surgewatch.streams.app;

import io.surgewatch.core.SurgewatchConfig;
import io.surgewatch.streams.topology.SurgewatchTopology;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runner: builds the topology from configuration and owns the KafkaStreams lifecycle. Kept apart from the
 * topology so tests, demo, bench and the CLI run the same app differently.
 */
public final class StreamsApp implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StreamsApp.class);

  private final KafkaStreams streams;
  private final CountDownLatch running = new CountDownLatch(1);

  private StreamsApp(final Topology topology, final Properties props) {
    this.streams = new KafkaStreams(topology, props);
    streams.setStateListener((now, before) -> {
      if (now == KafkaStreams.State.RUNNING) {
        running.countDown();
      }
      LOG.info("streams state {} -> {}", before, now);
    });
    // A failed thread is replaced: processing resumes from the last committed transaction, state intact.
    streams.setUncaughtExceptionHandler(e -> {
      LOG.error("stream thread failed; replacing it", e);
      return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
    });
  }

  public static Properties properties(final SurgewatchConfig config) {
    final Properties props = SurgewatchTopology.streamsProperties(config);
    props.putIfAbsent(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDbConfig.class.getName());
    return props;
  }

  public static StreamsApp start(final SurgewatchConfig config) {
    final StreamsApp app = new StreamsApp(SurgewatchTopology.build(config), properties(config));
    app.streams.start();
    return app;
  }

  public KafkaStreams streams() {
    return streams;
  }

  public boolean awaitRunning(final Duration timeout) throws InterruptedException {
    return running.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    streams.close(Duration.ofSeconds(30));
  }
}
