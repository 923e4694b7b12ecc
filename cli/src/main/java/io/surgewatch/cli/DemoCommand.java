package io.surgewatch.cli;

import io.surgewatch.core.EventPreparer;
import io.surgewatch.core.Keys;
import io.surgewatch.core.SurgewatchConfig;
import io.surgewatch.inputs.InputFormat;
import io.surgewatch.producers.EventPublisher;
import io.surgewatch.producers.FilePublisher;
import io.surgewatch.producers.ingest.IngestServer;
import io.surgewatch.stack.LocalStack;
import io.surgewatch.streams.app.AppProgress;
import io.surgewatch.streams.app.StreamsApp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "The main job, embedded: starts on loopback a real Kafka broker (KRaft) and schema registry, "
          + "creates the topics, starts the streams app, publishes seeds/, serves the dashboard "
          + "(http://127.0.0.1:8080) and the ingest API (http://127.0.0.1:8082), and prints each surge alert as it "
          + "opens. Ctrl-C stops everything cleanly."
    })
final class DemoCommand implements Callable<Integer> {
  @Mixin ConfigOptions options;

  @Option(
      names = "--exit-when-done",
      description = "Exit once the seeds are fully processed, after a summary.")
  boolean exitWhenDone;

  @Option(
      names = "--seeds",
      paramLabel = "DIR",
      description = "Seed directory (default: the project's seeds/).")
  Path seeds;

  @Option(
      names = "--timeout",
      paramLabel = "SECONDS",
      defaultValue = "300",
      description = "With --exit-when-done: give up (exit 1) if processing takes longer.")
  int timeoutSeconds;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    final long started = System.nanoTime();
    options.requireNoClusterAddress(spec);
    final SurgewatchConfig base = options.load();
    Platform.requireDistinctPorts(
        spec, base, Keys.KAFKA_PORT, Keys.REGISTRY_PORT, Keys.DASHBOARD_PORT, Keys.INGEST_PORT);
    Platform.requireFreePorts(
        base, Keys.DASHBOARD_HOST, Keys.DASHBOARD_PORT, Keys.INGEST_HOST, Keys.INGEST_PORT);
    final Path seedDir = seedDir();
    try (Platform.ShutdownGate gate = Platform.ShutdownGate.install(spec);
        LocalStack stack = Platform.startStack(base, System.out)) {
      final Map<String, String> demo = new LinkedHashMap<>(Platform.addresses(stack));
      demo.put(Keys.APPLICATION_ID, base.get(Keys.APPLICATION_ID));
      demo.put(Keys.STATE_DIR, ConfigOptions.dataDir(base).resolve("streams-state").toString());
      final SurgewatchConfig config = options.load(demo);
      System.out.println("Kafka bootstrap servers: " + stack.bootstrapServers());
      System.out.println("Schema registry (Confluent API): " + stack.registryUrl());
      Platform.createTopics(config);
      Platform.setCompatibility(config);

      // The watcher first: it tells this run's alerts from earlier runs' by the topics' ends before
      // the app starts.
      final AutoCloseable[] dashboardOf = new AutoCloseable[1];
      try (OutputWatcher watcher = new OutputWatcher(config, System.out);
          StreamsApp app =
              StreamsApp.startAfter(
                  config, made -> dashboardOf[0] = Dashboard.start(config, made));
          IngestServer ingest = IngestServer.start(config);
          AppProgress progress = new AppProgress(config)) {
        final AutoCloseable dashboard = dashboardOf[0];
        app.failures()
            .stopped()
            .thenRun(gate::wake); // a failure that repeats stops the demo, exit 1
        try {
          System.out.println("Ingest API: " + ingest.url());
          final long processedBefore = progress.processedInputs();
          // A second run reuses the first run's data: publishing the seeds again would only
          // dead-letter them as too late (the latest report seen is already their last one).
          if (gate.stopRequested()) {
            return 1; // Ctrl-C while starting: close what was opened, publish nothing
          }
          final boolean earlierRun = progress.processedInputs() > 0;
          final long[] seeds = earlierRun ? new long[2] : publishSeeds(config, seedDir);
          final long published = seeds[0];
          if (earlierRun) {
            System.out.println(
                "Seeds: already published in an earlier run (data in "
                    + ConfigOptions.dataDir(base)
                    + "; delete it to start afresh)");
          }
          // Seeds that held nothing to publish (an empty folder, to start from nothing) are not an
          // earlier run's.
          System.out.printf(
              earlierRun
                  ? "Up in %.1f s. The earlier run's counts and alerts are served; reports posted to"
                      + " the ingest API are processed, their alerts print as they open.%n"
                  : published == 0
                      ? "Up in %.1f s. The seeds held nothing to publish; reports posted to the"
                          + " ingest API are processed, their alerts print as they open.%n"
                      : "Up in %.1f s. Processing the seeds; alerts print as they open.%n",
              (System.nanoTime() - started) / 1e9);
          if (exitWhenDone) {
            return summaryWhenProcessed(
                gate, app, progress, watcher, published, processedBefore + seeds[1]);
          }
          System.out.println("Ctrl-C stops everything.");
          gate.awaitStop(); // then everything closes, in reverse order, the gate last
          Platform.failIfStopped(app);
        } finally {
          Dashboard.closeQuietly(spec, dashboard);
        }
      }
    }
    return 0;
  }

  /** The seeds' folder ({@code --seeds}, else the installation's), its two files readable. */
  private Path seedDir() {
    final Path seedDir =
        seeds != null
            ? seeds
            : Path.of(System.getProperty("surgewatch.home", ".")).resolve("seeds");
    for (final Path f :
        List.of(seedDir.resolve("incidents.ndjson"), seedDir.resolve("statements.ndjson"))) {
      if (!Files.isReadable(f)) {
        throw new IllegalArgumentException("cannot read seed file " + f);
      }
    }
    return seedDir;
  }

  /**
   * {@code --exit-when-done}: waits until the app has processed the inputs, then prints the summary
   * line; 1 on Ctrl-C.
   *
   * @param notReports input offsets before this run's seeds and its progress markers: not counted
   *     as processed reports
   */
  private int summaryWhenProcessed(
      final Platform.ShutdownGate gate,
      final StreamsApp app,
      final AppProgress progress,
      final OutputWatcher watcher,
      final long published,
      final long notReports)
      throws Exception {
    if (!progress.awaitCaughtUp(
        Duration.ofSeconds(timeoutSeconds),
        () -> gate.stopRequested() || app.failures().failure() != null)) {
      Platform.failIfStopped(app);
      if (gate.stopRequested()) {
        return 1; // Ctrl-C: close everything cleanly, without the summary
      }
      throw new IllegalStateException(
          "the seeds were not processed within " + timeoutSeconds + " s");
    }
    if (!watcher.awaitRead(Duration.ofSeconds(30))) {
      System.err.println("demo: the alerts and dead letters were not all read in 30 s");
    }
    System.out.printf(
        "demo: published=%d processed=%d dead-lettered=%d alerts-opened=%d"
            + " (all runs on this data: dead-lettered=%d alerts-opened=%d, %d alert transitions)%n",
        published,
        progress.processedInputs() - notReports,
        watcher.deadLettersNow.get(),
        watcher.alertsOpenedNow.get(),
        watcher.deadLetters.get(),
        watcher.alertsOpened.get(),
        watcher.alertTransitions.get());
    return 0;
  }

  /**
   * Publishes the seeds in arrival order, incidents and statements interleaved by time as feeds
   * would send them: one file of both, which the file publisher puts in arrival order.
   *
   * @return the seeds published, and the progress markers sent with them (input offsets that are
   *     not reports)
   */
  private static long[] publishSeeds(final SurgewatchConfig config, final Path seedDir)
      throws Exception {
    final Path merged = Files.createTempFile("surgewatch-seeds", ".ndjson");
    for (final String name : List.of("incidents.ndjson", "statements.ndjson")) {
      Files.write(merged, Files.readAllLines(seedDir.resolve(name)), StandardOpenOption.APPEND);
    }
    try (EventPublisher publisher = EventPublisher.create(config)) {
      final FilePublisher.Result r =
          new FilePublisher(
                  publisher, EventPreparer.standard(), null, false, Duration.ofSeconds(10))
              .publish(merged, InputFormat.NDJSON, null);
      System.out.println("Seeds: " + r.summary());
      return new long[] {r.published(), publisher.markersSent()};
    } finally {
      Files.deleteIfExists(merged);
    }
  }
}
