package io.surgewatch.producers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.surgewatch.core.EventPreparer;
import io.surgewatch.core.Keys;
import io.surgewatch.core.SurgewatchConfig;
import io.surgewatch.inputs.InputFormat;
import io.surgewatch.serde.SchemaRegistryException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

  @Test
  void aRegistryThatDoesNotAnswerFailsTheReadNamingItRatherThanPassingOverEveryRecord(
      @TempDir final Path dir) throws Exception {
    final SurgewatchConfig config = TestCluster.freshTopics();
    final Path file =
        Files.writeString(
            dir.resolve("one.ndjson"),
            FilePublisherProgressMarkersTest.incident("TT-1", "2023-02-10T10:00:00Z") + "\n");
    try (EventPublisher publisher = EventPublisher.create(config)) {
      new FilePublisher(publisher, EventPreparer.standard(), null, false, Duration.ofSeconds(10))
          .publish(file, InputFormat.NDJSON, null);
    }
    final int closed;
    try (ServerSocket s = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort(); // free again once closed: nothing listens there
    }
    final String away = "http://127.0.0.1:" + closed + "/apis/ccompat/v7";
    final SchemaRegistryException e =
        assertThrows(
            SchemaRegistryException.class,
            () ->
                TopicTimes.read(
                    config.withAll(Map.of(Keys.SCHEMA_REGISTRY_URL, away)),
                    Duration.ofSeconds(30)));
    assertTrue(e.getMessage().contains("schema registry " + away + " unreachable"), e.getMessage());
  }
}
