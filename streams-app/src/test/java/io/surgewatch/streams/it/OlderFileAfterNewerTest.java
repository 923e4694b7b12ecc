package io.surgewatch.streams.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.surgewatch.core.EventPreparer;
import io.surgewatch.core.SurgewatchConfig;
import io.surgewatch.events.v1.RollingCount;
import io.surgewatch.inputs.InputFormat;
import io.surgewatch.producers.EventPublisher;
import io.surgewatch.producers.FilePublisher;
import io.surgewatch.producers.TopicTimes;
import io.surgewatch.streams.app.StreamsApp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A backfill, as a user makes one: a newer export published, then an older one, each with {@code
 * produce}'s publisher. The older file's reports are late for every input partition; once the
 * second run ends, the app has counted them all, with no later writer needed to move the partitions
 * past them (a user trial found them held back for good).
 */
class OlderFileAfterNewerTest {

  /** An NDJSON incident report of one civilian killed, reported at noon of its day. */
  static String incident(final String id, final String region, final LocalDate day) {
    return "{\"id\": \""
        + id
        + "\", \"reportedAt\": \""
        + day
        + "T12:00:00Z\", \"occurredOn\": \""
        + day
        + "\", \"country\": \"PK\", \"region\": \""
        + region
        + "\", \"eventType\": \"ATTACK\", \"killed\": {\"civilians\": 1}, \"injured\": {},"
        + " \"source\": {\"name\": \"test\"}}";
  }

  private static Path file(final Path dir, final String name, final String region, final int year)
      throws Exception {
    final List<String> lines = new ArrayList<>();
    for (int i = 0; i < 24; i++) {
      lines.add(incident(region + "-" + i, region, LocalDate.of(year, 3, 1).plusDays(i)));
    }
    return Files.write(dir.resolve(name), lines);
  }

  @Test
  void theOlderFilesReportsAreAllCountedOnceItsRunEnds(@TempDir final Path dir) throws Exception {
    final SurgewatchConfig config = RealStack.isolatedConfig(Map.of());
    try (StreamsApp app = StreamsApp.start(config);
        EventPublisher publisher = EventPublisher.create(config)) {
      for (final Path f :
          List.of(
              file(dir, "newer.ndjson", "Punjab", 2023),
              file(dir, "older.ndjson", "Sindh", 2022))) {
        new FilePublisher(publisher, EventPreparer.standard(), null, false, Duration.ofSeconds(10))
            .after(TopicTimes.latest(config, Duration.ofSeconds(30)))
            .publish(f, InputFormat.NDJSON, null);
      }
      RealStack.awaitCaughtUp(config, Duration.ofSeconds(120));
      await("the older file's 24 incidents on the counts topic")
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(500))
          .untilAsserted(
              () ->
                  assertEquals(
                      24,
                      RealStack.counts(config).stream()
                          .filter(
                              c ->
                                  c.getRegion().equals("Sindh")
                                      && c.getGroup().equals("*")
                                      && c.getWindow().equals("P365D"))
                          .mapToLong(RollingCount::getIncidents)
                          .max()
                          .orElse(0)));
    }
  }
}
