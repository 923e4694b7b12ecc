package io.surgewatch.cli.bench;

import io.surgewatch.core.Keys;
import io.surgewatch.core.SurgewatchConfig;
import io.surgewatch.core.Topics;
import io.surgewatch.inputs.SyntheticIncidents;
import io.surgewatch.streams.app.AppProgress;
import io.surgewatch.streams.topology.SurgewatchTopology;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Publish-to-alert latency on an app of its own at a fixed rate, with surges late in the history:
 * p50 and p99 over every alert transition of the measured reports, which follow a warm-up at the
 * same rate (a JVM that starts compiles its hot code for its first two minutes or so on two cores,
 * its C2 thread taking a fifth of the machine: measured cold, that is what the figure said).
 */
final class LatencyPhase {
  /**
   * The streams app's settings for alerting latency (README, "Latency or throughput"): a
   * transaction every 30 ms (each of the three hops from report to alert waits for one) and
   * progress every 15 ms, against a second between transactions for throughput. Settings given to
   * bench win.
   */
  static final Map<String, String> SETTINGS =
      Map.of("commit.interval.ms", "30", Keys.PROGRESS_INTERVAL_MS, "15");

  /**
   * How long the app may take to catch up after the warm-up's last report (it may still be
   * compiling), and after the measured part's: past them bench measures or reads on, and says so.
   */
  private static final Duration WARMUP_CATCH_UP = Duration.ofSeconds(300);

  private static final Duration MEASURED_CATCH_UP = Duration.ofSeconds(120);

  private final SurgewatchConfig config;
  private final Benchmark.Plan plan;
  private final Path dir;
  private final PrintStream out;

  /**
   * @param config the run's settings, {@link #SETTINGS} where bench was given no value of its own
   */
  LatencyPhase(
      final SurgewatchConfig config,
      final Benchmark.Plan plan,
      final Path dir,
      final PrintStream out) {
    this.config = config;
    this.plan = plan;
    this.dir = dir;
    this.out = out;
  }

  void run() throws Exception {
    // One history: the warm-up is its first part, the measured reports the rest (with the surges,
    // late in the history, as with no warm-up).
    final int warmup = plan.latencyWarmup();
    final SyntheticIncidents data =
        SyntheticIncidents.generate(
            warmup + plan.latencyEvents(),
            plan.seed() + 1,
            400,
            new int[][] {{0, 1, 300, 2}, {1, 2, 320, 2}, {2, 0, 340, 2}, {0, 3, 330, 2}});
    final List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
    try (AppInstances apps = AppInstances.start(config, plan.instances(), dir);
        AppProgress progress = new AppProgress(config);
        ReportPublisher publisher = new ReportPublisher(config)) {
      apps.awaitJoined(AppInstances.JOIN_TIMEOUT);
      if (warmup > 0) {
        publishAtRate(data, 0, warmup, publisher);
        publisher.finish();
        final long published = System.nanoTime();
        final boolean warm = caughtUp(progress, apps, WARMUP_CATCH_UP);
        out.printf(
            "bench: latency warm-up: %,d reports at %d/s, not measured; the app %s%n",
            warmup,
            plan.latencyRate(),
            warm
                ? String.format(
                    "caught up %.1f s after the last", (System.nanoTime() - published) / 1e9)
                : "had not caught up "
                    + WARMUP_CATCH_UP.toSeconds()
                    + " s after the last (measuring anyway)");
      }
      final AtomicBoolean done = new AtomicBoolean();
      // Alerts of the warm-up (an open day's, flushed late) carry its reports' publish times, all
      // before this: left out.
      final long measuredFrom = System.currentTimeMillis();
      final Thread watcher = alertWatcher(latencies, done, measuredFrom);
      publishAtRate(data, warmup, data.size(), publisher);
      publisher.finish();
      final boolean caughtUp = caughtUp(progress, apps, MEASURED_CATCH_UP);
      if (!caughtUp) {
        out.println(
            "bench: latency: the app had not caught up "
                + MEASURED_CATCH_UP.toSeconds()
                + " s after the last report; alerts read until then");
      }
      // An alert of the open day is published by a wall-clock punctuation, then committed: one
      // period of each.
      Thread.sleep(
          config.getMillis(Keys.OPEN_DAY_FLUSH_MS).toMillis()
              + Long.parseLong(
                  String.valueOf(
                      SurgewatchTopology.streamsProperties(config)
                          .get(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG))));
      // Not an interrupt: an interrupted consumer cannot close cleanly and logs an error.
      done.set(true);
      watcher.join(30_000);
    }
    final List<Long> sorted = new ArrayList<>(latencies);
    Collections.sort(sorted);
    if (sorted.isEmpty()) {
      out.printf(
          "bench: latency: no alert opened in the latency phase (%d reports at %d/s)%n",
          plan.latencyEvents(), plan.latencyRate());
    } else {
      out.printf(
          "bench: publish-to-alert latency at %d reports/s over %d alert transitions: p50 %d ms, p99 %d ms%n",
          plan.latencyRate(),
          sorted.size(),
          sorted.get(sorted.size() / 2),
          sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(sorted.size() * 0.99) - 1)));
    }
  }

  /** Whether the app caught up within {@code timeout}; fails at once if an instance died. */
  private static boolean caughtUp(
      final AppProgress progress, final AppInstances apps, final Duration timeout)
      throws Exception {
    return progress.awaitCaughtUp(
        timeout,
        () -> {
          apps.requireAlive();
          return false;
        });
  }

  /** Publishes reports {@code from} (inclusive) to {@code to} at the plan's rate. */
  private void publishAtRate(
      final SyntheticIncidents data,
      final int from,
      final int to,
      final ReportPublisher publisher) {
    final long start = System.nanoTime();
    for (int i = from; i < to; i++) {
      final long due = start + (long) ((i - from) * 1e9 / plan.latencyRate());
      // Parked, not spinning: on two cores a spinning publisher took one of them from the app and
      // the broker.
      for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
        LockSupport.parkNanos(wait);
      }
      publisher.publish(data.event(i));
    }
  }

  /**
   * Alerts carry the timestamp of the report that triggered them (its publish time): latency = now
   * - that, for those published from {@code measuredFrom} on. Once {@code done}, reads on to the
   * end of the alerts topic as it is then, and stops.
   */
  private Thread alertWatcher(
      final List<Long> latencies, final AtomicBoolean done, final long measuredFrom) {
    final Map<String, Object> props = config.clientProperties();
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    final String topic = Topics.from(config).alerts().name();
    final Thread t =
        new Thread(
            () -> {
              try (KafkaConsumer<String, byte[]> c =
                  new KafkaConsumer<>(
                      props, new StringDeserializer(), new ByteArrayDeserializer())) {
                final List<TopicPartition> parts =
                    c.partitionsFor(topic).stream()
                        .map(p -> new TopicPartition(topic, p.partition()))
                        .toList();
                c.assign(parts);
                c.seekToBeginning(parts);
                while (!done.get()) {
                  pollLatencies(c, latencies, measuredFrom);
                }
                final Map<TopicPartition, Long> end =
                    c.endOffsets(parts); // read_committed: the last stable offsets
                while (parts.stream().anyMatch(p -> c.position(p) < end.get(p))) {
                  pollLatencies(c, latencies, measuredFrom);
                }
              }
            },
            "bench-alert-watcher");
    t.setDaemon(true);
    t.start();
    return t;
  }

  private static void pollLatencies(
      final KafkaConsumer<String, byte[]> c, final List<Long> latencies, final long measuredFrom) {
    for (final ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(100))) {
      if (r.timestamp() >= measuredFrom) {
        latencies.add(System.currentTimeMillis() - r.timestamp());
      }
    }
  }
}
