package io.surgewatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.javalin.Javalin;
import io.surgewatch.core.Keys;
import io.surgewatch.core.SurgewatchConfig;
import io.surgewatch.core.Topics;
import io.surgewatch.stack.TopicInitializer;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * `topics list` answers with the broker's topics, not the configuration's numbers: an operator who
 * moved to more partitions checks what the cluster has.
 */
class TopicsListTest {

  @Test
  @Timeout(120)
  void showsTheBrokersPartitionsAndWhatTheConfigurationAsksWhereTheyDiffer() throws Exception {
    final String run = RunSettings.name("list");
    final Map<String, String> values = RunSettings.of(run);
    values.put(Keys.TOPIC_INPUT_PARTITIONS, "12");
    final SurgewatchConfig config = SurgewatchConfig.defaultsOnly().withAll(values);
    final Topics topics = Topics.from(config);
    TopicInitializer.ensureTopics(
        config.clientProperties(), topics.newTopics(), Duration.ofSeconds(60));

    values.put(Keys.TOPIC_INPUT_PARTITIONS, "3");
    final Launcher.Run list = Launcher.run(RunSettings.args(values, "topics", "list"));
    assertEquals(0, list.exit(), list.out() + list.err());
    final String incidents =
        list.out().lines().filter(l -> l.startsWith(run + ".incidents ")).findFirst().orElseThrow();
    assertTrue(
        incidents.contains("partitions=12 replicas=1")
            && incidents.endsWith("(configured: partitions=3)"),
        incidents);
    final String counts =
        list.out().lines().filter(l -> l.startsWith(run + ".counts ")).findFirst().orElseThrow();
    assertTrue(counts.contains("cleanup.policy=compact"), counts);
    assertFalse(counts.contains("configured:"), "as configured: " + counts);

    final Launcher.Run threeReplicas =
        Launcher.run(
            RunSettings.args(values, "topics", "list", "--set", "topic.replication-factor=3"));
    assertTrue(
        threeReplicas.out().contains("(configured: partitions=3 replicas=3)"), threeReplicas.out());

    final Launcher.Run asked =
        Launcher.run(RunSettings.args(values, "topics", "list", "--configured"));
    assertTrue(asked.out().contains(run + ".incidents"), asked.out());
    assertTrue(asked.out().lines().anyMatch(l -> l.contains("partitions=3")), asked.out());

    values.put("topic.alerts", run + ".not-made");
    final Launcher.Run missing = Launcher.run(RunSettings.args(values, "topics", "list"));
    assertEquals(1, missing.exit(), missing.out());
    assertTrue(missing.out().contains(run + ".not-made"), missing.out());
    assertTrue(missing.out().contains("missing (configured: partitions="), missing.out());
    assertTrue(missing.err().contains("1 of the 6 topics are missing"), missing.err());
  }

  @Test
  @Timeout(60)
  void withoutABrokerItSaysSoInsteadOfListingTheConfiguration() throws Exception {
    final int closed;
    try (ServerSocket free = new ServerSocket(0)) {
      closed = free.getLocalPort();
    }
    final Launcher.Run none =
        Launcher.run("topics", "list", "--bootstrap-servers", "127.0.0.1:" + closed);
    assertEquals(1, none.exit(), none.out());
    assertTrue(none.err().contains("cannot reach Kafka at 127.0.0.1:" + closed), none.err());
    assertEquals("", none.out());
  }

  @Test
  @Timeout(60)
  void aWebServersPortIsNamedAsNotKafkaRatherThanReadAsAGigabyteResponse() {
    // Jetty answers a Kafka request with "HTTP/1.1 400": Kafka's clients read "HTTP" as the size
    // of a 1.2 GB response and failed with an OutOfMemoryError in their network thread.
    final Javalin web = Javalin.create().start("127.0.0.1", 0);
    try {
      final String address = "127.0.0.1:" + web.port();
      // Every command that talks to the cluster asks the address first.
      for (final List<String> command :
          List.of(
              List.of("topics", "list"),
              List.of("topics", "create"),
              List.of("topics", "copy-inputs", "--to-incidents", "i2", "--to-statements", "s2"),
              List.of("replay-dead-letters", "--dry-run"),
              List.of("ingest", "--set", "ingest.port=0"))) {
        final List<String> args = new ArrayList<>(command);
        args.addAll(List.of("--bootstrap-servers", address));
        final Launcher.Run run = Launcher.run(args.toArray(String[]::new));
        assertEquals(1, run.exit(), command + ": " + run.err());
        assertTrue(
            run.err()
                .contains(
                    "cannot reach Kafka at "
                        + address
                        + " (bootstrap.servers): "
                        + address
                        + " answers HTTP"),
            command + ": " + run.err());
        assertTrue(run.err().contains("not a Kafka listener"), run.err());
        assertFalse(run.err().contains("OutOfMemoryError"), run.err());
      }
    } finally {
      web.stop();
    }
  }
}
