package io.surgewatch.streams.it;

import static org.awaitility.Awaitility.await;

import io.surgewatch.core.SurgewatchConfig;
import io.surgewatch.core.Topics;
import io.surgewatch.engine.RevisedHistories;
import io.surgewatch.events.v1.Attribution;
import io.surgewatch.events.v1.Casualties;
import io.surgewatch.events.v1.IncidentEvent;
import io.surgewatch.events.v1.PerpetratorGroup;
import io.surgewatch.events.v1.RollingCount;
import io.surgewatch.events.v1.Source;
import io.surgewatch.events.v1.SourceKind;
import io.surgewatch.producers.EventPublisher;
import io.surgewatch.streams.app.StreamsApp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The property test of the engine, on the real broker and registry: random revision histories
 * (edits of any report however old, retractions, reports years late) published to the input topic;
 * once the app has caught up, the counts topic, read as a consumer reads it, equals the rolling
 * sums of each incident's latest report folded by hand.
 */
class RevisedHistoryOnTheBrokerTest {

  @Test
  void theCountsTopicHoldsTheRollingSumsOfTheLatestReports() throws Exception {
    final SurgewatchConfig config = RealStack.isolatedConfig(Map.of());
    final List<RevisedHistories.Report> history = new ArrayList<>();
    final Map<String, RevisedHistories.Report> latest = new LinkedHashMap<>();
    for (final RevisedHistories.Report r : RevisedHistories.generate(new Random(7), 60)) {
      history.add(r);
      latest.put(r.id(), r);
    }
    try (StreamsApp app = StreamsApp.start(config);
        EventPublisher publisher = EventPublisher.create(config)) {
      final List<CompletableFuture<?>> sent = new ArrayList<>();
      for (final RevisedHistories.Report r : history) {
        sent.add(publisher.publish(event(r)));
      }
      publisher.flush();
      CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get();
      // As every writer should: the reports are all written (the newest would otherwise wait
      // progress.idle-ms).
      publisher
          .publishProgress(
              Topics.from(config).incidents().name(),
              Instant.ofEpochMilli(
                  history.stream().mapToLong(RevisedHistories.Report::at).max().orElseThrow()))
          .get();
      RealStack.awaitCaughtUp(config, Duration.ofSeconds(120));
      // The open day's values follow on the app's flush timer: wait for the condition, not for a
      // time.
      await("the counts topic equal to the folded sums")
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(200))
          .untilAsserted(
              () -> {
                final List<RollingCount> counts = RealStack.counts(config);
                final int maxDay =
                    counts.stream()
                        .mapToInt(c -> (int) c.getWindowEnd().toEpochDay())
                        .max()
                        .orElseThrow();
                // Every shard closes its days by the latest incident day of all reports: every
                // series goes as far as that day, whichever task holds it.
                RevisedHistories.assertFoldedCountsAreTheSums(
                    "on the broker", latest.values(), counts, maxDay);
              });
    }
  }

  private static IncidentEvent event(final RevisedHistories.Report r) {
    final List<PerpetratorGroup> groups =
        r.groups().stream().map(g -> new PerpetratorGroup(g, Attribution.ATTRIBUTED)).toList();
    return IncidentEvent.newBuilder()
        .setId(r.id())
        .setReportedAt(Instant.ofEpochMilli(r.at()))
        .setRetracted(r.retracted())
        .setSource(new Source("property test", null, SourceKind.OTHER))
        .setOccurredOn(LocalDate.ofEpochDay(r.day()))
        .setCountry(r.country())
        .setRegion(r.region())
        .setGroups(groups)
        .setKilled(Casualties.newBuilder().setUnknown(r.killed()).build())
        .setInjured(Casualties.newBuilder().build())
        .build();
  }
}
