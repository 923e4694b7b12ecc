package io.surgewatch.core;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * The project's topics as the broker has them, beside what the configuration asks: what an operator
 * checks after moving to more partitions, where the configuration alone would answer with its own
 * numbers. {@code topics list}'s work, here rather than in the CLI so that deploy-checks runs it as
 * the CLI's KafkaUser (KafkaUserAclsTest).
 */
public final class TopicListing {
  private static final long TIMEOUT_SECONDS = 30;

  /** One topic's line; {@code missing} when the broker has no such topic. */
  public record Line(String text, boolean missing) {}

  private TopicListing() {}

  public static List<Line> describe(final SurgewatchConfig config, final Topics configured)
      throws InterruptedException, ExecutionException, TimeoutException {
    final List<Topics.Topic<?>> topics = configured.all();
    try (Admin admin = Admin.create(config.clientProperties())) {
      final Map<String, KafkaFuture<TopicDescription>> described =
          admin.describeTopics(topics.stream().map(Topics.Topic::name).toList()).topicNameValues();
      final Map<String, TopicDescription> present = new HashMap<>();
      for (final Map.Entry<String, KafkaFuture<TopicDescription>> e : described.entrySet()) {
        try {
          present.put(e.getKey(), e.getValue().get(TIMEOUT_SECONDS, TimeUnit.SECONDS));
        } catch (final ExecutionException missing) {
          if (!(missing.getCause() instanceof UnknownTopicOrPartitionException)) {
            throw missing;
          }
        }
      }
      // Each topic's configs on their own: a user who may describe topics but not their configs
      // (a least-privilege ACL) still sees the partitions.
      final Map<ConfigResource, KafkaFuture<Config>> configs =
          present.isEmpty()
              ? Map.of()
              : admin
                  .describeConfigs(
                      present.keySet().stream()
                          .map(name -> new ConfigResource(ConfigResource.Type.TOPIC, name))
                          .toList())
                  .values();
      final List<Line> lines = new ArrayList<>();
      for (final Topics.Topic<?> t : topics) {
        final TopicDescription d = present.get(t.name());
        if (d == null) {
          lines.add(
              new Line(
                  String.format(
                      "%-32s %-7s missing (configured: partitions=%d %s)",
                      t.name(), t.role(), t.partitions(), t.configs()),
                  true));
          continue;
        }
        final List<String> differ = new ArrayList<>();
        final int partitions = d.partitions().size();
        if (partitions != t.partitions()) {
          differ.add("partitions=" + t.partitions());
        }
        final int replicas = d.partitions().get(0).replicas().size();
        if (replicas != configured.replicationFactor()) {
          differ.add("replicas=" + configured.replicationFactor());
        }
        final String set =
            configsOf(
                t, configs.get(new ConfigResource(ConfigResource.Type.TOPIC, t.name())), differ);
        lines.add(
            new Line(
                String.format(
                    "%-32s %-7s partitions=%d replicas=%d %s%s",
                    t.name(),
                    t.role(),
                    partitions,
                    replicas,
                    set,
                    differ.isEmpty() ? "" : " (configured: " + String.join(" ", differ) + ")"),
                false));
      }
      return lines;
    }
  }

  /**
   * The broker's values of the configs Surgewatch sets on the topic, adding to {@code differ} those
   * the configuration asks otherwise; or why they could not be read.
   */
  private static String configsOf(
      final Topics.Topic<?> t, final KafkaFuture<Config> future, final List<String> differ)
      throws InterruptedException {
    final Config onBroker;
    try {
      onBroker = future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (final ExecutionException | TimeoutException e) {
      final Throwable cause = e.getCause() == null ? e : e.getCause();
      return "configs unknown ("
          + cause.getClass().getSimpleName()
          + ": "
          + cause.getMessage()
          + ")";
    }
    final Map<String, String> set = new TreeMap<>();
    t.configs()
        .forEach(
            (key, wanted) -> {
              final ConfigEntry entry = onBroker.get(key);
              final String value = entry == null ? null : entry.value();
              set.put(key, value);
              if (!wanted.equals(value)) {
                differ.add(key + "=" + wanted);
              }
            });
    return set.toString();
  }
}
