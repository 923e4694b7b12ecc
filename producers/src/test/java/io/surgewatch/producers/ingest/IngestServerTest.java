package io.surgewatch.producers.ingest;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.surgewatch.core.EventJson;
import io.surgewatch.core.Keys;
import io.surgewatch.core.RetractionDefaults;
import io.surgewatch.core.SurgewatchConfig;
import io.surgewatch.events.v1.IncidentEvent;
import io.surgewatch.events.v1.StatementEvent;
import io.surgewatch.http.Problems;
import io.surgewatch.http.RawHttp;
import io.surgewatch.producers.EventPublisher;
import io.surgewatch.producers.TestCluster;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The ingest API against the real broker and registry of the shared test stack. */
class IngestServerTest {

  private static final String TOKEN = "s3cret-token";
  private static SurgewatchConfig config;
  private static EventPublisher publisher;
  private static IngestServer server;
  private static IngestServer securedServer;

  @BeforeAll
  static void start() {
    config =
        TestCluster.freshTopics()
            .withAll(Map.of(Keys.INGEST_PORT, "0", Keys.INGEST_MAX_BODY_BYTES, "20000"));
    publisher = EventPublisher.forIngest(config, Duration.ofSeconds(6));
    server = IngestServer.start(config, publisher);
    securedServer = IngestServer.start(config.with(Keys.API_TOKEN, TOKEN), publisher);
  }

  @AfterAll
  static void stop() {
    server.stop();
    securedServer.stop();
    publisher.close();
  }

  private static String incidents() {
    return server.url() + "/v1/incidents";
  }

  @Test
  void aStatementTooLargeToPublishIsA400NamingItsIndexAndFieldAndNothingIsPublished() {
    // The limit is the producer's max.request.size: set low here, so that a quote of 100,000
    // characters is over it, as 600,000 Urdu characters are over Kafka's default.
    final SurgewatchConfig small =
        config.withAll(Map.of("max.request.size", "65536", Keys.INGEST_MAX_BODY_BYTES, "300000"));
    try (EventPublisher smallPublisher = EventPublisher.forIngest(small, Duration.ofSeconds(6))) {
      final IngestServer smallServer = IngestServer.start(small, smallPublisher);
      try {
        final String big =
            Http.statement("ING-ST-BIG")
                .replace(
                    "The Taliban had not lived up to that commitment.",
                    "\u067E\u0627\u06A9\u0633\u062A\u0627\u0646 ".repeat(12_500));
        final HttpResponse<String> r =
            Http.post(
                smallServer.url() + "/v1/statements",
                "application/json",
                "[" + Http.statement("ING-ST-SMALL") + "," + big + "]",
                null);
        assertEquals(400, r.statusCode(), r.body());
        final JsonNode errors = Http.json(r).get("errors");
        assertEquals(1, errors.size(), errors.toString());
        assertEquals(1, errors.get(0).get("index").asInt());
        assertEquals("quote", errors.get(0).get("field").asText());
        assertTrue(
            errors
                .get(0)
                .get("message")
                .asText()
                .matches(
                    "the record is 1\\d{5} bytes as published, more than the 63488 an input record"
                        + " may be \\(max.request.size 65536, less 2048 .*"),
            errors.toString());

        // All or nothing: the small statement of the refused request was not published either.
        final HttpResponse<String> next =
            Http.post(
                smallServer.url() + "/v1/statements",
                "application/json",
                Http.statement("ING-ST-NEXT"),
                null);
        assertEquals(202, next.statusCode(), next.body());
        final List<String> ids =
            TestCluster.readValues(small, small.get(Keys.TOPIC_STATEMENTS), StatementEvent.class)
                .stream()
                .map(StatementEvent::getId)
                .filter(id -> id.startsWith("ING-ST-"))
                .toList();
        assertEquals(List.of("ING-ST-NEXT"), ids);
      } finally {
        smallServer.stop();
      }
    }
  }

  @Test
  void acceptsAnIncidentOnlyOnceStoredAndItIsConsumable() {
    final HttpResponse<String> response =
        Http.post(
            incidents(),
            "application/json; charset=utf-8",
            Http.incident("ING-1", "2023-02-04T10:00:00Z"),
            null);
    assertEquals(202, response.statusCode(), response.body());
    final JsonNode accepted = Http.json(response).get("accepted");
    assertEquals(1, accepted.size());
    assertEquals("ING-1", accepted.get(0).get("id").asText());
    final int partition = accepted.get(0).get("partition").asInt();
    final long offset = accepted.get(0).get("offset").asLong();

    final String topic = config.get(Keys.TOPIC_INCIDENTS);
    final ConsumerRecord<String, byte[]> stored =
        TestCluster.readAll(config, topic).stream()
            .filter(r -> r.partition() == partition && r.offset() == offset)
            .findFirst()
            .orElseThrow();
    assertEquals("ING-1", stored.key());
    final IncidentEvent event =
        TestCluster.readValues(config, topic, IncidentEvent.class).stream()
            .filter(e -> e.getId().equals("ING-1"))
            .findFirst()
            .orElseThrow();
    assertEquals("Khyber Pakhtunkhwa", event.getRegion()); // canonicalised before publishing
  }

  @Test
  void aRetractionIsAcceptedWithoutFiguresOrSourceAsItCountsNothing() {
    final HttpResponse<String> response =
        Http.post(
            incidents(),
            "application/json",
            "{\"id\": \"ING-RETRACT\", \"reportedAt\": \"2023-02-05T10:00:00Z\", \"retracted\":"
                + " true, \"occurredOn\": \"2023-01-30\", \"country\": \"PK\"}",
            null);
    assertEquals(202, response.statusCode(), response.body());
    final IncidentEvent event =
        TestCluster.readValues(config, config.get(Keys.TOPIC_INCIDENTS), IncidentEvent.class)
            .stream()
            .filter(e -> e.getId().equals("ING-RETRACT"))
            .findFirst()
            .orElseThrow();
    assertTrue(event.getRetracted());
    assertEquals(RetractionDefaults.source(), event.getSource());
    assertEquals(RetractionDefaults.none(), event.getKilled());
    assertEquals(RetractionDefaults.none(), event.getInjured());
  }

  @Test
  void acceptsArraysNdjsonAndStatements() {
    final HttpResponse<String> array =
        Http.post(
            incidents(),
            "application/json",
            "["
                + Http.incident("ING-A1", "2023-02-04T10:00:00Z")
                + ","
                + Http.incident("ING-A2", "2023-02-04T10:00:00Z")
                + "]",
            null);
    assertEquals(202, array.statusCode(), array.body());
    assertEquals(2, Http.json(array).get("accepted").size());

    final HttpResponse<String> ndjson =
        Http.post(
            incidents(),
            "application/x-ndjson",
            Http.incident("ING-N1", "2023-02-04T10:00:00Z")
                + "\n\n"
                + Http.incident("ING-N2", "2023-02-04T10:00:00Z")
                + "\n",
            null);
    assertEquals(202, ndjson.statusCode(), ndjson.body());
    assertEquals(2, Http.json(ndjson).get("accepted").size());

    final HttpResponse<String> statement =
        Http.post(
            server.url() + "/v1/statements", "application/json", Http.statement("ING-S1"), null);
    assertEquals(202, statement.statusCode(), statement.body());
    assertTrue(
        TestCluster.readValues(config, config.get(Keys.TOPIC_STATEMENTS), StatementEvent.class)
            .stream()
            .anyMatch(s -> s.getId().equals("ING-S1")));
  }

  @Test
  void rejectsTheWholeRequestWhenOneRecordIsInvalid() {
    final String bad =
        Http.incident("ING-BAD", "2023-02-04T10:00:00Z")
            .replace("\"securityForces\": 83", "\"securityForces\": -2")
            .replace("\"PK\"", "\"Narnia\"");
    final HttpResponse<String> array =
        Http.post(
            incidents(),
            "application/json",
            "[" + Http.incident("ING-OK1", "2023-02-04T10:00:00Z") + "," + bad + "]",
            null);
    assertEquals(400, array.statusCode());
    assertEquals("application/problem+json", array.headers().firstValue("Content-Type").orElse(""));
    final JsonNode problem = Http.json(array);
    assertEquals(400, problem.get("status").asInt());
    assertTrue(
        problem.get("title").isTextual()
            && problem.get("type").isTextual()
            && problem.get("detail").isTextual());
    final JsonNode errors = problem.get("errors");
    assertEquals(2, errors.size(), errors.toString());
    assertEquals("country", errors.get(0).get("field").asText());
    assertEquals(1, errors.get(0).get("index").asInt());
    assertEquals("killed.securityForces", errors.get(1).get("field").asText());

    // A field missing and one of another type (the form) and values out of range (the checks):
    // every problem in one answer.
    final HttpResponse<String> everything =
        Http.post(
            incidents(),
            "application/json",
            bad.replace(", \"source\": {\"name\": \"Peshawar Police\"}", "")
                .replace("\"reportedAt\": \"2023-02-04T10:00:00Z\"", "\"reportedAt\": 7"),
            null);
    assertEquals(400, everything.statusCode());
    assertEquals(
        List.of("reportedAt", "source", "country", "killed.securityForces"),
        Http.json(everything).get("errors").findValuesAsText("field"),
        everything.body());

    final HttpResponse<String> ndjson =
        Http.post(
            incidents(),
            "application/x-ndjson",
            Http.incident("ING-OK2", "2023-02-04T10:00:00Z")
                + "\n"
                + Http.incident("ING-OK3", "2023-02-04T10:00:00Z")
                    .replace("\"occurredOn\": \"2023-01-30\"", "\"occurredOn\": \"yesterday\"")
                + "\n{not json\n",
            null);
    assertEquals(400, ndjson.statusCode());
    final JsonNode ndErrors = Http.json(ndjson).get("errors");
    assertEquals(2, ndErrors.size(), ndErrors.toString());
    // In the order of their lines, though line 3 (no JSON at all) is found first, splitting lines.
    assertEquals(2, ndErrors.get(0).get("line").asInt());
    assertEquals("occurredOn", ndErrors.get(0).get("field").asText());
    assertEquals(3, ndErrors.get(1).get("line").asInt());

    // Two objects back to back, or anything after the object, is malformed JSON: never the first
    // object alone.
    final HttpResponse<String> twoObjects =
        Http.post(
            incidents(),
            "application/json",
            Http.incident("ING-OK4", "2023-02-04T10:00:00Z")
                + Http.incident("ING-OK5", "2023-02-04T10:00:00Z"),
            null);
    assertEquals(400, twoObjects.statusCode(), twoObjects.body());
    assertTrue(
        Http.json(twoObjects)
            .get("errors")
            .get(0)
            .get("message")
            .asText()
            .startsWith("not valid JSON"));
    final HttpResponse<String> trailing =
        Http.post(
            incidents(),
            "application/json",
            Http.incident("ING-OK6", "2023-02-04T10:00:00Z") + " xyz",
            null);
    assertEquals(400, trailing.statusCode(), trailing.body());

    final HttpResponse<String> wrongEndpoint =
        Http.post(incidents(), "application/json", Http.statement("ING-S9"), null);
    assertEquals(400, wrongEndpoint.statusCode());
    assertEquals("type", Http.json(wrongEndpoint).get("errors").get(0).get("field").asText());

    // nothing of those requests reached the topic
    final List<String> ids =
        TestCluster.readValues(config, config.get(Keys.TOPIC_INCIDENTS), IncidentEvent.class)
            .stream()
            .map(IncidentEvent::getId)
            .toList();
    assertTrue(
        ids.stream().noneMatch(id -> id.startsWith("ING-OK") || id.equals("ING-BAD")),
        ids.toString());
  }

  @Test
  void answers503AndPublishesNothingWhileTheRegistryIsUnreachableEvenWithSchemasCached() {
    // The shared publisher has the incident schema id cached (earlier tests), so it could store the
    // record: the contract still says 503 while the registry is unreachable, and nothing may be
    // stored.
    Http.post(
        incidents(), "application/json", Http.incident("ING-WARM", "2023-02-04T10:00:00Z"), null);
    final IngestServer blind =
        IngestServer.start(
            config.with(Keys.SCHEMA_REGISTRY_URL, "http://127.0.0.1:1/apis/ccompat/v7"), publisher);
    try {
      final HttpResponse<String> response =
          Http.post(
              blind.url() + "/v1/incidents",
              "application/json",
              Http.incident("ING-NOREG", "2023-02-04T10:00:00Z"),
              null);
      assertEquals(503, response.statusCode(), response.body());
      assertEquals("5", response.headers().firstValue("Retry-After").orElse(""));
      assertTrue(response.body().contains("registry"), response.body());
    } finally {
      blind.stop();
    }
    assertTrue(
        TestCluster.readAll(config, config.get(Keys.TOPIC_INCIDENTS)).stream()
            .noneMatch(r -> "ING-NOREG".equals(r.key())),
        "nothing stored");
  }

  @Test
  void limitsBodySizeAndContentType() {
    final HttpResponse<String> tooLarge =
        Http.post(incidents(), "application/json", "[" + " ".repeat(30000) + "]", null);
    assertEquals(413, tooLarge.statusCode());
    assertEquals(
        "application/problem+json", tooLarge.headers().firstValue("Content-Type").orElse(""));
    final HttpResponse<String> text = Http.post(incidents(), "text/plain", "hello", null);
    assertEquals(415, text.statusCode());
    final HttpResponse<String> empty = Http.post(incidents(), "application/json", "[]", null);
    assertEquals(400, empty.statusCode());
    final HttpResponse<String> noType = Http.post(incidents(), null, "{}", null);
    assertEquals(415, noType.statusCode());
    assertTrue(
        Http.json(noType).get("detail").asText().startsWith("the request has no Content-Type"),
        noType.body());
  }

  @Test
  void wrongPathsAndMethodsAreProblemsToo() throws Exception {
    final var client = HttpClient.newHttpClient();
    final HttpResponse<String> put =
        client.send(
            HttpRequest.newBuilder(URI.create(incidents()))
                .PUT(HttpRequest.BodyPublishers.ofString("{}"))
                .header("Content-Type", "application/json")
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(405, put.statusCode());
    assertEquals("application/problem+json", put.headers().firstValue("Content-Type").orElse(""));
    assertEquals("POST", put.headers().firstValue("Allow").orElse(""), "what the address takes");
    final HttpResponse<String> missing =
        client.send(
            HttpRequest.newBuilder(URI.create(server.url() + "/v1/incident")).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(404, missing.statusCode());
    assertEquals(
        "application/problem+json", missing.headers().firstValue("Content-Type").orElse(""));
    // The dashboard's kinds for the same problems: one set of types for a client of both.
    assertEquals(
        Problems.TYPE_BASE + "not-found",
        EventJson.MAPPER.readTree(missing.body()).path("type").asText());
    assertEquals(
        Problems.TYPE_BASE + "method-not-allowed",
        EventJson.MAPPER.readTree(put.body()).path("type").asText());
  }

  @Test
  void headOnHealthMetricsAndOpenApiAnswersAsGetWithoutTheBody() {
    for (final String path :
        List.of("/health/live", "/health/ready", "/health", "/metrics", "/openapi.json")) {
      final RawHttp get = RawHttp.send(server.port(), "GET", path);
      final RawHttp head = RawHttp.send(server.port(), "HEAD", path);
      assertEquals(get.status(), head.status(), path);
      assertEquals(get.header("Content-Type"), head.header("Content-Type"), path);
      assertEquals("", head.body(), path);
    }
    assertEquals(
        RawHttp.send(server.port(), "GET", "/health/live").header("Content-Length"),
        RawHttp.send(server.port(), "HEAD", "/health/live").header("Content-Length"),
        "the length GET sends");
  }

  @Test
  void headWhereThereIsNoGetIs405NamingWhatIsAllowed() {
    for (final String path : List.of("/v1/incidents", "/v1/statements")) {
      final RawHttp head = RawHttp.send(server.port(), "HEAD", path).assertProblem(405);
      assertEquals("POST", head.header("Allow").orElse(""), head.toString());
    }
    assertEquals(
        "GET, HEAD", RawHttp.send(server.port(), "POST", "/health").header("Allow").orElse(""));
    assertEquals(404, RawHttp.send(server.port(), "HEAD", "/v1/incident").status());
  }

  @Test
  void anAddressThatCannotBeDecodedIsA400ProblemAsOnTheDashboardNotAnHtmlPage() {
    for (final String target : List.of("/v1/%zz", "/health/%ZZ", "/v1/incidents%")) {
      RawHttp.send(server.port(), "GET", target).assertProblem(400);
    }
  }

  @Test
  void anNdjsonLineNotInUtf8IsRefusedNamingItsLineNotStoredWithAReplacementCharacter() {
    // As a Windows tool writes it: "Peshawar Polícé" in Latin-1, one byte a letter.
    final byte[] latin1 =
        (Http.incident("ING-L1", "2023-02-04T10:00:00Z")
                + "\r\n"
                + Http.incident("ING-L2", "2023-02-04T10:00:00Z")
                    .replace("Peshawar Police", "Peshawar Pol\u00edc\u00e9")
                + "\r\n")
            .getBytes(StandardCharsets.ISO_8859_1);
    final HttpResponse<String> r =
        Http.send(
            HttpRequest.newBuilder(URI.create(incidents()))
                .header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofByteArray(latin1))
                .build());
    assertEquals(400, r.statusCode(), r.body());
    final JsonNode errors = Http.json(r).get("errors");
    assertEquals(1, errors.size(), r.body());
    assertEquals(2, errors.get(0).get("line").asInt(), r.body());
    assertTrue(errors.get(0).get("message").asText().startsWith("not UTF-8"), r.body());
  }

  @Test
  void aStatementTheRequestGaveItsIdWithOtherContentOrAboutNoCountryIsAcceptedWithAWarning() {
    final String first = Http.statement("ING-S20");
    final String corrected = first.replace("not lived up to", "never lived up to");
    final String noCountry =
        Http.statement("ING-S21").replace("\"countries\": [\"AF\", \"PK\"], ", "");
    final HttpResponse<String> r =
        Http.post(
            server.url() + "/v1/statements",
            "application/x-ndjson",
            String.join("\n", first, first, corrected, noCountry),
            null);
    assertEquals(202, r.statusCode(), r.body());
    final JsonNode accepted = Http.json(r).get("accepted");
    assertEquals(0, accepted.get(0).get("warnings").size(), r.body());
    assertEquals(0, accepted.get(1).get("warnings").size(), "a copy is harmless: " + r.body());
    final JsonNode changed = accepted.get(2).get("warnings").get(0);
    assertEquals("CHANGED_STATEMENT", changed.get("code").asText(), r.body());
    assertEquals("id", changed.get("field").asText());
    assertEquals("ING-S20", changed.get("value").asText());
    assertEquals(false, changed.get("prediction").asBoolean());
    assertTrue(
        changed
            .get("message")
            .asText()
            .startsWith(
                "statement ING-S20 was taken before with a different quote (as taken: quote"
                    + " \"The Taliban had not lived up"),
        r.body());
    final JsonNode none = accepted.get(3).get("warnings").get(0);
    assertEquals("NO_COUNTRY", none.get("code").asText(), r.body());
    assertEquals("about.countries", none.get("field").asText());
  }

  @Test
  void aStatementAboutTheRollupMarkerIsRefusedNamingTheField() {
    final HttpResponse<String> r =
        Http.post(
            server.url() + "/v1/statements",
            "application/json",
            Http.statement("ING-S22").replace("[\"TTP\"]", "[\"*\"]"),
            null);
    assertEquals(400, r.statusCode(), r.body());
    final JsonNode error = Http.json(r).get("errors").get(0);
    assertEquals("about.groups[0]", error.get("field").asText(), r.body());
    assertTrue(error.get("message").asText().contains("rollup marker"), r.body());
  }

  @Test
  void anNdjsonBodyOpeningWithAByteOrderMarkIsReadAsTheJsonBodyIs() {
    // As Notepad saves UTF-8: EF BB BF, then the first line.
    final HttpResponse<String> r =
        Http.post(
            incidents(),
            "application/x-ndjson",
            "\uFEFF"
                + Http.incident("ING-BOM1", "2023-02-04T10:00:00Z")
                + "\r\n"
                + Http.incident("ING-BOM2", "2023-02-04T10:00:00Z")
                + "\r\n",
            null);
    assertEquals(202, r.statusCode(), r.body());
    assertEquals(2, Http.json(r).get("accepted").size(), r.body());
  }

  @Test
  void aStatementWhoseTypeIsMisspeltOrLeftOutIsRefusedNamingTypeWhereverItIsPosted() {
    final String capitalised = Http.statement("ING-S10").replace("\"statement\"", "\"Statement\"");
    final String untyped = Http.statement("ING-S11").replace("\"type\": \"statement\", ", "");
    for (final String url : List.of(incidents(), server.url() + "/v1/statements")) {
      final HttpResponse<String> r =
          Http.post(url, "application/x-ndjson", capitalised + "\n" + untyped + "\n", null);
      assertEquals(400, r.statusCode(), r.body());
      final JsonNode errors = Http.json(r).get("errors");
      assertEquals(2, errors.size(), r.body());
      assertEquals("type", errors.get(0).get("field").asText(), r.body());
      assertTrue(
          errors
              .get(0)
              .get("message")
              .asText()
              .startsWith("\"type\": \"Statement\" is not \"statement\" (in lower case)"),
          r.body());
      assertEquals("type", errors.get(1).get("field").asText(), r.body());
      assertTrue(errors.get(1).get("message").asText().startsWith("no \"type\""), r.body());
    }
  }

  @Test
  void anNdjsonRequestCountsTheLinesThatAreNotJsonAmongItsRecords() {
    final HttpResponse<String> r =
        Http.post(
            incidents(),
            "application/x-ndjson",
            Http.incident("ING-N1", "2023-02-04T10:00:00Z")
                + "\n{broken\n"
                + Http.incident("ING-N2", "2023-02-04T10:00:00Z")
                + "\n",
            null);
    assertEquals(400, r.statusCode());
    assertTrue(
        Http.json(r).get("detail").asText().startsWith("1 of 3 incidents invalid"), r.body());
  }

  @Test
  void requiresTheBearerTokenWhenConfigured() throws Exception {
    final String url = securedServer.url() + "/v1/incidents";
    final String body = Http.incident("ING-T1", "2023-02-04T10:00:00Z");
    assertEquals(401, Http.post(url, "application/json", body, null).statusCode());
    final HttpResponse<String> wrong = Http.post(url, "application/json", body, "s3cret-tokeN");
    assertEquals(401, wrong.statusCode());
    assertEquals(
        Problems.TYPE_BASE + "unauthorized",
        EventJson.MAPPER.readTree(wrong.body()).path("type").asText());
    assertTrue(wrong.headers().firstValue("WWW-Authenticate").isPresent());
    final HttpResponse<String> ok = Http.post(url, "application/json", body, TOKEN);
    assertEquals(202, ok.statusCode(), ok.body());
    // health and metrics stay open for probes and scrapers
    assertEquals(200, Http.get(securedServer.url() + "/health/live").statusCode());
    // An upstream sending no token or a wrong one shows on /metrics.
    awaitMetric(
        securedServer,
        "surgewatch_ingest_requests_total{path=\"/v1/incidents\",status=\"401\"} 2.0");
  }

  /** Waits until /metrics shows {@code line}: a request is counted once its answer is sent. */
  private static void awaitMetric(final IngestServer on, final String line) {
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> Http.get(on.url() + "/metrics").body().contains(line));
  }

  @Test
  void healthMetricsAndOpenApi() {
    assertEquals(200, Http.get(server.url() + "/health/live").statusCode());
    final HttpResponse<String> ready = Http.get(server.url() + "/health/ready");
    assertEquals(200, ready.statusCode(), ready.body());
    assertEquals("UP", Http.json(ready).get("status").asText());
    assertEquals(200, Http.get(server.url() + "/health").statusCode());

    Http.post(incidents(), "text/plain", "x", null);
    final HttpResponse<String> metrics = Http.get(server.url() + "/metrics");
    assertEquals(200, metrics.statusCode());
    assertTrue(metrics.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
    awaitMetric(server, "surgewatch_ingest_requests_total{path=\"/v1/incidents\",status=\"415\"}");

    final HttpResponse<String> openApi = Http.get(server.url() + "/openapi.json");
    assertEquals(200, openApi.statusCode());
    final JsonNode doc = Http.json(openApi);
    assertTrue(doc.get("openapi").asText().startsWith("3."));
    assertTrue(doc.get("paths").has("/v1/incidents") && doc.get("paths").has("/v1/statements"));
    assertTrue(doc.get("info").get("description").asText().contains("deduplicates"));
  }
}
