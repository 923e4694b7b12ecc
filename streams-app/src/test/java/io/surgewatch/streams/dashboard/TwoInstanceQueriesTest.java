package io.surgewatch.streams.dashboard;

import static io.surgewatch.streams.dashboard.TestApp.incident;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.surgewatch.core.CubeKey;
import io.surgewatch.core.EventJson;
import io.surgewatch.core.Keys;
import io.surgewatch.core.ShardPlacement;
import io.surgewatch.events.v1.StatementEvent;
import io.surgewatch.streams.topology.SurgewatchTopology;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.HostInfo;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * With two instances, a query whose data lies on both (a rollup's drivers, whose regions and groups
 * are shards of their own; current counts of keys of several shards) or on one (a region's drivers)
 * gets the same whole answer from either.
 */
class TwoInstanceQueriesTest {
  private static final List<String> REGIONS =
      List.of("Punjab", "Sindh", "Balochistan", "Khyber Pakhtunkhwa", "Gilgit-Baltistan");
  private static final List<String> GROUPS = List.of("TTP", "BLA", "IS-K");

  /** A rollup's drivers: every region and group of PK, on the shards of both instances. */
  private static final String DRIVERS =
      "/api/v1/drivers?country=PK&metric=killed&from=2023-01-01&to=2023-01-30";

  /** Current counts of keys of three shards. */
  private static final String CURRENT =
      "/api/v1/counts/current?days=30&key=PK%7CPunjab%7C*&key=PK%7C*%7CTTP&key=*%7C*%7C*";

  /** What {@link #CURRENT} gives as killed once every report is counted. */
  private static final Map<String, Long> CURRENT_KILLED =
      Map.of("PK|Punjab|*", 6L, "PK|*|TTP", 35L, "*|*|*", 120L);

  /** An incident of each region and group, the n-th with n killed (120 in all). */
  private static String[] reports(final String idPrefix) {
    final List<String> reports = new ArrayList<>();
    int n = 0;
    for (final String region : REGIONS) {
      for (final String group : GROUPS) {
        n++;
        reports.add(
            incident(
                idPrefix + n,
                "2023-01-" + (10 + n) + "T10:00:00Z",
                "2023-01-10",
                region,
                group,
                n));
      }
    }
    return reports.toArray(String[]::new);
  }

  @Test
  void eitherInstanceAnswersFromTheShardsOfBoth() throws Exception {
    try (TestApp first = TestApp.start(Map.of(Keys.TOPIC_PARTITIONS, "6"));
        TestApp second = first.another()) {
      Awaitility.await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () ->
                  first.app.streams().state() == KafkaStreams.State.RUNNING
                      && second.app.streams().state() == KafkaStreams.State.RUNNING
                      && first.app.streams().metadataForAllStreamsClients().size() == 2
                      && first.app.streams().metadataForAllStreamsClients().stream()
                          .allMatch(m -> !m.topicPartitions().isEmpty()));
      first.publishIncidents(reports("TWO-"));
      // A name the alias tables lack, stored as written, asked for in other capitals below.
      first.publishIncidents(
          incident("TWO-SD", "2023-01-30T10:00:00Z", "2023-01-10", "Khartoum", "RSF/Janjaweed", 0)
              .replace("\"PK\"", "\"SD\""));
      // Every shard's part settled, on both instances: each region's and group's figure (their own
      // shards, spread over both), the rollup's, and current counts of keys of three shards.
      final String regionDrivers =
          "/api/v1/drivers?country=PK&region=Punjab&metric=killed&from=2023-01-01&to=2023-01-30";
      Awaitility.await("every region and group of PK among the drivers, on both instances")
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(300))
          .untilAsserted(
              () -> {
                final JsonNode a = json(first.get(DRIVERS, null));
                assertWhole(a);
                assertEquals(a, json(second.get(DRIVERS, null)));
                final JsonNode punjab = json(first.get(regionDrivers, null));
                assertEquals(Set.copyOf(GROUPS), names(punjab.get("groups"), "group"));
                assertEquals(6, punjab.get("observed").asLong(), "1 + 2 + 3 killed in Punjab");
                assertEquals(punjab, json(second.get(regionDrivers, null)));
                final JsonNode current = json(first.get(CURRENT, null));
                assertEquals(CURRENT_KILLED, killed(current));
                assertEquals(current, json(second.get(CURRENT, null)));
              });
      // Either instance finds the stored key, whichever owns it (the other forwards the request as
      // if it had named the key so).
      final String stored =
          "/api/v1/counts?country=SD&region=Khartoum&group=RSF%2FJanjaweed&window=P30D";
      final String asked =
          "/api/v1/counts?country=sd&region=KHARTOUM&group=rsf%2Fjanjaweed&window=P30D";
      final String current =
          "/api/v1/counts/current?days=30&key=SD%7CKhartoum%7Crsf%20janjaweed&key=PK%7C*%7CTTP";
      Awaitility.await("the Sudanese key on both instances, asked in lower case")
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(300))
          .untilAsserted(
              () -> {
                final JsonNode expected = json(first.get(stored, null));
                assertEquals("RSF/Janjaweed", expected.path("group").asText(), expected.toString());
                assertEquals(expected, json(first.get(asked, null)));
                assertEquals(expected, json(second.get(asked, null)));
                final JsonNode counts = json(second.get(current, null));
                assertEquals(
                    Map.of("SD|Khartoum|RSF/Janjaweed", 0L, "PK|*|TTP", 35L), killed(counts));
                assertEquals(counts, json(first.get(current, null)));
              });
    }
  }

  /**
   * A statement asked for by its id is read in the task of its partition of the statements topic,
   * from either instance, the other forwarding the request: with three statement partitions beside
   * six cube partitions, statement intake's tasks being the cube's too.
   */
  @Test
  void eitherInstanceFindsAStatementByItsIdWhereItsPartitionIs() throws Exception {
    final List<String> ids =
        List.of("ST-TWO-1", "ST-TWO-2", "ST-TWO-4", "ST-TWO-5", "ST-TWO-7", "ST two/6 é");
    assertEquals(
        Set.of(0, 1, 2),
        ids.stream().map(id -> ShardPlacement.defaultPartition(id, 3)).collect(Collectors.toSet()),
        "ids on every partition of the statements topic");
    try (TestApp first =
            TestApp.start(Map.of(Keys.TOPIC_PARTITIONS, "6", Keys.TOPIC_INPUT_PARTITIONS, "3"));
        TestApp second = first.another()) {
      awaitBothActive(first);
      for (int n = 0; n < ids.size(); n++) {
        first.publisher.publish(statement(ids.get(n), "2023-01-1" + n + "T10:00:00Z")).get();
      }
      final List<JsonNode> listed = new ArrayList<>();
      Awaitility.await("every statement in the timeline")
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(300))
          .untilAsserted(
              () -> {
                listed.clear();
                json(first.get("/api/v1/statements?country=PK", null))
                    .get("statements")
                    .forEach(listed::add);
                assertEquals(ids.size(), listed.size(), listed.toString());
              });
      for (final JsonNode statement : listed) {
        final String path =
            "/api/v1/statements/"
                + URLEncoder.encode(statement.get("id").asText(), StandardCharsets.UTF_8)
                    .replace("+", "%20");
        for (final TestApp asked : List.of(first, second)) {
          // Taken by id before the story stage puts it in the timeline: there already.
          assertEquals(statement, json(asked.get(path, null)), path);
        }
      }
      for (final TestApp asked : List.of(first, second)) {
        final HttpResponse<String> none = asked.get("/api/v1/statements/ST-NONE", null);
        assertEquals(404, none.statusCode(), none.body());
        assertTrue(none.body().contains("no statement ST-NONE"), none.body());
      }
    }
  }

  private static StatementEvent statement(final String id, final String madeAt) {
    return EventJson.parse(
        "{\"type\":\"statement\",\"id\":\""
            + id
            + "\",\"madeAt\":\""
            + madeAt
            + "\",\"speaker\":{\"name\":\"Spokesperson\"},\"kind\":\"ACCUSATION\","
            + "\"quote\":\"They did it.\",\"about\":{\"countries\":[\"PK\"]},"
            + "\"source\":{\"name\":\"test\"}}",
        StatementEvent.class);
  }

  /**
   * An instance that still owns its tasks but does not answer (killed, and the group has not
   * noticed: until its session times out) leaves the other to answer for its data from standby
   * copies, marked stale, instead of 503 until the group moves the tasks.
   */
  @Test
  void anInstanceThatDoesNotAnswerIsAnsweredForFromStandbyCopies() throws Exception {
    try (TestApp first =
            TestApp.start(
                Map.of(
                    Keys.TOPIC_PARTITIONS, "6", StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, "1"));
        TestApp second = first.another()) {
      Awaitility.await("each instance active for some partitions and standby for the others'")
          .atMost(Duration.ofSeconds(90))
          .until(
              () ->
                  first.app.streams().metadataForAllStreamsClients().size() == 2
                      && first.app.streams().metadataForAllStreamsClients().stream()
                          .allMatch(
                              m ->
                                  !m.topicPartitions().isEmpty()
                                      && !m.standbyTopicPartitions().isEmpty()));
      first.publishIncidents(reports("STB-"));
      final String keys = "/api/v1/keys?country=PK";
      final Map<String, JsonNode> before = new TreeMap<>();
      Awaitility.await("the answers whole")
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(300))
          .untilAsserted(
              () -> {
                // Whole means every shard's part: the rollup's total and each region and group.
                final JsonNode drivers = json(first.get(DRIVERS, null));
                assertWhole(drivers);
                final JsonNode current = json(first.get(CURRENT, null));
                assertEquals(CURRENT_KILLED, killed(current));
                final JsonNode pkKeys = json(first.get(keys, null));
                assertEquals(
                    1 + REGIONS.size() + GROUPS.size() + REGIONS.size() * GROUPS.size(),
                    pkKeys.get("keys").size(),
                    "PK's keys: the country, each region, group, and region and group");
                before.putAll(Map.of(DRIVERS, drivers, CURRENT, current, keys, pkKeys));
              });

      second.dashboard.stop(); // its tasks stay with it: only its answers stop

      Awaitility.await("the same answers, from the standby copies")
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(300))
          .untilAsserted(
              () -> {
                for (final String q : List.of(DRIVERS, CURRENT, keys)) {
                  final ObjectNode answer = (ObjectNode) json(first.get(q, null));
                  assertTrue(answer.path("stale").asBoolean(), q + ": " + answer);
                  answer.remove("stale");
                  assertEquals(before.get(q), answer, q);
                }
              });
      // A key no report has, on a shard of the silent instance: the standby copy cannot tell "none"
      // from "not yet", so not a 404, which reads as "no reports there".
      final String unknown = keyOnAShardOf(second, first, "PK|Nowhere%d|*");
      final HttpResponse<String> notYet =
          first.get(
              "/api/v1/counts/current?days=30&key="
                  + URLEncoder.encode(unknown, StandardCharsets.UTF_8),
              null);
      assertEquals(503, notYet.statusCode(), unknown + ": " + notYet.body());
      assertTrue(notYet.headers().firstValue("Retry-After").isPresent(), notYet.toString());
      assertTrue(notYet.body().contains("standby copy"), notYet.body());
      // What an on-call engineer alerts on: a member that does not answer.
      final String metrics = first.get("/metrics", null).body();
      for (final String counter :
          List.of("surgewatch_query_unanswered_total", "surgewatch_query_standby_reads_total")) {
        assertTrue(
            metrics.lines().anyMatch(l -> l.startsWith(counter + " ") && !l.endsWith(" 0.0")),
            counter + " not counted");
      }
    }
  }

  /**
   * An owner that answers 503 (its data moving to another instance, which the asking instance's
   * metadata may not show yet, or its stores restoring) is asked again within the retry budget, not
   * passed on to the client as a 503.
   */
  @Test
  void anOwnersNotReadyIsAskedAgainWithinTheBudgetNotPassedOn() throws Exception {
    try (TestApp first = TestApp.start(Map.of(Keys.TOPIC_PARTITIONS, "6"));
        TestApp second = first.another()) {
      awaitBothActive(first);
      final String key = keyOnAShardOf(second, first, "PK|Moving%d|*");
      second.dashboard.stop();
      // In its place, the owner as a rebalance leaves it: not ready once, then its answer.
      final AtomicInteger asked = new AtomicInteger();
      final HttpServer owner =
          HttpServer.create(
              new InetSocketAddress(
                  "127.0.0.1", Integer.parseInt(second.config.get(Keys.DASHBOARD_PORT))),
              0);
      owner.createContext(
          "/",
          exchange -> {
            final boolean first503 = asked.incrementAndGet() == 1;
            final byte[] body =
                (first503
                        ? "{\"status\":503,\"detail\":\"owned by another instance now\"}"
                        : "{\"days\":30,\"latestDay\":\"2023-01-30\",\"counts\":[]}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(first503 ? 503 : 200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
          });
      owner.start();
      try {
        final HttpResponse<String> answer =
            first.get(
                "/api/v1/counts/current?days=30&key="
                    + URLEncoder.encode(key, StandardCharsets.UTF_8),
                null);
        assertEquals(200, answer.statusCode(), answer.body());
        assertEquals(2, asked.get(), "asked again once");
      } finally {
        owner.stop(0);
      }
    }
  }

  /** Waits until the instance runs in a group of two, each with active tasks. */
  private static void awaitBothActive(final TestApp first) {
    Awaitility.await("both instances active")
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                first.app.streams().state() == KafkaStreams.State.RUNNING
                    && first.app.streams().metadataForAllStreamsClients().size() == 2
                    && first.app.streams().metadataForAllStreamsClients().stream()
                        .allMatch(m -> !m.topicPartitions().isEmpty()));
  }

  /** A cube key of the form {@code pattern} (a %d in it) whose shard {@code owner} holds. */
  @SuppressWarnings("removal") // the partitioner's abstract method (QueryRouter's SHARDS says why)
  private static String keyOnAShardOf(
      final TestApp owner, final TestApp asked, final String pattern) {
    final HostInfo host =
        HostInfo.buildFromEndpoint(owner.config.get(StreamsConfig.APPLICATION_SERVER_CONFIG));
    for (int i = 0; ; i++) {
      final String key = pattern.formatted(i);
      final KeyQueryMetadata md =
          asked
              .app
              .streams()
              .queryMetadataForKey(
                  SurgewatchTopology.STORE_BUCKETS,
                  CubeKey.parse(key).shard(),
                  (topic, k, value, partitions) ->
                      Optional.of(Set.of(ShardPlacement.partition(k, partitions))));
      if (host.equals(md.activeHost())) {
        return key;
      }
    }
  }

  private static JsonNode json(final HttpResponse<String> response) throws Exception {
    assertEquals(200, response.statusCode(), response.body());
    return EventJson.MAPPER.readTree(response.body());
  }

  /** The rollup's drivers once every report is counted: 1 + 2 + ... + 15 killed. */
  private static void assertWhole(final JsonNode drivers) {
    assertEquals(120, drivers.get("observed").asLong());
    assertEquals(
        Map.of(
            "Punjab",
            6L,
            "Sindh",
            15L,
            "Balochistan",
            24L,
            "Khyber Pakhtunkhwa",
            33L,
            "Gilgit-Baltistan",
            42L),
        observed(drivers.get("regions"), "region"));
    assertEquals(
        Map.of("TTP", 35L, "BLA", 40L, "IS-K", 45L), observed(drivers.get("groups"), "group"));
  }

  /** Each driver's observed figure by its {@code field} (region, group, country). */
  static Map<String, Long> observed(final JsonNode rows, final String field) {
    final Map<String, Long> out = new TreeMap<>();
    rows.forEach(r -> out.put(r.get(field).asText(), r.get("observed").asLong()));
    return out;
  }

  private static Map<String, Long> killed(final JsonNode current) {
    final Map<String, Long> killed = new TreeMap<>();
    current
        .get("counts")
        .forEach(
            c ->
                killed.put(
                    c.get("country").asText()
                        + '|'
                        + c.get("region").asText()
                        + '|'
                        + c.get("group").asText(),
                    c.get("killed").asLong()));
    return killed;
  }

  private static Set<String> names(final JsonNode rows, final String field) {
    final Set<String> out = new TreeSet<>();
    rows.forEach(r -> out.add(r.get(field).asText()));
    return out;
  }
}
