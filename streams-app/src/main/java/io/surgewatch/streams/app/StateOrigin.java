package io.surgewatch.streams.app;

import io.surgewatch.core.Keys;
import io.surgewatch.core.SurgewatchConfig;
import io.surgewatch.core.Topics;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where an instance's local state came from: the Kafka cluster, and the ids of the input topics and
 * of the app's changelog topics it was built from, recorded beside the state directory ({@code
 * <state.dir>/<application.id>.origin}).
 *
 * <p>Kafka Streams restores a task's stores from the changelog offsets its checkpoint names, and
 * cannot tell a changelog from another one of the same name. After the broker's data was deleted,
 * the topics made again, or the app reset from another host (its changelogs deleted), a state
 * directory left behind whose checkpoints are behind the new changelogs' ends is restored on top of
 * state counted from records that no longer exist, and mixed with it (a user trial saw wrong
 * alerts; {@code LeftoverStateTest} a region's keys gone). So at start, local state recorded with
 * another cluster, or with a topic that is gone or has another id now, is wiped ({@link
 * KafkaStreams#cleanUp}) and rebuilt from the changelogs and the inputs. The origin is recorded
 * again once the app runs, when the changelogs of a first start exist. State without a record
 * (built by a release before this one) is trusted, as before.
 */
final class StateOrigin {
  private static final Logger LOG = LoggerFactory.getLogger(StateOrigin.class);
  private static final String CLUSTER = "cluster";
  private static final String TOPIC = "topic.";

  private StateOrigin() {}

  /**
   * The cluster's id and the ids of the input topics and of the app's changelog topics, as the
   * broker has them now (topics that do not exist are left out).
   */
  static Map<String, String> current(final SurgewatchConfig config) {
    final Topics topics = Topics.from(config);
    final String app = config.get(Keys.APPLICATION_ID) + "-";
    final Map<String, Object> props = new HashMap<>(config.clientProperties());
    props.putIfAbsent("request.timeout.ms", 15_000);
    props.putIfAbsent("default.api.timeout.ms", 30_000);
    final Map<String, String> origin = new TreeMap<>();
    try (Admin admin = Admin.create(props)) {
      origin.put(CLUSTER, admin.describeCluster().clusterId().get(60, TimeUnit.SECONDS));
      final Set<String> ours = new TreeSet<>();
      for (final String t : admin.listTopics().names().get(60, TimeUnit.SECONDS)) {
        if (t.equals(topics.incidents().name())
            || t.equals(topics.statements().name())
            || t.startsWith(app) && t.endsWith("-changelog")) {
          ours.add(t);
        }
      }
      for (final Map.Entry<String, TopicDescription> d :
          admin.describeTopics(ours).allTopicNames().get(60, TimeUnit.SECONDS).entrySet()) {
        origin.put(TOPIC + d.getKey(), d.getValue().topicId().toString());
      }
      return origin;
    } catch (final ExecutionException e) {
      throw new IllegalStateException(
          "cannot read the ids of the cluster and of the app's topics: "
              + e.getCause().getMessage(),
          e);
    } catch (final TimeoutException e) {
      throw new IllegalStateException(
          "cannot read the ids of the cluster and of the app's topics within 60 s: is the broker"
              + " up?",
          e);
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
   * What differs between the recorded origin and the current one: the cluster, or a recorded topic
   * that is gone or has another id. A topic not recorded (made since) differs in nothing.
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
   * @return what differed (empty: the state was kept)
   */
  static List<String> check(final SurgewatchConfig config, final KafkaStreams streams) {
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
    return changed;
  }

  /**
   * Records the origin as it is now: once the app runs, its changelogs exist (a first start records
   * none at {@link #check}). Never fails the app: a state that is not recorded is only not checked.
   */
  static void record(final SurgewatchConfig config) {
    try {
      write(file(config), current(config));
    } catch (final RuntimeException e) {
      LOG.warn("could not record where the local state came from: {}", e.getMessage());
    }
  }

  /** The recorded origin, or null when there is none or it cannot be read (then not checked). */
  private static Map<String, String> read(final Path file) {
    if (!Files.exists(file)) {
      return null;
    }
    final Properties p = new Properties();
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(in);
    } catch (final IOException | IllegalArgumentException e) {
      LOG.warn(
          "cannot read {} ({}): the local state's origin is not checked", file, e.getMessage());
      return null;
    }
    if (p.getProperty(CLUSTER) == null) {
      return null;
    }
    final Map<String, String> out = new TreeMap<>();
    p.stringPropertyNames().forEach(k -> out.put(k, p.getProperty(k)));
    return out;
  }

  /**
   * Written whole or not at all (a temporary file moved into place): a file cut short by a crash
   * would read as another origin and wipe the state. A state directory that takes no file beside it
   * is warned about, not failed on.
   */
  private static void write(final Path file, final Map<String, String> origin) {
    final Properties p = new Properties();
    p.putAll(origin);
    try {
      Files.createDirectories(file.getParent());
      final Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      try (Writer out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
        p.store(out, "where this instance's local state came from (see StateOrigin)");
      }
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (final IOException e) {
      LOG.warn(
          "cannot write {} ({}): the local state's origin is not recorded, so a later start cannot"
              + " tell state left from deleted topics",
          file,
          e.getMessage());
    }
  }
}
