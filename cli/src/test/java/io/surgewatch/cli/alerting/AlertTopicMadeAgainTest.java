package io.surgewatch.cli.alerting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.surgewatch.core.Keys;
import io.surgewatch.core.SurgewatchConfig;
import io.surgewatch.core.Topics;
import io.surgewatch.events.v1.AlertStatus;
import io.surgewatch.events.v1.SurgeAlert;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The alerts topic deleted and made again under a running follower (an operator resetting the
 * topics), or made while the follower waits for it at start, on the real broker and registry.
 */
@Timeout(180)
class AlertTopicMadeAgainTest {
  private static final Duration WAIT = Duration.ofSeconds(60);

  private final List<SurgeAlert> delivered = new CopyOnWriteArrayList<>();
  private final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
  private final PrintStream log = new PrintStream(logBytes, true, StandardCharsets.UTF_8);

  /** A receiver that takes every alert. */
  private final AlertSink receiver =
      (alert, pause) -> {
        delivered.add(alert);
        return AlertSink.Outcome.DELIVERED;
      };

  @Test
  void aFollowerOfATopicMadeAgainReadsTheNewTopicFromItsFirstAlert() throws Exception {
    final SurgewatchConfig config = TestAlerts.freshAlertTopic().with(Keys.ALERTS_DEBOUNCE_MS, "0");
    final String topic = Topics.from(config).alerts().name();
    final String group = "it-" + UUID.randomUUID();
    final SurgeAlert before =
        TestAlerts.alert("Khyber Pakhtunkhwa", 1, AlertStatus.OPEN, "Killed rose to 121.");
    final SurgeAlert after =
        TestAlerts.alert("Balochistan", 1, AlertStatus.OPEN, "Killed rose to 121.");

    // A group new to the topic starts at its end ("latest", no --from-beginning).
    final AlertFollower follower = new AlertFollower(config, group, false, receiver, log);
    try (TestAlerts.Running running = TestAlerts.start(follower);
        Admin admin =
            Admin.create(Map.of("bootstrap.servers", config.get(Keys.BOOTSTRAP_SERVERS)))) {
      TestAlerts.await(
          () -> TestAlerts.committed(config, group).size() == TestAlerts.PARTITIONS,
          WAIT,
          "the follower pinning where it starts; log:\n" + logBytes);
      TestAlerts.produce(config, List.of(before));
      TestAlerts.await(() -> delivered.size() == 1, WAIT, "the first alert; log:\n" + logBytes);

      admin.deleteTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
      TestAlerts.await(
          () -> !topicExists(admin, topic), WAIT, "the deletion of " + topic + " to complete");
      // Made again and written to at once, before the follower, which looks for the topic every
      // two seconds, takes its partitions: the group's offsets went with the old topic, and at the
      // new one's end the follower would never page this alert.
      TestAlerts.createTopics(config);
      TestAlerts.produce(config, List.of(after));
      TestAlerts.await(
          () -> delivered.size() == 2, WAIT, "the new topic's first alert; log:\n" + logBytes);
    }
    assertEquals(List.of(before, after), delivered);
  }

  @Test
  void aTopicMadeWhileTheFollowerWaitsAtStartIsReadFromItsFirstAlert() throws Exception {
    // No topic yet: a deployment's first start, or a supervisor restarting alerts after its topic
    // was deleted (the group's offsets went with it), while the topic is being made.
    final SurgewatchConfig config =
        TestAlerts.topicsNotMadeYet().with(Keys.ALERTS_DEBOUNCE_MS, "0");
    final String group = "it-" + UUID.randomUUID();
    final SurgeAlert first =
        TestAlerts.alert("Khyber Pakhtunkhwa", 1, AlertStatus.OPEN, "Killed rose to 121.");
    final CompletableFuture<AlertFollower> follower = startedBeforeItsTopicIsMade(config, group);
    // Written to before the follower, which looks for the topic every two seconds, takes its
    // partitions: at the new topic's end it would never page this alert.
    TestAlerts.produce(config, List.of(first));
    try (TestAlerts.Running running = TestAlerts.start(follower.get(60, TimeUnit.SECONDS))) {
      TestAlerts.await(
          () -> delivered.size() == 1, WAIT, "the new topic's first alert; log:\n" + logBytes);
    }
    assertEquals(List.of(first), delivered);
  }

  @Test
  void aFollowerWaitingForItsDeletedTopicStopsWhenAsked() throws Exception {
    // Waiting longer than Running.close waits for the follower to stop: Ctrl-C must not wait it
    // out.
    final SurgewatchConfig config =
        TestAlerts.freshAlertTopic().with(Keys.TOPICS_WAIT_MS, String.valueOf(WAIT.toMillis() * 2));
    final String topic = Topics.from(config).alerts().name();
    final String group = "it-" + UUID.randomUUID();
    try (Admin admin =
            Admin.create(Map.of("bootstrap.servers", config.get(Keys.BOOTSTRAP_SERVERS)));
        TestAlerts.Running running =
            TestAlerts.start(new AlertFollower(config, group, false, receiver, log))) {
      TestAlerts.await(
          () -> TestAlerts.committed(config, group).size() == TestAlerts.PARTITIONS,
          WAIT,
          "the follower pinning where it starts; log:\n" + logBytes);
      admin.deleteTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
      TestAlerts.await(
          () -> waitingForItsTopic(running.thread),
          WAIT,
          "the follower waiting for its topic to come back; log:\n" + logBytes);
    } // closing it stops it (Ctrl-C): within 30 s, without a failure, or the test fails
  }

  @Test
  void aFollowerThatReadANewTopicFromItsFirstRecordResumesFromItsCommitsAfterARebalance()
      throws Exception {
    final SurgewatchConfig config =
        TestAlerts.topicsNotMadeYet().with(Keys.ALERTS_DEBOUNCE_MS, "0");
    final String group = "it-" + UUID.randomUUID();
    final CompletableFuture<AlertFollower> first = startedBeforeItsTopicIsMade(config, group);
    final List<SurgeAlert> before = List.of(alert("Balochistan"), alert("Sindh"));
    final List<SurgeAlert> after = List.of(alert("Punjab"), alert("Khyber Pakhtunkhwa"));
    try (Admin admin =
            Admin.create(Map.of("bootstrap.servers", config.get(Keys.BOOTSTRAP_SERVERS)));
        TestAlerts.Running one = TestAlerts.start(first.get(60, TimeUnit.SECONDS))) {
      for (int p = 0; p < TestAlerts.PARTITIONS; p++) {
        TestAlerts.produce(config, p, List.of(before.get(p)));
      }
      TestAlerts.await(() -> delivered.size() == 2, WAIT, "the alerts before; log:\n" + logBytes);
      // A second follower joins the group: the first keeps one partition, committed past the alert
      // it delivered, and must go on from there, not read the topic again from its first record.
      try (TestAlerts.Running two =
          TestAlerts.start(new AlertFollower(config, group, false, receiver, log))) {
        TestAlerts.await(
            () -> eachMemberHoldsOne(admin, group), WAIT, "the rebalance; log:\n" + logBytes);
        for (int p = 0; p < TestAlerts.PARTITIONS; p++) {
          TestAlerts.produce(config, p, List.of(after.get(p)));
        }
        // Behind what a partition holds before them: a re-read would have come first.
        TestAlerts.await(
            () -> delivered.containsAll(after), WAIT, "the alerts after; log:\n" + logBytes);
      }
    }
    final List<SurgeAlert> once = new ArrayList<>(before);
    once.addAll(after);
    assertEquals(byRegion(once), byRegion(delivered), "each alert delivered once");
  }

  /**
   * A follower of {@code group}, new to the topic and without --from-beginning, started before its
   * topic exists; the topic made once the follower looks for it. Completes once it found it.
   */
  private CompletableFuture<AlertFollower> startedBeforeItsTopicIsMade(
      final SurgewatchConfig config, final String group) throws InterruptedException {
    final CountDownLatch waiting = new CountDownLatch(1);
    final CompletableFuture<AlertFollower> follower =
        CompletableFuture.supplyAsync(
            () ->
                AlertFollower.onceItsTopicExists(
                    config, group, false, receiver, log, waiting::countDown));
    assertTrue(waiting.await(60, TimeUnit.SECONDS), "the follower looking for its topic");
    TestAlerts.createTopics(config);
    return follower;
  }

  private static SurgeAlert alert(final String region) {
    return TestAlerts.alert(region, 1, AlertStatus.OPEN, "Killed rose to 121.");
  }

  private static List<String> byRegion(final List<SurgeAlert> alerts) {
    return alerts.stream().map(a -> a.getRegion().toString()).sorted().toList();
  }

  /** Whether the group has two members, each holding one of the topic's two partitions. */
  private static boolean eachMemberHoldsOne(final Admin admin, final String group) {
    try {
      final var members =
          admin
              .describeConsumerGroups(List.of(group))
              .all()
              .get(10, TimeUnit.SECONDS)
              .get(group)
              .members();
      return members.size() == 2
          && members.stream().allMatch(m -> m.assignment().topicPartitions().size() == 1);
    } catch (final Exception e) {
      throw new AssertionError("cannot describe the group " + group, e);
    }
  }

  /** Whether the follower's thread is in the wait for its deleted topic. */
  private static boolean waitingForItsTopic(final Thread follower) {
    return Arrays.stream(follower.getStackTrace())
        .anyMatch(
            f ->
                f.getClassName().equals(AlertTopic.class.getName())
                    && f.getMethodName().equals("awaitWhileFollowing"));
  }

  private static boolean topicExists(final Admin admin, final String topic) {
    try {
      return admin.listTopics().names().get(10, TimeUnit.SECONDS).contains(topic);
    } catch (final Exception e) {
      throw new AssertionError("cannot list the topics", e);
    }
  }
}
