package io.surgewatch.producers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.surgewatch.core.Keys;
import io.surgewatch.core.SurgewatchConfig;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;

/** On the real broker of the shared test stack. */
class TopicTimesTest {

  @Test
  void inputTopicsThatDoNotExistYetHaveNoTimeAndAreNotCreatedByTheAsking() throws Exception {
    final SurgewatchConfig fresh = TestCluster.freshTopics();
    final SurgewatchConfig config =
        fresh.withAll(
            Map.of(
                Keys.TOPIC_INCIDENTS, "absent-" + fresh.get(Keys.TOPIC_INCIDENTS),
                Keys.TOPIC_STATEMENTS, "absent-" + fresh.get(Keys.TOPIC_STATEMENTS)));
    assertEquals(Map.of(), TopicTimes.latest(config, Duration.ofSeconds(30)));
    try (Admin admin =
        Admin.create(Map.of("bootstrap.servers", config.get(Keys.BOOTSTRAP_SERVERS)))) {
      final Set<String> names = admin.listTopics().names().get();
      assertFalse(names.contains(config.get(Keys.TOPIC_INCIDENTS)), names.toString());
      assertFalse(names.contains(config.get(Keys.TOPIC_STATEMENTS)), names.toString());
    }
  }

  @Test
  void emptyTopicsHaveNoTime() {
    assertEquals(Map.of(), TopicTimes.latest(TestCluster.freshTopics(), Duration.ofSeconds(30)));
  }
}
