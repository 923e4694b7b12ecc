package io.surgewatch.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The shared stack for real: records through the broker, schemas through the registry, both
 * restarted.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalStackTest {
  private static final String CONFLUENT_JSON = "application/vnd.schemaregistry.v1+json";
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static LocalStack stack;

  @BeforeAll
  static void startStack() {
    stack = SharedTestStack.get();
  }

  @Test
  @Order(1)
  void producesAndConsumesThroughACreatedTopic() throws Exception {
    final String topic = newTopic();
    try (KafkaProducer<String, String> producer = producer(Map.of())) {
      producer.send(new ProducerRecord<>(topic, "k1", "hello")).get();
    }
    assertEquals(List.of("k1=hello"), consume(topic, 1, "read_uncommitted"));
  }

  @Test
  @Order(2)
  void transactionsWork() throws Exception {
    final String topic = newTopic();
    try (KafkaProducer<String, String> producer =
        producer(Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "tx-" + UUID.randomUUID()))) {
      producer.initTransactions();
      producer.beginTransaction();
      producer.send(new ProducerRecord<>(topic, "k", "aborted"));
      producer.abortTransaction();
      producer.beginTransaction();
      producer.send(new ProducerRecord<>(topic, "k", "committed"));
      producer.commitTransaction();
    }
    assertEquals(List.of("k=committed"), consume(topic, 1, "read_committed"));
  }

  @Test
  @Order(3)
  void registryStoresSchemasAndServesThemById() throws Exception {
    assertEquals(200, get(stack.registryUrl() + "/subjects").statusCode());
    final String subject = "roundtrip-" + UUID.randomUUID() + "-value";
    final String schema = record("Roundtrip");
    final int id = register(subject, schema);
    final HttpResponse<String> byId = get(stack.registryUrl() + "/schemas/ids/" + id);
    assertEquals(200, byId.statusCode());
    assertTrue(byId.body().contains("Roundtrip"), byId.body());
    stack.registry().setCompatibility(subject, "BACKWARD_TRANSITIVE");
    assertTrue(
        get(stack.registryUrl() + "/config/" + subject).body().contains("BACKWARD_TRANSITIVE"));
  }

  @Test
  @Order(4)
  void registeredSchemaSurvivesARegistryRestart() throws Exception {
    final String subject = "durable-" + UUID.randomUUID() + "-value";
    final int id = register(subject, record("Durable"));
    stack.registry().restart();
    final HttpResponse<String> byId = get(stack.registryUrl() + "/schemas/ids/" + id);
    assertEquals(200, byId.statusCode(), byId.body());
    assertTrue(byId.body().contains("Durable"), byId.body());
    assertTrue(get(stack.registryUrl() + "/subjects").body().contains(subject));
  }

  @Test
  @Order(5)
  void brokerRestartKeepsData() throws Exception {
    final String topic = newTopic();
    try (KafkaProducer<String, String> producer = producer(Map.of())) {
      producer.send(new ProducerRecord<>(topic, "before", "restart")).get();
    }
    stack.kafka().restart();
    try (KafkaProducer<String, String> producer = producer(Map.of())) {
      producer.send(new ProducerRecord<>(topic, "after", "restart")).get();
    }
    assertEquals(List.of("before=restart", "after=restart"), consume(topic, 2, "read_uncommitted"));
    // The registry rides out the broker restart: its kafkasql storage still takes writes.
    // Its storage reconnects to the broker first: a write right after the restart may be refused.
    final String subject = "after-broker-restart-" + UUID.randomUUID() + "-value";
    final AtomicInteger id = new AtomicInteger();
    Awaitility.await("registry writes after the broker restart")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(() -> id.set(register(subject, record("AfterRestart"))));
    assertEquals(200, get(stack.registryUrl() + "/schemas/ids/" + id.get()).statusCode());
  }

  private static String newTopic() {
    final String topic = "test-" + UUID.randomUUID();
    TopicInitializer.ensureTopics(
        Map.of("bootstrap.servers", stack.bootstrapServers()),
        List.of(new NewTopic(topic, 1, (short) 1)),
        Duration.ofSeconds(30));
    return topic;
  }

  private static KafkaProducer<String, String> producer(final Map<String, Object> extra) {
    final Map<String, Object> props =
        new HashMap<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                stack.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG,
                "all"));
    props.putAll(extra);
    return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
  }

  private static List<String> consume(
      final String topic, final int expected, final String isolation) {
    final List<String> seen = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                stack.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG,
                "g-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                isolation),
            new StringDeserializer(),
            new StringDeserializer())) {
      consumer.subscribe(List.of(topic));
      // The consumer's own poll blocks until records come; on this thread (a consumer is not
      // thread-safe).
      Awaitility.await(expected + " records of " + topic)
          .atMost(Duration.ofSeconds(30))
          .pollDelay(Duration.ZERO)
          .pollInterval(Duration.ofMillis(1))
          .pollInSameThread()
          .until(
              () -> {
                for (final ConsumerRecord<String, String> r :
                    consumer.poll(Duration.ofMillis(200))) {
                  seen.add(r.key() + "=" + r.value());
                }
                return seen.size() >= expected;
              });
      // One more short poll: a record beyond the expected ones (an aborted one, say) must not show
      // up.
      consumer.poll(Duration.ofMillis(300)).forEach(r -> seen.add(r.key() + "=" + r.value()));
    }
    return seen;
  }

  private static String record(final String name) {
    return "{\"type\":\"record\",\"name\":\""
        + name
        + "\",\"fields\":[{\"name\":\"id\",\"type\":\"string\"}]}";
  }

  private static int register(final String subject, final String schema) throws Exception {
    final String body = "{\"schema\":\"" + schema.replace("\"", "\\\"") + "\"}";
    final HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(
                    URI.create(stack.registryUrl() + "/subjects/" + subject + "/versions"))
                .header("Content-Type", CONFLUENT_JSON)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode(), response.body());
    final Matcher id = Pattern.compile("\"id\"\\s*:\\s*(\\d+)").matcher(response.body());
    assertTrue(id.find(), response.body());
    return Integer.parseInt(id.group(1));
  }

  private static HttpResponse<String> get(final String url) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(url)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
