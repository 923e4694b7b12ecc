package io.surgewatch.streams.app;

import io.surgewatch.core.Keys;
import io.surgewatch.core.SurgewatchConfig;
import io.surgewatch.core.Topics;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The number of input partitions the cube merges, read from the broker: a cube shard waits for
 * every input partition's progress, so the count must be the topic's, not what a configuration file
 * guessed.
 */
final class InputPartitions {
  private static final Logger LOG = LoggerFactory.getLogger(InputPartitions.class);

  private InputPartitions() {}

  /**
   * {@code config} with {@code topic.input-partitions} set to the incidents topic's partition
   * count, if it exists.
   */
  static SurgewatchConfig fromBroker(final SurgewatchConfig config) {
    final String topic = Topics.from(config).incidents().name();
    final Map<String, Object> admin = new HashMap<>(config.clientProperties());
    admin.putIfAbsent("request.timeout.ms", 15_000);
    admin.putIfAbsent("default.api.timeout.ms", 30_000);
    try (Admin client = Admin.create(admin)) {
      final TopicDescription d =
          client
              .describeTopics(List.of(topic))
              .allTopicNames()
              .get(60, TimeUnit.SECONDS)
              .get(topic);
      final int actual = d.partitions().size();
      requireSameStatementPartitions(
          client, Topics.from(config).statements().name(), topic, actual);
      if (actual != config.getInt(Keys.TOPIC_INPUT_PARTITIONS)) {
        LOG.info(
            "{} has {} partitions ({} is {}): the cube merges {}",
            topic,
            actual,
            Keys.TOPIC_INPUT_PARTITIONS,
            config.getInt(Keys.TOPIC_INPUT_PARTITIONS),
            actual);
      }
      return config.with(Keys.TOPIC_INPUT_PARTITIONS, String.valueOf(actual));
    } catch (final ExecutionException e) {
      if (e.getCause() instanceof UnknownTopicOrPartitionException) {
        LOG.info(
            "{} does not exist yet: the cube merges {} input partitions ({})",
            topic,
            config.getInt(Keys.TOPIC_INPUT_PARTITIONS),
            Keys.TOPIC_INPUT_PARTITIONS);
        return config;
      }
      throw new IllegalStateException(
          "cannot read the partitions of " + topic + ": " + e.getCause().getMessage(), e);
    } catch (final TimeoutException e) {
      throw new IllegalStateException(
          "cannot read the partitions of " + topic + " within 60 s: is the broker up?", e);
    } catch (final InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /**
   * The story stage merges the statements topic partition by partition, beside the cube shards, and
   * reads its partition count from the incidents topic's: a statements topic of another count (made
   * by hand, or left behind by a move to more input partitions) is refused here, at start, with
   * what to do, rather than by the story stage at its first statement.
   */
  private static void requireSameStatementPartitions(
      final Admin client, final String statements, final String incidents, final int expected)
      throws InterruptedException, TimeoutException, ExecutionException {
    final int count;
    try {
      count =
          client
              .describeTopics(List.of(statements))
              .allTopicNames()
              .get(60, TimeUnit.SECONDS)
              .get(statements)
              .partitions()
              .size();
    } catch (final ExecutionException e) {
      if (e.getCause() instanceof UnknownTopicOrPartitionException) {
        return; // created with the incidents' count when the app creates its topics
      }
      throw e;
    }
    if (count != expected) {
      throw new IllegalStateException(
          statements
              + " has "
              + count
              + " partitions and "
              + incidents
              + " has "
              + expected
              + ": the input topics must have the same count (the story stage merges statements"
              + " partition by partition). Give both the same, for example with 'surgewatch topics"
              + " copy-inputs' (README, \"Moving to six input partitions\")");
    }
  }
}
