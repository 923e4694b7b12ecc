package io.surgewatch.cli.bench;

import io.surgewatch.cli.Main;
import io.surgewatch.core.Keys;
import io.surgewatch.core.SurgewatchConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.GroupState;

/**
 * K instances of the streams app as production runs them: each a JVM of its own running this
 * project's {@code streams} command (the classpath and java binary of this JVM), with its own state
 * directory, one application.id. Every K, one included, runs this way, so figures for different K
 * compare the same thing.
 *
 * <p>The children are stopped on {@link #close()} (SIGTERM, then SIGKILL after the app's close
 * timeout) and, should this JVM exit first (Ctrl-C, a failure), by a shutdown hook; a JVM killed
 * with SIGKILL cannot stop them.
 */
final class AppInstances implements AutoCloseable {
  /** The app's own close waits up to 30 s (StreamsApp.close); a little more before SIGKILL. */
  private static final Duration STOP_GRACE = Duration.ofSeconds(40);

  /** The most K fresh instances may take to start and share the partitions. */
  static final Duration JOIN_TIMEOUT = Duration.ofSeconds(180);

  private final SurgewatchConfig config;
  private final List<Process> processes;
  private final List<Path> logs;
  private final Thread hook;

  private AppInstances(
      final SurgewatchConfig config, final List<Process> processes, final List<Path> logs) {
    this.config = config;
    this.processes = processes;
    this.logs = logs;
    this.hook = new Thread(this::stop, "bench-stop-app-instances");
    Runtime.getRuntime().addShutdownHook(hook);
  }

  /**
   * Starts {@code count} instances of {@code config}'s app; instance i keeps its state in {@code
   * <state.dir>/i} and logs to {@code dir/<application.id>-i.log}. Returns at once: see {@link
   * #awaitJoined}.
   */
  static AppInstances start(final SurgewatchConfig config, final int count, final Path dir)
      throws IOException {
    final List<Process> processes = new ArrayList<>(count);
    final List<Path> logs = new ArrayList<>(count);
    try {
      for (int i = 0; i < count; i++) {
        final String name = config.get(Keys.APPLICATION_ID) + "-" + i;
        // The dashboard of each on a free port: K of them on one machine, beside whatever already
        // holds 8080.
        final SurgewatchConfig own =
            config
                .with(Keys.STATE_DIR, Path.of(config.get(Keys.STATE_DIR), "" + i).toString())
                .with(Keys.DASHBOARD_PORT, "0");
        final Path file = dir.resolve(name + ".properties");
        final Properties props = new Properties();
        props.putAll(own.asMap());
        try (var w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
          props.store(w, "bench: streams app instance " + i);
        }
        final Path log = dir.resolve(name + ".log");
        final ProcessBuilder pb =
            new ProcessBuilder(command(file))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        // The file holds the whole resolved configuration, environment included: no variable may
        // override it.
        pb.environment().keySet().removeIf(k -> k.startsWith(SurgewatchConfig.ENV_PREFIX));
        processes.add(pb.start());
        logs.add(log);
      }
    } catch (final IOException | RuntimeException e) {
      processes.forEach(Process::destroyForcibly);
      throw e;
    }
    return new AppInstances(config, processes, logs);
  }

  /**
   * {@code java <this JVM's heap and GC flags> -cp <this classpath> io.surgewatch.cli.Main streams
   * --config FILE}.
   */
  static List<String> command(final Path configFile) {
    final List<String> cmd = new ArrayList<>();
    cmd.add(
        ProcessHandle.current()
            .info()
            .command()
            .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    cmd.addAll(jvmFlags());
    cmd.addAll(
        flightRecording(configFile.getFileName().toString().replaceFirst("\\.properties$", "")));
    cmd.addAll(
        List.of(
            "-cp",
            System.getProperty("java.class.path"),
            Main.class.getName(),
            "streams",
            "--config",
            configFile.toString()));
    return cmd;
  }

  /**
   * A flight recording of the instance when bench itself records one ({@code
   * -XX:StartFlightRecording=...,filename= F.jfr} in SURGEWATCH_JAVA_OPTS): the same settings, into
   * {@code F-<instance>.jfr}, so the app is profiled where it runs.
   */
  static List<String> flightRecording(final String instance) {
    return ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .filter(a -> a.startsWith("-XX:StartFlightRecording") && a.contains("filename="))
        .map(
            a ->
                a.replaceAll(
                    "filename=([^,]*?)(\\.jfr)?(,|$)", "filename=$1-" + instance + ".jfr$3"))
        .toList();
  }

  /**
   * This JVM's heap, stack and -XX flags: the launcher's settings for bench (heap, collector) apply
   * to each instance. Not a flight recording: K recordings would write one file.
   */
  static List<String> jvmFlags() {
    return ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .filter(a -> a.startsWith("-Xm") || a.startsWith("-Xss") || a.startsWith("-XX:"))
        .filter(
            a ->
                !a.startsWith("-XX:StartFlightRecording")
                    && !a.startsWith("-XX:FlightRecorderOptions"))
        .toList();
  }

  /**
   * Waits until every instance has joined: the app's group is stable and each of the K instances (a
   * Kafka Streams client, whatever its number of stream threads) holds partitions.
   *
   * @throws IllegalStateException when an instance exits or the timeout passes, with the end of its
   *     log
   */
  void awaitJoined(final Duration timeout) throws Exception {
    awaitJoined(processes.size(), timeout);
  }

  /**
   * Waits until at least {@code count} instances hold partitions in a stable group (1: the first to
   * join, which starts processing then, before the others).
   */
  void awaitJoined(final int count, final Duration timeout) throws Exception {
    final String group = config.get(Keys.APPLICATION_ID);
    final long deadline = System.nanoTime() + timeout.toNanos();
    try (Admin admin = Admin.create(config.clientProperties())) {
      while (true) {
        requireAlive();
        final int joined = instancesWithPartitions(admin, group);
        if (joined >= count) {
          return;
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              count
                  + " of "
                  + processes.size()
                  + " app instances did not join group "
                  + group
                  + " within "
                  + timeout.toSeconds()
                  + " s ("
                  + joined
                  + " hold partitions); "
                  + logTail(0));
        }
        // Looked at often: a clock started on the return would count work done before it for free.
        Thread.sleep(50);
      }
    }
  }

  /**
   * Instances holding partitions in a stable group; 0 while it rebalances or cannot be described.
   */
  private static int instancesWithPartitions(final Admin admin, final String group)
      throws InterruptedException {
    final ConsumerGroupDescription d;
    try {
      d =
          admin
              .describeConsumerGroups(List.of(group))
              .describedGroups()
              .get(group)
              .get(10, TimeUnit.SECONDS);
    } catch (final ExecutionException | TimeoutException e) {
      return 0; // not created yet, or the coordinator is loading: asked again
    }
    if (d.groupState() != GroupState.STABLE) {
      return 0;
    }
    // Each stream thread is a member, with client id <application.id>-<process
    // id>-StreamThread-<n>-consumer.
    final Set<String> clients = new HashSet<>();
    for (final MemberDescription m : d.members()) {
      final int thread = m.clientId().indexOf("-StreamThread-");
      if (thread > 0 && !m.assignment().topicPartitions().isEmpty()) {
        clients.add(m.clientId().substring(0, thread));
      }
    }
    return clients.size();
  }

  /**
   * @throws IllegalStateException naming the first instance that has exited, with the end of its
   *     log
   */
  void requireAlive() {
    for (int i = 0; i < processes.size(); i++) {
      if (!processes.get(i).isAlive()) {
        throw new IllegalStateException(
            "app instance "
                + i
                + " exited with "
                + processes.get(i).exitValue()
                + "; "
                + logTail(i));
      }
    }
  }

  private String logTail(final int instance) {
    try {
      final List<String> lines = Files.readAllLines(logs.get(instance), StandardCharsets.UTF_8);
      return "the end of its log ("
          + logs.get(instance)
          + "):\n  "
          + String.join("\n  ", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
    } catch (final IOException | UncheckedIOException e) {
      return "its log unreadable (" + e.getMessage() + ")";
    }
  }

  /**
   * When each instance's stream threads lost their tasks to a fenced producer: an exactly-once
   * transaction outlived its timeout, and the tasks were revived from their changelogs and their
   * work done again, which a run's figures then include. One entry a second in which it happened,
   * as "instance i at HH:mm:ss".
   */
  List<String> fencings() {
    final List<String> out = new ArrayList<>();
    for (int i = 0; i < logs.size(); i++) {
      try {
        for (final String second :
            fencedSeconds(Files.readAllLines(logs.get(i), StandardCharsets.UTF_8))) {
          out.add("instance " + i + " at " + second);
        }
      } catch (final IOException | UncheckedIOException e) {
        // no log, no finding: a run that failed names its own cause
      }
    }
    return out;
  }

  /**
   * The seconds (HH:mm:ss, the launcher's log format) of ERROR entries whose exception says the
   * producer was fenced: Kafka Streams logs the entry's line, then the exception on the next.
   */
  static Set<String> fencedSeconds(final List<String> log) {
    final Set<String> seconds = new TreeSet<>();
    String entry = null;
    for (final String line : log) {
      if (line.length() > 9 && line.charAt(2) == ':' && line.startsWith(" ERROR ", 8)) {
        entry = line.substring(0, 8);
      } else if (line.length() > 9 && line.charAt(2) == ':' && line.charAt(8) == ' ') {
        entry = null; // an entry of another level
      }
      if (entry != null
          && (line.contains("InvalidProducerEpochException")
              || line.contains("ProducerFencedException"))) {
        seconds.add(entry);
      }
    }
    return seconds;
  }

  /** Each instance's peak resident set so far, in KiB (VmHWM in /proc; 0 where there is none). */
  List<Long> peakRssKiB() {
    return processes.stream()
        .map(p -> PeakMemory.peakRss(Path.of("/proc", "" + p.pid(), "status")))
        .toList();
  }

  /**
   * SIGTERM to all at once (each closes its app), then SIGKILL to any still running after the
   * grace.
   */
  private void stop() {
    processes.forEach(Process::destroy);
    final long deadline = System.nanoTime() + STOP_GRACE.toNanos();
    for (final Process p : processes) {
      try {
        if (!p.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
          p.destroyForcibly();
        }
      } catch (final InterruptedException e) {
        p.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
    processes.forEach(Process::destroyForcibly); // no-op for those that exited
  }

  @Override
  public void close() {
    stop();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (final IllegalStateException e) {
      // the JVM is shutting down: the hook runs (or ran) stop() too
    }
  }
}
