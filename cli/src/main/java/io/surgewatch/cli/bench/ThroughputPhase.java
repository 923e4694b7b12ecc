package io.surgewatch.cli.bench;

import io.surgewatch.core.Keys;
import io.surgewatch.core.SurgewatchConfig;
import io.surgewatch.inputs.SyntheticIncidents;
import io.surgewatch.streams.app.AppProgress;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The pipeline's figure: K fresh app instances, every report published as fast as the producer goes
 * while they run, events/s from the first publish until the app has committed everything. With a
 * backlog, every report is published first and the app started after, events/s from its first
 * instance's joining: what the Flink peer's harness measures (its job reads a topic written before
 * it starts), and what replaying history is. Prints the steady rate of the cube stage, the memory
 * and disk the run took, and the cube's work by partition ({@link CubeWork}).
 */
final class ThroughputPhase {
  private final SurgewatchConfig config;
  private final int instances;
  private final boolean backlog;
  private final Path dir;
  private final PrintStream out;

  ThroughputPhase(
      final SurgewatchConfig config,
      final int instances,
      final boolean backlog,
      final Path dir,
      final PrintStream out) {
    this.config = config;
    this.instances = instances;
    this.backlog = backlog;
    this.dir = dir;
    this.out = out;
  }

  /**
   * Publishes everything while the app runs (or before it starts, with a backlog); events/s from
   * the first publish (or the app's first joining) to the last commit.
   */
  double run(final SyntheticIncidents data) throws Exception {
    final PeakMemory memory = new PeakMemory();
    final String guarantee =
        "exactly_once_v2, " + instances + " instance" + (instances == 1 ? "" : "s");
    if (backlog) {
      out.printf(
          "bench: publishing %,d reports before the app starts (a backlog)...%n", data.size());
      try (ReportPublisher publisher = new ReportPublisher(config)) {
        publish(publisher, data);
      }
    }
    final long started = System.nanoTime();
    try (AppInstances apps = AppInstances.start(config, instances, dir);
        AppProgress progress = new AppProgress(config);
        ReportPublisher publisher = backlog ? null : new ReportPublisher(config)) {
      final long start;
      if (backlog) {
        // From the first instance's joining, as the peer's job is timed from RUNNING: the first
        // instance takes the backlog as soon as it holds partitions, before the others join.
        apps.awaitJoined(1, AppInstances.JOIN_TIMEOUT);
        start = System.nanoTime();
        out.printf(
            "bench: the app (%s) joined %.1f s after its start; timed from here...%n",
            guarantee, (start - started) / 1e9);
        apps.awaitJoined(instances, AppInstances.JOIN_TIMEOUT);
      } else {
        apps.awaitJoined(instances, AppInstances.JOIN_TIMEOUT);
        out.printf(
            "bench: publishing %,d reports with the app running (%s)...%n", data.size(), guarantee);
        start = System.nanoTime();
        publish(publisher, data);
      }
      final ProgressTimeline timeline =
          new ProgressTimeline(backlog ? "the app's first joining" : "the first publish");
      while (true) {
        final double t = (System.nanoTime() - start) / 1e9;
        // Input offsets count the progress markers too: caught up means at the end of every
        // partition, markers read.
        final long committed = progress.processedInputs();
        timeline.add(t, committed, progress.processedByCube());
        memory.sample();
        if (committed >= data.size() && progress.caughtUp()) {
          break;
        }
        apps.requireAlive();
        if (t > 3600) {
          throw new IllegalStateException("the app did not catch up within an hour");
        }
        Thread.sleep(250);
      }
      final double seconds = (System.nanoTime() - start) / 1e9;
      final double eps = data.size() / seconds;
      out.printf(
          "bench: end-to-end %,d reports in %.1f s: %.0f events/s%n", data.size(), seconds, eps);
      out.printf(
          "bench: steady state (cube stage, 25%%..75%% of its input): %.0f events/s%n",
          timeline.cubeSteady(data.size()));
      out.println(timeline.line());
      final List<String> fencings = apps.fencings();
      if (!fencings.isEmpty()) {
        out.println(
            "bench: WARNING: the app's producers were fenced ("
                + String.join(", ", fencings)
                + "): a transaction outlived transaction.timeout.ms, the tasks were restored from"
                + " their changelogs and their work done again; these figures include that");
      }
      out.printf(
          "bench: peak heap %d MiB, peak RSS %d MiB (this JVM: broker, registry, publisher); app instances"
              + " (separate JVMs) peak RSS %s MiB; state on disk %d MiB%n",
          memory.peakHeap >> 20,
          PeakMemory.peakRss() >> 10,
          apps.peakRssKiB().stream()
              .map(k -> Long.toString(k >> 10))
              .collect(Collectors.joining(" + ")),
          size(Path.of(config.get(Keys.STATE_DIR))) >> 20);
      out.println(
          CubeWork.line(CubeWork.keyUpdates(data, config))
              + " (stage 1's split of these reports into shards, each contribution's cube keys on"
              + " its partition, as backtest counts them)");
      out.println(
          CubeWork.line("bench: cube input records by partition:", CubeWork.byPartition(config))
              + " (end offsets of the cube's repartition topic: a record a stage-1 commit and"
              + " partition it has contributions for, the news of each later day, progress, and"
              + " one transaction marker a commit that wrote to it; not a measure of work)");
      out.println(
          "bench: records written a report, by topic: "
              + CubeWork.writesByTopic(config, data.size())
              + " (end offsets after the run: the counts topic, each store's changelog (one RocksDB"
              + " write a record) and the repartition topics)");
      return eps;
    }
  }

  /** Publishes every report as fast as the producer goes, markers included, and says how fast. */
  private void publish(final ReportPublisher publisher, final SyntheticIncidents data)
      throws Exception {
    final long start = System.nanoTime();
    for (int i = 0; i < data.size(); i++) {
      publisher.publish(data.event(i));
    }
    publisher.finish();
    final double seconds = (System.nanoTime() - start) / 1e9;
    out.printf(
        "bench: published in %.1f s (%.0f reports/s; %,d rounds of progress markers)%n",
        seconds, data.size() / seconds, publisher.markerRounds());
  }

  private static long size(final Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return 0;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
  }
}
