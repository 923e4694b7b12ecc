package io.surgewatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.surgewatch.core.Keys;
import io.surgewatch.core.SurgewatchConfig;
import io.surgewatch.core.Topics;
import io.surgewatch.events.v1.DeadLetter;
import io.surgewatch.producers.EventPublisher;
import io.surgewatch.stack.LocalStack;
import io.surgewatch.stack.SharedTestStack;
import io.surgewatch.stack.TopicInitializer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The alerts and replay-dead-letters commands through the launcher's entry point. */
class CommandsTest {

  private static Launcher.Run run(final String... args) {
    return Launcher.run(args);
  }

  @Test
  void alertsHelpSaysWhatIsRetriedAndWhatIsSkipped() {
    final Launcher.Run help = run("alerts", "--help");
    assertEquals(0, help.exit());
    final String text = help.out().replaceAll("\\s+", " ");
    for (final String s :
        List.of(
            "--webhook",
            "--webhook-token",
            "--from-beginning",
            "--group-id",
            "surgewatch-alerts",
            "Idempotency-Key",
            "<alertId>:<sequence>",
            "5xx and 429",
            "any other 4xx",
            "is NOT retried",
            "skipped",
            "SURGEWATCH_ALERTS_WEBHOOK_TOKEN",
            // one page per alert per change that matters
            "alerts.debounce-ms",
            "default 3000",
            "delivered at once",
            "coalescedSequences",
            "Flapping guard",
            "never past a held transition")) {
      assertTrue(text.contains(s), "help lacks '" + s + "': " + help.out());
    }
  }

  @Test
  void resetAndStreamsHelpSayWhatFailuresDoAndWhatAResetDeletes() {
    final Launcher.Run reset = run("reset", "--help");
    assertEquals(0, reset.exit());
    final String text = reset.out().replaceAll("\\s+", " ");
    for (final String s :
        List.of(
            "--application-id",
            "--yes",
            "-changelog",
            "-repartition",
            "earliest",
            "state directory",
            "Refuses while",
            "windows.days",
            "Output topics are kept")) {
      assertTrue(text.contains(s), "reset help lacks '" + s + "': " + reset.out());
    }
    final Launcher.Run streams = run("streams", "--help");
    final String streamsText = streams.out().replaceAll("\\s+", " ");
    for (final String s :
        List.of(
            "failure.max-replacements", "failure.window-ms", "retried however long", "exits 1")) {
      assertTrue(streamsText.contains(s), "streams help lacks '" + s + "': " + streams.out());
    }
    assertTrue(run("--help").out().contains("reset"));
  }

  @Test
  void badUsageExitsTwoWithOneLine() {
    final Launcher.Run badUrl = run("alerts", "--webhook", "ftp://example.org/x");
    assertEquals(2, badUrl.exit(), badUrl.err());
    assertTrue(badUrl.err().contains("http:// or https://"), badUrl.err());
    assertEquals(1, badUrl.err().strip().lines().count(), badUrl.err());
    final Launcher.Run badDate = run("replay-dead-letters", "--failed-from", "yesterday");
    assertEquals(2, badDate.exit(), badDate.err());
    assertTrue(badDate.err().contains("--failed-from"), badDate.err());
    final Launcher.Run badCategory = run("replay-dead-letters", "--category", "bogus");
    assertEquals(2, badCategory.exit(), badCategory.err());
    assertTrue(badCategory.err().contains("unknown category 'BOGUS'"), badCategory.err());
    final Launcher.Run badValue =
        run(
            "backtest",
            "--input",
            "x.csv",
            "--format",
            "acled",
            "--out",
            "o",
            "--set",
            "grace.days=-5");
    assertEquals(2, badValue.exit(), "a bad configuration value is bad usage: " + badValue.err());
    assertTrue(badValue.err().contains("grace.days"), badValue.err());
  }

  @Test
  void anExportNamedAsReplacingItselfIsBadUsage() {
    final Launcher.Run produce =
        run("produce", "--input", "x.csv", "--format", "acled", "--replaces", "./x.csv");
    assertEquals(2, produce.exit(), produce.err());
    assertTrue(
        produce.err().contains("--replaces ./x.csv is the input x.csv itself"), produce.err());
    final Launcher.Run backtest =
        run(
            "backtest",
            "--input",
            "y.csv",
            "--input",
            "x.csv",
            "--format",
            "acled",
            "--replaces",
            "x.csv",
            "--out",
            "o");
    assertEquals(2, backtest.exit(), backtest.err());
    assertTrue(backtest.err().contains("is the input x.csv itself"), backtest.err());
  }

  @Test
  void aLocalStackWhoseServersWouldShareAPortStopsBeforeStartingAnything() {
    final Launcher.Run demo =
        run(
            "demo",
            "--exit-when-done",
            "--set",
            "ingest.port=39180",
            "--set",
            "dashboard.port=39180");
    assertEquals(2, demo.exit(), demo.err());
    assertTrue(demo.err().contains("dashboard.port and ingest.port are both 39180"), demo.err());
    assertFalse(demo.out().contains("Starting Kafka"), demo.out());
    final Launcher.Run stack =
        run("stack", "--set", "kafka.port=39181", "--set", "registry.port=39181");
    assertEquals(2, stack.exit(), stack.err());
    assertTrue(stack.err().contains("kafka.port and registry.port are both 39181"), stack.err());
  }

  @Test
  void replacingNeedsAnExportOfOneFormatAmongTheInputs() {
    final Launcher.Run deletionsOnly =
        run(
            "produce",
            "--input",
            "deleted.csv",
            "--format",
            "acled-deletions",
            "--replaces",
            "old.csv");
    assertEquals(2, deletionsOnly.exit(), deletionsOnly.err());
    assertTrue(deletionsOnly.err().contains("ACLED deletions lists only"), deletionsOnly.err());
    final Launcher.Run twoFormats =
        run(
            "backtest",
            "--input",
            "new.csv",
            "--format",
            "acled",
            "--input",
            "ged.csv",
            "--format",
            "ucdp-ged",
            "--replaces",
            "old.csv",
            "--out",
            "o");
    assertEquals(2, twoFormats.exit(), twoFormats.err());
    assertTrue(twoFormats.err().contains("several formats: [acled, ucdp-ged]"), twoFormats.err());
  }

  @Test
  void anOlderExportOfAnotherFormatThanTheInputIsBadUsageNamingBoth(@TempDir final Path dir)
      throws IOException {
    final Path acled =
        Files.writeString(
            dir.resolve("B.csv"),
            "event_id_cnty,event_date,event_type,actor1,fatalities,country,timestamp\n"
                + "KEN1,2023-01-30,Battles,Al-Shabaab,2,Kenya,1675368000\n");
    final Path ged =
        Files.writeString(
            dir.resolve("C.csv"),
            "id,type_of_violence,side_a,side_b,country,date_start,best\n"
                + "1,3,Government of Nigeria,Civilians,Nigeria,2023-01-30,4\n");
    final String why =
        "--replaces "
            + ged
            + " is a UCDP GED export, but the input is an ACLED CSV export: the older export must"
            + " be of the format of the input that replaces it";
    final Launcher.Run backtest =
        run(
            "backtest",
            "--input",
            acled.toString(),
            "--format",
            "acled",
            "--replaces",
            ged.toString(),
            "--out",
            dir.resolve("out").toString());
    assertEquals(2, backtest.exit(), backtest.err());
    assertTrue(backtest.err().contains(why), backtest.err());
    assertFalse(backtest.err().contains("use --format"), backtest.err());
    final Launcher.Run produce =
        run(
            "produce",
            "--input",
            acled.toString(),
            "--format",
            "acled",
            "--replaces",
            ged.toString());
    assertEquals(2, produce.exit(), produce.err());
    assertTrue(produce.err().contains(why), produce.err());
    final Path deletions =
        Files.writeString(
            dir.resolve("deleted.csv"), "event_id_cnty,deleted_timestamp\nKEN1,1675368000\n");
    final Launcher.Run deletionsNamed =
        run(
            "backtest",
            "--input",
            acled.toString(),
            "--input",
            acled.toString(),
            "--format",
            "acled",
            "--replaces",
            deletions.toString(),
            "--out",
            dir.resolve("out").toString());
    assertEquals(2, deletionsNamed.exit(), deletionsNamed.err());
    assertTrue(
        deletionsNamed
            .err()
            .contains(
                "is an ACLED deletions list, but the inputs are each an ACLED CSV export: the older"
                    + " export must be of the format of the input that replaces it (a deletions"
                    + " list is an --input of its own, --format acled-deletions)"),
        deletionsNamed.err());
  }

  @Test
  void aCommandLineWithoutItsCommandIsBadUsageAndListsTheCommands() {
    final Launcher.Run none = run();
    assertEquals(2, none.exit(), none.err());
    assertTrue(none.err().contains("'surgewatch' needs a command: "), none.err());
    assertTrue(none.err().contains("backtest"), "the usage, on stderr: " + none.err());
    final Launcher.Run topics = run("topics");
    assertEquals(2, topics.exit(), topics.err());
    assertTrue(topics.err().contains("'surgewatch topics' needs a command: "), topics.err());
  }

  @Test
  void anInputFileThatCannotBeReadIsBadUsageNamedWithItsOption(@TempDir final Path dir) {
    final Launcher.Run backtest =
        run("backtest", "--input", "no-such.csv", "--format", "acled", "--out", dir.toString());
    assertEquals(2, backtest.exit(), backtest.err());
    assertTrue(backtest.err().contains("--input no-such.csv: no such file"), backtest.err());
    assertEquals(1, backtest.err().strip().lines().count(), backtest.err());
    final Launcher.Run produce = run("produce", "--input", dir.toString(), "--format", "acled");
    assertEquals(2, produce.exit(), produce.err());
    assertTrue(produce.err().contains("a directory, not a file"), produce.err());
  }

  @Test
  void theLocalStackCommandsRefuseAnotherClustersAddress() {
    final Launcher.Run demo =
        run("demo", "--exit-when-done", "--bootstrap-servers", "kafka.example.org:9092");
    assertEquals(2, demo.exit(), demo.err());
    assertTrue(
        demo.err().contains("demo starts its own broker and registry on loopback"), demo.err());
    assertFalse(demo.out().contains("Starting Kafka"), demo.out());
    final Launcher.Run stack =
        run("stack", "--set", "schema.registry.url=http://registry.example.org:8081");
    assertEquals(2, stack.exit(), stack.err());
    assertTrue(stack.err().contains("--set schema.registry.url has no use here"), stack.err());
  }

  @Test
  void aDashboardPortAnotherProcessHoldsStopsTheDemoBeforeItStartsAnything() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      final Launcher.Run demo =
          run(
              "demo",
              "--exit-when-done",
              "--set",
              "dashboard.port=" + taken.getLocalPort(),
              "--set",
              "ingest.port=0");
      assertEquals(1, demo.exit(), demo.err());
      assertTrue(
          demo.err().contains("dashboard.port " + taken.getLocalPort() + " on 127.0.0.1"),
          demo.err());
      assertFalse(demo.out().contains("Starting Kafka"), demo.out());
    }
  }

  @Test
  @Timeout(60)
  void followingAlertsOnABrokerThatDoesNotAnswerFailsSayingSo() throws Exception {
    final int closed;
    try (ServerSocket s = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort(); // free again once closed: nothing listens there
    }
    final Launcher.Run alerts = run("alerts", "--bootstrap-servers", "127.0.0.1:" + closed);
    assertEquals(1, alerts.exit(), alerts.err());
    assertTrue(alerts.err().contains("cannot reach Kafka at 127.0.0.1:" + closed), alerts.err());
  }

  @Test
  @Timeout(120)
  void followingAMisspeltAlertsTopicFailsNamingItOnceTopicsWaitIsOut() {
    final String run = RunSettings.name("alerts-typo");
    final Map<String, String> values = RunSettings.of(run); // no topic made
    final Launcher.Run alerts =
        run(
            RunSettings.args(
                values, "alerts", "--group-id", run, "--set", Keys.TOPICS_WAIT_MS + "=2000"));
    assertEquals(2, alerts.exit(), alerts.err());
    assertTrue(
        alerts
            .err()
            .contains(
                "the alerts topic "
                    + run
                    + ".alerts (topic.alerts) does not exist on "
                    + values.get(Keys.BOOTSTRAP_SERVERS)),
        alerts.err());
    assertTrue(alerts.err().contains("./surgewatch topics create"), alerts.err());
    assertFalse(alerts.err().contains("alerts: following"), "it never followed: " + alerts.err());
  }

  @Test
  @Timeout(120)
  void followingAnAlertsTopicThatIsDeletedFailsNamingItOnceTopicsWaitIsOut() throws Exception {
    final String run = RunSettings.name("alerts-deleted");
    final Map<String, String> values = RunSettings.of(run);
    final String topic = values.get(Keys.TOPIC_ALERTS);
    final Map<String, Object> admin =
        Map.of("bootstrap.servers", values.get(Keys.BOOTSTRAP_SERVERS));
    TopicInitializer.ensureTopics(
        admin, List.of(new NewTopic(topic, 2, (short) 1)), Duration.ofSeconds(30));
    final CompletableFuture<Launcher.Run> alerts =
        CompletableFuture.supplyAsync(
            () ->
                run(
                    RunSettings.args(
                        values,
                        "alerts",
                        "--group-id",
                        run,
                        "--set",
                        Keys.TOPICS_WAIT_MS + "=2000")));
    try (Admin a = Admin.create(admin)) {
      // Following: the group has taken its partitions and committed where it starts.
      Awaitility.await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () ->
                  !a.listConsumerGroupOffsets(run).partitionsToOffsetAndMetadata().get().isEmpty());
      a.deleteTopics(List.of(topic)).all().get();
    }
    final Launcher.Run ended = alerts.get(60, TimeUnit.SECONDS);
    assertEquals(1, ended.exit(), "a failure at run time, not bad usage: " + ended.err());
    assertTrue(
        ended
            .err()
            .contains(
                "surgewatch alerts: error: the alerts topic "
                    + topic
                    + " (topic.alerts) was deleted from "
                    + values.get(Keys.BOOTSTRAP_SERVERS)
                    + " while it was followed, and did not come back within topics.wait-ms"),
        ended.err());
    assertTrue(ended.err().contains("./surgewatch topics create"), ended.err());
  }

  @Test
  void aMisspeltOptionIsNamedNotTheRequiredOneItLeavesMissing() {
    final Launcher.Run typo =
        run("backtest", "--fromat", "acled", "--input", "x.csv", "--out", "o");
    assertEquals(2, typo.exit(), typo.err());
    assertTrue(typo.err().contains("Unknown options: '--fromat', 'acled'"), typo.err());
    // Prefixed as every other error of a command.
    assertTrue(typo.err().startsWith("surgewatch backtest: error: Unknown options"), typo.err());
    final Launcher.Run missing = run("backtest", "--input", "x.csv", "--out", "o");
    assertEquals(2, missing.exit(), missing.err());
    assertTrue(missing.err().contains("Missing required option: '--format"), missing.err());
  }

  @Test
  @Timeout(120)
  void replaysSelectedDeadLettersAndDryRunPublishesNothing() throws Exception {
    final LocalStack stack = SharedTestStack.get();
    final String prefix = "it-" + UUID.randomUUID() + ".";
    final SurgewatchConfig config =
        SurgewatchConfig.defaultsOnly()
            .withAll(
                Map.of(
                    Keys.BOOTSTRAP_SERVERS,
                    stack.bootstrapServers(),
                    Keys.SCHEMA_REGISTRY_URL,
                    stack.registryUrl(),
                    Keys.TOPIC_INCIDENTS,
                    prefix + "incidents",
                    Keys.TOPIC_DEAD_LETTER,
                    prefix + "dead-letter",
                    Keys.TOPIC_PARTITIONS,
                    "1"));
    final Topics topics = Topics.from(config);
    TopicInitializer.ensureTopics(
        Map.of("bootstrap.servers", stack.bootstrapServers()),
        List.of(
            new NewTopic(topics.incidents().name(), 1, (short) 1),
            new NewTopic(topics.deadLetter().name(), 1, (short) 1)),
        Duration.ofSeconds(30));
    final byte[] original = {0, 0, 0, 0, 42, 1, 2, 3};
    try (EventPublisher publisher = EventPublisher.create(config)) {
      publisher
          .publishDeadLetter(
              deadLetter(
                  "PAK1",
                  "DESERIALIZATION",
                  "registry was down",
                  topics.incidents().name(),
                  original,
                  "2023-02-04T10:00:00Z"))
          .get(30, TimeUnit.SECONDS);
      publisher
          .publishDeadLetter(
              deadLetter(
                  "PAK2",
                  "DESERIALIZATION",
                  "registry was down",
                  topics.incidents().name(),
                  original,
                  "2023-03-04T10:00:00Z"))
          .get(30, TimeUnit.SECONDS);
      publisher
          .publishDeadLetter(
              deadLetter(
                  "PAK3",
                  "VALIDATION",
                  "killed must be >= 0",
                  topics.incidents().name(),
                  original,
                  "2023-02-04T11:00:00Z"))
          .get(30, TimeUnit.SECONDS);
    }
    final List<String> common =
        List.of(
            "--bootstrap-servers",
            stack.bootstrapServers(),
            "--schema-registry-url",
            stack.registryUrl(),
            "--set",
            "topic.incidents=" + topics.incidents().name(),
            "--set",
            "topic.dead-letter=" + topics.deadLetter().name(),
            "--category",
            "deserialization",
            "--reason-contains",
            "REGISTRY",
            "--failed-from",
            "2023-02-01",
            "--failed-to",
            "2023-03-01");

    final Launcher.Run dry = run(with(common, "replay-dead-letters", "--dry-run"));
    assertEquals(0, dry.exit(), dry.err());
    assertTrue(dry.out().contains("dry run: scanned=3 selected=1 replayable=1"), dry.out());
    assertTrue(dry.out().contains("PAK1"), dry.out());
    assertEquals(0, read(config, topics.incidents().name()).size(), "a dry run publishes nothing");

    final Launcher.Run real = run(with(common, "replay-dead-letters"));
    assertEquals(0, real.exit(), real.err());
    assertTrue(
        real.out().contains("scanned=3 selected=1 republished=1 still_rejected=0 not_replayable=0"),
        real.out());
    final List<ConsumerRecord<String, byte[]>> replayed = read(config, topics.incidents().name());
    assertEquals(1, replayed.size());
    assertEquals("PAK1", replayed.get(0).key());
    assertEquals(ByteBuffer.wrap(original), ByteBuffer.wrap(replayed.get(0).value()));
  }

  private static String[] with(final List<String> common, final String... first) {
    final List<String> all = new ArrayList<>(List.of(first));
    all.addAll(common);
    return all.toArray(String[]::new);
  }

  private static DeadLetter deadLetter(
      final String id,
      final String category,
      final String reason,
      final String topic,
      final byte[] value,
      final String failedAt) {
    return DeadLetter.newBuilder()
        .setRecordId(id)
        .setCategory(category)
        .setErrorClass("X")
        .setReason(reason)
        .setOriginalKey(id)
        .setOriginalValue(ByteBuffer.wrap(value))
        .setSourceTopic(topic)
        .setSourcePartition(0)
        .setSourceOffset(0L)
        .setFailedAt(Instant.parse(failedAt))
        .build();
  }

  private static List<ConsumerRecord<String, byte[]>> read(
      final SurgewatchConfig config, final String topic) {
    final List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
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
        consumer.poll(Duration.ofMillis(200)).forEach(out::add);
      }
    }
    return out;
  }
}
