package io.surgewatch.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.surgewatch.events.v1.DeadLetter;
import io.surgewatch.events.v1.IncidentEvent;
import io.surgewatch.events.v1.RollingCount;
import io.surgewatch.events.v1.StatementEvent;
import io.surgewatch.events.v1.SurgeAlert;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

/**
 * CONTRACT "Topics": versioned default names, compacted counts, Avro values by TopicNameStrategy.
 */
class TopicsTest {

  private final Topics defaults = Topics.from(SurgewatchConfig.defaultsOnly());

  @Test
  void defaultNamesAreTheContractsVersionedNames() {
    assertEquals("security.incidents.v1", defaults.incidents().name());
    assertEquals("security.statements.v1", defaults.statements().name());
    assertEquals("security.counts.v1", defaults.counts().name());
    assertEquals("security.alerts.v1", defaults.alerts().name());
    assertEquals("security.dead-letter.v1", defaults.deadLetter().name());
  }

  @Test
  void valueTypesAndSubjectsFollowTopicNameStrategy() {
    assertEquals(IncidentEvent.class, defaults.incidents().valueClass());
    assertEquals(StatementEvent.class, defaults.statements().valueClass());
    assertEquals(RollingCount.class, defaults.counts().valueClass());
    assertEquals(SurgeAlert.class, defaults.alerts().valueClass());
    assertEquals(DeadLetter.class, defaults.deadLetter().valueClass());
    assertEquals("security.incidents.v1-value", defaults.incidents().valueSubject());
    assertEquals("security.dead-letter.v1-value", defaults.deadLetter().valueSubject());
  }

  @Test
  void inputsAndOutputsHaveTheirRoles() {
    assertEquals(Topics.Role.INPUT, defaults.incidents().role());
    assertEquals(Topics.Role.INPUT, defaults.statements().role());
    for (final Topics.Topic<?> t :
        List.of(
            defaults.counts(),
            defaults.alerts(),
            defaults.deadLetter(),
            defaults.statementCounts())) {
      assertEquals(Topics.Role.OUTPUT, t.role(), t.name());
    }
  }

  @Test
  void countsAndInputsAreCompactedAndLogsAreNot() {
    assertEquals("compact", defaults.counts().configs().get("cleanup.policy"));
    assertEquals("compact", defaults.statementCounts().configs().get("cleanup.policy"));
    // Inputs keep every incident's latest report for good: a reset or a new application.id rebuilds
    // all history.
    assertEquals("compact", defaults.incidents().configs().get("cleanup.policy"));
    assertEquals("compact", defaults.statements().configs().get("cleanup.policy"));
    for (final Topics.Topic<?> t : List.of(defaults.alerts(), defaults.deadLetter())) {
      assertEquals("delete", t.configs().get("cleanup.policy"), t.name());
    }
  }

  @Test
  void namesComeFromConfiguration() {
    final Topics t =
        Topics.from(
            SurgewatchConfig.load(
                null,
                Map.of("SURGEWATCH_TOPIC_DEAD_LETTER", "team.dlq"),
                Map.of(Keys.TOPIC_COUNTS, "team.counts")));
    assertEquals("team.dlq", t.deadLetter().name());
    assertEquals("team.dlq-value", t.deadLetter().valueSubject());
    assertEquals("team.counts", t.counts().name());
    assertEquals("security.incidents.v1", t.incidents().name());
  }

  @Test
  void inputPartitionsComeFromTopicInputPartitionsAndOutputsFromTopicPartitions() {
    assertEquals(
        6,
        defaults.incidents().partitions(),
        "six input partitions by default: the app is exact on any count");
    assertEquals(6, defaults.counts().partitions());
    final Topics t =
        Topics.from(
            SurgewatchConfig.defaultsOnly()
                .with(Keys.TOPIC_INPUT_PARTITIONS, "3")
                .with(Keys.TOPIC_PARTITIONS, "12")
                .with(Keys.TOPIC_REPLICATION_FACTOR, "3"));
    assertEquals(3, t.incidents().partitions());
    assertEquals(3, t.statements().partitions());
    for (final Topics.Topic<?> out :
        List.of(t.counts(), t.alerts(), t.deadLetter(), t.statementCounts())) {
      assertEquals(12, out.partitions(), out.name());
    }
    assertEquals(12, t.partitions());
    assertEquals(3, t.replicationFactor());
  }

  @Test
  void newTopicsCarryPartitionsReplicationAndConfigs() {
    final Topics t =
        Topics.from(
            SurgewatchConfig.defaultsOnly()
                .with(Keys.TOPIC_INPUT_PARTITIONS, "2")
                .with(Keys.TOPIC_PARTITIONS, "4")
                .with(Keys.TOPIC_REPLICATION_FACTOR, "3"));
    final List<NewTopic> created = t.newTopics();
    assertEquals(t.all().size(), created.size());
    for (final Topics.Topic<?> topic : t.all()) {
      final NewTopic n =
          created.stream().filter(c -> c.name().equals(topic.name())).findFirst().orElseThrow();
      assertEquals(topic.partitions(), n.numPartitions(), topic.name());
      assertEquals(Optional.of((short) 3), Optional.of(n.replicationFactor()), topic.name());
      assertEquals(topic.configs(), n.configs(), topic.name());
    }
    final NewTopic counts =
        created.stream()
            .filter(c -> c.name().equals("security.counts.v1"))
            .findFirst()
            .orElseThrow();
    assertEquals(4, counts.numPartitions());
    assertEquals("compact", counts.configs().get("cleanup.policy"));
    final NewTopic incidents =
        created.stream()
            .filter(c -> c.name().equals("security.incidents.v1"))
            .findFirst()
            .orElseThrow();
    assertEquals(2, incidents.numPartitions());
  }

  @Test
  void aBadPartitionCountNamesTheKey() {
    final ConfigException e =
        Assertions.assertThrows(
            ConfigException.class,
            () ->
                Topics.from(
                    SurgewatchConfig.defaultsOnly().with(Keys.TOPIC_INPUT_PARTITIONS, "one")));
    assertTrue(e.getMessage().contains("topic.input-partitions"), e.getMessage());
  }
}
