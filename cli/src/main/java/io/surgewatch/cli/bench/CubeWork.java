package io.surgewatch.cli.bench;

import io.surgewatch.backtest.WorkByPartition;
import io.surgewatch.core.EventPreparer;
import io.surgewatch.core.EventTypes;
import io.surgewatch.core.Keys;
import io.surgewatch.core.ShardPlacement;
import io.surgewatch.core.SurgewatchConfig;
import io.surgewatch.core.TopicOffsets;
import io.surgewatch.engine.Contribution;
import io.surgewatch.engine.EngineConfig;
import io.surgewatch.engine.RevisionTracker;
import io.surgewatch.inputs.SyntheticIncidents;
import io.surgewatch.streams.topology.SurgewatchTopology;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.TopicPartition;

/**
 * How evenly the cube's work spread over its partitions (one a task): the records written to each
 * partition of the cube's repartition topic (a report's contributions to one partition are one
 * record, so these count reports a partition heard of, not work), the key updates stage 1's split
 * of the reports gives each (the measure of work), and the lines that report them.
 */
final class CubeWork {
  /** Suffix of the cube's repartition topic. */
  static final String REPARTITION_SUFFIX = SurgewatchTopology.CUBE_REPARTITION_SUFFIX;

  private CubeWork() {}

  /**
   * Offsets written to each partition of the cube's repartition topic: the cube's input, one
   * partition a task. End offsets, as Kafka Streams purges what it has committed: they also count
   * each transaction's commit marker (one a second per writing thread at the default commit
   * interval, against thousands of records). The topic is found by its suffix, not by the
   * topology's name for it.
   */
  static long[] byPartition(final SurgewatchConfig config) throws Exception {
    final String prefix = config.get(Keys.APPLICATION_ID) + "-";
    try (Admin admin = Admin.create(config.clientProperties())) {
      final List<String> topics =
          admin.listTopics().names().get(30, TimeUnit.SECONDS).stream()
              .filter(t -> t.startsWith(prefix) && t.endsWith(REPARTITION_SUFFIX))
              .toList();
      if (topics.size() != 1) {
        throw new IllegalStateException(
            "expected one topic " + prefix + "*" + REPARTITION_SUFFIX + ", found " + topics);
      }
      final Map<TopicPartition, Long> ends =
          TopicOffsets.latest(admin, topics, Duration.ofSeconds(30));
      final long[] work = new long[ends.size()];
      ends.forEach((tp, o) -> work[tp.partition()] = o);
      return work;
    }
  }

  /**
   * The records written to each of the app's internal topics (its stores' changelogs and its
   * repartition topics, named without the application id) and to the counts topic, divided by
   * {@code reports}, largest first: where the pipeline's writes go. Each changelog record is also
   * one write to the store's RocksDB. End offsets, so transaction markers are counted too (one a
   * commit that wrote to a partition).
   */
  static String writesByTopic(final SurgewatchConfig config, final long reports) throws Exception {
    final String prefix = config.get(Keys.APPLICATION_ID) + "-";
    final String counts = config.get(Keys.TOPIC_COUNTS);
    try (Admin admin = Admin.create(config.clientProperties())) {
      final List<String> topics =
          admin.listTopics().names().get(30, TimeUnit.SECONDS).stream()
              .filter(t -> t.startsWith(prefix) || t.equals(counts))
              .toList();
      final Map<String, Long> byTopic = new HashMap<>();
      TopicOffsets.latest(admin, topics, Duration.ofSeconds(30))
          .forEach(
              (tp, o) ->
                  byTopic.merge(
                      tp.topic().startsWith(prefix)
                          ? tp.topic().substring(prefix.length())
                          : tp.topic(),
                      o,
                      Long::sum));
      return writesLine(byTopic, reports);
    }
  }

  /** Each topic's records a report, one decimal, largest first (then by name). */
  static String writesLine(final Map<String, Long> byTopic, final long reports) {
    return byTopic.entrySet().stream()
        .sorted(
            Map.Entry.<String, Long>comparingByValue()
                .reversed()
                .thenComparing(Map.Entry.comparingByKey()))
        .map(
            e -> String.format(Locale.ROOT, "%s=%.1f", e.getKey(), e.getValue() / (double) reports))
        .collect(Collectors.joining(" "));
  }

  /**
   * Count records by the cube partition that wrote them: a count key starts with its cube key,
   * whose shard's partition ({@link ShardPlacement}) emitted it. The output is most of a shard's
   * work, and unlike the repartition topic it counts a key update where it happens (a shard gets a
   * batch of a stage-1 commit there, however many reports and keys it holds).
   */
  static final class OutputByPartition {
    private final int partitions;
    private final long[] work;
    private final Map<String, Integer> placed = new HashMap<>();

    OutputByPartition(final int partitions) {
      this.partitions = partitions;
      this.work = new long[partitions];
    }

    void add(final byte[] countKey) {
      int end = 0;
      for (int bars = 0; end < countKey.length; end++) {
        if (countKey[end] == '|' && ++bars == 3) {
          break;
        }
      }
      final String cubeKey = new String(countKey, 0, end, StandardCharsets.UTF_8);
      work[placed.computeIfAbsent(cubeKey, k -> ShardPlacement.partitionOfKey(k, partitions))]++;
    }

    long[] work() {
      return work.clone();
    }
  }

  /**
   * The cube's key updates by partition for these reports, as stage 1 splits them into shards
   * ({@link RevisionTracker}, {@link ShardPlacement}) and backtest counts them: the measure of work
   * that repartition records only approximate (a region's record updates its group keys and its
   * total, a rollup's one key). Computed from the reports, whatever the run did.
   */
  static long[] keyUpdates(final SyntheticIncidents data, final SurgewatchConfig config) {
    final int partitions = config.getInt(Keys.TOPIC_PARTITIONS);
    final RevisionTracker stage1 =
        new RevisionTracker(
            RevisionTracker.Store.inMemory(),
            EngineConfig.from(config).historyDays(),
            EventTypes.of(config.getList(Keys.INCIDENTS_COUNTED_TYPES)));
    final EventPreparer canonical = EventPreparer.standard();
    final long[] work = new long[partitions];
    final Map<String, Integer> placed = new HashMap<>();
    for (int i = 0; i < data.size(); i++) {
      final RevisionTracker.Outcome outcome = stage1.accept(canonical.incident(data.event(i)));
      for (final Contribution c : outcome.contributions()) {
        work[placed.computeIfAbsent(c.shardKey(), k -> ShardPlacement.partition(k, partitions))] +=
            c.cubeKeys().size();
      }
    }
    return work;
  }

  /** {@code bench: cube work by partition (key updates): p0=N p1=N ... max/mean=X}. */
  static String line(final long[] byPartition) {
    return line("bench: cube work by partition (key updates):", byPartition);
  }

  /** {@code <label> p0=N p1=N ... max/mean=X}. */
  static String line(final String label, final long[] byPartition) {
    return WorkByPartition.line(label, byPartition);
  }
}
