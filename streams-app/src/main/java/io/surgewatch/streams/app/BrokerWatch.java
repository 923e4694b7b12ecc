package io.surgewatch.streams.app;

import io.surgewatch.core.Keys;
import io.surgewatch.core.OutageLog;
import io.surgewatch.core.SurgewatchConfig;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says in the log when the broker stops answering, every minute while it stays away, and when it
 * answers again. Kafka Streams rides out an outage without a word at the levels the launcher logs
 * (its clients warn at every reconnection, which the launcher's logging keeps quiet as noise): the
 * app stays RUNNING, processing and commits simply wait. An on-call engineer looking at a stalled
 * dashboard should find the cause in the app's own log.
 */
final class BrokerWatch implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(BrokerWatch.class);

  static final Duration EVERY = Duration.ofSeconds(10);

  /** How long the broker has to answer a probe. */
  static final Duration PROBE_TIMEOUT = Duration.ofSeconds(5);

  /** One look at the broker: returns normally when it answered, throws why not. */
  interface Probe {
    void check() throws Exception;
  }

  private final Probe probe;
  private final OutageLog outage;

  private ScheduledExecutorService timer;
  private Admin admin;

  BrokerWatch(
      final String where,
      final Probe probe,
      final LongSupplier nanos,
      final Consumer<String> warn,
      final Consumer<String> info) {
    this.probe = probe;
    this.outage = new OutageLog("Kafka at " + where + " (bootstrap.servers)", nanos, warn, info);
  }

  /** Watches the configured cluster every {@link #EVERY} on a daemon thread of its own. */
  static BrokerWatch start(final SurgewatchConfig config) {
    final BrokerWatch watch = of(config, LOG::warn, LOG::info);
    watch.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              final Thread t = new Thread(r, "surgewatch-broker-watch");
              t.setDaemon(true);
              return t;
            });
    watch.timer.scheduleWithFixedDelay(
        watch::check, EVERY.toMillis(), EVERY.toMillis(), TimeUnit.MILLISECONDS);
    return watch;
  }

  /** A watch of the configured cluster that probes when {@link #check()} is called. */
  static BrokerWatch of(
      final SurgewatchConfig config, final Consumer<String> warn, final Consumer<String> info) {
    final Map<String, Object> props = config.clientProperties();
    props.put(AdminClientConfig.CLIENT_ID_CONFIG, "surgewatch-broker-watch");
    props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) PROBE_TIMEOUT.toMillis());
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) PROBE_TIMEOUT.toMillis());
    final Admin admin = Admin.create(props);
    final DescribeClusterOptions options =
        new DescribeClusterOptions().timeoutMs((int) PROBE_TIMEOUT.toMillis());
    final BrokerWatch watch =
        new BrokerWatch(
            config.get(Keys.BOOTSTRAP_SERVERS),
            () -> admin.describeCluster(options).nodes().get(),
            System::nanoTime,
            warn,
            info);
    watch.admin = admin;
    return watch;
  }

  /** Probes once and tells what changed. */
  void check() {
    try {
      probe.check();
    } catch (final InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    } catch (final Exception e) {
      final Throwable cause = e.getCause() != null ? e.getCause() : e;
      outage.away(
          cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName(),
          "processing and commits wait, and resume by themselves when it answers; queries still"
              + " answer from the local stores");
      return;
    }
    outage.answered("processing resumes");
  }

  @Override
  public void close() {
    if (timer != null) {
      timer.shutdownNow();
    }
    if (admin != null) {
      admin.close(Duration.ofSeconds(5));
    }
  }
}
