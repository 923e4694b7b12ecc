package io.surgewatch.cli;

import io.surgewatch.core.Keys;
import io.surgewatch.core.SurgewatchConfig;
import io.surgewatch.core.Topics;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Tells when the streams app has processed everything published so far: its committed offsets have reached the end
 * of every topic it reads, the input topics and its own repartition topics. The app writes repartition topics in
 * transactions, whose commit markers take an offset after the last record, hence the allowance of one.
 */
final class Progress implements AutoCloseable {
  private final Admin admin;
  private final String group;
  private final Set<String> inputs;

  Progress(final SurgewatchConfig config) {
    this.admin = Admin.create(config.clientProperties());
    this.group = config.get(Keys.APPLICATION_ID);
    final Topics topics = Topics.from(config);
    this.inputs = Set.of(topics.incidents().name(), topics.statements().name());
  }

  /** Records of the input topics the app has committed as processed. */
  long processedInputs() throws Exception {
    return committed().entrySet().stream().filter(e -> inputs.contains(e.getKey().topic()))
        .mapToLong(e -> e.getValue().offset()).sum();
  }

  Map<TopicPartition, OffsetAndMetadata> committed() throws Exception {
    return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
  }

  boolean caughtUp() throws Exception {
    final Map<TopicPartition, OffsetAndMetadata> committed = committed();
    final Set<String> internal = committed.keySet().stream().map(TopicPartition::topic)
        .filter(t -> !inputs.contains(t)).collect(Collectors.toSet());
    final Map<TopicPartition, OffsetSpec> ask = new HashMap<>();
    admin.describeTopics(union(inputs, internal)).allTopicNames().get(10, TimeUnit.SECONDS).values()
        .forEach(d -> d.partitions().forEach(p -> ask.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest())));
    final Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends =
        admin.listOffsets(ask).all().get(10, TimeUnit.SECONDS);
    for (final var e : ends.entrySet()) {
      final long end = e.getValue().offset();
      final OffsetAndMetadata c = committed.get(e.getKey());
      final long at = c == null ? 0 : c.offset();
      final long allowance = inputs.contains(e.getKey().topic()) ? 0 : 1;
      if (end > 0 && at < end - allowance) {
        return false;
      }
    }
    return !committed.isEmpty();
  }

  /** Waits until caught up and stable across two checks, or the timeout. */
  boolean awaitCaughtUp(final Duration timeout) throws Exception {
    final long deadline = System.nanoTime() + timeout.toNanos();
    int stable = 0;
    while (System.nanoTime() < deadline) {
      stable = caughtUp() ? stable + 1 : 0;
      if (stable >= 3) {
        return true;
      }
      Thread.sleep(1000);
    }
    return false;
  }

  private static Set<String> union(final Set<String> a, final Set<String> b) {
    final Set<String> s = new java.util.HashSet<>(a);
    s.addAll(b);
    return s;
  }

  @Override
  public void close() {
    admin.close(Duration.ofSeconds(5));
  }
}
