package io.surgewatch.cli;

import io.surgewatch.core.SurgewatchConfig;
import io.surgewatch.core.Topics;
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
 * numbers.
 */
final class TopicListing {
  private static final long TIMEOUT_SECONDS = 30;

  /** One topic's line; {@code missing} when the broker has no such topic. */
  record Line(String text, boolean missing) {}

  private TopicListing() {}

  static List<Line> describe(final SurgewatchConfig config, final List<Topics.Topic<?>> topics)
      throws InterruptedException, ExecutionException, TimeoutException {
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
      final Map<ConfigResource, Config> configs =
          present.isEmpty()
              ? Map.of()
              : admin
                  .describeConfigs(
                      present.keySet().stream()
                          .map(name -> new ConfigResource(ConfigResource.Type.TOPIC, name))
                          .toList())
                  .all()
                  .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
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
        final Config onBroker =
            configs.get(new ConfigResource(ConfigResource.Type.TOPIC, t.name()));
        final Map<String, String> set = new TreeMap<>();
        final List<String> differ = new ArrayList<>();
        t.configs()
            .forEach(
                (key, wanted) -> {
                  final ConfigEntry entry = onBroker == null ? null : onBroker.get(key);
                  final String value = entry == null ? null : entry.value();
                  set.put(key, value);
                  if (!wanted.equals(value)) {
                    differ.add(key + "=" + wanted);
                  }
                });
        final int partitions = d.partitions().size();
        if (partitions != t.partitions()) {
          differ.add(0, "partitions=" + t.partitions());
        }
        lines.add(
            new Line(
                String.format(
                    "%-32s %-7s partitions=%d replicas=%d %s%s",
                    t.name(),
                    t.role(),
                    partitions,
                    d.partitions().get(0).replicas().size(),
                    set,
                    differ.isEmpty() ? "" : " (configured: " + String.join(" ", differ) + ")"),
                false));
      }
      return lines;
    }
  }
}
