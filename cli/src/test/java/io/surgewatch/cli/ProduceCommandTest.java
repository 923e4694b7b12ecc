package io.surgewatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.surgewatch.stack.LocalStack;
import io.surgewatch.stack.SharedTestStack;
import io.surgewatch.stack.TopicInitializer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code produce} against a cluster it cannot write to: it stops before reading the file, with one
 * line naming what is wrong and the setting, well within the time the line states.
 */
class ProduceCommandTest {
  /** One valid incident: what fails is the cluster, never the file. */
  private static final String INCIDENT =
      "{\"id\": \"PC-1\", \"reportedAt\": \"2023-02-04T10:00:00Z\", \"occurredOn\": \"2023-01-30\","
          + " \"country\": \"PK\", \"eventType\": \"ATTACK\", \"killed\": {\"civilians\": 1},"
          + " \"injured\": {}, \"source\": {\"name\": \"test\"}}\n";

  /** The input and dead-letter topics under a fresh prefix, created; as --set options. */
  private static List<String> freshTopics(final LocalStack stack, final String... notCreated) {
    final String prefix = "pc-" + UUID.randomUUID().toString().substring(0, 8) + ".";
    final List<String> settings = new ArrayList<>();
    final List<NewTopic> created = new ArrayList<>();
    for (final String key : List.of("topic.incidents", "topic.statements", "topic.dead-letter")) {
      final String name = prefix + key.substring("topic.".length());
      settings.addAll(List.of("--set", key + "=" + name));
      if (!List.of(notCreated).contains(key)) {
        created.add(new NewTopic(name, 1, (short) 1));
      }
    }
    TopicInitializer.ensureTopics(
        Map.of("bootstrap.servers", stack.bootstrapServers()), created, Duration.ofSeconds(30));
    return settings;
  }

  private static Launcher.Run produce(
      final LocalStack stack, final String registryUrl, final Path input, final List<String> set) {
    final List<String> args =
        new ArrayList<>(
            List.of(
                "produce",
                "--bootstrap-servers",
                stack.bootstrapServers(),
                "--schema-registry-url",
                registryUrl,
                "--input",
                input.toString(),
                "--format",
                "ndjson"));
    args.addAll(set);
    return Launcher.run(args.toArray(String[]::new));
  }

  private static int closedPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort(); // free again once closed: nothing listens there
    }
  }

  @Test
  @Timeout(60)
  void aClusterWithItsTopicsAndRegistryTakesTheFile(@TempDir final Path dir) throws Exception {
    final LocalStack stack = SharedTestStack.get();
    final Path input = Files.writeString(dir.resolve("one.ndjson"), INCIDENT);
    final Launcher.Run run = produce(stack, stack.registryUrl(), input, freshTopics(stack));
    assertEquals(0, run.exit(), run.err());
    assertTrue(run.out().contains("read=1 published=1 rejected=0"), run.out());
  }

  @Test
  @Timeout(60)
  void aRegistryThatDoesNotAnswerIsNamedWithItsSettingWithinTheTimeTheLineStates(
      @TempDir final Path dir) throws Exception {
    final LocalStack stack = SharedTestStack.get();
    final Path input = Files.writeString(dir.resolve("one.ndjson"), INCIDENT);
    final String away = "http://127.0.0.1:" + closedPort() + "/apis/ccompat/v7";
    final long started = System.nanoTime();
    final Launcher.Run run = produce(stack, away, input, freshTopics(stack));
    final Duration took = Duration.ofNanos(System.nanoTime() - started);
    assertEquals(1, run.exit(), run.err());
    assertTrue(
        run.err()
            .contains(
                "cannot reach the schema registry at "
                    + away
                    + " (schema.registry.url) within 15 s: ConnectException"),
        run.err());
    assertEquals(1, run.err().strip().lines().count(), run.err());
    assertTrue(took.compareTo(Duration.ofSeconds(15)) < 0, "took " + took);
    assertFalse(run.out().contains("read="), "nothing was published: " + run.out());
  }

  @Test
  @Timeout(60)
  void aMissingInputTopicIsNamedWithItsSettingAndTopicsCreate(@TempDir final Path dir)
      throws Exception {
    final LocalStack stack = SharedTestStack.get();
    final Path input = Files.writeString(dir.resolve("one.ndjson"), INCIDENT);
    final List<String> set = freshTopics(stack, "topic.incidents");
    final String missing = set.get(1).substring("topic.incidents=".length());
    final Launcher.Run run = produce(stack, stack.registryUrl(), input, set);
    assertEquals(2, run.exit(), "a misspelt or uncreated topic is bad usage: " + run.err());
    assertTrue(
        run.err()
            .contains(
                "topic "
                    + missing
                    + " (topic.incidents) does not exist on "
                    + stack.bootstrapServers()
                    + " (create them with `./surgewatch topics create`"),
        run.err());
    assertEquals(1, run.err().strip().lines().count(), run.err());
  }

  @Test
  @Timeout(60)
  void aRegistryUrlWithoutTheApiBasePathSaysSoAsTheIngestServiceDoesBeforeItServes(
      @TempDir final Path dir) throws Exception {
    final LocalStack stack = SharedTestStack.get();
    final Path input = Files.writeString(dir.resolve("one.ndjson"), INCIDENT);
    final String root = stack.registryUrl().replace("/apis/ccompat/v7", "");
    final List<String> ingest =
        new ArrayList<>(
            List.of(
                "ingest",
                "--bootstrap-servers",
                stack.bootstrapServers(),
                "--schema-registry-url",
                root,
                "--set",
                "ingest.port=0"));
    ingest.addAll(freshTopics(stack));
    for (final Launcher.Run run :
        List.of(
            produce(stack, root, input, freshTopics(stack)),
            Launcher.run(ingest.toArray(String[]::new)))) {
      assertEquals(1, run.exit(), run.err());
      assertTrue(
          run.err()
              .contains(
                  "is its base path missing from schema.registry.url (/apis/ccompat/v7 for"
                      + " Apicurio)?"),
          run.err());
      assertEquals(1, run.err().strip().lines().count(), run.err());
      assertFalse(run.out().contains("Ingest API"), "it never served: " + run.out());
    }
  }
}
