package io.surgewatch.streams.app;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.surgewatch.core.Keys;
import io.surgewatch.core.SurgewatchConfig;
import io.surgewatch.stack.LocalStack;
import io.surgewatch.stack.SharedTestStack;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

/** At start the app takes the input partition count from the broker (on the real broker). */
class InputPartitionsTest {

  private static SurgewatchConfig withInputs(final int incidents, final int statements)
      throws Exception {
    final LocalStack stack = SharedTestStack.get();
    final String run = "ip" + UUID.randomUUID().toString().substring(0, 8);
    final SurgewatchConfig config =
        SurgewatchConfig.defaultsOnly()
            .withAll(
                Map.of(
                    Keys.BOOTSTRAP_SERVERS,
                    stack.bootstrapServers(),
                    Keys.SCHEMA_REGISTRY_URL,
                    stack.registryUrl(),
                    Keys.TOPIC_INCIDENTS,
                    run + ".incidents",
                    Keys.TOPIC_STATEMENTS,
                    run + ".statements"));
    try (Admin admin = Admin.create(config.clientProperties())) {
      admin
          .createTopics(
              List.of(
                  new NewTopic(run + ".incidents", Optional.of(incidents), Optional.empty()),
                  new NewTopic(run + ".statements", Optional.of(statements), Optional.empty())))
          .all()
          .get();
      // Created is not yet described everywhere: the broker's metadata can lag the controller's
      // (the app would then take the topic for missing and merge the default count).
      await("the new topics described")
          .atMost(Duration.ofSeconds(30))
          .ignoreExceptions()
          .until(
              () ->
                  admin
                          .describeTopics(List.of(run + ".incidents", run + ".statements"))
                          .allTopicNames()
                          .get()
                          .size()
                      == 2);
    }
    return config;
  }

  @Test
  void theCubeMergesAsManyInputPartitionsAsTheIncidentsTopicHas() throws Exception {
    final SurgewatchConfig config = withInputs(3, 3);

    assertEquals(3, InputPartitions.fromBroker(config).getInt(Keys.TOPIC_INPUT_PARTITIONS));
  }

  @Test
  void aStatementsTopicOfAnotherCountIsRefusedAtStartWithWhatToDo() throws Exception {
    final SurgewatchConfig config = withInputs(3, 2);

    final IllegalStateException refused =
        assertThrows(IllegalStateException.class, () -> InputPartitions.fromBroker(config));
    assertTrue(
        refused.getMessage().contains("has 2 partitions")
            && refused.getMessage().contains("has 3")
            && refused.getMessage().contains("copy-inputs"),
        refused.getMessage());
  }
}
