package io.surgewatch.streams.app;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.surgewatch.core.ConfigException;
import io.surgewatch.core.Keys;
import io.surgewatch.core.SurgewatchConfig;
import io.surgewatch.core.Topics;
import io.surgewatch.stack.SharedTestStack;
import io.surgewatch.stack.TopicInitializer;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

/** The app does not join its group while a topic of its own is missing (on the real broker). */
class RequiredTopicsTest {

  private static SurgewatchConfig config(final String run) {
    return SurgewatchConfig.defaultsOnly()
        .withAll(
            Map.of(
                Keys.BOOTSTRAP_SERVERS, SharedTestStack.get().bootstrapServers(),
                Keys.TOPIC_INCIDENTS, run + ".incidents",
                Keys.TOPIC_STATEMENTS, run + ".statements",
                Keys.TOPIC_COUNTS, run + ".counts",
                Keys.TOPIC_ALERTS, run + ".alerts",
                Keys.TOPIC_DEAD_LETTER, run + ".dead-letter",
                Keys.TOPIC_STATEMENT_COUNTS, run + ".statement-counts"));
  }

  private static void create(final SurgewatchConfig config, final boolean deadLetterToo) {
    TopicInitializer.ensureTopics(
        Map.of("bootstrap.servers", config.get(Keys.BOOTSTRAP_SERVERS)),
        Topics.from(config).all().stream()
            .filter(t -> deadLetterToo || !t.name().endsWith(".dead-letter"))
            .map(t -> new NewTopic(t.name(), 1, (short) 1))
            .toList(),
        Duration.ofSeconds(30));
  }

  @Test
  void aMissingOutputTopicFailsTheStartNamingItAndHowToMakeIt() {
    final SurgewatchConfig config = config("rt" + UUID.randomUUID().toString().substring(0, 8));
    create(config, false);
    final ConfigException e =
        assertThrows(
            ConfigException.class, () -> RequiredTopics.await(config, Duration.ofSeconds(3)));
    assertTrue(
        e.getMessage().contains(config.get(Keys.TOPIC_DEAD_LETTER) + " do not exist"),
        e.getMessage());
    assertTrue(e.getMessage().contains("./surgewatch topics create"), e.getMessage());
  }

  @Test
  void aTopicMadeWhileTheStartWaitsLetsItGoOn() {
    final SurgewatchConfig config = config("rt" + UUID.randomUUID().toString().substring(0, 8));
    create(config, false);
    final AtomicBoolean waited = new AtomicBoolean();
    assertTimeoutPreemptively(
        Duration.ofSeconds(30),
        () ->
            RequiredTopics.await(
                config,
                Duration.ofSeconds(60),
                () -> {
                  waited.set(true);
                  create(config, true); // made by an operator while the start waits
                }));
    assertTrue(waited.get(), "it found the topic missing and waited");
  }
}
