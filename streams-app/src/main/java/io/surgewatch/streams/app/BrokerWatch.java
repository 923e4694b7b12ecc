package io.surgewatch.streams.app;

import io.surgewatch.core.BrokerProbe;
import io.surgewatch.core.Keys;
import io.surgewatch.core.OutageLog;
import io.surgewatch.core.SurgewatchConfig;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
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

  /** One look at the broker: null when it answered, else why not. */
  interface Probe {
    String problem() throws InterruptedException;
  }

  private final Probe probe;
  private final OutageLog outage;

  private ScheduledExecutorService timer;
  private BrokerProbe broker;

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
    try {
      watch.timer =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                final Thread t = new Thread(r, "surgewatch-broker-watch");
                t.setDaemon(true);
                return t;
              });
      watch.timer.scheduleWithFixedDelay(
          watch::check, EVERY.toMillis(), EVERY.toMillis(), TimeUnit.MILLISECONDS);
    } catch (final RuntimeException e) {
      watch.close();
      throw e;
    }
    return watch;
  }

  /** A watch of the configured cluster that probes when {@link #check()} is called. */
  static BrokerWatch of(
      final SurgewatchConfig config, final Consumer<String> warn, final Consumer<String> info) {
    final BrokerProbe broker = new BrokerProbe(config, "surgewatch-broker-watch", PROBE_TIMEOUT);
    final BrokerWatch watch =
        new BrokerWatch(
            config.get(Keys.BOOTSTRAP_SERVERS), broker::problem, System::nanoTime, warn, info);
    watch.broker = broker;
    return watch;
  }

  /** Probes once and tells what changed. */
  void check() {
    final String problem;
    try {
      problem = probe.problem();
    } catch (final InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    if (problem != null) {
      outage.away(
          problem,
          "processing and commits wait, and resume by themselves when it answers; queries still"
              + " answer from the local stores");
    } else {
      outage.answered("processing resumes");
    }
  }

  /**
   * Stops probing, at once (the app has stopped: "processing resumes" would no longer be true);
   * {@link #close()} still closes the client.
   */
  void stop() {
    if (timer != null) {
      timer.shutdownNow();
    }
  }

  /**
   * Stops the probes, waiting for one under way (its Admin closed under it would read as an
   * outage), then drops the Admin's pending calls rather than wait on a broker that is away.
   */
  @Override
  public void close() {
    try {
      if (timer != null) {
        timer.shutdownNow();
        timer.awaitTermination(PROBE_TIMEOUT.toMillis() + 1_000, TimeUnit.MILLISECONDS);
      }
    } catch (final InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      if (broker != null) {
        broker.close();
      }
    }
  }
}
