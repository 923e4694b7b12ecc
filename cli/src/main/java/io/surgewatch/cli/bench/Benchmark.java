package io.surgewatch.cli.bench;

import io.surgewatch.core.Keys;
import io.surgewatch.core.SurgewatchConfig;
import io.surgewatch.core.Topics;
import io.surgewatch.inputs.SyntheticIncidents;
import io.surgewatch.stack.LocalStack;
import io.surgewatch.stack.TopicInitializer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;

/**
 * The end-to-end benchmark: a fresh local stack, a fresh app of K instances (each a JVM of its own,
 * as in production: {@link AppInstances}), synthetic reports published as fast as the producer goes
 * while the app runs, timed from the first publish until the app has committed everything (or, with
 * {@code --backlog}, published first and timed from the app's joining: {@link ThroughputPhase});
 * then the floor (a plain consumer decoding the same topic: {@link ConsumerFloor}), the output's
 * ceiling ({@link OutputCeiling}), and publish-to-alert latency at a fixed lower rate on a second
 * app ({@link LatencyPhase}). This class runs them in that order, each on topics of its run, and
 * prints the summary line last.
 */
public final class Benchmark {

  /**
   * What to run.
   *
   * @param latencyWarmup reports the latency phase's app processes at the rate before the measured
   *     ones (0: none, a cold JVM)
   * @param instances app instances (separate JVMs)
   * @param inputPartitions partitions of the input topics
   * @param backlog publish every report before the app starts and time it from its joining (as the
   *     Flink peer's harness does), rather than from the first publish with the app running
   */
  public record Plan(
      int events,
      long seed,
      int latencyEvents,
      int latencyRate,
      int latencyWarmup,
      int instances,
      int inputPartitions,
      boolean backlog) {
    public Plan {
      if (events <= 0
          || latencyEvents <= 0
          || latencyRate <= 0
          || latencyWarmup < 0
          || instances <= 0
          || inputPartitions <= 0) {
        throw new IllegalArgumentException(
            "events, latency events and rate, instances and partitions must be positive, the"
                + " warm-up not negative");
      }
    }
  }

  private final SurgewatchConfig base;
  private final Plan plan;
  private final PrintStream out;

  public Benchmark(final SurgewatchConfig base, final Plan plan, final PrintStream out) {
    this.base = base;
    this.plan = plan;
    this.out = out;
  }

  public void run() throws Exception {
    final Path dir = Files.createTempDirectory("surgewatch-bench");
    out.printf(
        "bench: machine: %d cores, %s, max heap %d MiB; data in %s%n",
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.vm.name") + " " + System.getProperty("java.version"),
        Runtime.getRuntime().maxMemory() >> 20,
        dir);
    out.printf(
        "bench: instances=%d input_partitions=%d cube_partitions=%d (each instance a JVM of its own running"
            + " 'streams' with this JVM's heap and GC flags: %s)%n",
        plan.instances(),
        plan.inputPartitions(),
        base.getInt(Keys.TOPIC_PARTITIONS),
        String.join(" ", AppInstances.jvmFlags()));
    try (LocalStack stack = LocalStack.start(dir.resolve("stack"), 0, 0)) {
      out.printf("bench: generating %,d reports...%n", plan.events());
      final SyntheticIncidents data = SyntheticIncidents.generate(plan.events(), plan.seed());
      final SurgewatchConfig config = configure(stack, dir, "bench", Map.of());
      final double pipeline =
          new ThroughputPhase(config, plan.instances(), plan.backlog(), dir, out).run(data);
      final double baseline = new ConsumerFloor(config, out).measure();
      final double ceiling = new OutputCeiling(config, out).measure(data.size(), pipeline);
      dropRun(config, "bench", dir);
      final SurgewatchConfig latency = configure(stack, dir, "latency", LatencyPhase.SETTINGS);
      new LatencyPhase(latency, plan, dir, out).run();
      out.println(summaryLine(pipeline, baseline, ceiling));
    } finally {
      deleteQuietly(dir);
    }
  }

  /**
   * The last line: {@code bench: pipeline_eps=N baseline_eps=M ratio=R ceiling_eps=C
   * ceiling_ratio=Q}, with R = N/M and Q = N/C (C is NaN, and so Q, when the app wrote no count
   * records to measure).
   */
  static String summaryLine(final double pipeline, final double baseline, final double ceiling) {
    return String.format(
        Locale.ROOT,
        "bench: pipeline_eps=%.0f baseline_eps=%.0f ratio=%.2f ceiling_eps=%.0f"
            + " ceiling_ratio=%.2f",
        pipeline,
        baseline,
        pipeline / baseline,
        ceiling,
        pipeline / ceiling);
  }

  /**
   * The settings of one run ({@code run}: "bench", "latency"): topics, application id and state
   * directory of its own on the stack, created before the run starts. {@code defaults} apply where
   * bench was given no value of its own.
   */
  private SurgewatchConfig configure(
      final LocalStack stack,
      final Path dir,
      final String run,
      final Map<String, String> defaults) {
    final Map<String, String> s = new HashMap<>();
    defaults.forEach(
        (k, v) -> {
          if (Set.of("default", "unset").contains(base.origin(k))) {
            s.put(k, v);
          }
        });
    s.put(Keys.BOOTSTRAP_SERVERS, stack.bootstrapServers());
    s.put(Keys.SCHEMA_REGISTRY_URL, stack.registryUrl());
    for (final String t :
        List.of("incidents", "statements", "counts", "alerts", "dead-letter", "statement-counts")) {
      s.put("topic." + t, run + "." + t);
    }
    s.put(Keys.APPLICATION_ID, "surgewatch-" + run);
    s.put(Keys.STATE_DIR, dir.resolve("state-" + run).toString());
    s.put(Keys.TOPIC_INPUT_PARTITIONS, Integer.toString(plan.inputPartitions()));
    final SurgewatchConfig config = base.withAll(s);
    TopicInitializer.ensureTopics(
        config.clientProperties(), Topics.from(config).newTopics(), Duration.ofSeconds(60));
    return config;
  }

  /**
   * Deletes a finished run's topics and state. Its compacted topics (the counts, the changelogs:
   * some 15 million records after the default run) would otherwise keep the broker's log cleaner
   * busy for minutes on the cores the next phase measures.
   */
  private void dropRun(final SurgewatchConfig config, final String run, final Path dir)
      throws Exception {
    try (Admin admin = Admin.create(config.clientProperties())) {
      final List<String> topics =
          admin.listTopics().names().get().stream()
              .filter(t -> t.startsWith(run + ".") || t.startsWith("surgewatch-" + run + "-"))
              .sorted()
              .toList();
      admin.deleteTopics(topics).all().get();
      out.printf(
          "bench: deleted the %s run's %d topics, so that compacting them does not weigh on the"
              + " latency phase%n",
          run, topics.size());
    }
    deleteQuietly(dir.resolve("state-" + run));
  }

  private static void deleteQuietly(final Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (final IOException | RuntimeException e) {
      // a temp dir left behind is not worth failing the benchmark over
    }
  }
}
