package io.surgewatch.cli.alerting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.surgewatch.core.EventJson;
import io.surgewatch.core.SurgewatchConfig;
import io.surgewatch.events.v1.AlertStatus;
import io.surgewatch.events.v1.SurgeAlert;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The webhook forwarder behind the follower, on the real broker and registry, against a flaky local
 * receiver.
 */
@Timeout(180)
class WebhookDeliveryTest {
  private static final Backoff FAST =
      new Backoff(Duration.ofMillis(50), Duration.ofMillis(200), 0, Duration.ofSeconds(5));

  private static List<SurgeAlert> threeAlerts() {
    return List.of(
        TestAlerts.alert(
            "Khyber Pakhtunkhwa", 1, AlertStatus.OPEN, "Killed rose to 121 in 30 days."),
        TestAlerts.alert(
            "Khyber Pakhtunkhwa", 2, AlertStatus.ESCALATED, "Killed rose to 122 in 30 days."),
        TestAlerts.alert("Balochistan", 1, AlertStatus.OPEN, "Killed rose to 121 in 30 days."));
  }

  @Test
  void retriesUntilDeliveredOnceEachAndCommitsOnlyAfterDelivery() throws Exception {
    final SurgewatchConfig config = TestAlerts.freshAlertTopic();
    final String group = "it-" + UUID.randomUUID();
    final Map<String, RecordMetadata> produced = TestAlerts.produce(config, threeAlerts());
    final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
    final PrintStream log = new PrintStream(logBytes, true, StandardCharsets.UTF_8);

    // 503 (Retry-After: 1), 503, connection dropped, 500, then 200; at each attempt, look at the
    // group's offsets.
    final ScriptedReceiver.Script script =
        (key, n) ->
            switch (n) {
              case 1 -> new ScriptedReceiver.Answer(503, "1", "busy");
              case 2 -> ScriptedReceiver.Answer.of(503);
              case 3 -> ScriptedReceiver.DROP;
              case 4 -> ScriptedReceiver.Answer.of(500);
              default -> ScriptedReceiver.Answer.of(200);
            };
    try (ScriptedReceiver receiver =
        new ScriptedReceiver(script, key -> TestAlerts.committed(config, group))) {
      final WebhookForwarder forwarder =
          new WebhookForwarder(receiver.url(), "s3cret", FAST, Duration.ofSeconds(5), log);
      final AlertFollower follower = new AlertFollower(config, group, true, forwarder, log);
      try (TestAlerts.Running running = TestAlerts.start(follower)) {
        TestAlerts.await(
            () -> receiver.successes().size() >= produced.size(),
            Duration.ofSeconds(90),
            "every alert delivered; log:\n" + logBytes);
        TestAlerts.await(
            () -> TestAlerts.caughtUp(config, group), Duration.ofSeconds(30), "the commits");
      }
      // Read once the follower has stopped (close joins its thread): every retry of a record ends
      // before its offset is committed, so nothing is still on its way, and a wrong extra delivery
      // is in the counts below.
      assertEquals(produced.size(), follower.delivered());

      // Exactly once on the 200 path, each under its own key, with the right body and headers.
      final List<ScriptedReceiver.Attempt> successes = receiver.successes();
      assertEquals(
          new TreeSet<>(produced.keySet()),
          successes.stream()
              .map(ScriptedReceiver.Attempt::key)
              .collect(Collectors.toCollection(TreeSet::new)));
      assertEquals(produced.size(), successes.size(), "one 200 per alert");
      for (final ScriptedReceiver.Attempt ok : successes) {
        final JsonNode json = EventJson.MAPPER.readTree(ok.body());
        assertEquals(ok.key(), json.get("alertId").asText() + ":" + json.get("sequence").asInt());
        assertEquals(List.of("application/json"), ok.headers().get("Content-type"));
        assertEquals(List.of("Bearer s3cret"), ok.headers().get("Authorization"));
      }

      for (final Map.Entry<String, RecordMetadata> e : produced.entrySet()) {
        final List<ScriptedReceiver.Attempt> attempts = receiver.attemptsFor(e.getKey());
        assertEquals(5, attempts.size(), "attempts of " + e.getKey());
        // The same Idempotency-Key and body on every retry.
        assertEquals(1, attempts.stream().map(ScriptedReceiver.Attempt::body).distinct().count());
        // Retry-After: 1 was honoured.
        assertTrue(
            attempts.get(1).nanos() - attempts.get(0).nanos() >= 950_000_000L,
            "second attempt of " + e.getKey() + " waited for Retry-After");
        // Nothing committed past the record before its delivery succeeded, including during the 200
        // itself.
        final TopicPartition tp =
            new TopicPartition(e.getValue().topic(), e.getValue().partition());
        for (final ScriptedReceiver.Attempt a : attempts) {
          @SuppressWarnings("unchecked")
          final long committed = ((Map<TopicPartition, Long>) a.probe()).getOrDefault(tp, 0L);
          assertTrue(
              committed <= e.getValue().offset(),
              "committed "
                  + committed
                  + " before delivering offset "
                  + e.getValue().offset()
                  + " of "
                  + tp
                  + " (attempt "
                  + a.number()
                  + ")");
        }
      }
      final String logged = logBytes.toString(StandardCharsets.UTF_8);
      assertTrue(
          logged.contains("HTTP 503")
              && logged.contains("HTTP 500")
              && logged.contains("(Retry-After)"),
          logged);
      assertTrue(
          logged.contains("IOException") || logged.contains("EOF") || logged.contains("closed"),
          logged);
      assertTrue(!logged.contains("s3cret"), "the token is never logged");

      // Resumes where it left off: a new run of the group sees only what came after.
      final Map<String, RecordMetadata> later =
          TestAlerts.produce(
              config,
              List.of(
                  TestAlerts.alert(
                      "Khyber Pakhtunkhwa", 3, AlertStatus.RESOLVED, "Back to normal.")));
      final int before = receiver.attempts().size();
      try (ScriptedReceiver again =
          new ScriptedReceiver((k, n) -> ScriptedReceiver.Answer.of(204), null)) {
        final WebhookForwarder resumed =
            new WebhookForwarder(again.url(), null, FAST, Duration.ofSeconds(5), log);
        try (TestAlerts.Running running =
            TestAlerts.start(new AlertFollower(config, group, true, resumed, log))) {
          TestAlerts.await(
              () -> TestAlerts.caughtUp(config, group), Duration.ofSeconds(60), "the resumed run");
        } // stopped: its attempts are final
        assertEquals(
            List.copyOf(later.keySet()),
            again.attempts().stream().map(ScriptedReceiver.Attempt::key).toList());
        assertEquals(null, again.attempts().get(0).headers().get("Authorization"));
      }
      assertEquals(before, receiver.attempts().size());
    }
  }

  @Test
  void aClientErrorIsLoggedAndSkippedNotRetried() throws Exception {
    final SurgewatchConfig config = TestAlerts.freshAlertTopic();
    final String group = "it-" + UUID.randomUUID();
    final List<SurgeAlert> alerts = threeAlerts();
    final String refused = WebhookForwarder.idempotencyKey(alerts.get(1));
    final Map<String, RecordMetadata> produced = TestAlerts.produce(config, alerts);
    final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
    final PrintStream log = new PrintStream(logBytes, true, StandardCharsets.UTF_8);
    try (ScriptedReceiver receiver =
        new ScriptedReceiver(
            (key, n) ->
                key.equals(refused)
                    ? new ScriptedReceiver.Answer(400, null, "{\"error\": \"unknown field\"}")
                    : ScriptedReceiver.Answer.of(200),
            null)) {
      final WebhookForwarder forwarder =
          new WebhookForwarder(receiver.url(), null, FAST, Duration.ofSeconds(5), log);
      final AlertFollower follower = new AlertFollower(config, group, true, forwarder, log);
      try (TestAlerts.Running running = TestAlerts.start(follower)) {
        TestAlerts.await(
            () -> TestAlerts.caughtUp(config, group), Duration.ofSeconds(60), "the commits");
      }
      // Read once the follower has stopped: a retry of the 400 would have come before its offset
      // was committed.
      assertEquals(2, follower.delivered());
      assertEquals(1, follower.skipped());
      assertEquals(1, receiver.attemptsFor(refused).size(), "a 400 is not retried");
      final Set<String> ok =
          receiver.successes().stream()
              .map(ScriptedReceiver.Attempt::key)
              .collect(Collectors.toSet());
      assertEquals(
          produced.keySet().stream().filter(k -> !k.equals(refused)).collect(Collectors.toSet()),
          ok);
      assertEquals(2, receiver.successes().size());
      final String logged = logBytes.toString(StandardCharsets.UTF_8);
      assertTrue(
          logged.contains("HTTP 400")
              && logged.contains(refused)
              && logged.contains("skipped")
              && logged.contains("unknown field"),
          logged);
    }
  }

  @Test
  void givesUpAfterMaxAttemptsWithoutCommitting() throws Exception {
    final SurgewatchConfig config = TestAlerts.freshAlertTopic();
    final String group = "it-" + UUID.randomUUID();
    final RecordMetadata only =
        TestAlerts.produce(config, threeAlerts().subList(0, 1)).values().iterator().next();
    final PrintStream log =
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    try (ScriptedReceiver receiver =
        new ScriptedReceiver((key, n) -> ScriptedReceiver.Answer.of(429), null)) {
      final WebhookForwarder forwarder =
          new WebhookForwarder(
              receiver.url(), null, FAST.withMaxAttempts(3), Duration.ofSeconds(5), log);
      final AlertFollower follower = new AlertFollower(config, group, true, forwarder, log);
      final AlertSink.DeliveryException e =
          Assertions.assertThrows(AlertSink.DeliveryException.class, follower::run);
      assertTrue(
          e.getMessage().contains("after 3 attempts") && e.getMessage().contains("HTTP 429"),
          e.getMessage());
      assertEquals(3, receiver.attempts().size());
      // The group's start is committed at its first assignment, but never past the undelivered
      // alert.
      assertEquals(
          only.offset(),
          TestAlerts.committed(config, group)
              .get(new TopicPartition(only.topic(), only.partition())));
    }
  }
}
