package io.surgewatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.surgewatch.core.Keys;
import io.surgewatch.core.SurgewatchConfig;
import io.surgewatch.core.Topics;
import io.surgewatch.stack.TopicInitializer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code ingest} checks the cluster before it serves, as {@code produce} does: a missing input
 * topic is one line naming the setting, not a service that looks up and answers 503 to every
 * request. (An HTTP port given as the broker: {@link TopicsListTest}; a registry URL without its
 * API: {@link ProduceCommandTest}, for both commands.)
 */
class IngestCommandTest {

  @Test
  @Timeout(60)
  void aMissingInputTopicIsNamedWithItsSettingOnceTopicsWaitIsOut() {
    final Map<String, String> values = RunSettings.of(RunSettings.name("ingest-typo"));
    values.put(Keys.INGEST_PORT, "0");
    values.put(Keys.TOPICS_WAIT_MS, "0");
    final Topics topics = Topics.from(SurgewatchConfig.defaultsOnly().withAll(values));
    TopicInitializer.ensureTopics( // the incidents topic only
        Map.of("bootstrap.servers", values.get(Keys.BOOTSTRAP_SERVERS)),
        List.of(new NewTopic(topics.incidents().name(), 1, (short) 1)),
        Duration.ofSeconds(30));
    final Launcher.Run run = Launcher.run(RunSettings.args(values, "ingest"));
    assertEquals(2, run.exit(), "a misspelt or uncreated topic is bad usage: " + run.err());
    assertTrue(
        run.err()
            .contains(
                "surgewatch ingest: error: topic "
                    + topics.statements().name()
                    + " (topic.statements) does not exist on "
                    + values.get(Keys.BOOTSTRAP_SERVERS)
                    + " (create them with `./surgewatch topics create`"),
        run.err());
    assertEquals(1, run.err().strip().lines().count(), run.err());
    assertFalse(run.out().contains("Ingest API"), "it never served: " + run.out());
  }
}
