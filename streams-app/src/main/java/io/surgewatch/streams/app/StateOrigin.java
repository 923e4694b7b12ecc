package io.surgewatch.streams.app;

import io.surgewatch.core.Keys;
import io.surgewatch.core.SurgewatchConfig;
import io.surgewatch.core.Topics;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where an instance's local state came from: the Kafka cluster and the input topics (by their ids)
 * it was built from, recorded beside the state directory ({@code
 * <state.dir>/<application.id>.origin}).
 *
 * <p>Kafka Streams restores a task's stores from the changelog offsets its checkpoint names, and
 * cannot tell a changelog from another one of the same name. After the broker's data was deleted,
 * or the topics recreated, a state directory left behind whose checkpoints are behind the new
 * changelogs' ends is restored on top of state counted from records that no longer exist, and mixed
 * with it (a user trial saw wrong alerts after deleting the local stack's data but not the state
 * directory). So at start, local state from another cluster or other input topics is wiped ({@link
 * KafkaStreams#cleanUp}), and the stores are rebuilt from the changelogs and the inputs.
 */
final class StateOrigin {
  private static final Logger LOG = LoggerFactory.getLogger(StateOrigin.class);
  private static final String CLUSTER = "cluster";
  private static final String TOPIC = "topic.";

  private StateOrigin() {}

  /**
   * The cluster's id and each input topic's id as the broker has them now; a topic that does not
   * exist yet is left out.
   */
  static Map<String, String> current(final SurgewatchConfig config) {
    final Topics topics = Topics.from(config);
    final Map<String, Object> props = new HashMap<>(config.clientProperties());
    props.putIfAbsent("request.timeout.ms", 15_000);
    props.putIfAbsent("default.api.timeout.ms", 30_000);
    final Map<String, String> origin = new TreeMap<>();
    try (Admin admin = Admin.create(props)) {
      origin.put(CLUSTER, admin.describeCluster().clusterId().get(60, TimeUnit.SECONDS));
      for (final String topic : List.of(topics.incidents().name(), topics.statements().name())) {
        try {
          final TopicDescription d =
              admin
                  .describeTopics(List.of(topic))
                  .allTopicNames()
                  .get(60, TimeUnit.SECONDS)
                  .get(topic);
          origin.put(TOPIC + topic, d.topicId().toString());
        } catch (final ExecutionException e) {
          if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
            throw e;
          }
        }
      }
      return origin;
    } catch (final ExecutionException e) {
      throw new IllegalStateException(
          "cannot read the cluster's and the input topics' ids: " + e.getCause().getMessage(), e);
    } catch (final TimeoutException e) {
      throw new IllegalStateException(
          "cannot read the cluster's and the input topics' ids within 60 s: is the broker up?", e);
    } catch (final InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** The file that records the origin of the state under {@code state.dir}. */
  static Path file(final SurgewatchConfig config) {
    return Path.of(config.get(Keys.STATE_DIR)).resolve(config.get(Keys.APPLICATION_ID) + ".origin");
  }

  /**
   * What differs between the recorded origin and the current one: the cluster, or an input topic
   * recorded with another id. A topic recorded as absent and present now differs in nothing (the
   * app reads nothing from a topic that is not there).
   */
  static List<String> differences(
      final Map<String, String> recorded, final Map<String, String> now) {
    final List<String> out = new ArrayList<>();
    for (final Map.Entry<String, String> e : recorded.entrySet()) {
      final String current = now.get(e.getKey());
      if (!e.getValue().equals(current)) {
        out.add(
            (e.getKey().equals(CLUSTER)
                    ? "the Kafka cluster"
                    : "topic " + e.getKey().substring(TOPIC.length()))
                + " was "
                + e.getValue()
                + ", is "
                + (current == null ? "gone" : current));
      }
    }
    return out;
  }

  /**
   * Wipes the instance's local state when it was built from another origin than the broker's now,
   * then records the current one. Call before {@link KafkaStreams#start}.
   *
   * @return whether the state was wiped
   */
  static boolean check(final SurgewatchConfig config, final KafkaStreams streams) {
    final Path file = file(config);
    final Map<String, String> now = current(config);
    final Map<String, String> recorded = read(file);
    final List<String> changed = recorded == null ? List.of() : differences(recorded, now);
    if (!changed.isEmpty()) {
      LOG.warn(
          "the local state in {} was built from other topics than the broker's now ({}): it is"
              + " wiped, and the stores are rebuilt from the changelogs and the inputs",
          config.get(Keys.STATE_DIR),
          String.join("; ", changed));
      streams.cleanUp();
    }
    write(file, now);
    return !changed.isEmpty();
  }

  private static Map<String, String> read(final Path file) {
    if (!Files.exists(file)) {
      return null;
    }
    final Properties p = new Properties();
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(in);
    } catch (final IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
    final Map<String, String> out = new TreeMap<>();
    p.stringPropertyNames().forEach(k -> out.put(k, p.getProperty(k)));
    return out;
  }

  private static void write(final Path file, final Map<String, String> origin) {
    final Properties p = new Properties();
    p.putAll(origin);
    try {
      Files.createDirectories(file.getParent());
      try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
        p.store(out, "where this instance's local state came from (see StateOrigin)");
      }
    } catch (final IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }
}
