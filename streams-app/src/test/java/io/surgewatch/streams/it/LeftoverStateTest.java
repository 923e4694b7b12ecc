package io.surgewatch.streams.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.surgewatch.core.EventPreparer;
import io.surgewatch.core.Keys;
import io.surgewatch.core.SurgewatchConfig;
import io.surgewatch.core.Topics;
import io.surgewatch.inputs.InputFormat;
import io.surgewatch.producers.EventPublisher;
import io.surgewatch.producers.FilePublisher;
import io.surgewatch.stack.TopicInitializer;
import io.surgewatch.streams.app.AppReset;
import io.surgewatch.streams.app.StreamsApp;
import io.surgewatch.streams.topology.SurgewatchTopology;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A state directory left behind after the topics it was built from were deleted (a broker's data
 * wiped, the topics made again; or the app reset from another host, its changelogs deleted), while
 * another instance built new changelogs past its checkpoints: started again, the instance must not
 * restore the new changelogs on top of the old state.
 */
class LeftoverStateTest {

  private static Path file(final Path dir, final String region, final int incidents)
      throws Exception {
    final List<String> lines = new ArrayList<>();
    for (int i = 0; i < incidents; i++) {
      final LocalDate day = LocalDate.of(2023, 3, 1).plusDays(i);
      lines.add(OlderFileAfterNewerTest.incident(region + "-" + i, region, day));
    }
    return Files.write(dir.resolve(region + ".ndjson"), lines);
  }

  private static void run(final SurgewatchConfig config, final Path input) throws Exception {
    try (StreamsApp app = StreamsApp.start(config);
        EventPublisher publisher = EventPublisher.create(config)) {
      new FilePublisher(publisher, EventPreparer.standard(), null, false, Duration.ofSeconds(30))
          .publish(input, InputFormat.NDJSON, null);
      RealStack.awaitCaughtUp(config, Duration.ofSeconds(120));
    }
  }

  /**
   * Deletes every topic of the run (inputs, outputs, the app's internal ones) and makes the inputs
   * and outputs again.
   */
  private static void topicsMadeAgain(final SurgewatchConfig config) throws Exception {
    final String run = config.get(Keys.APPLICATION_ID);
    try (Admin admin = Admin.create(config.clientProperties())) {
      final Set<String> ours = new TreeSet<>();
      for (final String t : admin.listTopics().names().get(30, TimeUnit.SECONDS)) {
        if (t.startsWith(run)) {
          ours.add(t);
        }
      }
      admin.deleteTopics(ours).all().get(30, TimeUnit.SECONDS);
      await("the run's topics deleted")
          .atMost(Duration.ofSeconds(60))
          .until(
              () ->
                  admin.listTopics().names().get(30, TimeUnit.SECONDS).stream()
                      .noneMatch(t -> t.startsWith(run)));
    }
    TopicInitializer.ensureTopics(
        config.clientProperties(), Topics.from(config).newTopics(), Duration.ofSeconds(60));
  }

  private static Set<String> cubeKeys(final StreamsApp app) {
    final ReadOnlyKeyValueStore<String, byte[]> store =
        app.streams()
            .store(
                StoreQueryParameters.fromNameAndType(
                    SurgewatchTopology.STORE_CUBE_KEYS, QueryableStoreTypes.keyValueStore()));
    final Set<String> keys = new TreeSet<>();
    try (KeyValueIterator<String, byte[]> it = store.all()) {
      it.forEachRemaining((KeyValue<String, byte[]> kv) -> keys.add(kv.key));
    }
    return keys;
  }

  /** Starts the instance on {@code config}'s state directory and waits for its cube keys. */
  private static void startedAgainHolds(final SurgewatchConfig config, final Set<String> keys)
      throws Exception {
    try (StreamsApp app = StreamsApp.start(config)) {
      assertTrue(app.awaitRunning(Duration.ofSeconds(120)), "running");
      await("the cube's keys queryable, restored from the new changelogs")
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(500))
          .ignoreExceptions()
          .untilAsserted(() -> assertEquals(keys, cubeKeys(app)));
    }
  }

  @Test
  void stateLeftOnAHostWhenTheAppWasResetFromAnotherIsWipedAtStart(@TempDir final Path dir)
      throws Exception {
    final SurgewatchConfig config = RealStack.isolatedConfig(Map.of());
    run(config, file(dir, "Sindh", 5));
    final SurgewatchConfig other = config.with(Keys.STATE_DIR, dir.resolve("other").toString());
    // Reset from another host (its changelogs deleted, the inputs read again from the start),
    // which reprocesses everything into new changelogs, longer than the first host's.
    new AppReset(other).run();
    run(other, file(dir, "Punjab", 40));

    startedAgainHolds(
        config,
        Set.of(
            "*|*|*",
            "*|*|UNKNOWN",
            "PK|*|*",
            "PK|*|UNKNOWN",
            "PK|Punjab|*",
            "PK|Punjab|UNKNOWN",
            "PK|Sindh|*",
            "PK|Sindh|UNKNOWN"));
  }

  @Test
  void stateBuiltFromTopicsSinceDeletedIsWipedAtStartNotMixedWithTheNewOnes(@TempDir final Path dir)
      throws Exception {
    final SurgewatchConfig config = RealStack.isolatedConfig(Map.of());
    run(config, file(dir, "Sindh", 5));

    topicsMadeAgain(config);
    // Another instance (its own state directory) builds new changelogs, longer than the first's.
    run(config.with(Keys.STATE_DIR, dir.resolve("other").toString()), file(dir, "Punjab", 40));

    startedAgainHolds(
        config,
        Set.of(
            "*|*|*", "*|*|UNKNOWN", "PK|*|*", "PK|*|UNKNOWN", "PK|Punjab|*", "PK|Punjab|UNKNOWN"));
  }
}
