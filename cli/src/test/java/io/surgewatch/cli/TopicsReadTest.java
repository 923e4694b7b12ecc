package io.surgewatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.surgewatch.core.EventJson;
import io.surgewatch.core.Keys;
import io.surgewatch.core.ProgressMarkers;
import io.surgewatch.core.SurgewatchConfig;
import io.surgewatch.core.Topics;
import io.surgewatch.events.v1.DeadLetter;
import io.surgewatch.events.v1.RollingCount;
import io.surgewatch.events.v1.SurgeAlert;
import io.surgewatch.serde.AvroSerdes;
import io.surgewatch.stack.TopicInitializer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * `topics read` prints a topic as the JSON lines backtest writes: what a deployment's topics hold
 * can be compared with a backtest's files line for line.
 */
class TopicsReadTest {

  @Test
  @Timeout(180)
  void printsTheOutputTopicsAsTheLinesBacktestWritesCommittedRecordsOnly(@TempDir final Path tmp)
      throws Exception {
    final Path out = tmp.resolve("backtest");
    final Path bad = tmp.resolve("bad.ndjson");
    Files.writeString(
        bad,
        "{\"id\": \"X1\", \"reportedAt\": \"not a time\"}\nnot json at all\n",
        StandardCharsets.UTF_8);
    final Launcher.Run backtest =
        Launcher.run(
            "backtest",
            "--input",
            Path.of("..", "seeds", "incidents.ndjson").toString(),
            "--format",
            "ndjson",
            "--input",
            bad.toString(),
            "--format",
            "ndjson",
            "--out",
            out.toString());
    assertEquals(0, backtest.exit(), backtest.err());
    final List<String> alerts = Files.readAllLines(out.resolve("alerts.ndjson"));
    final List<String> counts = Files.readAllLines(out.resolve("counts.ndjson"));
    final List<String> dead = Files.readAllLines(out.resolve("dead-letter.ndjson"));
    assertFalse(alerts.isEmpty() || counts.isEmpty(), "the seeds raise alerts and counts");
    assertEquals(2, dead.size(), "the bad file's two lines are dead letters");

    final SurgewatchConfig config = freshTopics();
    final Topics topics = Topics.from(config);
    try (KafkaProducer<String, byte[]> producer = transactional(config)) {
      producer.beginTransaction();
      publish(producer, config, topics.alerts(), alerts, SurgeAlert::getAlertId);
      publish(producer, config, topics.counts(), counts, TopicsReadTest::countKey);
      publish(producer, config, topics.deadLetter(), dead, DeadLetter::getRecordId);
      producer.commitTransaction();
      // An aborted transaction's records are not the topic's: never printed.
      producer.beginTransaction();
      publish(producer, config, topics.alerts(), alerts.subList(0, 1), SurgeAlert::getAlertId);
      producer.flush();
      producer.abortTransaction();
    }

    assertEquals(sorted(alerts), sorted(read(config, "alerts")));
    assertEquals(sorted(dead), sorted(read(config, topics.deadLetter().name())));
    assertEquals(sorted(counts), sorted(read(config, "counts")));

    // --latest: what compaction keeps of the counts, one line a key, in key order.
    final TreeMap<String, String> latest = new TreeMap<>();
    counts.forEach(line -> latest.put(countKey(parse(line, RollingCount.class)), line));
    assertEquals(List.copyOf(latest.values()), read(config, "counts", "--latest"));

    // A prefix no key has (a country's name where keys hold its code) prints nothing, and says so.
    final Launcher.Run none = Launcher.run(args(config, "counts", "--key-prefix", "Pakistan|"));
    assertEquals(0, none.exit(), none.err());
    assertEquals("", none.out());
    assertTrue(
        none.err().contains("no key starts with 'Pakistan|'; the topic's keys look like"),
        none.err());

    final List<String> some =
        read(config, "counts", "--key-prefix", "PK|Balochistan|", "--max", "3");
    assertEquals(3, some.size(), some.toString());
    some.forEach(
        line -> {
          final RollingCount c = parse(line, RollingCount.class);
          assertEquals("PK|Balochistan", c.getCountry() + "|" + c.getRegion(), line);
        });

    // --key: that key only, not the longer keys it begins (an id PAK1 and the incident PAK10).
    final String one = countKey(parse(some.get(0), RollingCount.class));
    final List<String> exact = read(config, "counts", "--key", one);
    assertFalse(exact.isEmpty());
    exact.forEach(line -> assertEquals(one, countKey(parse(line, RollingCount.class)), line));
    final Launcher.Run begun = Launcher.run(args(config, "counts", "--key", "PK|Balochistan|"));
    assertEquals("", begun.out());
    assertTrue(begun.err().contains("no key is 'PK|Balochistan|'"), begun.err());
    final Launcher.Run both =
        Launcher.run(args(config, "counts", "--key", one, "--key-prefix", "PK|"));
    assertEquals(2, both.exit());
    assertTrue(both.err().contains("--key and --key-prefix do not go together"), both.err());
  }

  @Test
  @Timeout(120)
  void namesARecordItCannotDecodeAndPrintsTheRest() throws Exception {
    final SurgewatchConfig config = freshTopics();
    final Topics topics = Topics.from(config);
    final String incident = Files.readAllLines(Path.of("..", "seeds", "incidents.ndjson")).get(0);
    final String line = EventJson.toJson(parse(incident, topics.incidents().valueClass()));
    try (KafkaProducer<String, byte[]> producer = transactional(config)) {
      producer.beginTransaction();
      producer.send(
          new ProducerRecord<>(
              topics.incidents().name(),
              0,
              "garbled",
              "not avro".getBytes(StandardCharsets.UTF_8)));
      publish(producer, config, topics.incidents(), List.of(line), r -> "PAK100002");
      ProgressMarkers.forAllPartitions(
              topics.incidents().name(), topics.incidents().partitions(), Instant.now())
          .forEach(producer::send);
      producer.commitTransaction();
    }
    final Launcher.Run run = Launcher.run(args(config, "incidents"));
    assertEquals(1, run.exit(), run.err());
    assertEquals(List.of(line), lines(run.out()), "the report, in the input's NDJSON form");
    assertTrue(
        run.err().contains("cannot decode the record at " + topics.incidents().name() + "-0@0")
            && run.err().contains("(key garbled)"),
        run.err());
    assertTrue(
        run.err().contains(topics.incidents().partitions() + " progress markers, 0 tombstones, 1"),
        run.err());
  }

  @Test
  @Timeout(120)
  void followEndedBySigtermStillPrintsItsSummary(@TempDir final Path tmp) throws Exception {
    final SurgewatchConfig config = freshTopics();
    final Topics topics = Topics.from(config);
    final String incident = Files.readAllLines(Path.of("..", "seeds", "incidents.ndjson")).get(0);
    try (KafkaProducer<String, byte[]> producer = transactional(config)) {
      producer.beginTransaction();
      publish(producer, config, topics.incidents(), List.of(incident), r -> "PAK100002");
      producer.commitTransaction();
    }
    // A JVM of its own, as a user runs it: the signal must reach the launcher's shutdown path.
    final List<String> cmd =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName()));
    cmd.addAll(List.of(args(config, "incidents", "--follow")));
    final Path errFile = tmp.resolve("stderr.txt");
    final Process p = new ProcessBuilder(cmd).redirectError(errFile.toFile()).start();
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      assertTrue(out.readLine().contains("\"PAK100002\""), "the report, printed as it is read");
      // SIGTERM (shutdown hooks run, as on Ctrl-C's SIGINT); the handle's, since Process.destroy
      // also closes the streams.
      p.toHandle().destroy();
      assertTrue(p.waitFor(60, TimeUnit.SECONDS), "it stops");
    } finally {
      p.destroyForcibly();
    }
    final String err = Files.readString(errFile, StandardCharsets.UTF_8);
    assertTrue(
        err.contains(
            "topics read: 1 line printed from 1 record of " + topics.incidents().name() + " ("),
        err);
  }

  @Test
  void aTopicItDoesNotKnowIsAUsageErrorThatListsTheOnesItDoes() {
    final Launcher.Run run = Launcher.run("topics", "read", "alert");
    assertEquals(2, run.exit(), run.err());
    assertTrue(
        run.err()
            .contains("no topic 'alert' (did you mean 'alerts'?): name one of alerts, counts,"),
        run.err());
  }

  private static SurgewatchConfig freshTopics() {
    final String run = RunSettings.name("read");
    final Map<String, String> values = RunSettings.of(run);
    final SurgewatchConfig config = SurgewatchConfig.defaultsOnly().withAll(values);
    TopicInitializer.ensureTopics(
        config.clientProperties(), Topics.from(config).newTopics(), Duration.ofSeconds(60));
    return config;
  }

  private static KafkaProducer<String, byte[]> transactional(final SurgewatchConfig config) {
    final Map<String, Object> props = config.clientProperties();
    props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "read-test-" + UUID.randomUUID());
    final KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    producer.initTransactions();
    return producer;
  }

  private static <V extends SpecificRecord> void publish(
      final KafkaProducer<String, byte[]> producer,
      final SurgewatchConfig config,
      final Topics.Topic<V> topic,
      final List<String> lines,
      final Function<V, String> key) {
    final Serializer<V> values =
        AvroSerdes.specific(topic.valueClass(), config.clientProperties(), false).serializer();
    for (final String line : lines) {
      final V record = parse(line, topic.valueClass());
      producer.send(
          new ProducerRecord<>(
              topic.name(), key.apply(record), values.serialize(topic.name(), record)));
    }
  }

  private static <V extends SpecificRecord> V parse(final String line, final Class<V> type) {
    return EventJson.parse(line, type);
  }

  /** The counts topic's key (the contract's country|region|group|window|windowEnd). */
  private static String countKey(final RollingCount c) {
    return String.join(
        "|",
        c.getCountry(),
        c.getRegion(),
        c.getGroup(),
        c.getWindow(),
        c.getWindowEnd().toString());
  }

  private static List<String> read(final SurgewatchConfig config, final String... more) {
    final Launcher.Run run = Launcher.run(args(config, more));
    assertEquals(0, run.exit(), run.err());
    return lines(run.out());
  }

  private static String[] args(final SurgewatchConfig config, final String... more) {
    final List<String> args = new ArrayList<>(List.of("topics", "read"));
    args.addAll(List.of(more));
    for (final String key :
        List.of(
            Keys.BOOTSTRAP_SERVERS,
            Keys.SCHEMA_REGISTRY_URL,
            Keys.TOPIC_INCIDENTS,
            Keys.TOPIC_COUNTS,
            Keys.TOPIC_ALERTS,
            Keys.TOPIC_DEAD_LETTER)) {
      args.addAll(List.of("--set", key + "=" + config.get(key)));
    }
    return args.toArray(String[]::new);
  }

  private static List<String> lines(final String text) {
    return text.isEmpty() ? List.of() : List.of(text.split("\n"));
  }

  private static List<String> sorted(final List<String> lines) {
    return lines.stream().sorted().toList();
  }
}
