package io.surgewatch.producers.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.surgewatch.core.EventJson;
import io.surgewatch.core.EventPreparer;
import io.surgewatch.core.Keys;
import io.surgewatch.core.ProgressMarkers;
import io.surgewatch.core.SurgewatchConfig;
import io.surgewatch.events.v1.IncidentEvent;
import io.surgewatch.producers.EventPublisher;
import io.surgewatch.producers.TestCluster;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The progress markers of the ingest service, on the real broker of the shared test stack (three
 * partitions a topic).
 */
class IngestProgressMarkersTest {

  @Test
  void
      afterARequestIsAcceptedEveryPartitionOfItsTopicGetsAMarkerAtTheGreatestReportedAtPublished() {
    final SurgewatchConfig config = TestCluster.freshTopics().with(Keys.INGEST_PORT, "0");
    try (IngestServer server = IngestServer.start(config)) {
      assertAccepted(
          server,
          "["
              + Http.incident("MRK-2", "2023-02-05T10:00:00Z")
              + ","
              + Http.incident("MRK-1", "2023-02-04T10:00:00Z")
              + "]");
      awaitMarkersOnEveryPartition(
          config, config.get(Keys.TOPIC_INCIDENTS), Instant.parse("2023-02-05T10:00:00Z"));

      // a later request that is late (before the markers) leaves them where they are; a newer one
      // moves them
      assertAccepted(server, Http.incident("MRK-0", "2023-02-01T10:00:00Z"));
      assertAccepted(server, Http.incident("MRK-3", "2023-02-06T10:00:00Z"));
      awaitMarkersOnEveryPartition(
          config, config.get(Keys.TOPIC_INCIDENTS), Instant.parse("2023-02-06T10:00:00Z"));

      assertEquals(
          202,
          Http.post(
                  server.url() + "/v1/statements",
                  "application/json",
                  Http.statement("ST-MRK"),
                  null)
              .statusCode());
      // The statements topic was marked through the incidents too (the app's story stage holds
      // alerts until every statements partition has passed them): this statement, made before that,
      // is late and leaves the markers where they are.
      awaitMarkersOnEveryPartition(
          config, config.get(Keys.TOPIC_STATEMENTS), Instant.parse("2023-02-06T10:00:00Z"));
    }
    // The late report never moves the markers back; once the service knows the topic's latest
    // time, it may mark just past it (so that the late report does not wait), never at its own.
    final Set<Instant> marked = markerTimes(config, config.get(Keys.TOPIC_INCIDENTS));
    assertTrue(marked.contains(Instant.parse("2023-02-05T10:00:00Z")), marked.toString());
    assertTrue(
        marked.stream().anyMatch(t -> !t.isBefore(Instant.parse("2023-02-06T10:00:00Z"))),
        marked.toString());
    assertTrue(
        marked.stream().noneMatch(t -> t.isBefore(Instant.parse("2023-02-05T10:00:00Z"))),
        "no markers at the late report's time: " + marked);
    assertFalse(
        markerTimes(config, config.get(Keys.TOPIC_STATEMENTS))
            .contains(Instant.parse("2023-01-04T17:00:00Z")),
        "no markers at the late statement's time");
  }

  @Test
  void stoppingWritesTheMarkersOfTheLastInterval() {
    final SurgewatchConfig config =
        TestCluster.freshTopics()
            .withAll(Map.of(Keys.INGEST_PORT, "0", Keys.PROGRESS_INTERVAL_MS, "3600000"));
    try (IngestServer server = IngestServer.start(config)) {
      assertAccepted(server, Http.incident("MRK-STOP", "2023-02-04T10:00:00Z"));
      assertTrue(
          markerTimes(config, config.get(Keys.TOPIC_INCIDENTS)).isEmpty(),
          "no markers within the interval");
    }
    final List<ConsumerRecord<String, byte[]>> markers =
        TestCluster.readAll(config, config.get(Keys.TOPIC_INCIDENTS)).stream()
            .filter(TestCluster::isMarker)
            .toList();
    assertEquals(
        Set.of(0, 1, 2),
        markers.stream().map(ConsumerRecord::partition).collect(Collectors.toSet()));
    assertEquals(
        Set.of(Instant.parse("2023-02-04T10:00:00Z")),
        markerTimes(config, config.get(Keys.TOPIC_INCIDENTS)));
  }

  @Test
  void aLateReportAfterAnotherWritersMarkersIsMarkedPastThemNotPastTheNewestReport()
      throws Exception {
    // A backfill's produce ends with markers just past the newest report on the topic: the app
    // places a late report after those, and markers just past the newest report would leave it
    // waiting for a newer one.
    final SurgewatchConfig config = TestCluster.freshTopics().with(Keys.INGEST_PORT, "0");
    final String topic = config.get(Keys.TOPIC_INCIDENTS);
    final Instant newest = Instant.parse("2023-02-05T10:00:00Z");
    try (EventPublisher other = EventPublisher.create(config)) {
      other
          .publish(
              EventPreparer.standard()
                  .whole(
                      EventJson.partial(
                          EventJson.MAPPER.readTree(Http.incident("NEW-1", newest.toString())),
                          IncidentEvent.class)))
          .get();
      other.publishProgress(topic, newest.plusMillis(1)).get();
    }
    try (IngestServer server = IngestServer.start(config)) {
      assertAccepted(server, Http.incident("LATE-1", "2023-02-01T10:00:00Z"));
      awaitMarkersOnEveryPartition(config, topic, newest.plusMillis(2));
    }
  }

  /** Posts incidents (a JSON object or array) and checks the service accepted them. */
  private static void assertAccepted(final IngestServer server, final String body) {
    assertEquals(
        202,
        Http.post(server.url() + "/v1/incidents", "application/json", body, null).statusCode());
  }

  /**
   * Markers at {@code at} or later on every partition: after a late report the service marks just
   * past the topic's latest time, which is a later report's when that one was published first.
   */
  private static void awaitMarkersOnEveryPartition(
      final SurgewatchConfig config, final String topic, final Instant at) {
    Awaitility.await("markers at " + at + " or later on every partition of " + topic)
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(50))
        .until(
            () ->
                TestCluster.readAll(config, topic).stream()
                    .filter(
                        r ->
                            TestCluster.isMarker(r)
                                && ProgressMarkers.through(r.headers()) >= at.toEpochMilli())
                    .map(ConsumerRecord::partition)
                    .collect(Collectors.toSet())
                    .equals(Set.of(0, 1, 2)));
  }

  private static Set<Instant> markerTimes(final SurgewatchConfig config, final String topic) {
    return TestCluster.readAll(config, topic).stream()
        .filter(TestCluster::isMarker)
        .map(r -> Instant.ofEpochMilli(ProgressMarkers.through(r.headers())))
        .collect(Collectors.toSet());
  }
}
