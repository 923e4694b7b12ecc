package io.surgewatch.streams.topology;

import io.surgewatch.core.Keys;
import io.surgewatch.core.ProgressMarkers;
import io.surgewatch.core.SurgewatchConfig;
import io.surgewatch.core.Topics;
import io.surgewatch.events.v1.Attribution;
import io.surgewatch.events.v1.Casualties;
import io.surgewatch.events.v1.DeadLetter;
import io.surgewatch.events.v1.IncidentEvent;
import io.surgewatch.events.v1.PerpetratorGroup;
import io.surgewatch.events.v1.RollingCount;
import io.surgewatch.events.v1.Source;
import io.surgewatch.events.v1.SourceKind;
import io.surgewatch.events.v1.StatementEvent;
import io.surgewatch.events.v1.SurgeAlert;
import io.surgewatch.serde.AvroSerdes;
import io.surgewatch.serde.MockSchemaRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/**
 * Drives the real topology with TopologyTestDriver and an in-memory registry scope (mock://), the
 * ecosystem's own way to test a topology without a broker. Record timestamps are the reports'
 * reportedAt, as producers set them.
 */
final class TopologyHarness implements AutoCloseable {
  final String scope = "harness-" + UUID.randomUUID();
  private final Path stateDir =
      Path.of(System.getProperty("java.io.tmpdir"), "surgewatch-ttd-" + scope);
  final SurgewatchConfig config;
  final Topics topics;
  final TopologyTestDriver driver;
  final TestInputTopic<String, IncidentEvent> incidents;
  final TestInputTopic<String, StatementEvent> statements;
  final TestInputTopic<String, byte[]> rawIncidents;
  private final TestOutputTopic<String, RollingCount> counts;
  private final TestOutputTopic<String, SurgeAlert> alerts;
  private final TestOutputTopic<String, DeadLetter> deadLetters;

  /** Every count record read so far, and the latest value per count key (what compaction keeps). */
  final List<RollingCount> countLog = new ArrayList<>();

  final Map<String, RollingCount> latest = new LinkedHashMap<>();

  TopologyHarness() {
    this(Map.of());
  }

  TopologyHarness(final Map<String, String> overrides) {
    final Map<String, String> settings = new LinkedHashMap<>();
    settings.put(Keys.SCHEMA_REGISTRY_URL, "mock://" + scope);
    settings.put(Keys.TOPIC_PARTITIONS, "1");
    settings.put(
        Keys.TOPIC_INPUT_PARTITIONS, "1"); // TopologyTestDriver's topics have one partition
    settings.putAll(overrides);
    config = SurgewatchConfig.defaultsOnly().withAll(settings);
    topics = Topics.from(config);
    final Properties props = SurgewatchTopology.streamsProperties(config);
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "dummy:9092");
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    driver = new TopologyTestDriver(SurgewatchTopology.build(config), props);
    final Map<String, Object> serde = config.clientProperties();
    incidents =
        driver.createInputTopic(
            topics.incidents().name(),
            new StringSerializer(),
            AvroSerdes.specific(IncidentEvent.class, serde, false).serializer());
    statements =
        driver.createInputTopic(
            topics.statements().name(),
            new StringSerializer(),
            AvroSerdes.specific(StatementEvent.class, serde, false).serializer());
    rawIncidents =
        driver.createInputTopic(
            topics.incidents().name(), new StringSerializer(), new ByteArraySerializer());
    counts =
        driver.createOutputTopic(
            topics.counts().name(),
            new StringDeserializer(),
            AvroSerdes.specific(RollingCount.class, serde, false).deserializer());
    alerts =
        driver.createOutputTopic(
            topics.alerts().name(),
            new StringDeserializer(),
            AvroSerdes.specific(SurgeAlert.class, serde, false).deserializer());
    deadLetters =
        driver.createOutputTopic(
            topics.deadLetter().name(),
            new StringDeserializer(),
            AvroSerdes.specific(DeadLetter.class, serde, false).deserializer());
  }

  /**
   * The incidents partition's latest effective reported-at, as stage 1 sets it (a report behind a
   * marker is placed just after it), and what the last marker promised.
   */
  private long sentThrough = Long.MIN_VALUE;

  private long marked = Long.MIN_VALUE;

  /**
   * Sends as one writer publishing in arrival order does, marking its progress on the statements
   * topic after each record: the story stage then knows no earlier statement follows, and tells the
   * alerts up to there. The incidents topic is marked before outputs are read ({@link #settle}),
   * not after each report: a marker at a report's time would say that no other report of that time
   * follows, and the tests send ties and reports out of order on purpose.
   */
  void send(final IncidentEvent e) {
    send(e, new RecordHeaders());
  }

  /** {@link #send(IncidentEvent)} with headers (those produce --replaces writes, say). */
  void send(final IncidentEvent e, final Headers headers) {
    incidents.pipeInput(new TestRecord<>(e.getId(), e, headers, e.getReportedAt()));
    final long at = e.getReportedAt().toEpochMilli();
    sentThrough =
        Math.max(Math.max(sentThrough, marked == Long.MIN_VALUE ? marked : marked + 1), at);
    markStatements(e.getReportedAt());
  }

  /**
   * Marks the incidents topic through the latest report sent, as a writer does when it has sent a
   * batch: the cube applies a reported-at's reports once every partition has passed it.
   */
  void settle() {
    if (sentThrough > marked) {
      marked = sentThrough;
      final Instant through = Instant.ofEpochMilli(marked);
      rawIncidents.pipeInput(
          new TestRecord<>(ProgressMarkers.KEY, null, ProgressMarkers.headers(through), through));
    }
  }

  /** The counts topic, once what was sent is settled. */
  TestOutputTopic<String, RollingCount> counts() {
    settle();
    return counts;
  }

  /** The alerts topic, once what was sent is settled. */
  TestOutputTopic<String, SurgeAlert> alerts() {
    settle();
    return alerts;
  }

  /** The dead-letter topic, once what was sent is settled. */
  TestOutputTopic<String, DeadLetter> deadLetters() {
    settle();
    return deadLetters;
  }

  void send(final StatementEvent s) {
    statements.pipeInput(s.getId(), s, s.getMadeAt());
    markStatements(s.getMadeAt());
  }

  /**
   * A progress marker on the statements topic: no statement at or before {@code through} follows.
   */
  void markStatements(final Instant through) {
    statements.pipeInput(
        new TestRecord<>(ProgressMarkers.KEY, null, ProgressMarkers.headers(through), through));
  }

  /**
   * Fires the open day's wall-clock flush (one open-day.flush-ms), then reads every count record
   * out.
   */
  List<RollingCount> drainCounts() {
    settle();
    driver.advanceWallClockTime(SurgewatchTopology.openDayFlush(config));
    final List<RollingCount> out = new ArrayList<>();
    counts
        .readKeyValuesToList()
        .forEach(
            kv -> {
              out.add(kv.value);
              latest.put(kv.key, kv.value);
            });
    countLog.addAll(out);
    return out;
  }

  /**
   * The value of a key's window as of a day, as a reader of the compacted topic sees it (carry
   * forward).
   */
  RollingCount valueAsOf(
      final String country,
      final String region,
      final String group,
      final String window,
      final LocalDate day) {
    drainCounts();
    RollingCount best = null;
    for (final RollingCount c : latest.values()) {
      if (c.getCountry().equals(country)
          && c.getRegion().equals(region)
          && c.getGroup().equals(group)
          && c.getWindow().equals(window)
          && !c.getWindowEnd().isAfter(day)
          && (best == null || c.getWindowEnd().isAfter(best.getWindowEnd()))) {
        best = c;
      }
    }
    return best;
  }

  long killedAsOf(final String key, final String window, final LocalDate day) {
    final String[] k = key.split("\\|");
    final RollingCount c = valueAsOf(k[0], k[1], k[2], window, day);
    return c == null ? 0 : c.getKilled();
  }

  long incidentsAsOf(final String key, final String window, final LocalDate day) {
    final String[] k = key.split("\\|");
    final RollingCount c = valueAsOf(k[0], k[1], k[2], window, day);
    return c == null ? 0 : c.getIncidents();
  }

  static IncidentEvent incident(final String id, final LocalDate day, final int killed) {
    return incident(
        id,
        day,
        day.atStartOfDay().toInstant(ZoneOffset.UTC).plusSeconds(36_000),
        killed,
        "Khyber Pakhtunkhwa",
        "TTP");
  }

  static IncidentEvent incident(
      final String id,
      final LocalDate day,
      final Instant reportedAt,
      final int killed,
      final String region,
      final String group) {
    return IncidentEvent.newBuilder()
        .setId(id)
        .setReportedAt(reportedAt)
        .setSource(new Source("Test feed", null, SourceKind.OTHER))
        .setOccurredOn(day)
        .setCountry("PK")
        .setRegion(region)
        .setGroups(
            group == null ? List.of() : List.of(new PerpetratorGroup(group, Attribution.CLAIMED)))
        .setKilled(Casualties.newBuilder().setSecurityForces(killed).build())
        .setInjured(Casualties.newBuilder().build())
        .build();
  }

  @Override
  public void close() {
    driver.close();
    MockSchemaRegistry.drop(scope);
    // The driver deletes its application's directory, not the state directory around it.
    try (Stream<Path> left = Files.walk(stateDir)) {
      left.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (final IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
