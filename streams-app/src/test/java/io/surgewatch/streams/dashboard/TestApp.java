package io.surgewatch.streams.dashboard;

import io.surgewatch.core.EventJson;
import io.surgewatch.core.Keys;
import io.surgewatch.core.SurgewatchConfig;
import io.surgewatch.core.Topics;
import io.surgewatch.events.v1.IncidentEvent;
import io.surgewatch.producers.EventPublisher;
import io.surgewatch.producers.ProgressWriter;
import io.surgewatch.stack.LocalStack;
import io.surgewatch.stack.SharedTestStack;
import io.surgewatch.stack.TestClientMetrics;
import io.surgewatch.stack.TopicInitializer;
import io.surgewatch.streams.app.StreamsApp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.awaitility.Awaitility;

/**
 * The streams app and the dashboard on the shared test stack, with fresh topics, application id and
 * state dir, so test classes never see each other's records. {@code application.server} is set to
 * the dashboard's address, so queries go through Kafka Streams' key metadata as they would with
 * several instances.
 */
final class TestApp implements AutoCloseable {
  static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  final SurgewatchConfig config;
  final StreamsApp app;
  final DashboardServer dashboard;
  final EventPublisher publisher;

  /** Progress markers of what {@link #publishIncidents} published. */
  private final ProgressWriter markers;

  private TestApp(final SurgewatchConfig config) {
    this.config = config;
    this.app = StreamsApp.start(config);
    this.dashboard = DashboardServer.start(config, app.streams());
    this.publisher = EventPublisher.create(config);
    this.markers = new ProgressWriter(publisher);
  }

  static TestApp start(final Map<String, String> overrides) throws Exception {
    final LocalStack stack = SharedTestStack.get();
    final String p = "t" + UUID.randomUUID().toString().substring(0, 8) + ".";
    final int port = freePort();
    final Map<String, String> values =
        new HashMap<>(
            Map.of(
                Keys.BOOTSTRAP_SERVERS,
                stack.bootstrapServers(),
                Keys.SCHEMA_REGISTRY_URL,
                stack.registryUrl(),
                Keys.TOPIC_INCIDENTS,
                p + "incidents",
                Keys.TOPIC_STATEMENTS,
                p + "statements",
                Keys.TOPIC_COUNTS,
                p + "counts",
                Keys.TOPIC_ALERTS,
                p + "alerts",
                Keys.TOPIC_DEAD_LETTER,
                p + "dead-letter",
                Keys.TOPIC_STATEMENT_COUNTS,
                p + "statement-counts",
                Keys.APPLICATION_ID,
                p + "app"));
    values.put(
        Keys.STATE_DIR, SharedTestStack.newDirectory("surgewatch-dashboard-test").toString());
    values.put(Keys.DASHBOARD_PORT, String.valueOf(port));
    values.put(
        Keys.TOPIC_PARTITIONS,
        "2"); // two cube tasks: PK and * land where the partitioner puts them
    values.put(StreamsConfig.APPLICATION_SERVER_CONFIG, "127.0.0.1:" + port);
    values.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "100");
    values.put(
        Keys.OPEN_DAY_FLUSH_MS,
        "100"); // the newest day's figures reach the queries without a 1 s timer
    values.putAll(TestClientMetrics.UNREPORTED);
    values.putAll(overrides);
    final SurgewatchConfig config = SurgewatchConfig.defaultsOnly().withAll(values);
    final Topics topics = Topics.from(config);
    // Inputs on one partition keep arrival order, as the backtest assumes, unless the test sets
    // topic.input-partitions.
    final boolean inputsOnOne = !overrides.containsKey(Keys.TOPIC_INPUT_PARTITIONS);
    TopicInitializer.ensureTopics(
        Map.of("bootstrap.servers", stack.bootstrapServers()),
        topics.all().stream()
            .map(
                t ->
                    new NewTopic(
                            t.name(),
                            t.role() != Topics.Role.INPUT
                                ? topics.partitions()
                                : inputsOnOne ? 1 : t.partitions(),
                            topics.replicationFactor())
                        .configs(t.configs()))
            .toList(),
        Duration.ofSeconds(30));
    return running(config);
  }

  /**
   * Another instance of the same app, as a scaled-out deployment runs one: its own state dir,
   * dashboard port and {@code application.server}; returns once it runs and serves.
   */
  TestApp another() throws Exception {
    final int port = freePort();
    final SurgewatchConfig other =
        config.withAll(
            Map.of(
                Keys.STATE_DIR,
                SharedTestStack.newDirectory("surgewatch-dashboard-test").toString(),
                Keys.DASHBOARD_PORT,
                String.valueOf(port),
                StreamsConfig.APPLICATION_SERVER_CONFIG,
                "127.0.0.1:" + port));
    return running(other);
  }

  /** An instance with these settings, once it runs and serves. */
  private static TestApp running(final SurgewatchConfig config) throws InterruptedException {
    final TestApp app = new TestApp(config);
    if (!app.app.awaitRunning(Duration.ofSeconds(60))) {
      app.close();
      throw new IllegalStateException("a streams instance did not reach RUNNING");
    }
    await(Duration.ofSeconds(30), app.dashboard::live);
    return app;
  }

  /**
   * Publishes incidents given in their JSON form, then progress markers, and waits for the broker's
   * acknowledgement.
   */
  void publishIncidents(final String... json) throws Exception {
    for (final String j : json) {
      final IncidentEvent event = EventJson.parse(j, IncidentEvent.class);
      publisher.publish(event).get();
      markers.published(event); // acknowledged
    }
    markers.markPublished().get(); // everything is written: the app need not wait for later reports
  }

  /**
   * Writes bytes as they are to the incidents topic (a record the app cannot read, to be
   * dead-lettered), and waits for the broker's acknowledgement.
   */
  void publishRawIncident(final String key, final byte[] value) throws Exception {
    try (KafkaProducer<String, byte[]> raw =
        new KafkaProducer<>(
            Map.of("bootstrap.servers", config.get(Keys.BOOTSTRAP_SERVERS)),
            new StringSerializer(),
            new ByteArraySerializer())) {
      raw.send(new ProducerRecord<>(config.get(Keys.TOPIC_INCIDENTS), key, value)).get();
    }
  }

  static String incident(
      final String id,
      final String reportedAt,
      final String day,
      final String region,
      final String group,
      final int killed) {
    return "{\"id\":\""
        + id
        + "\",\"reportedAt\":\""
        + reportedAt
        + "\",\"occurredOn\":\""
        + day
        + "\","
        + "\"country\":\"PK\",\"region\":\""
        + region
        + "\",\"groups\":[{\"name\":\""
        + group
        + "\",\"attribution\":\"CLAIMED\"}],"
        + "\"eventType\":\"ATTACK\",\"killed\":{\"securityForces\":"
        + killed
        + ",\"civilians\":0,\"militants\":0,\"unknown\":0},"
        + "\"injured\":{\"securityForces\":0,\"civilians\":1,\"militants\":0,\"unknown\":0},"
        + "\"source\":{\"name\":\"test\"}}";
  }

  HttpResponse<String> get(final String pathAndQuery, final String token)
      throws IOException, InterruptedException {
    final HttpRequest.Builder r =
        HttpRequest.newBuilder(URI.create(dashboard.url() + pathAndQuery))
            .timeout(Duration.ofSeconds(20));
    if (token != null) {
      r.header("Authorization", "Bearer " + token);
    }
    return HTTP.send(r.build(), HttpResponse.BodyHandlers.ofString());
  }

  static void await(final Duration timeout, final BooleanSupplier condition) {
    Awaitility.await()
        .atMost(timeout)
        .pollInterval(Duration.ofMillis(200))
        .until(condition::getAsBoolean);
  }

  static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (final IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    try {
      publisher.close();
      dashboard.stop();
    } finally {
      app.close();
    }
  }
}
