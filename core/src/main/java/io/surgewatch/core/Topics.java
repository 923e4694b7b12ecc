package io.surgewatch.core;

import io.surgewatch.events.v1.DeadLetter;
import io.surgewatch.events.v1.IncidentEvent;
import io.surgewatch.events.v1.RollingCount;
import io.surgewatch.events.v1.StatementCount;
import io.surgewatch.events.v1.StatementEvent;
import io.surgewatch.events.v1.SurgeAlert;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * Every topic the apps use, in one typed place: its name (from configuration), its value type and
 * its broker-side configuration. Keys are UTF-8 strings everywhere; values are Avro in the
 * Confluent wire format.
 */
public record Topics(
    Topic<IncidentEvent> incidents,
    Topic<StatementEvent> statements,
    Topic<RollingCount> counts,
    Topic<SurgeAlert> alerts,
    Topic<DeadLetter> deadLetter,
    Topic<StatementCount> statementCounts,
    int partitions,
    short replicationFactor) {

  /**
   * A topic: its name, the SpecificRecord class of its values, whether input or output, partitions,
   * configs.
   */
  public record Topic<V extends SpecificRecord>(
      String name, Class<V> valueClass, Role role, int partitions, Map<String, String> configs) {
    public String valueSubject() {
      return name + "-value";
    }
  }

  public enum Role {
    /**
     * Written by upstream feeds; subjects are BACKWARD_TRANSITIVE: the app reads every schema the
     * topic ever held with the newest.
     */
    INPUT("BACKWARD_TRANSITIVE"),
    /**
     * Written by Surgewatch, read by dashboards and alerting; subjects are FULL_TRANSITIVE: a
     * consumer on any version reads what any version wrote.
     */
    OUTPUT("FULL_TRANSITIVE");

    private final String compatibility;

    Role(final String compatibility) {
      this.compatibility = compatibility;
    }

    /** The registry compatibility level of this role's subjects. */
    public String compatibility() {
      return compatibility;
    }
  }

  private static final String ONE_YEAR_MS = "31536000000";

  public static Topics from(final SurgewatchConfig config) {
    // Inputs are compacted by event id, never deleted: they keep every incident's latest report
    // (producers publish in reported-at order), so a reset or a new application.id rebuilds the
    // whole history, corrections included. A day before compaction lets a lagging app still see
    // each revision.
    final Map<String, String> input =
        Map.of("cleanup.policy", "compact", "min.compaction.lag.ms", "86400000");
    // Counts are a table: compaction keeps the latest value of each key
    // (country|region|group|window|windowEnd).
    final Map<String, String> table =
        Map.of("cleanup.policy", "compact", "min.compaction.lag.ms", "3600000");
    final Map<String, String> log = Map.of("cleanup.policy", "delete", "retention.ms", ONE_YEAR_MS);
    // Inputs have several partitions: the app puts reports in one arrival order whatever their
    // count (stage 1 places them, the cube merges by progress), so stage 1 scales with them and the
    // cube with topic.partitions.
    final int in = config.getInt(Keys.TOPIC_INPUT_PARTITIONS);
    final int out = config.getInt(Keys.TOPIC_PARTITIONS);
    return new Topics(
        new Topic<>(config.get(Keys.TOPIC_INCIDENTS), IncidentEvent.class, Role.INPUT, in, input),
        new Topic<>(config.get(Keys.TOPIC_STATEMENTS), StatementEvent.class, Role.INPUT, in, input),
        new Topic<>(config.get(Keys.TOPIC_COUNTS), RollingCount.class, Role.OUTPUT, out, table),
        new Topic<>(config.get(Keys.TOPIC_ALERTS), SurgeAlert.class, Role.OUTPUT, out, log),
        new Topic<>(config.get(Keys.TOPIC_DEAD_LETTER), DeadLetter.class, Role.OUTPUT, out, log),
        new Topic<>(
            config.get(Keys.TOPIC_STATEMENT_COUNTS), StatementCount.class, Role.OUTPUT, out, table),
        config.getInt(Keys.TOPIC_PARTITIONS),
        (short) config.getInt(Keys.TOPIC_REPLICATION_FACTOR));
  }

  public List<Topic<?>> all() {
    return List.of(incidents, statements, counts, alerts, deadLetter, statementCounts);
  }

  /** The topics to create, with their partitions, replication and configs. */
  public List<NewTopic> newTopics() {
    return all().stream()
        .map(t -> new NewTopic(t.name(), t.partitions(), replicationFactor).configs(t.configs()))
        .toList();
  }
}
