package io.surgewatch.streams.app;

import io.surgewatch.core.Keys;
import io.surgewatch.core.SurgewatchConfig;
import io.surgewatch.core.Topics;
import io.surgewatch.streams.topology.SurgewatchTopology;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.streams.TopologyDescription;

/**
 * What Kafka's {@code kafka-streams-application-reset} (StreamsResetter) does, with the Admin API
 * (kafka-tools is not among the project's dependencies): the app's internal topics ({@code
 * <application.id>-...-changelog} and {@code -repartition}, by the exact names of its topology's
 * stores and repartition topics) are deleted, the group's committed offsets on the input topics go
 * back to the earliest, and this machine's state directory of the app is deleted. The next start
 * rebuilds every store from the inputs. Output topics are left as they are: their consumers see the
 * reprocessed records again (alerts keep their ids).
 *
 * <p>Refuses while the group has members: a running instance would commit its offsets over the
 * reset.
 */
public final class AppReset {

  /** What a reset does, or did. */
  public record Plan(
      String applicationId,
      List<String> internalTopics,
      List<String> leftAlone,
      Map<TopicPartition, Long> inputOffsets,
      Path stateDir,
      boolean stateDirExists) {
    public List<String> describe() {
      final List<String> lines = new ArrayList<>();
      internalTopics.forEach(t -> lines.add("delete internal topic " + t));
      if (internalTopics.isEmpty()) {
        lines.add("no internal topics to delete");
      }
      leftAlone.forEach(
          t ->
              lines.add(
                  "leave "
                      + t
                      + ": named like an internal topic of "
                      + applicationId
                      + " but none of this release's topology (another application's, whose id"
                      + " starts with '"
                      + applicationId
                      + "-'; or an older release's store: delete it by hand if it is this"
                      + " app's)"));
      new TreeMap<>(
              inputOffsets.entrySet().stream()
                  .collect(Collectors.toMap(e -> e.getKey().toString(), Map.Entry::getValue)))
          .forEach(
              (tp, offset) ->
                  lines.add(
                      "reset committed offset of input " + tp + " to the earliest, " + offset));
      if (inputOffsets.isEmpty()) {
        lines.add(
            "no committed offsets on the inputs (the app reads them from the beginning already)");
      }
      lines.add(
          stateDirExists
              ? "delete local state directory " + stateDir
              : "no local state directory at " + stateDir);
      return lines;
    }
  }

  /** The group still has members: an instance of the app is running. */
  public static final class ActiveMembersException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    ActiveMembersException(final String message) {
      super(message);
    }
  }

  private final SurgewatchConfig config;
  private final String applicationId;

  /** The app's internal topics, by their exact names ({@link #internalTopicNames}). */
  private final Set<String> internalNames;

  public AppReset(final SurgewatchConfig config) {
    this.config = config;
    this.applicationId = config.get(Keys.APPLICATION_ID);
    this.internalNames = internalTopicNames(config);
  }

  /**
   * The app's internal topics by their exact names, from its topology (a pure function of the
   * configuration): each store's changelog and each repartition topic. Not by the prefix {@code
   * <application.id>-} alone, as Kafka's resetter does: an app whose id starts with this one's and
   * a dash (a new {@code application.id} such as {@code surgewatch-streams-v2}, the README's way to
   * six input partitions) has topics that match it, and a reset must never delete them.
   */
  static Set<String> internalTopicNames(final SurgewatchConfig config) {
    final String prefix = config.get(Keys.APPLICATION_ID) + "-";
    final Set<String> names = new TreeSet<>();
    // Names only: the registry client is made, never asked.
    for (final TopologyDescription.Subtopology sub :
        SurgewatchTopology.build(config).describe().subtopologies()) {
      for (final TopologyDescription.Node node : sub.nodes()) {
        if (node instanceof TopologyDescription.Processor p) {
          p.stores().forEach(store -> names.add(prefix + store + "-changelog"));
        } else if (node instanceof TopologyDescription.Source source && source.topicSet() != null) {
          source.topicSet().stream()
              .filter(t -> t.endsWith("-repartition"))
              .forEach(t -> names.add(prefix + t));
        }
      }
    }
    return names;
  }

  /** What {@link #run()} would do, changing nothing; refuses while the group has members. */
  public Plan plan() {
    try (Admin admin = admin()) {
      return plan(admin);
    }
  }

  /** Resets the application (see the class comment) and returns what it did. */
  public Plan run() {
    try (Admin admin = admin()) {
      final Plan plan = plan(admin);
      final Set<String> internal = Set.copyOf(plan.internalTopics());
      final Map<TopicPartition, OffsetAndMetadata> group = committed(admin);
      final Set<TopicPartition> internalOffsets =
          new TreeSet<>(Comparator.comparing(TopicPartition::toString));
      group.keySet().stream()
          .filter(tp -> internal.contains(tp.topic()))
          .forEach(internalOffsets::add);
      if (!internalOffsets.isEmpty()) {
        get(admin.deleteConsumerGroupOffsets(applicationId, internalOffsets).all());
      }
      if (!plan.inputOffsets().isEmpty()) {
        final Map<TopicPartition, OffsetAndMetadata> earliest = new HashMap<>();
        plan.inputOffsets()
            .forEach((tp, offset) -> earliest.put(tp, new OffsetAndMetadata(offset)));
        get(admin.alterConsumerGroupOffsets(applicationId, earliest).all());
      }
      if (!internal.isEmpty()) {
        get(admin.deleteTopics(internal).all());
        awaitDeleted(admin, internal);
      }
      if (plan.stateDirExists()) {
        deleteRecursively(plan.stateDir());
      }
      return plan;
    }
  }

  private Plan plan(final Admin admin) {
    final ConsumerGroupDescription group = describeGroup(admin);
    if (group != null && !group.members().isEmpty()) {
      throw new ActiveMembersException(
          "application "
              + applicationId
              + " is running: its group has "
              + group.members().size()
              + " active member(s) ("
              + String.join(
                  ", ",
                  group.members().stream()
                      .map(m -> m.host() + " " + m.clientId())
                      .sorted()
                      .toList())
              + "); stop every instance, then reset (a member that stopped without leaving, killed"
              + " or failed, goes when its session.timeout.ms ends, 45 s by default)");
    }
    final List<String> named =
        get(admin.listTopics(new ListTopicsOptions().listInternal(false)).names()).stream()
            .filter(this::isNamedLikeInternalTopic)
            .sorted()
            .toList();
    final List<String> internal = named.stream().filter(internalNames::contains).toList();
    final List<String> leftAlone = named.stream().filter(t -> !internalNames.contains(t)).toList();
    final Set<String> inputs = new TreeSet<>();
    for (final Topics.Topic<?> t : Topics.from(config).all()) {
      if (t.role() == Topics.Role.INPUT) {
        inputs.add(t.name());
      }
    }
    final List<TopicPartition> committedInputs =
        committed(admin).keySet().stream().filter(tp -> inputs.contains(tp.topic())).toList();
    final Map<TopicPartition, Long> earliest = new HashMap<>();
    if (!committedInputs.isEmpty()) {
      final Map<TopicPartition, OffsetSpec> spec = new HashMap<>();
      committedInputs.forEach(tp -> spec.put(tp, OffsetSpec.earliest()));
      get(admin.listOffsets(spec).all()).forEach((tp, info) -> earliest.put(tp, info.offset()));
    }
    final Path stateDir = Path.of(config.get(Keys.STATE_DIR)).resolve(applicationId);
    return new Plan(
        applicationId, internal, leftAlone, earliest, stateDir, Files.isDirectory(stateDir));
  }

  /**
   * Kafka Streams names its internal topics {@code <application.id>-<name>-changelog} or {@code
   * -repartition}; so are another app's whose id starts with this one's and a dash.
   */
  private boolean isNamedLikeInternalTopic(final String topic) {
    return topic.startsWith(applicationId + "-")
        && (topic.endsWith("-changelog") || topic.endsWith("-repartition"));
  }

  private ConsumerGroupDescription describeGroup(final Admin admin) {
    try {
      final ConsumerGroupDescription d =
          get(admin.describeConsumerGroups(List.of(applicationId)).all()).get(applicationId);
      return d == null || d.groupState() == GroupState.DEAD ? null : d;
    } catch (final IllegalStateException e) {
      if (e.getCause() instanceof GroupIdNotFoundException) {
        return null;
      }
      throw e;
    }
  }

  private Map<TopicPartition, OffsetAndMetadata> committed(final Admin admin) {
    try {
      final Map<TopicPartition, OffsetAndMetadata> offsets =
          get(admin.listConsumerGroupOffsets(applicationId).partitionsToOffsetAndMetadata());
      final Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
      offsets.forEach(
          (tp, o) -> {
            if (o != null) {
              out.put(tp, o);
            }
          });
      return out;
    } catch (final IllegalStateException e) {
      if (e.getCause() instanceof GroupIdNotFoundException) {
        return Map.of();
      }
      throw e;
    }
  }

  private static void awaitDeleted(final Admin admin, final Set<String> topics) {
    final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      final Set<String> left = new TreeSet<>(get(admin.listTopics().names()));
      left.retainAll(topics);
      if (left.isEmpty()) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "internal topics still there 60 s after their deletion: " + left);
      }
      try {
        Thread.sleep(200);
      } catch (final InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(
            "interrupted while waiting for the internal topics' deletion", e);
      }
    }
  }

  private Admin admin() {
    final Map<String, Object> props = config.clientProperties();
    props.putIfAbsent(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 15_000);
    props.putIfAbsent(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
    return Admin.create(props);
  }

  private static <T> T get(final KafkaFuture<T> future) {
    try {
      return future.get(60, TimeUnit.SECONDS);
    } catch (final ExecutionException e) {
      if (e.getCause() instanceof UnknownTopicOrPartitionException) {
        return null;
      }
      throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
    } catch (final InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (final TimeoutException e) {
      throw new IllegalStateException("no answer from Kafka (bootstrap.servers) within 60 s", e);
    }
  }

  private static void deleteRecursively(final Path dir) {
    try (Stream<Path> all = Files.walk(dir)) {
      for (final Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (final IOException e) {
      throw new UncheckedIOException(
          "cannot delete the state directory " + dir + ": " + e.getMessage(), e);
    }
  }
}
