package io.surgewatch.cli;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.surgewatch.backtest.Backtest;
import io.surgewatch.core.EventPreparer;
import io.surgewatch.core.Keys;
import io.surgewatch.core.SurgewatchConfig;
import io.surgewatch.core.Topics;
import io.surgewatch.events.v1.SurgeAlert;
import io.surgewatch.inputs.InputFormat;
import io.surgewatch.producers.EventPublisher;
import io.surgewatch.producers.FilePublisher;
import io.surgewatch.serde.AvroSerdes;
import io.surgewatch.stack.SharedTestStack;
import io.surgewatch.stack.TopicInitializer;
import io.surgewatch.streams.app.AppProgress;
import io.surgewatch.streams.app.StreamsApp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Moving a deployment from one input partition to six: `topics copy-inputs` copies the inputs into
 * six-partition topics, and the app started on them (a new application id) gives backtest's alerts
 * for six partitions.
 */
class CopyInputsTest {

  @Test
  @Timeout(300)
  void inputsCopiedToSixPartitionsGiveTheSameAlertsAsBacktestForSix(@TempDir final Path tmp)
      throws Exception {
    final String run = RunSettings.name("copy");
    final Map<String, String> values = RunSettings.of(run);
    values.put(Keys.TOPIC_INPUT_PARTITIONS, "1");
    values.put(Keys.APPLICATION_ID, run);
    values.put(Keys.STATE_DIR, SharedTestStack.newDirectory("surgewatch-copy").toString());
    values.put("commit.interval.ms", "200");
    values.put(Keys.OPEN_DAY_FLUSH_MS, "100");
    values.put(Keys.PROGRESS_STATEMENTS_IDLE_MS, "0"); // stories compared exactly: wait for markers
    final SurgewatchConfig one = SurgewatchConfig.defaultsOnly().withAll(values);
    TopicInitializer.ensureTopics(
        one.clientProperties(), Topics.from(one).newTopics(), Duration.ofSeconds(60));
    final Path seeds = tmp.resolve("seeds.ndjson");
    Files.write(seeds, Files.readAllLines(Path.of("..", "seeds", "incidents.ndjson")));
    try (EventPublisher publisher = EventPublisher.create(one)) {
      new FilePublisher(publisher, EventPreparer.standard(), null, false, Duration.ofSeconds(30))
          .publish(seeds, InputFormat.NDJSON, null);
    }

    final List<String> flags = new ArrayList<>();
    values.forEach((k, v) -> flags.addAll(List.of("--set", k + "=" + v)));
    flags.addAll(List.of("--set", Keys.TOPIC_INPUT_PARTITIONS + "=6"));
    final List<String> args =
        new ArrayList<>(
            List.of(
                "topics",
                "copy-inputs",
                "--to-incidents",
                run + ".incidents.v2",
                "--to-statements",
                run + ".statements.v2"));
    args.addAll(flags);
    final Launcher.Run copy = Launcher.run(args.toArray(String[]::new));
    assertEquals(0, copy.exit(), copy.out() + copy.err());
    assertTrue(copy.out().contains("to " + run + ".incidents.v2 (6 partitions"), copy.out());

    final SurgewatchConfig six =
        one.with(Keys.TOPIC_INCIDENTS, run + ".incidents.v2")
            .with(Keys.TOPIC_STATEMENTS, run + ".statements.v2")
            .with(Keys.TOPIC_INPUT_PARTITIONS, "6")
            .with(Keys.APPLICATION_ID, run + "-six");
    final Backtest.Collected backtest = new Backtest.Collected();
    new Backtest(six).run(List.of(seeds), InputFormat.NDJSON, backtest);
    final List<String> expected =
        new ArrayList<>(backtest.alerts.stream().map(CopyInputsTest::transition).toList());
    assertFalse(expected.isEmpty(), "the seeds raise alerts");
    expected.sort(null);
    try (StreamsApp app = StreamsApp.start(six);
        AppProgress progress = new AppProgress(six)) {
      assertTrue(
          progress.awaitCaughtUp(Duration.ofSeconds(180)),
          "the app catches up on the copied topics");
      await("the alerts of backtest for six input partitions")
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(300))
          .untilAsserted(() -> assertEquals(expected, alerts(six)));
    }
  }

  private static String transition(final SurgeAlert a) {
    return a.getAlertId()
        + " #"
        + a.getSequence()
        + " "
        + a.getStatus()
        + " "
        + a.getObserved()
        + " "
        + a.getSeverity()
        + " related "
        + a.getRelatedAlertIds()
        + " statements "
        + a.getStatements().stream().map(st -> st.getId()).toList();
  }

  private static List<String> alerts(final SurgewatchConfig config) {
    final String topic = Topics.from(config).alerts().name();
    final Deserializer<SurgeAlert> values =
        AvroSerdes.specific(SurgeAlert.class, config.clientProperties(), false).deserializer();
    final List<SurgeAlert> out = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(
            Map.of(
                "bootstrap.servers",
                config.get(Keys.BOOTSTRAP_SERVERS),
                "isolation.level",
                "read_committed"),
            new StringDeserializer(),
            new ByteArrayDeserializer())) {
      final List<TopicPartition> parts =
          consumer.partitionsFor(topic).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      consumer.assign(parts);
      consumer.seekToBeginning(parts);
      final Map<TopicPartition, Long> end = consumer.endOffsets(parts);
      while (parts.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        for (final ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          out.add(values.deserialize(topic, r.value()));
        }
      }
    }
    // Sorted, as backtest's are above: the alerts topic's partitions interleave.
    return out.stream().map(CopyInputsTest::transition).sorted().toList();
  }
}
