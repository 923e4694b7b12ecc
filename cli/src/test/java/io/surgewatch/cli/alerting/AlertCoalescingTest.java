package io.surgewatch.cli.alerting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.surgewatch.core.ConfigException;
import io.surgewatch.core.EventJson;
import io.surgewatch.core.Keys;
import io.surgewatch.core.SurgewatchConfig;
import io.surgewatch.events.v1.AlertStatus;
import io.surgewatch.events.v1.Severity;
import io.surgewatch.events.v1.SurgeAlert;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code surgewatch alerts} pages once per alert per change that matters: the first transition at
 * once, what follows within the debounce as one delivery of the latest state. On the real broker
 * and registry; the debounce runs on a clock the test moves, so nothing here waits for time to
 * pass, only for conditions.
 */
@Timeout(180)
class AlertCoalescingTest {
  private static final Duration WINDOW = Duration.ofMinutes(1);
  private static final Backoff FAST =
      new Backoff(Duration.ofMillis(50), Duration.ofMillis(200), 0, Duration.ofSeconds(5));
  private static final Duration WAIT = Duration.ofSeconds(60);

  /** The debounce's clock, moved by the test only. */
  private static final class TestClock implements InstantSource {
    private final AtomicReference<Instant> now =
        new AtomicReference<>(Instant.parse("2023-02-04T10:00:00Z"));

    @Override
    public Instant instant() {
      return now.get();
    }

    void advance(final Duration d) {
      now.updateAndGet(t -> t.plus(d));
    }
  }

  private static final String KP = "PK|Khyber Pakhtunkhwa|TTP|killed|2023-01-30";

  private static SurgeAlert kp(
      final int sequence, final AlertStatus status, final Severity severity) {
    return SurgeAlert.newBuilder(
            TestAlerts.alert("Khyber Pakhtunkhwa", sequence, status, status + " " + severity))
        .setSeverity(severity)
        .build();
  }

  private static SurgewatchConfig topicWithOneMinuteDebounce() {
    return TestAlerts.freshAlertTopic()
        .with(Keys.ALERTS_DEBOUNCE_MS, String.valueOf(WINDOW.toMillis()));
  }

  private static final PrintStream LOG =
      new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

  private static AlertFollower follower(
      final SurgewatchConfig config,
      final String group,
      final ScriptedReceiver receiver,
      final InstantSource clock) {
    return follower(config, group, true, receiver, clock);
  }

  private static AlertFollower follower(
      final SurgewatchConfig config,
      final String group,
      final boolean fromBeginning,
      final ScriptedReceiver receiver,
      final InstantSource clock) {
    return new AlertFollower(
        config,
        group,
        fromBeginning,
        new WebhookForwarder(receiver.url(), null, FAST, Duration.ofSeconds(5), LOG),
        LOG,
        clock);
  }

  private static ScriptedReceiver accepting() throws Exception {
    return new ScriptedReceiver((key, n) -> ScriptedReceiver.Answer.of(200), null);
  }

  private static List<String> delivered(final ScriptedReceiver receiver) {
    return receiver.successes().stream().map(ScriptedReceiver.Attempt::key).toList();
  }

  private static JsonNode body(final ScriptedReceiver receiver, final String key) throws Exception {
    final List<ScriptedReceiver.Attempt> attempts = receiver.attemptsFor(key);
    return EventJson.MAPPER.readTree(attempts.get(attempts.size() - 1).body());
  }

  private static List<Integer> ints(final JsonNode array) {
    final List<Integer> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asInt()));
    return out;
  }

  private static long committedAt(
      final SurgewatchConfig config, final String group, final RecordMetadata where) {
    return TestAlerts.committed(config, group)
        .getOrDefault(new TopicPartition(where.topic(), where.partition()), 0L);
  }

  @Test
  void anEscalationBurstPagesTwiceTheOpeningAtOnceAndTheLatestStateAfterTheWindow()
      throws Exception {
    final SurgewatchConfig config = topicWithOneMinuteDebounce();
    final String group = "it-" + UUID.randomUUID();
    // The batch: one POST made the alert go OPEN LOW -> MEDIUM -> HIGH -> CRITICAL within a
    // second.
    final Map<String, RecordMetadata> produced =
        TestAlerts.produce(
            config,
            List.of(
                kp(1, AlertStatus.OPEN, Severity.LOW),
                    kp(2, AlertStatus.ESCALATED, Severity.MEDIUM),
                kp(3, AlertStatus.ESCALATED, Severity.HIGH),
                    kp(4, AlertStatus.ESCALATED, Severity.CRITICAL)));
    final TestClock clock = new TestClock();
    try (ScriptedReceiver receiver = accepting();
        TestAlerts.Running running = TestAlerts.start(follower(config, group, receiver, clock))) {
      // The opening is delivered at once; the three escalations are read and held while the clock
      // stands still.
      TestAlerts.await(
          () -> running.follower.held() == 3 && delivered(receiver).size() == 1,
          WAIT,
          "the opening delivered and the rest held");
      assertEquals(List.of(KP + ":1"), delivered(receiver));
      // Committed up to the first held transition, not past it.
      TestAlerts.await(
          () ->
              committedAt(config, group, produced.get(KP + ":2"))
                  == produced.get(KP + ":2").offset(),
          WAIT,
          "the opening's commit");

      clock.advance(WINDOW);
      TestAlerts.await(
          () -> TestAlerts.caughtUp(config, group), WAIT, "the coalesced delivery's commit");
      assertEquals(List.of(KP + ":1", KP + ":4"), delivered(receiver), "two pages, not four");
      assertEquals(0, running.follower.held());
      assertEquals(2, running.follower.delivered());
      assertEquals(2, running.follower.coalesced());

      final JsonNode opening = body(receiver, KP + ":1");
      assertEquals("OPEN", opening.get("status").asText());
      assertEquals(List.of(1), ints(opening.get("coalescedSequences")));
      final JsonNode latest = body(receiver, KP + ":4");
      assertEquals("ESCALATED", latest.get("status").asText());
      assertEquals("CRITICAL", latest.get("severity").asText());
      assertEquals(4, latest.get("sequence").asInt());
      assertEquals(List.of(2, 3, 4), ints(latest.get("coalescedSequences")));
      assertNull(latest.get("replaces"));
    }
  }

  @Test
  void anAlertOpenAgainAfterADeliveredWithdrawalPagesAtOnceAsAnOpeningDoes() throws Exception {
    final SurgewatchConfig config = topicWithOneMinuteDebounce();
    final String group = "it-" + UUID.randomUUID();
    TestAlerts.produce(
        config,
        List.of(
            kp(1, AlertStatus.OPEN, Severity.HIGH), kp(2, AlertStatus.WITHDRAWN, Severity.LOW)));
    final TestClock clock = new TestClock();
    try (ScriptedReceiver receiver = accepting();
        TestAlerts.Running running = TestAlerts.start(follower(config, group, receiver, clock))) {
      TestAlerts.await(() -> running.follower.held() == 1, WAIT, "the withdrawal held");
      clock.advance(WINDOW);
      TestAlerts.await(() -> TestAlerts.caughtUp(config, group), WAIT, "the withdrawal paged");
      assertEquals(List.of(KP + ":1", KP + ":2"), delivered(receiver));

      // A later revision restores the basis: the same alertId opens again. The receiver closed it,
      // so it hears at once, without the debounce (the clock stands still from here).
      TestAlerts.produce(config, List.of(kp(3, AlertStatus.OPEN, Severity.HIGH)));
      TestAlerts.await(() -> TestAlerts.caughtUp(config, group), WAIT, "the reopening paged");
      assertEquals(List.of(KP + ":1", KP + ":2", KP + ":3"), delivered(receiver));
      final JsonNode reopening = body(receiver, KP + ":3");
      assertEquals("OPEN", reopening.get("status").asText(), "the record's status, unchanged");
      assertTrue(reopening.get("reopened").asBoolean(), "said to be open again");
      assertFalse(body(receiver, KP + ":1").get("reopened").asBoolean(), "a first opening is not");
      assertEquals(0, running.follower.held());
    }
  }

  @Test
  void aWithdrawalAndReopeningWithinTheDebounceAreOnePageAfterIt() throws Exception {
    final SurgewatchConfig config = topicWithOneMinuteDebounce();
    final String group = "it-" + UUID.randomUUID();
    TestAlerts.produce(
        config,
        List.of(
            kp(1, AlertStatus.OPEN, Severity.HIGH),
            kp(2, AlertStatus.WITHDRAWN, Severity.LOW),
            kp(3, AlertStatus.OPEN, Severity.HIGH)));
    final TestClock clock = new TestClock();
    try (ScriptedReceiver receiver = accepting();
        TestAlerts.Running running = TestAlerts.start(follower(config, group, receiver, clock))) {
      TestAlerts.await(
          () -> running.follower.held() == 2 && delivered(receiver).size() == 1,
          WAIT,
          "the opening paged, the withdrawal and reopening held: to the receiver it never closed");
      clock.advance(WINDOW);
      TestAlerts.await(() -> TestAlerts.caughtUp(config, group), WAIT, "one page for both");
      assertEquals(List.of(KP + ":1", KP + ":3"), delivered(receiver));
      assertEquals(List.of(2, 3), ints(body(receiver, KP + ":3").get("coalescedSequences")));
    }
  }

  @Test
  void aChangeAfterTheWindowIsDeliveredOnItsOwnUnderItsOwnIdempotencyKey() throws Exception {
    final SurgewatchConfig config = topicWithOneMinuteDebounce();
    final String group = "it-" + UUID.randomUUID();
    TestAlerts.produce(
        config,
        List.of(
            kp(1, AlertStatus.OPEN, Severity.LOW), kp(2, AlertStatus.ESCALATED, Severity.HIGH)));
    final TestClock clock = new TestClock();
    try (ScriptedReceiver receiver = accepting();
        TestAlerts.Running running = TestAlerts.start(follower(config, group, receiver, clock))) {
      TestAlerts.await(
          () -> running.follower.held() == 1 && delivered(receiver).size() == 1,
          WAIT,
          "the opening");
      clock.advance(WINDOW);
      TestAlerts.await(() -> TestAlerts.caughtUp(config, group), WAIT, "the escalation");
      assertEquals(List.of(KP + ":1", KP + ":2"), delivered(receiver));

      // Later, the alert resolves: a new window starts with it; it is delivered when that window
      // ends.
      TestAlerts.produce(config, List.of(kp(3, AlertStatus.RESOLVED, Severity.LOW)));
      TestAlerts.await(() -> running.follower.held() == 1, WAIT, "the resolution read");
      assertEquals(2, delivered(receiver).size(), "held for its window");
      clock.advance(WINDOW);
      TestAlerts.await(() -> TestAlerts.caughtUp(config, group), WAIT, "the resolution");
      assertEquals(List.of(KP + ":1", KP + ":2", KP + ":3"), delivered(receiver));
      final JsonNode resolved = body(receiver, KP + ":3");
      assertEquals(
          KP + ":3", resolved.get("alertId").asText() + ":" + resolved.get("sequence").asInt());
      assertEquals(List.of(3), ints(resolved.get("coalescedSequences")));
      assertEquals(
          List.of(KP + ":3"),
          receiver.attemptsFor(KP + ":3").stream()
              .map(a -> a.headers().get("Idempotency-key").get(0))
              .distinct()
              .toList());
    }
  }

  @Test
  void heldTransitionsAreNotCommittedSoARestartDeliversThemNeverLosesThem() throws Exception {
    final SurgewatchConfig config = topicWithOneMinuteDebounce();
    final String group = "it-" + UUID.randomUUID();
    final Map<String, RecordMetadata> produced =
        TestAlerts.produce(
            config,
            List.of(
                kp(1, AlertStatus.OPEN, Severity.LOW),
                kp(2, AlertStatus.ESCALATED, Severity.MEDIUM),
                kp(3, AlertStatus.ESCALATED, Severity.HIGH),
                TestAlerts.alert(
                    "Balochistan", 1, AlertStatus.OPEN, "Another alert, after the held ones.")));
    final RecordMetadata firstHeld = produced.get(KP + ":2");
    try (ScriptedReceiver receiver = accepting()) {
      try (TestAlerts.Running running =
          TestAlerts.start(follower(config, group, receiver, new TestClock()))) {
        TestAlerts.await(
            () -> running.follower.held() == 2 && delivered(receiver).size() == 2,
            WAIT,
            "both openings delivered, two escalations held");
        TestAlerts.await(
            () -> committedAt(config, group, firstHeld) == firstHeld.offset(), WAIT, "the commits");
      } // stopped before the window ended: the held escalations were never delivered
      assertEquals(
          firstHeld.offset(), committedAt(config, group, firstHeld), "nothing held is committed");
      assertEquals(
          List.of(),
          delivered(receiver).stream()
              .filter(k -> k.startsWith(KP + ":2") || k.startsWith(KP + ":3"))
              .toList());
    }
    try (ScriptedReceiver receiver = accepting()) {
      final TestClock clock = new TestClock();
      try (TestAlerts.Running running =
          TestAlerts.start(follower(config, group, receiver, clock))) {
        TestAlerts.await(
            () -> running.follower.held() == 2, WAIT, "the held escalations read again");
        clock.advance(WINDOW);
        TestAlerts.await(
            () -> TestAlerts.caughtUp(config, group), WAIT, "the restarted run's commits");
        // Whatever else the restart redelivers (at least once), the held escalations arrive as one,
        // never the opening.
        assertEquals(
            List.of(KP + ":3"),
            delivered(receiver).stream().filter(k -> k.startsWith(KP)).toList());
        assertEquals(List.of(2, 3), ints(body(receiver, KP + ":3").get("coalescedSequences")));
      }
    }
  }

  @Test
  void flappingGuardAResolutionFollowedByANewAlertOnTheSameSeriesPagesOnce() throws Exception {
    final SurgewatchConfig config = topicWithOneMinuteDebounce();
    final String group = "it-" + UUID.randomUUID();
    TestAlerts.produce(
        config,
        List.of(kp(1, AlertStatus.OPEN, Severity.HIGH), kp(2, AlertStatus.RESOLVED, Severity.LOW)));
    final TestClock clock = new TestClock();
    final SurgeAlert again =
        TestAlerts.openedOn(kp(1, AlertStatus.OPEN, Severity.HIGH), LocalDate.of(2023, 2, 10));
    final String againKey = WebhookForwarder.idempotencyKey(again);
    try (ScriptedReceiver receiver = accepting();
        TestAlerts.Running running = TestAlerts.start(follower(config, group, receiver, clock))) {
      TestAlerts.await(
          () -> running.follower.held() == 1 && delivered(receiver).size() == 1,
          WAIT,
          "the opening delivered, its resolution held");
      TestAlerts.produce(config, List.of(again));
      TestAlerts.await(
          () -> running.follower.held() == 0 && delivered(receiver).size() == 2,
          WAIT,
          "the new alert delivered at once, the resolution folded in");
      clock.advance(WINDOW);
      TestAlerts.await(() -> TestAlerts.caughtUp(config, group), WAIT, "the commits");
      assertEquals(
          List.of(KP + ":1", againKey),
          delivered(receiver),
          "no page for the resolution on its own");
      final JsonNode replaces = body(receiver, againKey).get("replaces");
      assertEquals(KP, replaces.get("alertId").asText());
      assertEquals(2, replaces.get("sequence").asInt());
      assertEquals("RESOLVED", replaces.get("status").asText());
      assertEquals(1, running.follower.coalesced());
    }
  }

  @Test
  void aLaterAlertsHeldEndIsNotFoldedIntoAnEarlierAlertsOpening() throws Exception {
    // Replaying the topic from the beginning, partitions are read out of date order: an alert of
    // 2022 may open after the resolution of one of 2023 on its series was read. That resolution is
    // no flapping of the 2022 alert: it is paged on its own after the debounce.
    final SurgewatchConfig config = topicWithOneMinuteDebounce();
    final String group = "it-" + UUID.randomUUID();
    TestAlerts.produce(
        config,
        List.of(kp(1, AlertStatus.OPEN, Severity.HIGH), kp(2, AlertStatus.RESOLVED, Severity.LOW)));
    final TestClock clock = new TestClock();
    final SurgeAlert before =
        TestAlerts.openedOn(kp(1, AlertStatus.OPEN, Severity.HIGH), LocalDate.of(2022, 3, 4));
    final String beforeKey = WebhookForwarder.idempotencyKey(before);
    try (ScriptedReceiver receiver = accepting();
        TestAlerts.Running running = TestAlerts.start(follower(config, group, receiver, clock))) {
      TestAlerts.await(
          () -> running.follower.held() == 1 && delivered(receiver).size() == 1,
          WAIT,
          "the opening delivered, its resolution held");
      TestAlerts.produce(config, List.of(before));
      TestAlerts.await(
          () -> delivered(receiver).size() == 2, WAIT, "the earlier alert's opening delivered");
      assertTrue(body(receiver, beforeKey).path("replaces").isMissingNode(), "replaces nothing");
      assertEquals(1, running.follower.held(), "the later alert's resolution still held");
      clock.advance(WINDOW);
      TestAlerts.await(
          () -> delivered(receiver).size() == 3, WAIT, "the resolution paged on its own");
      assertEquals(List.of(KP + ":1", beforeKey, KP + ":2"), delivered(receiver));
      assertEquals(0, running.follower.coalesced());
    }
  }

  /**
   * How the trial's correction reaches the follower: it withdrew an alert (KP, opened 2023-01-30)
   * and opened the next one of its series on the next day, two records keyed to two partitions.
   * Which of them the follower reads first is the fetch's choice, or a poll's boundary.
   */
  enum ReadOrder {
    /** Both in one partition, the end first (as the engine writes them), read together. */
    END_THEN_OPENING_TOGETHER,
    /** Both in one partition, the opening first (as another partition's fetch may have it). */
    OPENING_THEN_END_TOGETHER,
    /** The end read and held, the opening in a later poll. */
    END_THEN_OPENING_IN_TWO_POLLS,
    /** The opening read (and held back), the end in a later poll. */
    OPENING_THEN_END_IN_TWO_POLLS
  }

  @ParameterizedTest
  @EnumSource(ReadOrder.class)
  void aWithdrawalAndTheNextAlertOfItsSeriesAreOnePageWhicheverIsReadFirst(final ReadOrder order)
      throws Exception {
    final SurgewatchConfig config = topicWithOneMinuteDebounce();
    final String group = "it-" + UUID.randomUUID();
    final SurgeAlert opened = kp(1, AlertStatus.OPEN, Severity.HIGH);
    final SurgeAlert withdrawn = kp(2, AlertStatus.WITHDRAWN, Severity.LOW);
    final SurgeAlert next =
        TestAlerts.openedOn(kp(1, AlertStatus.OPEN, Severity.CRITICAL), LocalDate.of(2023, 1, 31));
    final String nextKey = WebhookForwarder.idempotencyKey(next);
    TestAlerts.produce(config, List.of(opened));
    final TestClock clock = new TestClock(); // stands still: nothing falls due on its own
    try (ScriptedReceiver receiver = accepting();
        TestAlerts.Running running = TestAlerts.start(follower(config, group, receiver, clock))) {
      TestAlerts.await(() -> TestAlerts.caughtUp(config, group), WAIT, "the first alert paged");
      switch (order) {
        case END_THEN_OPENING_TOGETHER -> TestAlerts.produce(config, 0, List.of(withdrawn, next));
        case OPENING_THEN_END_TOGETHER -> TestAlerts.produce(config, 0, List.of(next, withdrawn));
        case END_THEN_OPENING_IN_TWO_POLLS -> {
          TestAlerts.produce(config, List.of(withdrawn));
          TestAlerts.await(() -> running.follower.held() == 1, WAIT, "the withdrawal held");
          TestAlerts.produce(config, List.of(next));
        }
        case OPENING_THEN_END_IN_TWO_POLLS -> {
          TestAlerts.produce(config, List.of(next));
          TestAlerts.await(
              () -> running.follower.held() == 1 || delivered(receiver).size() > 1,
              WAIT,
              "the opening read");
          assertEquals(List.of(KP + ":1"), delivered(receiver), "no page before the end is read");
          TestAlerts.produce(config, List.of(withdrawn));
        }
      }
      TestAlerts.await(() -> delivered(receiver).size() > 1, WAIT, "the correction paged");
      assertEquals(List.of(KP + ":1", nextKey), delivered(receiver));
      assertEquals(
          EventJson.MAPPER.readTree(
              WebhookForwarder.body(new Delivery(next, List.of(1), withdrawn))),
          body(receiver, nextKey),
          "the new alert's opening, replacing the withdrawn one");
      TestAlerts.await(
          () -> running.follower.held() == 0 && TestAlerts.caughtUp(config, group),
          WAIT,
          "nothing left to page: the withdrawal went with the opening");
      assertEquals(List.of(KP + ":1", nextKey), delivered(receiver), "one page for the correction");
      assertEquals(1, running.follower.coalesced());
    }
  }

  /** How a follower came to start after the first alert was paged. */
  enum Start {
    /** Its group paged the alert in an earlier run and committed it. */
    RESTARTED,
    /** A new group, starting at the end of the topic. */
    NEW_GROUP_AT_THE_END
  }

  @ParameterizedTest
  @EnumSource(Start.class)
  void aFollowersStartIsNoHorizonForTheGuardAnAlertOpenBeforeItIsKnownOpen(final Start start)
      throws Exception {
    // The correction read opening first: without the alert topic's past, the opening would page at
    // once and the withdrawal after it on its own.
    final SurgewatchConfig config = topicWithOneMinuteDebounce();
    final String group = "it-" + UUID.randomUUID();
    final SurgeAlert withdrawn = kp(2, AlertStatus.WITHDRAWN, Severity.LOW);
    final SurgeAlert next =
        TestAlerts.openedOn(kp(1, AlertStatus.OPEN, Severity.CRITICAL), LocalDate.of(2023, 1, 31));
    final String nextKey = WebhookForwarder.idempotencyKey(next);
    TestAlerts.produce(config, List.of(kp(1, AlertStatus.OPEN, Severity.HIGH)));
    if (start == Start.RESTARTED) {
      try (ScriptedReceiver receiver = accepting();
          TestAlerts.Running running =
              TestAlerts.start(follower(config, group, receiver, new TestClock()))) {
        TestAlerts.await(() -> TestAlerts.caughtUp(config, group), WAIT, "the first alert paged");
        assertEquals(List.of(KP + ":1"), delivered(receiver));
      }
    }
    final TestClock clock = new TestClock(); // stands still: nothing falls due on its own
    try (ScriptedReceiver receiver = accepting();
        TestAlerts.Running running =
            TestAlerts.start(follower(config, group, start == Start.RESTARTED, receiver, clock))) {
      TestAlerts.await(() -> TestAlerts.caughtUp(config, group), WAIT, "the follower started");
      TestAlerts.produce(config, List.of(next));
      TestAlerts.await(
          () -> running.follower.held() == 1 || !delivered(receiver).isEmpty(),
          WAIT,
          "the opening read");
      assertEquals(List.of(), delivered(receiver), "the opening waits for the end");
      TestAlerts.produce(config, List.of(withdrawn));
      TestAlerts.await(() -> !delivered(receiver).isEmpty(), WAIT, "the correction paged");
      TestAlerts.await(
          () -> running.follower.held() == 0 && TestAlerts.caughtUp(config, group),
          WAIT,
          "nothing left to page");
      assertEquals(List.of(nextKey), delivered(receiver), "one page for the correction");
      assertEquals(
          EventJson.MAPPER.readTree(
              WebhookForwarder.body(new Delivery(next, List.of(1), withdrawn))),
          body(receiver, nextKey));
    }
  }

  @Test
  void anOpeningWaitingForItsPredecessorsEndPagesAloneWhenTheDebounceEnds() throws Exception {
    // The end was not read within the debounce (its partition far behind, or another member's):
    // the opening is at most a debounce late, and pages on its own.
    final SurgewatchConfig config = topicWithOneMinuteDebounce();
    final String group = "it-" + UUID.randomUUID();
    final SurgeAlert next =
        TestAlerts.openedOn(kp(1, AlertStatus.OPEN, Severity.CRITICAL), LocalDate.of(2023, 1, 31));
    final String nextKey = WebhookForwarder.idempotencyKey(next);
    TestAlerts.produce(config, List.of(kp(1, AlertStatus.OPEN, Severity.HIGH)));
    final TestClock clock = new TestClock();
    try (ScriptedReceiver receiver = accepting();
        TestAlerts.Running running = TestAlerts.start(follower(config, group, receiver, clock))) {
      TestAlerts.await(() -> TestAlerts.caughtUp(config, group), WAIT, "the first alert paged");
      TestAlerts.produce(config, List.of(next));
      TestAlerts.await(() -> running.follower.held() == 1, WAIT, "the opening held for the end");
      clock.advance(WINDOW);
      TestAlerts.await(() -> TestAlerts.caughtUp(config, group), WAIT, "the opening paged");
      assertEquals(List.of(KP + ":1", nextKey), delivered(receiver));
      assertTrue(body(receiver, nextKey).path("replaces").isMissingNode(), "replaces nothing");
    }
  }

  @Test
  void theConsoleSaysWhatADeliveryCovers() {
    final Delivery d =
        new Delivery(kp(4, AlertStatus.ESCALATED, Severity.CRITICAL), List.of(2, 3, 4), null);
    assertEquals(ConsolePrinter.line(d.alert()) + " covers #2,#3,#4", ConsolePrinter.line(d));
    assertEquals(ConsolePrinter.line(d.alert()), ConsolePrinter.line(Delivery.of(d.alert())));
    final Delivery folded =
        new Delivery(
            kp(1, AlertStatus.OPEN, Severity.HIGH),
            List.of(1),
            kp(2, AlertStatus.RESOLVED, Severity.LOW));
    assertEquals(
        ConsolePrinter.line(folded.alert()) + " after " + KP + "#2 RESOLVED",
        ConsolePrinter.line(folded));
    final Delivery reopening =
        new Delivery(kp(3, AlertStatus.OPEN, Severity.HIGH), List.of(2, 3), null);
    assertTrue(
        ConsolePrinter.line(reopening)
            .endsWith("[" + KP + "#3] reopened after a withdrawal covers #2,#3"),
        ConsolePrinter.line(reopening));
    assertFalse(ConsolePrinter.line(folded).contains("reopened"), "a first opening is not");
  }

  @Test
  void aFoldedCorrectionsBodyKeepsTheAlertsOwnLinkBesideTheEndItReplaces() throws Exception {
    // The engine's link (the alert's predecessor and successor fields) is the alert's JSON form;
    // the follower's fold is replaces: two names, so neither hides the other.
    final SurgeAlert next =
        SurgeAlert.newBuilder(
                TestAlerts.openedOn(
                    kp(1, AlertStatus.OPEN, Severity.CRITICAL), LocalDate.of(2023, 1, 31)))
            .setPredecessor(KP)
            .build();
    final SurgeAlert withdrawn =
        SurgeAlert.newBuilder(kp(2, AlertStatus.WITHDRAWN, Severity.LOW))
            .setSuccessor(next.getAlertId())
            .build();
    final JsonNode folded =
        EventJson.MAPPER.readTree(WebhookForwarder.body(new Delivery(next, List.of(1), withdrawn)));
    assertEquals(KP, folded.path("predecessor").asText());
    assertEquals(KP, folded.path("replaces").path("alertId").asText());
    assertEquals("WITHDRAWN", folded.path("replaces").path("status").asText());
    final JsonNode alone = EventJson.MAPPER.readTree(WebhookForwarder.body(Delivery.of(next)));
    assertEquals(KP, alone.path("predecessor").asText());
    assertTrue(alone.path("replaces").isMissingNode(), "replaces nothing: " + alone);
    final JsonNode end = EventJson.MAPPER.readTree(WebhookForwarder.body(Delivery.of(withdrawn)));
    assertEquals(next.getAlertId(), end.path("successor").asText());
  }

  @Test
  void theDebounceIsASettingOfAFewSecondsByDefault() {
    assertEquals(Duration.ofSeconds(3), AlertFollower.debounce(SurgewatchConfig.defaultsOnly()));
    assertEquals(
        Duration.ZERO,
        AlertFollower.debounce(SurgewatchConfig.defaultsOnly().with(Keys.ALERTS_DEBOUNCE_MS, "0")));
    assertThrows(
        ConfigException.class,
        () ->
            AlertFollower.debounce(
                SurgewatchConfig.defaultsOnly().with(Keys.ALERTS_DEBOUNCE_MS, "-1")));
  }
}
