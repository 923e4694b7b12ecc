package io.surgewatch.cli.bench;

import io.surgewatch.core.Keys;
import io.surgewatch.core.SurgewatchConfig;
import io.surgewatch.core.Topics;
import io.surgewatch.events.v1.IncidentEvent;
import io.surgewatch.inputs.SyntheticIncidents;
import io.surgewatch.serde.AvroSerdes;
import io.surgewatch.stack.LocalStack;
import io.surgewatch.stack.TopicInitializer;
import io.surgewatch.streams.app.AppProgress;
import io.surgewatch.streams.topology.SurgewatchTopology;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The end-to-end benchmark: a fresh local stack, a fresh app of K instances (each a JVM of its own,
 * as in production: {@link AppInstances}), synthetic reports published as fast as the producer goes
 * while the app runs, timed from the first publish until the app has committed everything; then the
 * floor (a plain consumer decoding the same topic), the output's ceiling, and publish-to-alert
 * latency at a fixed lower rate on a second app.
 */
public final class Benchmark {
  /**
   * Suffix of the cube's repartition topic, {@code
   * <application.id>-cube-contributions-repartition}.
   */
  static final String CUBE_REPARTITION_SUFFIX = "-cube-contributions-repartition";

  /**
   * Count records re-sent to measure the output's own cost: enough for a steady rate, small enough
   * to hold.
   */
  private static final int CEILING_SAMPLE = 1_000_000;

  /** The most K fresh instances may take to start and share the partitions. */
  private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(180);

  /**
   * What to run.
   *
   * @param instances app instances (separate JVMs)
   * @param inputPartitions partitions of the input topics
   */
  public record Plan(
      int events,
      long seed,
      int latencyEvents,
      int latencyRate,
      int instances,
      int inputPartitions) {
    public Plan {
      if (events <= 0
          || latencyEvents <= 0
          || latencyRate <= 0
          || instances <= 0
          || inputPartitions <= 0) {
        throw new IllegalArgumentException(
            "events, latency events and rate, instances and partitions must be positive");
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
      final SurgewatchConfig config = configure(stack, dir, "bench");
      final double pipeline = throughput(config, data, dir);
      final double baseline = floor(config);
      final double ceiling = outputCeiling(config, data.size(), pipeline);
      latency(stack, dir);
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

  /** {@code bench: cube work by partition: p0=N p1=N ... max/mean=X}. */
  static String cubeWorkLine(final long[] byPartition) {
    final StringBuilder b = new StringBuilder("bench: cube work by partition:");
    long max = 0;
    long sum = 0;
    for (int p = 0; p < byPartition.length; p++) {
      b.append(" p").append(p).append('=').append(byPartition[p]);
      max = Math.max(max, byPartition[p]);
      sum += byPartition[p];
    }
    final double mean = byPartition.length == 0 ? 0 : (double) sum / byPartition.length;
    return b.append(String.format(Locale.ROOT, " max/mean=%.2f", max / mean)).toString();
  }

  /** The streams app's settings for alerting latency (README, "Latency or throughput"). */
  static final Map<String, String> LATENCY_SETTINGS =
      Map.of("commit.interval.ms", "50", Keys.PROGRESS_INTERVAL_MS, "25");

  private SurgewatchConfig configure(final LocalStack stack, final Path dir, final String run) {
    return configure(stack, dir, run, Map.of());
  }

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
   * Publishes everything while the app runs; events/s from the first publish to the last commit.
   */
  private double throughput(
      final SurgewatchConfig config, final SyntheticIncidents data, final Path dir)
      throws Exception {
    final PeakMemory memory = new PeakMemory();
    try (AppInstances apps = AppInstances.start(config, plan.instances(), dir);
        AppProgress progress = new AppProgress(config);
        ReportPublisher publisher = new ReportPublisher(config)) {
      apps.awaitJoined(JOIN_TIMEOUT);
      out.printf(
          "bench: publishing %,d reports with the app running (exactly_once_v2, %d instance%s)...%n",
          data.size(), plan.instances(), plan.instances() == 1 ? "" : "s");
      final long start = System.nanoTime();
      for (int i = 0; i < data.size(); i++) {
        publisher.publish(data.event(i));
      }
      publisher.finish();
      final double publishSeconds = (System.nanoTime() - start) / 1e9;
      out.printf(
          "bench: published in %.1f s (%.0f reports/s; %,d rounds of progress markers)%n",
          publishSeconds, data.size() / publishSeconds, publisher.markerRounds());
      final List<double[]> samples = new ArrayList<>(); // (seconds, cube offsets committed)
      while (true) {
        final double t = (System.nanoTime() - start) / 1e9;
        // Input offsets count the progress markers too: caught up means at the end of every
        // partition, markers read.
        final long committed = progress.processedInputs();
        samples.add(new double[] {t, progress.processedByCube()});
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
          steady(samples, data.size()));
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
          cubeWorkLine(cubeWork(config))
              + " (end offsets of the cube's repartition topic: its records and"
              + " one transaction marker a commit that wrote to the partition)");
      return eps;
    }
  }

  /**
   * Offsets written to each partition of the cube's repartition topic: the cube's input, one
   * partition a task. End offsets, as Kafka Streams purges what it has committed: they also count
   * each transaction's commit marker (one a second per writing thread at the default commit
   * interval, against thousands of records). The topic is found by its suffix, not by the
   * topology's name for it.
   */
  private static long[] cubeWork(final SurgewatchConfig config) throws Exception {
    final String prefix = config.get(Keys.APPLICATION_ID) + "-";
    try (Admin admin = Admin.create(config.clientProperties())) {
      final List<String> topics =
          admin.listTopics().names().get(30, TimeUnit.SECONDS).stream()
              .filter(t -> t.startsWith(prefix) && t.endsWith(CUBE_REPARTITION_SUFFIX))
              .toList();
      if (topics.size() != 1) {
        throw new IllegalStateException(
            "expected one topic " + prefix + "*" + CUBE_REPARTITION_SUFFIX + ", found " + topics);
      }
      final Map<TopicPartition, OffsetSpec> ask = new HashMap<>();
      admin
          .describeTopics(topics)
          .allTopicNames()
          .get(30, TimeUnit.SECONDS)
          .values()
          .forEach(
              d ->
                  d.partitions()
                      .forEach(
                          p ->
                              ask.put(
                                  new TopicPartition(d.name(), p.partition()),
                                  OffsetSpec.latest())));
      final long[] work = new long[ask.size()];
      admin
          .listOffsets(ask)
          .all()
          .get(30, TimeUnit.SECONDS)
          .forEach((tp, o) -> work[tp.partition()] = o.offset());
      return work;
    }
  }

  /**
   * Reports/s while the cube stage went from 25% to 75% of its final progress (the pipeline's
   * slowest stage).
   */
  private static double steady(final List<double[]> samples, final long reports) {
    final double total = samples.get(samples.size() - 1)[1];
    double[] from = null;
    double[] to = null;
    for (final double[] s : samples) {
      if (from == null && s[1] >= total * 0.25) {
        from = s;
      }
      if (to == null && s[1] >= total * 0.75) {
        to = s;
      }
    }
    return from == null || to == null || to[0] <= from[0] || total <= 0
        ? Double.NaN
        : (to[1] - from[1]) / (to[0] - from[0]) * reports / total;
  }

  /**
   * The floor: a plain consumer reading the input topic and decoding it with the project's
   * deserializer.
   */
  private double floor(final SurgewatchConfig config) {
    final Map<String, Object> props = config.clientProperties();
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
    props.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 1 << 20);
    final var decoder = AvroSerdes.specific(IncidentEvent.class, props, false).deserializer();
    final String topic = Topics.from(config).incidents().name();
    long n = 0;
    long checksum = 0;
    final long start;
    try (KafkaConsumer<String, byte[]> c =
        new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
      final List<TopicPartition> parts =
          c.partitionsFor(topic).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      c.assign(parts);
      c.seekToBeginning(parts);
      final Map<TopicPartition, Long> end = c.endOffsets(parts);
      start = System.nanoTime();
      while (parts.stream().anyMatch(p -> c.position(p) < end.get(p))) {
        for (final ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(500))) {
          if (r.value() != null) { // a progress marker otherwise: no report
            checksum += decoder.deserialize(topic, r.value()).getKilled().getCivilians();
            n++;
          }
        }
      }
    }
    final double seconds = (System.nanoTime() - start) / 1e9;
    out.printf(
        "bench: floor: plain consumer + Avro decode of %,d reports in %.1f s: %.0f events/s (checksum %d)%n",
        n, seconds, n / seconds, checksum);
    return n / seconds;
  }

  /**
   * What the pipeline's output alone costs here: a sample of the count records the app wrote,
   * already serialized, written again by one exactly-once producer configured as the app's (a
   * transaction a commit interval) and doing nothing else. Records a report times that producer's
   * time a record bounds any pipeline that emits this output.
   *
   * @return that bound in reports/s: the producer's records/s divided by the count records a report
   *     (NaN when the app wrote none)
   */
  private double outputCeiling(
      final SurgewatchConfig config, final long reports, final double pipeline) {
    final Map<String, Object> consumerProps = config.clientProperties();
    consumerProps.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    consumerProps.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000);
    final String counts = Topics.from(config).counts().name();
    final List<byte[][]> sample = new ArrayList<>(CEILING_SAMPLE);
    long written = 0;
    try (KafkaConsumer<byte[], byte[]> c =
        new KafkaConsumer<>(
            consumerProps, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      final List<TopicPartition> parts =
          c.partitionsFor(counts).stream()
              .map(p -> new TopicPartition(counts, p.partition()))
              .toList();
      c.assign(parts);
      c.seekToBeginning(parts);
      final Map<TopicPartition, Long> end = c.endOffsets(parts);
      // End offsets also count one commit marker a partition per transaction: a few thousand among
      // millions.
      written = end.values().stream().mapToLong(Long::longValue).sum();
      while (sample.size() < CEILING_SAMPLE
          && parts.stream().anyMatch(p -> c.position(p) < end.get(p))) {
        for (final ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(500))) {
          if (sample.size() < CEILING_SAMPLE) {
            sample.add(new byte[][] {r.key(), r.value()});
          }
        }
      }
    }
    if (sample.isEmpty()) {
      return Double.NaN;
    }
    final String target = counts + "-ceiling";
    TopicInitializer.ensureTopics(
        config.clientProperties(),
        List.of(
            new NewTopic(
                target,
                Topics.from(config).counts().partitions(),
                (short) config.getInt(Keys.TOPIC_REPLICATION_FACTOR))),
        Duration.ofSeconds(60));
    final Properties streamsProps = SurgewatchTopology.streamsProperties(config);
    final Map<String, Object> producerProps =
        new StreamsConfig(streamsProps).getProducerConfigs("surgewatch-bench-ceiling");
    producerProps.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "surgewatch-bench-ceiling");
    final long commitEveryNanos =
        Long.parseLong(String.valueOf(streamsProps.get(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG)))
            * 1_000_000L;
    final long start;
    try (KafkaProducer<byte[], byte[]> p =
        new KafkaProducer<>(producerProps, new ByteArraySerializer(), new ByteArraySerializer())) {
      p.initTransactions();
      start = System.nanoTime();
      long nextCommit = start + commitEveryNanos;
      p.beginTransaction();
      for (final byte[][] r : sample) {
        p.send(new ProducerRecord<>(target, r[0], r[1]));
        if (System.nanoTime() >= nextCommit) {
          p.commitTransaction();
          p.beginTransaction();
          nextCommit = System.nanoTime() + commitEveryNanos;
        }
      }
      p.commitTransaction();
    }
    final double seconds = (System.nanoTime() - start) / 1e9;
    final double recordsPerSecond = sample.size() / seconds;
    final double perReport = (double) written / reports;
    out.printf(
        "bench: output: the app wrote about %,d count records, %.1f a report; an exactly-once producer doing nothing"
            + " else writes them at %,.0f records/s here (%,d of them re-sent as they were), so with this output no pipeline"
            + " passes %,.0f reports/s on this machine (this one ran at %,.0f)%n",
        written,
        perReport,
        recordsPerSecond,
        sample.size(),
        recordsPerSecond / perReport,
        pipeline);
    return recordsPerSecond / perReport;
  }

  /** Publish-to-alert latency on a fresh app, at a fixed rate, with surges late in the history. */
  private void latency(final LocalStack stack, final Path dir) throws Exception {
    // The latency settings the README recommends for alerting: a transaction every 50 ms (each of
    // the three hops
    // from report to alert waits for one) and progress every 25 ms, against a second between
    // transactions for
    // throughput. Settings given to bench win.
    final SurgewatchConfig config = configure(stack, dir, "latency", LATENCY_SETTINGS);
    final SyntheticIncidents data =
        SyntheticIncidents.generate(
            plan.latencyEvents(),
            plan.seed() + 1,
            400,
            new int[][] {{0, 1, 300, 2}, {1, 2, 320, 2}, {2, 0, 340, 2}, {0, 3, 330, 2}});
    final List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
    try (AppInstances apps = AppInstances.start(config, plan.instances(), dir);
        AppProgress progress = new AppProgress(config);
        ReportPublisher publisher = new ReportPublisher(config)) {
      apps.awaitJoined(JOIN_TIMEOUT);
      final AtomicBoolean done = new AtomicBoolean();
      final Thread watcher = alertWatcher(config, latencies, done);
      final long start = System.nanoTime();
      for (int i = 0; i < data.size(); i++) {
        final long due = start + (long) (i * 1e9 / plan.latencyRate());
        // Parked, not spinning: on two cores a spinning publisher took one of them from the app and
        // the broker.
        for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
          LockSupport.parkNanos(wait);
        }
        publisher.publish(data.event(i));
      }
      publisher.finish();
      final boolean caughtUp =
          progress.awaitCaughtUp(
              Duration.ofSeconds(120),
              () -> {
                apps.requireAlive();
                return false;
              });
      if (!caughtUp) {
        out.println(
            "bench: latency: the app had not caught up 120 s after the last report; alerts read until then");
      }
      // An alert of the open day is published by a wall-clock punctuation, then committed: one
      // period of each.
      Thread.sleep(
          config.getMillis(Keys.OPEN_DAY_FLUSH_MS).toMillis()
              + Long.parseLong(
                  String.valueOf(
                      SurgewatchTopology.streamsProperties(config)
                          .get(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG))));
      done.set(
          true); // not an interrupt: an interrupted consumer cannot close cleanly and logs an error
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

  /**
   * Alerts carry the timestamp of the report that triggered them (its publish time): latency = now
   * - that. Once {@code done}, reads on to the end of the alerts topic as it is then, and stops.
   */
  private Thread alertWatcher(
      final SurgewatchConfig config, final List<Long> latencies, final AtomicBoolean done) {
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
                  pollLatencies(c, latencies);
                }
                final Map<TopicPartition, Long> end =
                    c.endOffsets(parts); // read_committed: the last stable offsets
                while (parts.stream().anyMatch(p -> c.position(p) < end.get(p))) {
                  pollLatencies(c, latencies);
                }
              }
            },
            "bench-alert-watcher");
    t.setDaemon(true);
    t.start();
    return t;
  }

  private static void pollLatencies(
      final KafkaConsumer<String, byte[]> c, final List<Long> latencies) {
    for (final ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(100))) {
      latencies.add(System.currentTimeMillis() - r.timestamp());
    }
  }

  private static long size(final Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return 0;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
  }

  private static void deleteQuietly(final Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (final IOException | RuntimeException e) {
      // a temp dir left behind is not worth failing the benchmark over
    }
  }

  /** Peak heap over the run (sampled) and the process's peak RSS (VmHWM). */
  static final class PeakMemory {
    long peakHeap;

    void sample() {
      long used = 0;
      for (final MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
        if (pool.getType() == MemoryType.HEAP) {
          used += pool.getPeakUsage().getUsed();
        }
      }
      peakHeap = Math.max(peakHeap, used);
    }

    /** In KiB, from /proc (Linux); 0 elsewhere. */
    static long peakRss() {
      return peakRss(Path.of("/proc/self/status"));
    }

    /**
     * A process's VmHWM in KiB from its /proc status file; 0 when there is none (not Linux, the
     * process gone).
     */
    static long peakRss(final Path status) {
      try {
        for (final String line : Files.readAllLines(status)) {
          if (line.startsWith("VmHWM:")) {
            return Long.parseLong(line.replaceAll("\\D", ""));
          }
        }
      } catch (final IOException | RuntimeException e) {
        // not Linux
      }
      return 0;
    }
  }
}
