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
import io.surgewatch.streams.app.AppProgress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults on the real broker and registry. The reference is the backtest of the same input, which
 * equals a run without faults (BacktestEqualsStreamsAppTest): after each fault the app must
 * converge to exactly those outputs, nothing lost and nothing counted twice. Here the app's
 * instances are killed; {@link StackFaultsTest} stops the broker and the registry under it (a class
 * of its own so that the two run in two of the test JVMs at once).
 */
class FaultToleranceTest {
  static Path input;
  static Outputs reference;

  @BeforeAll
  static void reference(@TempDir final Path tmp) throws Exception {
    input = BacktestEqualsStreamsAppTest.arrivalOrdered(tmp);
    reference = Outputs.backtest(SurgewatchConfig.defaultsOnly(), input);
  }

  static void publish(final SurgewatchConfig config) {
    try (EventPublisher publisher = EventPublisher.create(config)) {
      new FilePublisher(publisher, EventPreparer.standard(), null, false, Duration.ofSeconds(30))
          .publish(input, InputFormat.NDJSON, null);
    }
  }

  /**
   * Waits until the topics hold the reference outputs (the open day's figures follow on the app's
   * flush timer, short in RealStack), failing with the last difference if they do not within a
   * minute.
   */
  static void awaitSameAsReference(final SurgewatchConfig config) {
    await("the outputs equal to the reference")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .untilAsserted(() -> assertSameAsReference(config));
  }

  static void assertSameAsReference(final SurgewatchConfig config) {
    final Outputs actual =
        Outputs.of(
            RealStack.counts(config), RealStack.alerts(config), RealStack.deadLetters(config));
    assertEquals(reference.deadLetters(), actual.deadLetters());
    assertEquals(List.of(), Outputs.differences(reference.series(), actual.series(), 5));
    assertEquals(reference.series().keySet(), actual.series().keySet());
    assertEquals(reference.alerts(), actual.alerts());
  }

  /** Waits until the app has committed at least this share of the incident topic. */
  static void awaitProgress(final SurgewatchConfig config, final double share) throws Exception {
    final String topic = Topics.from(config).incidents().name();
    try (Admin admin = Admin.create(config.clientProperties())) {
      final Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      admin
          .describeTopics(List.of(topic))
          .allTopicNames()
          .get(10, TimeUnit.SECONDS)
          .get(topic)
          .partitions()
          .forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
      final long end =
          admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS).values().stream()
              .mapToLong(o -> o.offset())
              .sum();
      await("the app committing " + share + " of the input")
          .atMost(Duration.ofSeconds(120))
          .pollInterval(Duration.ofMillis(100))
          .until(
              () -> {
                final var offsets =
                    admin
                        .listConsumerGroupOffsets(config.get(Keys.APPLICATION_ID))
                        .partitionsToOffsetAndMetadata()
                        .get(10, TimeUnit.SECONDS);
                final long done =
                    offsets.entrySet().stream()
                        .filter(e -> e.getKey().topic().equals(topic))
                        .mapToLong(e -> e.getValue().offset())
                        .sum();
                return done >= end * share;
              });
    }
  }

  /**
   * Waits until the app's group is stable with partitions assigned to this many instances. Each
   * stream thread is a member of its own, with a client id of {@code <application.id>-<process
   * id>-StreamThread-<n>-consumer}.
   */
  static void awaitInstances(final SurgewatchConfig config, final int instances) throws Exception {
    try (Admin admin = Admin.create(config.clientProperties())) {
      final String group = config.get(Keys.APPLICATION_ID);
      await(instances + " instances sharing the partitions")
          .atMost(Duration.ofSeconds(120))
          .pollInterval(Duration.ofMillis(200))
          .ignoreExceptions()
          .until(
              () -> {
                final ConsumerGroupDescription d =
                    admin
                        .describeConsumerGroups(List.of(group))
                        .describedGroups()
                        .get(group)
                        .get(10, TimeUnit.SECONDS);
                return d.groupState() == GroupState.STABLE
                    && d.members().stream()
                            .filter(m -> !m.assignment().topicPartitions().isEmpty())
                            .map(
                                m ->
                                    m.clientId()
                                        .substring(
                                            0, Math.max(0, m.clientId().indexOf("-StreamThread-"))))
                            .distinct()
                            .count()
                        == instances;
              });
    }
  }

  static final String SESSION_TIMEOUT = "consumer.session.timeout.ms";

  /** Six heartbeats a session, so that a live member on a busy machine is not taken for dead. */
  static final String HEARTBEAT = "consumer.heartbeat.interval.ms";

  /**
   * A member killed hard never leaves its group: the coordinator waits out its session before the
   * others (or its restarted self, a new member) get its tasks, 45 s by default. These tests are
   * about what the outputs hold after a kill, not about that wait, so it is the broker's minimum.
   */
  static final Map<String, String> KILLED_MEMBER_GOES =
      Map.of(SESSION_TIMEOUT, "6000", HEARTBEAT, "1000");

  @Test
  void anInstanceKilledHardAndRestartedEndsWithTheSameCountsAndAlerts(@TempDir final Path tmp)
      throws Exception {
    final SurgewatchConfig config = RealStack.isolatedConfig(KILLED_MEMBER_GOES);
    publish(config);
    try (ChildStreamsApp first = ChildStreamsApp.start(config, tmp, "first")) {
      awaitProgress(config, 0.3);
      first.killHard();
    }
    try (ChildStreamsApp second = ChildStreamsApp.start(config, tmp, "second")) {
      RealStack.awaitCaughtUp(config, Duration.ofSeconds(180));
      awaitSameAsReference(config);
    }
  }

  /**
   * Six input partitions, two instances (separate JVMs): one is killed hard mid-run, the other
   * takes over its tasks, the killed one comes back and takes its share again, and the outputs are
   * the backtest's, alert for alert.
   */
  @Test
  void oneOfTwoInstancesKilledHardMidRunAndRestartedEndsWithTheBacktestsOutputs(
      @TempDir final Path tmp) throws Exception {
    final SurgewatchConfig config =
        RealStack.isolatedConfig(
            Map.of(
                Keys.STATE_DIR,
                tmp.resolve("a").toString(),
                SESSION_TIMEOUT,
                KILLED_MEMBER_GOES.get(SESSION_TIMEOUT),
                HEARTBEAT,
                KILLED_MEMBER_GOES.get(HEARTBEAT)));
    final SurgewatchConfig other = config.with(Keys.STATE_DIR, tmp.resolve("b").toString());
    assertEquals(6, Topics.from(config).incidents().partitions(), "the default input partitions");
    try (ChildStreamsApp b = ChildStreamsApp.start(other, tmp, "b")) {
      try (ChildStreamsApp a = ChildStreamsApp.start(config, tmp, "a")) {
        awaitInstances(config, 2);
        publish(config);
        awaitProgress(config, 0.3);
        a.killHard();
      }
      try (ChildStreamsApp again = ChildStreamsApp.start(config, tmp, "a-again")) {
        RealStack.awaitCaughtUp(config, Duration.ofSeconds(240));
        awaitSameAsReference(config);
        assertTrue(b.isAlive() && again.isAlive());
      }
    }
  }

  static long processed(final SurgewatchConfig config) throws Exception {
    try (AppProgress p = new AppProgress(config)) {
      return p.processedInputs();
    }
  }
}
