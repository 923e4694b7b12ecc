package io.surgewatch.producers.ingest;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.surgewatch.core.ConfigException;
import io.surgewatch.core.EventJson;
import io.surgewatch.core.EventPreparer;
import io.surgewatch.core.Keys;
import io.surgewatch.core.SurgewatchConfig;
import io.surgewatch.events.v1.IncidentEvent;
import io.surgewatch.producers.EventPublisher;
import io.surgewatch.producers.StatementChecks;
import io.surgewatch.producers.TestCluster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * What a 202 says of each accepted incident that will not count as sent: too late (a prediction),
 * not a counted type, a new region or group name; and {@code ingest.unknown-names=reject}. On the
 * real broker and registry of the shared test stack; each test on topics of its own, since what the
 * service knows is the data of its topic.
 */
class IngestWarningsTest {

  private static final List<IngestServer> servers = new ArrayList<>();

  @AfterAll
  static void stop() {
    servers.forEach(IngestServer::stop);
  }

  /** An ingest service on fresh topics (history.days=365 unless given), with these settings. */
  private static IngestServer serve(
      final SurgewatchConfig topics, final Map<String, String> settings) {
    final SurgewatchConfig config =
        topics.with(Keys.INGEST_PORT, "0").with(Keys.HISTORY_DAYS, "365").withAll(settings);
    final IngestServer server = IngestServer.start(config);
    servers.add(server);
    return server;
  }

  private static IngestServer serve(final Map<String, String> settings) {
    return serve(TestCluster.freshTopics(), settings);
  }

  /** The contract's example incident (KP, TTP, 2023-01-30), changed by {@code edit}. */
  private static String incident(
      final String id, final String reportedAt, final Consumer<ObjectNode> edit) {
    try {
      final ObjectNode node = (ObjectNode) EventJson.MAPPER.readTree(Http.incident(id, reportedAt));
      edit.accept(node);
      return node.toString();
    } catch (final IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JsonNode post(final IngestServer server, final String body) {
    final HttpResponse<String> response =
        Http.post(server.url() + "/v1/incidents", "application/json", body, null);
    assertEquals(202, response.statusCode(), response.body());
    return Http.json(response).get("accepted");
  }

  /** The warnings of the one record of a request. */
  private static JsonNode warningsOf(final IngestServer server, final String body) {
    final JsonNode accepted = post(server, body);
    assertEquals(1, accepted.size(), accepted.toString());
    return accepted.get(0).get("warnings");
  }

  private static JsonNode only(final JsonNode warnings) {
    assertEquals(1, warnings.size(), warnings.toString());
    return warnings.get(0);
  }

  private static List<String> codes(final JsonNode warnings) {
    final List<String> out = new ArrayList<>();
    warnings.forEach(w -> out.add(w.get("code").asText()));
    return out;
  }

  @Test
  void aReportThatWillCountAsSentHasAnEmptyListOfWarningsBesideItsIdPartitionAndOffset() {
    final IngestServer server = serve(Map.of());
    final JsonNode accepted = post(server, Http.incident("W-OK", "2023-02-04T10:00:00Z")).get(0);
    assertEquals("W-OK", accepted.get("id").asText());
    assertTrue(
        accepted.get("partition").isInt() && accepted.get("offset").isIntegralNumber(),
        accepted.toString());
    assertEquals(
        0,
        accepted.get("warnings").size(),
        accepted.toString()); // KP and TTP are in the alias tables
  }

  @Test
  void aReportOfADayBeforeTheHistoryFromTheLatestReportKnownIsPredictedTooLate() {
    final IngestServer server = serve(Map.of(Keys.HISTORY_DAYS, "365"));
    post(server, Http.incident("W-LATEST", "2023-02-04T10:00:00Z"));

    // 2021-06-30 is 584 days before 2023-02-04: outside a history of 365 days
    final JsonNode late =
        only(
            warningsOf(
                server,
                incident("W-OLD", "2023-02-01T00:00:00Z", n -> n.put("occurredOn", "2021-06-30"))));
    assertEquals("TOO_LATE", late.get("code").asText());
    assertEquals("occurredOn", late.get("field").asText());
    assertEquals("2021-06-30", late.get("value").asText());
    assertTrue(
        late.get("prediction").asBoolean(), "the app judges by its own watermark: a prediction");
    final String message = late.get("message").asText();
    assertTrue(
        message.contains(
                "584 days before the latest report this service knows (2023-02-04T10:00:00Z)")
            && message.contains("history.days=365")
            && message.contains("history.days=584 or 0"),
        message);

    // inside the history: no warning
    assertEquals(
        0,
        warningsOf(
                server,
                incident(
                    "W-RECENT", "2023-02-01T00:00:00Z", n -> n.put("occurredOn", "2022-03-01")))
            .size());
  }

  @Test
  void theLatestReportOfTheRequestItselfMovesTheHorizonForTheRecordsAfterIt() {
    final IngestServer server = serve(Map.of(Keys.HISTORY_DAYS, "30"));
    final JsonNode accepted =
        post(
            server,
            "["
                + incident("W-R1", "2023-01-31T00:00:00Z", n -> {})
                + ","
                + incident("W-R2", "2023-06-01T00:00:00Z", n -> n.put("occurredOn", "2023-06-01"))
                + ","
                + incident("W-R3", "2023-01-31T00:00:00Z", n -> {})
                + "]");
    assertEquals(
        List.of(),
        codes(accepted.get(0).get("warnings")),
        "judged before the later report arrives");
    assertEquals(List.of(), codes(accepted.get(1).get("warnings")));
    assertEquals(
        List.of("TOO_LATE"),
        codes(accepted.get(2).get("warnings")),
        "judged after it, as the app will");
  }

  @Test
  void theLatestReportedAtOfTheInputTopicIsKnownFromTheStart() throws Exception {
    final SurgewatchConfig topics = TestCluster.freshTopics();
    // published before the service starts, as `produce` would: a report of mid-2024
    final IncidentEvent recent =
        EventPreparer.standard()
            .incident(
                EventJson.fromTree(
                    EventJson.MAPPER.readTree(
                        incident(
                            "W-TOPIC",
                            "2024-06-01T00:00:00Z",
                            n -> n.put("occurredOn", "2024-05-31"))),
                    IncidentEvent.class));
    try (EventPublisher own = EventPublisher.forIngest(topics, Duration.ofSeconds(6))) {
      own.publish(recent).get();
    }
    final IngestServer server = serve(topics, Map.of(Keys.HISTORY_DAYS, "365"));
    final JsonNode late =
        only(warningsOf(server, Http.incident("W-AFTER", "2023-02-04T10:00:00Z")));
    assertEquals("TOO_LATE", late.get("code").asText());
    assertTrue(late.get("message").asText().contains("(2024-06-01T00:00:00Z)"), late.toString());
  }

  @Test
  void withNoHistoryLimitNothingIsTooLate() {
    final IngestServer server = serve(Map.of(Keys.HISTORY_DAYS, "0"));
    post(server, Http.incident("W-NOW", "2023-02-04T10:00:00Z"));
    assertEquals(
        0,
        warningsOf(
                server,
                incident("W-1990", "2023-02-04T10:00:00Z", n -> n.put("occurredOn", "1990-01-01")))
            .size());
  }

  @Test
  void aSourceEventTypeThatIsNotCountedIsSaidToBeSetAside() {
    final IngestServer server = serve(Map.of());
    final JsonNode riot =
        only(
            warningsOf(
                server,
                incident(
                    "W-RIOT",
                    "2023-02-04T10:00:00Z",
                    n -> n.put("sourceEventType", "riots").put("region", "Atlantis"))));
    assertEquals("NOT_COUNTED", riot.get("code").asText());
    assertEquals("sourceEventType", riot.get("field").asText());
    assertEquals("Riots", riot.get("value").asText()); // canonical, as the streams app sees it
    assertFalse(
        riot.get("prediction").asBoolean(),
        "it follows from the report and incidents.counted-types");
    assertTrue(riot.get("message").asText().contains("incidents.counted-types"), riot.toString());
    // (a set-aside report counts nothing: its new region name is not worth a warning)

    // a counted type in any spelling counts
    assertEquals(
        0,
        warningsOf(
                server,
                incident(
                    "W-BATTLE", "2023-02-04T10:00:00Z", n -> n.put("sourceEventType", "battles")))
            .size());
    // and the setting decides
    final IngestServer riotsCount = serve(Map.of(Keys.INCIDENTS_COUNTED_TYPES, "Battles,Riots"));
    assertEquals(
        0,
        warningsOf(
                riotsCount,
                incident("W-RIOT2", "2023-02-04T10:00:00Z", n -> n.put("sourceEventType", "Riots")))
            .size());
  }

  @Test
  void aRegionNameNeverSeenForTheCountryIsReportedSoATypoIsSeenAtOnce() {
    final IngestServer server = serve(Map.of());
    final JsonNode atlantis =
        only(
            warningsOf(
                server,
                incident("W-ATL", "2023-02-04T10:00:00Z", n -> n.put("region", "atlantis"))));
    assertEquals("NEW_NAME", atlantis.get("code").asText());
    assertEquals("region", atlantis.get("field").asText());
    assertEquals("Atlantis", atlantis.get("value").asText()); // the name it will be counted under
    assertFalse(atlantis.get("prediction").asBoolean());
    assertTrue(
        atlantis
            .get("message")
            .asText()
            .startsWith("new region name for PK: 'Atlantis' (written 'atlantis')"),
        atlantis.toString());

    // once accepted it is data: the next report of it is not warned again...
    assertEquals(
        0,
        warningsOf(
                server,
                incident("W-ATL2", "2023-02-04T10:00:00Z", n -> n.put("region", "Atlantis")))
            .size());
    // ...but a name is new per country
    assertEquals(
        List.of("NEW_NAME"),
        codes(
            warningsOf(
                server,
                incident(
                    "W-ATL-AF",
                    "2023-02-04T10:00:00Z",
                    n -> n.put("country", "AF").put("region", "Atlantis")))));
    // an alias of the tables is no new name, nor is a missing region (UNKNOWN)
    assertEquals(
        0,
        warningsOf(server, incident("W-NWFP", "2023-02-04T10:00:00Z", n -> n.put("region", "NWFP")))
            .size());
    assertEquals(
        0,
        warningsOf(server, incident("W-NOREGION", "2023-02-04T10:00:00Z", n -> n.remove("region")))
            .size());
  }

  @Test
  void aGroupNameNeverSeenForTheCountryIsReportedWithItsIndex() {
    final IngestServer server = serve(Map.of());
    final JsonNode warnings =
        warningsOf(
            server,
            incident(
                "W-GRP",
                "2023-02-04T10:00:00Z",
                n ->
                    n.putArray("groups")
                        .add(EventJson.MAPPER.createObjectNode().put("name", "TTP"))
                        .add(EventJson.MAPPER.createObjectNode().put("name", "Tehreek-e-Talibn"))));
    final JsonNode typo = only(warnings);
    assertEquals("NEW_NAME", typo.get("code").asText());
    assertEquals("groups[1].name", typo.get("field").asText());
    assertTrue(
        typo.get("message").asText().startsWith("new group name for PK: 'Tehreek-e-Talibn'"),
        typo.toString());
  }

  @Test
  void aNewNameThatDiffersFromOneInTheDataOnlyInPunctuationSaysWhichToWrite() throws Exception {
    final IngestServer server = serve(Map.of());
    final Consumer<ObjectNode> katiba =
        n ->
            n.putArray("groups")
                .add(EventJson.MAPPER.createObjectNode().put("name", "Katiba Macina"));
    assertEquals(1, warningsOf(server, incident("W-KM1", "2023-02-04T10:00:00Z", katiba)).size());
    final JsonNode hyphen =
        only(
            warningsOf(
                server,
                incident(
                    "W-KM2",
                    "2023-02-04T11:00:00Z",
                    n ->
                        n.putArray("groups")
                            .add(
                                EventJson.MAPPER
                                    .createObjectNode()
                                    .put("name", "Katiba-Macina")))));
    assertEquals("NEW_NAME", hyphen.get("code").asText());
    assertTrue(
        hyphen.get("message").asText().contains("the data so far has 'Katiba Macina'"),
        hyphen.toString());
  }

  @Test
  void namesInTheInputTopicAreDataSoFarWhetherPublishedBeforeOrAfterTheServiceStarted()
      throws Exception {
    final SurgewatchConfig topics = TestCluster.freshTopics();
    try (EventPublisher own = EventPublisher.forIngest(topics, Duration.ofSeconds(6))) {
      own.publish(kenyan("W-KE1", "Nairobi", "Mungiki")).get();
      final IngestServer server = serve(topics, Map.of());
      assertEquals(
          0,
          warningsOf(
                  server,
                  incident("W-KE2", "2023-02-04T10:00:00Z", n -> kenyan(n, "Nairobi", "Mungiki")))
              .size(),
          "read back from the topic at start");

      own.publish(kenyan("W-KE3", "Nakuru", "Kalenjin Militia"))
          .get(); // e.g. by `produce`, while the service runs
      final AtomicInteger attempt = new AtomicInteger();
      await("the service following the topic")
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> {
                final JsonNode warnings =
                    warningsOf(
                        server,
                        incident(
                            "W-KE4-" + attempt.getAndIncrement(),
                            "2023-02-04T10:00:00Z",
                            n -> kenyan(n, "Nakuru", "Kalenjin Militia")));
                assertEquals(0, warnings.size(), "followed: " + warnings);
              });
    }
  }

  private static void kenyan(final ObjectNode n, final String region, final String group) {
    n.put("country", "KE")
        .put("region", region)
        .putArray("groups")
        .add(EventJson.MAPPER.createObjectNode().put("name", group));
  }

  private static IncidentEvent kenyan(final String id, final String region, final String group)
      throws IOException {
    return EventPreparer.standard()
        .incident(
            EventJson.fromTree(
                EventJson.MAPPER.readTree(
                    incident(id, "2023-02-04T09:00:00Z", n -> kenyan(n, region, group))),
                IncidentEvent.class));
  }

  @Test
  void retractionsCountNothingSoTheyAreNeverWarned() {
    final IngestServer server = serve(Map.of(Keys.HISTORY_DAYS, "30"));
    post(server, Http.incident("W-NOW2", "2023-06-04T10:00:00Z"));
    assertEquals(
        0,
        warningsOf(
                server,
                incident(
                    "W-GONE",
                    "2023-06-04T11:00:00Z",
                    n -> n.put("retracted", true).put("region", "Atlantis")))
            .size());
  }

  @Test
  void withUnknownNamesRejectedANewNameIsA400NamingFieldAndIndexAndNothingIsPublished() {
    final SurgewatchConfig topics = TestCluster.freshTopics();
    final IngestServer server = serve(topics, Map.of(Keys.INGEST_UNKNOWN_NAMES, "reject"));
    final HttpResponse<String> response =
        Http.post(
            server.url() + "/v1/incidents",
            "application/json",
            "["
                + Http.incident("W-REJ0", "2023-02-04T10:00:00Z")
                + ","
                + incident("W-REJ1", "2023-02-04T10:00:00Z", n -> n.put("region", "Atlantis"))
                + "]",
            null);
    assertEquals(400, response.statusCode(), response.body());
    assertEquals(
        "application/problem+json", response.headers().firstValue("Content-Type").orElse(""));
    final JsonNode error = only(Http.json(response).get("errors"));
    assertEquals("region", error.get("field").asText());
    assertEquals(1, error.get("index").asInt());
    assertTrue(
        error.get("message").asText().contains("ingest.unknown-names=reject")
            && error.get("message").asText().contains("'Atlantis'")
            && error.get("message").asText().contains("refused rather than counted")
            && !error.get("message").asText().contains("it will be counted"),
        error.toString());
    assertTrue(Http.json(response).get("detail").asText().contains("nothing was published"));
    assertTrue(TestCluster.readAll(topics, topics.get(Keys.TOPIC_INCIDENTS)).isEmpty());

    // known names still pass, and other warnings stay warnings
    assertEquals(
        List.of("NOT_COUNTED"),
        codes(
            warningsOf(
                server,
                incident(
                    "W-REJ2", "2023-02-04T10:00:00Z", n -> n.put("sourceEventType", "Riots")))));
    final HttpResponse<String> ndjson =
        Http.post(
            server.url() + "/v1/incidents",
            "application/x-ndjson",
            incident(
                    "W-REJ3",
                    "2023-02-04T10:00:00Z",
                    n ->
                        n.putArray("groups")
                            .add(
                                EventJson.MAPPER
                                    .createObjectNode()
                                    .put("name", "Tehreek-e-Talibn")))
                + "\n",
            null);
    assertEquals(400, ndjson.statusCode(), ndjson.body());
    final JsonNode ndError = only(Http.json(ndjson).get("errors"));
    assertEquals("groups[0].name", ndError.get("field").asText());
    assertEquals(1, ndError.get("line").asInt());
  }

  @Test
  void theSettingIsWarnOrReject() {
    final SurgewatchConfig config =
        SurgewatchConfig.defaultsOnly()
            .with(Keys.INGEST_PORT, "0")
            .with(Keys.INGEST_UNKNOWN_NAMES, "ignore");
    final ConfigException e = assertThrows(ConfigException.class, () -> IngestServer.start(config));
    assertEquals("ingest.unknown-names must be warn or reject, got 'ignore'", e.getMessage());
  }

  @Test
  void metricsCountTheWarningsByCode() {
    final IngestServer server = serve(Map.of(Keys.HISTORY_DAYS, "30"));
    post(
        server,
        "["
            + Http.incident("W-M0", "2023-06-04T10:00:00Z")
            + ","
            + incident("W-M1", "2023-06-04T10:00:00Z", n -> n.put("region", "Atlantis"))
            + ","
            + incident("W-M2", "2023-06-04T10:00:00Z", n -> n.put("sourceEventType", "Riots"))
            + ","
            + incident(
                "W-M3",
                "2023-06-04T10:00:00Z",
                n ->
                    n.put("region", "Lemuria")
                        .putArray("groups")
                        .add(EventJson.MAPPER.createObjectNode().put("name", "Lemurian Front")))
            + "]");
    final String metrics = Http.get(server.url() + "/metrics").body();
    assertTrue(
        metrics.contains("surgewatch_ingest_warnings_total{code=\"NEW_NAME\"} 3.0"), metrics);
    assertTrue(
        metrics.contains("surgewatch_ingest_warnings_total{code=\"NOT_COUNTED\"} 1.0"), metrics);
    assertTrue(
        metrics.contains("surgewatch_ingest_warnings_total{code=\"TOO_LATE\"} 3.0"), metrics);
  }

  @Test
  void theOpenApiDocumentDescribesTheWarnings() {
    final IngestServer server = serve(Map.of());
    final JsonNode doc = Http.json(Http.get(server.url() + "/openapi.json"));
    final JsonNode accepted =
        doc.at(
            "/components/responses/Accepted/content/application~1json/schema/properties"
                + "/accepted/items/properties/warnings");
    assertEquals(
        "#/components/schemas/Warning", accepted.at("/items/$ref").asText(), accepted.toString());
    final JsonNode codes = doc.at("/components/schemas/Warning/properties/code/enum");
    assertEquals(
        List.of(
            IngestWarnings.TOO_LATE,
            IngestWarnings.NOT_COUNTED,
            IngestWarnings.NEW_NAME,
            StatementChecks.CHANGED_STATEMENT,
            StatementChecks.NO_COUNTRY),
        EventJson.MAPPER.convertValue(codes, List.class));
  }
}
