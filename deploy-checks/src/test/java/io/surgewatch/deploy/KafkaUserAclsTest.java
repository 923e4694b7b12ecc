package io.surgewatch.deploy;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.surgewatch.core.DeadLetters;
import io.surgewatch.core.EventPreparer;
import io.surgewatch.core.Keys;
import io.surgewatch.core.SurgewatchConfig;
import io.surgewatch.core.TopicListing;
import io.surgewatch.core.TopicReader;
import io.surgewatch.core.Topics;
import io.surgewatch.events.v1.DeadLetter;
import io.surgewatch.events.v1.RollingCount;
import io.surgewatch.events.v1.SurgeAlert;
import io.surgewatch.inputs.InputFormat;
import io.surgewatch.producers.DeadLetterReplayer;
import io.surgewatch.producers.EventPublisher;
import io.surgewatch.producers.FilePublisher;
import io.surgewatch.producers.TopicTimes;
import io.surgewatch.producers.ingest.IngestServer;
import io.surgewatch.serde.AvroSerdes;
import io.surgewatch.stack.ApicurioRegistry;
import io.surgewatch.stack.EmbeddedKafka;
import io.surgewatch.stack.TopicInitializer;
import io.surgewatch.streams.app.AppProgress;
import io.surgewatch.streams.app.RequiredTopics;
import io.surgewatch.streams.app.StreamsApp;
import io.surgewatch.streams.dashboard.DashboardServer;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The KafkaUsers of deploy/base are enough, and they are enforced. On a broker that authenticates
 * with SCRAM-SHA-512 and authorizes by ACLs, as the Strimzi cluster does, each KafkaUser gets its
 * password and exactly the ACLs its manifest declares; then the real apps run as the users their
 * workloads log in as, with the settings their workloads run with: the CLI's jobs (produce, topics
 * create, list, read and lag, replay), the streams app and the ingest API; and the example reader
 * reads their results. A user the manifests give nothing is refused, and so is the CLI's without
 * one of its ACLs. (TLS is Strimzi's: here the same logins go over SASL_PLAINTEXT.)
 */
class KafkaUserAclsTest {
  private static final Path ROOT = RepositoryDeployFilesTest.ROOT;

  /** deploy/base rendered, with the CLI jobs (deploy/jobs/) created beside it. */
  private static final Rendering DEPLOYED = deployedWithJobs();

  /** A user who can log in and was given no ACL. */
  private static final String NOBODY = "nobody";

  /** The CLI's user but for read on the dead-letter topic. */
  private static final String CLI_NOT_READING_DEAD_LETTERS = "cli-not-reading-dead-letters";

  private static final Map<String, String> PASSWORDS = new HashMap<>();
  private static Path dir;
  private static EmbeddedKafka kafka;
  private static ApicurioRegistry registry;

  @BeforeAll
  static void startABrokerThatKnowsTheManifestsUsers() throws Exception {
    dir = Files.createTempDirectory("surgewatch-acls-");
    kafka = EmbeddedKafka.startWithScramListener(dir.resolve("kafka"));
    // The registry stores its schemas on the broker as the super user: its own KafkaUser is for
    // Confluent's registry, which the manifests run and this test does not.
    registry = ApicurioRegistry.start(dir.resolve("registry"), 0, kafka.bootstrapServers());
    final Map<String, Object> superUser = Map.of("bootstrap.servers", kafka.bootstrapServers());
    // The topics, as the Topic Operator makes them from topics.yaml.
    TopicInitializer.ensureTopics(
        superUser,
        Topics.from(configOf("streams", Map.of(Keys.TOPIC_REPLICATION_FACTOR, "1"))).newTopics(),
        Duration.ofSeconds(60));
    final List<KafkaUser> users = new ArrayList<>(KafkaUser.in(DEPLOYED));
    users.add(
        without(
            users.stream().filter(u -> u.name().equals("surgewatch-cli")).findFirst().orElseThrow(),
            CLI_NOT_READING_DEAD_LETTERS,
            "security.dead-letter.v1",
            AclOperation.READ));
    try (Admin admin = Admin.create(superUser)) {
      final List<UserScramCredentialUpsertion> logins = new ArrayList<>();
      for (final String user :
          Stream.concat(users.stream().map(KafkaUser::name), Stream.of(NOBODY)).toList()) {
        PASSWORDS.put(user, UUID.randomUUID().toString());
        logins.add(
            new UserScramCredentialUpsertion(
                user,
                new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096),
                PASSWORDS.get(user)));
      }
      admin.alterUserScramCredentials(new ArrayList<>(logins)).all().get(30, TimeUnit.SECONDS);
      admin
          .createAcls(users.stream().flatMap(u -> u.acls().stream()).toList())
          .all()
          .get(30, TimeUnit.SECONDS);
    }
    // Users and ACLs reach the broker's listeners through the metadata log: wait till they have.
    for (final String user : PASSWORDS.keySet()) {
      await()
          .atMost(Duration.ofSeconds(30))
          .ignoreExceptions()
          .until(
              () -> {
                try (Admin admin = Admin.create(new HashMap<>(loginAs(user)))) {
                  return !admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty();
                }
              });
    }
  }

  @AfterAll
  static void stop() {
    if (registry != null) {
      registry.close();
    }
    if (kafka != null) {
      kafka.close();
    }
    if (dir != null) {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
      } catch (final IOException e) {
        // a temp directory left behind
      }
    }
  }

  @Test
  void theAppsDoTheirWorkAsTheirUsersAndTheReaderReadsTheResults() throws Exception {
    final LocalDate today = LocalDate.now(ZoneOffset.UTC);
    final SurgewatchConfig streams =
        configOf(
            "streams",
            Map.of(
                Keys.STATE_DIR,
                Files.createDirectories(dir.resolve("state")).toString(),
                Keys.DASHBOARD_PORT,
                "0",
                "commit.interval.ms",
                "200",
                "num.stream.threads",
                "1"));
    final SurgewatchConfig cli = configOf("produce", Map.of());
    final SurgewatchConfig ingest = configOf("ingest", Map.of(Keys.INGEST_PORT, "0"));
    final Topics topics = Topics.from(streams);

    try (StreamsApp app = StreamsApp.start(streams);
        // The dashboard in the same pod, as the same user: its live feed and its dead letters read
        // the outputs back.
        DashboardServer dashboard = DashboardServer.start(streams, app.streams(), app.failures())) {
      await("the live feed following its topics")
          .atMost(Duration.ofSeconds(30))
          .until(dashboard::live);
      // `produce` as the CLI job runs it: a quiet year in Khyber Pakhtunkhwa and one line that is
      // no report (dead-lettered), after the topics' latest times.
      final Path input = dir.resolve("incidents.ndjson");
      Files.write(input, quietYearUpTo(today));
      try (EventPublisher publisher = EventPublisher.create(cli)) {
        final FilePublisher.Result published =
            new FilePublisher(publisher, EventPreparer.standard())
                .after(TopicTimes.latest(cli, Duration.ofSeconds(30)))
                .publish(input, InputFormat.NDJSON, dir.resolve("rejects.ndjson"));
        assertEquals(1, published.rejected(), published.summary());
        assertTrue(published.published() > 300, published.summary());
      }

      // The ingest API, as its Deployment runs it: the checks `ingest` makes before it serves (its
      // input topics seen as its own user sees them: a topic it may not describe would look absent,
      // and it would exit naming it), its readiness (broker, topics, registry), the day's big
      // attack.
      RequiredTopics.await(
          ingest,
          List.of(topics.incidents().name(), topics.statements().name()),
          missing -> "the ingest user does not see " + missing,
          Duration.ZERO);
      try (IngestServer server = IngestServer.start(ingest)) {
        final HttpResponse<String> health =
            HttpClient.newHttpClient()
                .send(
                    HttpRequest.newBuilder(URI.create(server.url() + "/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
        assertEquals(200, health.statusCode(), health.body());
        final HttpResponse<String> accepted =
            post(server.url() + "/v1/incidents", bigAttack(today));
        assertEquals(202, accepted.statusCode(), accepted.body());
      }

      // The reader, in a group of its prefix, sees the counts and the alert the attack opened.
      final List<RollingCount> counts = new ArrayList<>();
      final List<SurgeAlert> alerts = new ArrayList<>();
      final Deserializer<RollingCount> countValues =
          AvroSerdes.specific(RollingCount.class, streams.clientProperties(), false).deserializer();
      final Deserializer<SurgeAlert> alertValues =
          AvroSerdes.specific(SurgeAlert.class, streams.clientProperties(), false).deserializer();
      final Map<String, Object> reader = new HashMap<>(loginAs("surgewatch-reader"));
      reader.put(ConsumerConfig.GROUP_ID_CONFIG, "surgewatch-reader-acls-test");
      reader.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
      reader.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
      try (KafkaConsumer<String, byte[]> consumer =
          new KafkaConsumer<>(reader, new StringDeserializer(), new ByteArrayDeserializer())) {
        consumer.subscribe(List.of(topics.counts().name(), topics.alerts().name()));
        await()
            .atMost(Duration.ofSeconds(60))
            .until(
                () -> {
                  for (final ConsumerRecord<String, byte[]> r :
                      consumer.poll(Duration.ofMillis(200))) {
                    if (r.topic().equals(topics.counts().name())) {
                      counts.add(countValues.deserialize(r.topic(), r.value()));
                    } else {
                      alerts.add(alertValues.deserialize(r.topic(), r.value()));
                    }
                  }
                  return alerts.stream().anyMatch(a -> a.getTopIncidentIds().contains("PAK900001"));
                });
        consumer.commitSync(); // its group's offsets: where a restarted reader resumes
      }
      assertTrue(
          counts.stream().anyMatch(c -> c.getRegion().equals("Khyber Pakhtunkhwa")),
          "counts of the region");
      assertEquals(null, app.failures().failure(), "the app runs");
      // `topics read alerts` as a CLI job: the alert, read back by assignment.
      final String alertLines = topicsRead(cli, topics.alerts(), "PK|");
      assertTrue(alertLines.contains("PAK900001"), alertLines);
      // `topics create` as a CLI job: the Topic Operator made every topic, so it asks to create
      // none
      // (the CLI user may not) and finds them usable.
      TopicInitializer.ensureTopics(
          cli.clientProperties(), Topics.from(cli).newTopics(), Duration.ofSeconds(30));
      // `topics lag --wait` as a CLI job runs it: the app's committed offsets against the inputs'
      // and its repartition topics' ends.
      try (AppProgress lag = new AppProgress(cli)) {
        assertTrue(
            lag.awaitCaughtUp(Duration.ofSeconds(60)), "the CLI user sees the app caught up");
      }
      // The rejected line that `produce` dead-lettered, read back by the dashboard.
      await("the dashboard's dead letters")
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> {
                final HttpResponse<String> dead =
                    HttpClient.newHttpClient()
                        .send(
                            HttpRequest.newBuilder(
                                    URI.create(dashboard.url() + "/api/v1/dead-letters?limit=5"))
                                .build(),
                            HttpResponse.BodyHandlers.ofString());
                assertEquals(200, dead.statusCode(), dead.body());
                assertTrue(dead.body().contains("\"recordId\":\"BROKEN\""), dead.body());
              });
    }
  }

  @Test
  void theCliListsTheTopicsReadsTheDeadLettersAndReplaysThemAsItsUser() throws Exception {
    final SurgewatchConfig cli = configOf("produce", Map.of());
    final Topics topics = Topics.from(cli);
    // `topics list`: every topic as the broker has it, its configs included, as configured.
    for (final TopicListing.Line line : TopicListing.describe(cli, topics)) {
      assertFalse(line.missing(), line.text());
      assertFalse(line.text().contains("configs unknown"), line.text());
      assertFalse(line.text().contains("configured:"), line.text());
    }
    try (EventPublisher publisher = EventPublisher.create(cli)) {
      publisher.publishDeadLetter(deadLetter("ACLS-REPLAY-1")).get(30, TimeUnit.SECONDS);
      // `topics read dead-letter --key-prefix ACLS-REPLAY-`
      final String deadLetters = topicsRead(cli, topics.deadLetter(), "ACLS-REPLAY-");
      assertTrue(deadLetters.contains("\"recordId\":\"ACLS-REPLAY-1\""), deadLetters);
      // `replay`: the report goes back to its input topic, progress markers after it.
      final DeadLetterReplayer.Result replayed = replay(cli, publisher, "ACLS-REPLAY-1");
      assertEquals(1, replayed.republished(), replayed.summary() + " " + replayed.examples());
    }
  }

  @Test
  void replayWithoutReadOnTheDeadLettersIsRefusedNamingTheTopic() throws Exception {
    final SurgewatchConfig cli =
        configOf("produce", Map.of("sasl.jaas.config", jaas(CLI_NOT_READING_DEAD_LETTERS)));
    try (EventPublisher publisher = EventPublisher.create(cli)) {
      // It may still dead-letter (write): a letter to read, so that reading it is what is refused.
      publisher.publishDeadLetter(deadLetter("ACLS-REFUSED-1")).get(30, TimeUnit.SECONDS);
      final AuthorizationException refused =
          assertRefused(() -> replay(cli, publisher, "ACLS-REFUSED-1"));
      assertTrue(refused.getMessage().contains("security.dead-letter.v1"), refused.getMessage());
    }
  }

  @Test
  void aUserTheManifestsGiveNothingIsRefusedEverything() {
    final Map<String, Object> nobody = loginAs(NOBODY);
    assertRefused(() -> send(nobody, "security.incidents.v1"));
    assertRefused(() -> readOne(nobody, "security.counts.v1"));
  }

  @Test
  void theReaderMayReadTheResultsButNotWriteThemNorReadTheInputs() {
    final Map<String, Object> reader = loginAs("surgewatch-reader");
    assertRefused(() -> send(reader, "security.alerts.v1"));
    assertRefused(() -> readOne(reader, "security.incidents.v1"));
  }

  @Test
  void theIngestApiMayWriteTheInputsButNotTheResults() {
    assertRefused(() -> send(loginAs("surgewatch-ingest"), "security.counts.v1"));
  }

  /**
   * The configuration a workload of the manifests runs with (its ConfigMap and env), its Kafka
   * login the user whose Secret it reads, against this broker and registry.
   */
  private static SurgewatchConfig configOf(final String app, final Map<String, String> settings) {
    final Rendering.AppContainer container =
        DEPLOYED.appContainers(new ArrayList<>()).stream()
            .filter(a -> a.app().equals(app))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no workload runs " + app));
    final Object secret =
        KafkaClientSettings.of(DEPLOYED, container.container()).secretRef("SASL_JAAS_CONFIG");
    final String user = String.valueOf(Yamls.at(secret, "name"));
    final Map<String, String> env = new HashMap<>(container.environment());
    // TLS is Strimzi's; the login and what it may do are what is tested.
    env.remove("SURGEWATCH_SSL_TRUSTSTORE_TYPE");
    env.remove("SURGEWATCH_SSL_TRUSTSTORE_LOCATION");
    env.put("SURGEWATCH_SECURITY_PROTOCOL", "SASL_PLAINTEXT");
    env.put("SURGEWATCH_BOOTSTRAP_SERVERS", kafka == null ? "" : kafka.scramBootstrapServers());
    env.put("SURGEWATCH_SASL_JAAS_CONFIG", PASSWORDS.isEmpty() ? "" : jaas(user));
    env.put("SURGEWATCH_SCHEMA_REGISTRY_URL", registry == null ? "" : registry.confluentApiUrl());
    env.put("SURGEWATCH_DASHBOARD_HOST", "127.0.0.1");
    env.put("SURGEWATCH_INGEST_HOST", "127.0.0.1");
    env.put("SURGEWATCH_TOPIC_REPLICATION_FACTOR", "1");
    return SurgewatchConfig.load(null, env, settings);
  }

  /** A Kafka client's settings to log in as {@code user}. */
  private static Map<String, Object> loginAs(final String user) {
    return Map.of(
        "bootstrap.servers",
        kafka.scramBootstrapServers(),
        "security.protocol",
        "SASL_PLAINTEXT",
        "sasl.mechanism",
        "SCRAM-SHA-512",
        "sasl.jaas.config",
        jaas(user));
  }

  /** What the User Operator puts in the user's Secret under {@code sasl.jaas.config}. */
  private static String jaas(final String user) {
    return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
        + user
        + "\" password=\""
        + PASSWORDS.get(user)
        + "\";";
  }

  private static void send(final Map<String, Object> login, final String topic) throws Exception {
    final Map<String, Object> props = new HashMap<>(login);
    props.put("max.block.ms", 10_000);
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
      producer.send(new ProducerRecord<>(topic, "k", new byte[] {1})).get(15, TimeUnit.SECONDS);
    }
  }

  private static void readOne(final Map<String, Object> login, final String topic) {
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(login, new StringDeserializer(), new ByteArrayDeserializer())) {
      consumer.assign(List.of(new TopicPartition(topic, 0)));
      consumer.seekToBeginning(List.of(new TopicPartition(topic, 0)));
      consumer.poll(Duration.ofSeconds(10));
    }
  }

  private interface Attempt {
    void run() throws Exception;
  }

  private static AuthorizationException assertRefused(final Attempt attempt) {
    final Throwable thrown = assertThrows(Throwable.class, attempt::run);
    final Throwable cause = thrown instanceof ExecutionException ? thrown.getCause() : thrown;
    return assertInstanceOf(AuthorizationException.class, cause, String.valueOf(cause));
  }

  /**
   * {@code user}'s ACLs but {@code operation} on the topic {@code topic}, for the user {@code
   * name}.
   */
  private static KafkaUser without(
      final KafkaUser user, final String name, final String topic, final AclOperation operation) {
    final List<AclBinding> acls =
        user.acls().stream()
            .filter(
                a ->
                    !(a.pattern().resourceType() == ResourceType.TOPIC
                        && a.pattern().name().equals(topic)
                        && a.entry().operation() == operation))
            .map(
                a ->
                    new AclBinding(
                        a.pattern(),
                        new AccessControlEntry(
                            "User:" + name,
                            a.entry().host(),
                            a.entry().operation(),
                            a.entry().permissionType())))
            .toList();
    assertEquals(
        user.acls().size() - 1, acls.size(), user.name() + " has " + operation + " on " + topic);
    return new KafkaUser(name, user.authentication(), user.cluster(), acls);
  }

  /** `replay --reason-contains ID` as a CLI job runs it: the dead letter {@link #deadLetter}. */
  private static DeadLetterReplayer.Result replay(
      final SurgewatchConfig cli, final EventPublisher publisher, final String id) {
    return new DeadLetterReplayer(cli, publisher, EventPreparer.standard())
        .replay(new DeadLetterReplayer.Selection(null, id, null, null));
  }

  /** `topics read` as a CLI job runs it: the lines of the records whose keys start so. */
  private static String topicsRead(
      final SurgewatchConfig cli, final Topics.Topic<?> topic, final String keyPrefix) {
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();
    final TopicReader.Summary read =
        new TopicReader(
                cli,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8))
            .read(
                topic,
                new TopicReader.Options(
                    new TopicReader.KeyFilter(keyPrefix, false), false, false, Long.MAX_VALUE),
                () -> true);
    assertEquals(0, read.undecodable(), err.toString(StandardCharsets.UTF_8));
    return out.toString(StandardCharsets.UTF_8);
  }

  /**
   * A report of 2020 a rule rejected that has since been relaxed, as `produce` dead-letters a line:
   * replayed, it passes. Old, so that it moves no partition's progress past the reports of the
   * other tests.
   */
  private static DeadLetter deadLetter(final String id) {
    return DeadLetters.fromFile(
        "acls-test.ndjson",
        1,
        id,
        "{\"id\": \""
            + id
            + "\", \"reportedAt\": \"2020-03-01T12:00:00Z\", \"occurredOn\": \"2020-03-01\", "
            + "\"country\": \"PK\", \"region\": \"Balochistan\", \"killed\": {\"civilians\": 1}, "
            + "\"injured\": {}, \"source\": {\"name\": \"acls test\"}}",
        DeadLetters.VALIDATION,
        null,
        "rejected by a rule since relaxed: " + id,
        Instant.now());
  }

  private static HttpResponse<String> post(final String url, final String json) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }

  /** One or two small attacks a day for 240 days up to today, and a line that is no report. */
  private static List<String> quietYearUpTo(final LocalDate today) {
    final List<String> lines = new ArrayList<>();
    for (int d = 240; d >= 0; d--) {
      final LocalDate day = today.minusDays(d);
      final Instant reported =
          day.atTime(20, 0).toInstant(ZoneOffset.UTC).isAfter(Instant.now())
              ? Instant.now().minusSeconds(60)
              : day.atTime(20, 0).toInstant(ZoneOffset.UTC);
      for (int i = 0; i < 1 + d % 2; i++) {
        lines.add(
            "{\"id\": \"Q"
                + d
                + "-"
                + i
                + "\", \"reportedAt\": \""
                + reported
                + "\", \"source\": {\"name\": \"quiet baseline\"}, \"occurredOn\": \""
                + day
                + "\", \"country\": \"PK\", \"region\": \"Khyber Pakhtunkhwa\", "
                + "\"killed\": {\"securityForces\": "
                + (1 + (d + i) % 3)
                + "}, \"injured\": {}}");
      }
    }
    lines.add("{\"id\": \"BROKEN\", \"reportedAt\": \"not a time\"}");
    return lines;
  }

  private static String bigAttack(final LocalDate today) {
    return "{\"id\": \"PAK900001\", \"reportedAt\": \""
        + Instant.now()
        + "\", \"occurredOn\": \""
        + today
        + "\", \"country\": \"PK\", \"region\": \"Khyber Pakhtunkhwa\", "
        + "\"groups\": [{\"name\": \"TTP\", \"attribution\": \"CLAIMED\"}], "
        + "\"eventType\": \"SUICIDE_BOMBING\", "
        + "\"killed\": {\"securityForces\": 83, \"civilians\": 1}, \"injured\": {\"unknown\": 220}, "
        + "\"source\": {\"name\": \"Peshawar Police\"}}";
  }

  private static Rendering deployedWithJobs() {
    final List<Map<String, Object>> resources =
        new ArrayList<>(Kustomize.render(ROOT.resolve("deploy/base")));
    try (Stream<Path> files = Files.list(ROOT.resolve("deploy/jobs"))) {
      files
          .filter(f -> f.toString().endsWith(".yaml"))
          .sorted()
          .forEach(f -> Yamls.loadAll(f).forEach(d -> resources.add(Yamls.map(d))));
    } catch (final IOException e) {
      throw new IllegalStateException(e);
    }
    return new Rendering("deploy/base + deploy/jobs", resources);
  }
}
