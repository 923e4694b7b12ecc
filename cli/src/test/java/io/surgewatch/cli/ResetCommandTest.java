package io.surgewatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.surgewatch.core.EventJson;
import io.surgewatch.core.Keys;
import io.surgewatch.core.SurgewatchConfig;
import io.surgewatch.core.Topics;
import io.surgewatch.events.v1.IncidentEvent;
import io.surgewatch.events.v1.RollingCount;
import io.surgewatch.producers.EventPublisher;
import io.surgewatch.producers.ProgressWriter;
import io.surgewatch.serde.AvroSerdes;
import io.surgewatch.stack.SharedTestStack;
import io.surgewatch.stack.TopicInitializer;
import io.surgewatch.streams.app.AppProgress;
import io.surgewatch.streams.app.StreamsApp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The change the README used to handle by hand, on the real broker: windows.days changed under the
 * same application.id makes every record of a known key fail, so {@code streams} stops after the
 * bounded replacements with exit 1 and the reason; {@code reset} refuses while the app runs, then
 * resets it, and the app reprocesses the inputs from the beginning with the new windows.
 */
class ResetCommandTest {

  @Test
  @Timeout(300)
  void windowsChangedStopsTheStreamsCommandAndAResetLetsTheAppReprocessFromTheBeginning()
      throws Exception {
    final String run = RunSettings.name("reset");
    final Map<String, String> values = RunSettings.of(run);
    values.put(Keys.TOPIC_PARTITIONS, "1");
    values.put(Keys.TOPIC_INPUT_PARTITIONS, "1");
    values.put(Keys.APPLICATION_ID, run);
    values.put(Keys.STATE_DIR, SharedTestStack.newDirectory("surgewatch-reset").toString());
    values.put(Keys.DASHBOARD_PORT, "0");
    values.put(Keys.FAILURE_MAX_REPLACEMENTS, "1");
    values.put("commit.interval.ms", "200");
    // A failed thread's member stays in the group until its session ends: a short one keeps the
    // test short.
    values.put("consumer.session.timeout.ms", "6000");
    values.put("consumer.heartbeat.interval.ms", "1000");
    final SurgewatchConfig config = SurgewatchConfig.defaultsOnly().withAll(values);
    TopicInitializer.ensureTopics(
        config.clientProperties(), Topics.from(config).newTopics(), Duration.ofSeconds(60));
    final List<String> flags = new ArrayList<>();
    values.forEach((k, v) -> flags.addAll(List.of("--set", k + "=" + v)));

    publish(config, incident("R1", "2023-01-10"));
    try (StreamsApp app = StreamsApp.start(config)) {
      awaitCaughtUp(config);
      final Launcher.Run refused = Launcher.run(with(flags, "reset", "--yes"));
      assertEquals(1, refused.exit(), refused.out() + refused.err());
      assertTrue(
          refused.err().contains("application " + run + " is running: its group has"),
          refused.err());
      assertTrue(refused.err().contains("stop every instance, then reset"), refused.err());
    }
    assertTrue(counts(config).stream().noneMatch(c -> c.getIncidents() == 2));

    // Other windows under the same application.id: the cube refuses its state on the next report of
    // a known key.
    publish(config, incident("R2", "2023-01-12"));
    final List<String> otherWindows = new ArrayList<>(flags);
    otherWindows.addAll(List.of("--set", Keys.WINDOWS_DAYS + "=7,30"));
    final Launcher.Run stopped = Launcher.run(with(otherWindows, "streams"));
    assertEquals(1, stopped.exit(), stopped.out() + stopped.err());
    assertTrue(
        stopped.err().contains("stream processing stopped after 2 failures within 600000 ms"),
        stopped.err());
    assertTrue(
        stopped.err().contains("java.lang.IllegalStateException: cube state for"), stopped.err());
    assertTrue(stopped.err().contains("was built with other windows"), stopped.err());

    // A thread that failed may stay a member until its session ends (6 s here): reset refuses until
    // then.
    final AtomicReference<Launcher.Run> tried = new AtomicReference<>();
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> {
              tried.set(Launcher.run(with(flags, "reset")));
              return tried.get().exit() == 0 || !tried.get().err().contains("is running");
            });
    final Launcher.Run dry = tried.get();
    assertEquals(0, dry.exit(), dry.err());
    assertTrue(
        dry.out().contains("delete internal topic " + run + "-cube-contributions-repartition"),
        dry.out());
    assertTrue(
        dry.out()
            .contains("reset committed offset of input " + run + ".incidents-0 to the earliest, 0"),
        dry.out());
    assertTrue(dry.out().contains("nothing changed"), dry.out());

    final Launcher.Run reset = Launcher.run(with(flags, "reset", "--yes"));
    assertEquals(0, reset.exit(), reset.err());
    assertTrue(reset.out().contains("reset done"), reset.out());
    assertTrue(reset.out().contains("-changelog"), reset.out());
    assertTrue(reset.out().contains("delete local state directory"), reset.out());

    final SurgewatchConfig newWindows = config.with(Keys.WINDOWS_DAYS, "7,30");
    try (StreamsApp app = StreamsApp.start(newWindows)) {
      awaitCaughtUp(newWindows);
      assertTrue(app.streams().state().isRunningOrRebalancing(), app.streams().state().name());
      // R1, published before the reset and processed by the first run, is counted again beside R2.
      Awaitility.await("both reports counted after the reset")
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(200))
          .until(
              () ->
                  counts(config).stream()
                      .anyMatch(
                          c ->
                              c.getIncidents() == 2
                                  && c.getCountry().equals("PK")
                                  && c.getWindow().equals("P30D")));
    }
  }

  private static IncidentEvent incident(final String id, final String day) {
    return EventJson.parse(
        "{\"id\":\""
            + id
            + "\",\"reportedAt\":\""
            + day
            + "T12:00:00Z\",\"occurredOn\":\""
            + day
            + "\",\"country\":\"PK\",\"region\":\"Punjab\",\"groups\":[{\"name\":\"TTP\",\"attribution\":\"CLAIMED\"}],"
            + "\"eventType\":\"ATTACK\",\"killed\":{\"securityForces\":2,\"civilians\":0,\"militants\":0,\"unknown\":0},"
            + "\"injured\":{\"securityForces\":0,\"civilians\":0,\"militants\":0,\"unknown\":0},"
            + "\"source\":{\"name\":\"test\"}}",
        IncidentEvent.class);
  }

  private static void publish(final SurgewatchConfig config, final IncidentEvent event)
      throws Exception {
    try (EventPublisher publisher = EventPublisher.create(config)) {
      publisher.publish(event).get();
      // As every writer does: the cube applies a report once its partition has passed its time.
      final ProgressWriter markers = new ProgressWriter(publisher);
      markers.published(event);
      markers.markPublished().get();
    }
  }

  private static void awaitCaughtUp(final SurgewatchConfig config) throws Exception {
    try (AppProgress progress = new AppProgress(config)) {
      assertTrue(progress.awaitCaughtUp(Duration.ofSeconds(90)), "the app catches up");
    }
  }

  private static String[] with(final List<String> flags, final String... command) {
    final List<String> all = new ArrayList<>(List.of(command));
    all.addAll(flags);
    return all.toArray(String[]::new);
  }

  private static List<RollingCount> counts(final SurgewatchConfig config) {
    final String topic = Topics.from(config).counts().name();
    final Deserializer<RollingCount> values =
        AvroSerdes.specific(RollingCount.class, config.clientProperties(), false).deserializer();
    final List<RollingCount> out = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(
            Map.of(
                "bootstrap.servers",
                config.get(Keys.BOOTSTRAP_SERVERS),
                "isolation.level",
                "read_committed"),
            new StringDeserializer(),
            new ByteArrayDeserializer())) {
      final TopicPartition tp = new TopicPartition(topic, 0);
      consumer.assign(List.of(tp));
      consumer.seekToBeginning(List.of(tp));
      final long end = consumer.endOffsets(List.of(tp)).get(tp);
      while (consumer.position(tp) < end) {
        for (final ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          out.add(values.deserialize(topic, r.value()));
        }
      }
    }
    return out;
  }
}
