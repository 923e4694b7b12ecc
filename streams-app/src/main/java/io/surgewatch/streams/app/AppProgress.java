package io.surgewatch.streams.app;

import io.surgewatch.core.Keys;
import io.surgewatch.core.SurgewatchConfig;
import io.surgewatch.core.TopicOffsets;
import io.surgewatch.core.Topics;
import io.surgewatch.streams.topology.SurgewatchTopology;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * How far the streams app has got, from the outside: its consumer group's committed offsets against
 * the end of every topic it reads (the inputs and its own repartition topics). The app writes
 * repartition topics in transactions, whose commit marker takes an offset after the last record,
 * hence an allowance of one there. Used by demo --exit-when-done, bench and the integration tests.
 */
public final class AppProgress implements AutoCloseable {
  private final Admin admin;
  private final String group;
  private final Set<String> inputs;
  // The setting that names each input topic, for the error when one does not exist.
  private final Map<String, String> inputKeys;
  private final String servers;

  public AppProgress(final SurgewatchConfig config) {
    this.admin = Admin.create(config.clientProperties());
    this.group = config.get(Keys.APPLICATION_ID);
    this.servers = config.get(Keys.BOOTSTRAP_SERVERS);
    final Topics topics = Topics.from(config);
    this.inputKeys =
        new TreeMap<>(
            Map.of(
                topics.incidents().name(), Keys.TOPIC_INCIDENTS,
                topics.statements().name(), Keys.TOPIC_STATEMENTS));
    this.inputs = inputKeys.keySet();
  }

  private Map<TopicPartition, OffsetAndMetadata> committed() throws Exception {
    return admin
        .listConsumerGroupOffsets(group)
        .partitionsToOffsetAndMetadata()
        .get(10, TimeUnit.SECONDS);
  }

  /**
   * Input records the app has committed as processed: reports, statements and the progress markers
   * among them.
   */
  public long processedInputs() throws Exception {
    return committed().entrySet().stream()
        .filter(e -> inputs.contains(e.getKey().topic()))
        .mapToLong(e -> e.getValue().offset())
        .sum();
  }

  /**
   * Offsets the app's last stage has committed on the cube's repartition topic (records plus
   * transaction markers): stage 1 reads its input far ahead of the cube, so input offsets say
   * little about the pipeline's pace.
   */
  public long processedByCube() throws Exception {
    return committed().entrySet().stream()
        .filter(e -> e.getKey().topic().endsWith(SurgewatchTopology.CUBE_REPARTITION_SUFFIX))
        .mapToLong(e -> e.getValue().offset())
        .sum();
  }

  /**
   * How far behind the app is on one topic it reads: the sums over its partitions of the end
   * offsets and of the app's committed offsets, and of what remains ({@code behind}: the records
   * not yet processed, with the allowance for a repartition topic's last transaction marker).
   */
  public record TopicLag(String topic, long end, long committed, long behind) {}

  /**
   * The app's progress on every topic it reads, inputs included, by topic name; a repartition topic
   * a stage has not committed on yet counts in full.
   */
  public List<TopicLag> lag() throws Exception {
    return lag(committed());
  }

  private List<TopicLag> lag(final Map<TopicPartition, OffsetAndMetadata> committed)
      throws Exception {
    // Every topic the app reads, including repartition topics a stage has not committed on yet: a
    // stage that has not started on its input is not caught up.
    final Set<String> read = new HashSet<>(inputs);
    committed.keySet().forEach(tp -> read.add(tp.topic()));
    final Set<String> existing = admin.listTopics().names().get(10, TimeUnit.SECONDS);
    requireInputs(existing);
    existing.stream()
        .filter(t -> t.startsWith(group + "-") && t.endsWith("-repartition"))
        .forEach(read::add);
    final Map<String, long[]> byTopic = new TreeMap<>();
    for (final var e : TopicOffsets.latest(admin, read, Duration.ofSeconds(10)).entrySet()) {
      final long end = e.getValue();
      final OffsetAndMetadata c = committed.get(e.getKey());
      final long done = c == null ? 0 : c.offset();
      final long allowance = inputs.contains(e.getKey().topic()) ? 0 : 1;
      final long[] sums = byTopic.computeIfAbsent(e.getKey().topic(), t -> new long[3]);
      sums[0] += end;
      sums[1] += done;
      sums[2] += end > 0 && done < end - allowance ? end - done : 0;
    }
    final List<TopicLag> out = new ArrayList<>();
    byTopic.forEach((topic, v) -> out.add(new TopicLag(topic, v[0], v[1], v[2])));
    return out;
  }

  /**
   * Fails naming the input topics the cluster lacks and the settings that name them: Kafka's own
   * error ("This server does not host this topic-partition") names neither.
   */
  public void requireInputs() throws Exception {
    requireInputs(admin.listTopics().names().get(10, TimeUnit.SECONDS));
  }

  private void requireInputs(final Set<String> existing) {
    final List<String> missing = new ArrayList<>();
    inputKeys.forEach(
        (topic, key) -> {
          if (!existing.contains(topic)) {
            missing.add(topic + " (" + key + ")");
          }
        });
    if (!missing.isEmpty()) {
      throw new IllegalStateException(
          "the input topic"
              + (missing.size() == 1 ? " " : "s ")
              + String.join(" and ", missing)
              + (missing.size() == 1 ? " does" : " do")
              + " not exist on "
              + servers
              + ": ./surgewatch topics create makes the app's topics, or correct the setting");
    }
  }

  /** True once the app has committed up to the end of every topic it reads, inputs included. */
  public boolean caughtUp() throws Exception {
    final Map<TopicPartition, OffsetAndMetadata> committed = committed();
    return !committed.isEmpty() && lag(committed).stream().allMatch(t -> t.behind() == 0);
  }

  /**
   * Waits until caught up on three checks in a row, or the timeout; returns whether it caught up.
   */
  public boolean awaitCaughtUp(final Duration timeout) throws Exception {
    return awaitCaughtUp(timeout, () -> false);
  }

  /** As {@link #awaitCaughtUp(Duration)}, giving up (false) as soon as {@code stop} says so. */
  public boolean awaitCaughtUp(final Duration timeout, final BooleanSupplier stop)
      throws Exception {
    final long deadline = System.nanoTime() + timeout.toNanos();
    int stable = 0;
    while (System.nanoTime() < deadline && !stop.getAsBoolean()) {
      stable = caughtUp() ? stable + 1 : 0;
      if (stable >= 3) {
        return true;
      }
      Thread.sleep(500);
    }
    return false;
  }

  @Override
  public void close() {
    admin.close(Duration.ofSeconds(5));
  }
}
