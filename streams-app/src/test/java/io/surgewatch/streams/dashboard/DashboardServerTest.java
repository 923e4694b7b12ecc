package io.surgewatch.streams.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.surgewatch.core.EventJson;
import io.surgewatch.core.Keys;
import io.surgewatch.events.v1.StatementEvent;
import io.surgewatch.http.Problems;
import io.surgewatch.http.RawHttp;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The query API, health, metrics, auth and live events against a real broker, registry and streams
 * app.
 */
class DashboardServerTest {
  static TestApp app;

  @BeforeAll
  static void start() throws Exception {
    // The timeline keeps 1,000 days back from the newest statement (2024-06-01): from 2021-09-05.
    app = TestApp.start(Map.of(Keys.STATEMENT_TIMELINE_DAYS, "1000"));
    app.publishIncidents(
        // Marib's first incident has left its 7-day window before the days the tests ask for; its
        // second comes on the latest day.
        TestApp.incident("YEM1", "2023-01-02T12:00:00Z", "2023-01-02", "Marib", "AQAP", 3)
            .replace("\"PK\"", "\"YE\""),
        TestApp.incident(
            "PAK1", "2023-01-10T12:00:00Z", "2023-01-10", "Khyber Pakhtunkhwa", "TTP", 5),
        TestApp.incident("PAK2", "2023-01-11T12:00:00Z", "2023-01-11", "Balochistan", "BLA", 2),
        TestApp.incident(
            "PAK3", "2023-01-12T12:00:00Z", "2023-01-12", "Khyber Pakhtunkhwa", "TTP", 3),
        TestApp.incident(
            "PAK4", "2023-01-15T12:00:00Z", "2023-01-15", "Khyber Pakhtunkhwa", "TTP", 0),
        TestApp.incident("YEM2", "2023-01-15T12:00:00Z", "2023-01-15", "Marib", "AQAP", 2)
            .replace("\"PK\"", "\"YE\""),
        // A Syrian incident, revised the next day to another province: Idlib's series falls to
        // zero.
        TestApp.incident("SYR1", "2023-01-12T12:00:00Z", "2023-01-12", "Idlib", "HTS", 4)
            .replace("\"PK\"", "\"SY\""),
        TestApp.incident("SYR1", "2023-01-13T12:00:00Z", "2023-01-12", "Aleppo", "HTS", 4)
            .replace("\"PK\"", "\"SY\""),
        // Another, re-coded the next day to a type that is not counted: it stands, set aside.
        TestApp.incident("SYR2", "2023-01-13T12:00:00Z", "2023-01-13", "Damascus", "HTS", 1)
            .replace("\"PK\"", "\"SY\"")
            .replace("\"eventType\":", "\"sourceEventType\":\"Battles\",\"eventType\":"),
        TestApp.incident("SYR2", "2023-01-14T12:00:00Z", "2023-01-13", "Damascus", "HTS", 1)
            .replace("\"PK\"", "\"SY\"")
            .replace("\"eventType\":", "\"sourceEventType\":\"Protests\",\"eventType\":"));
    app.publisher
        .publish(
            EventJson.parse(
                "{\"type\":\"statement\",\"id\":\"ST-1\",\"madeAt\":\"2023-01-14T09:00:00Z\","
                    + "\"speaker\":{\"name\":\"<b>Spokes</b>person\"},\"kind\":\"ACCUSATION\",\"quote\":\"They did it.\","
                    + "\"about\":{\"countries\":[\"PK\"],\"groups\":[\"TTP\"]},\"source\":{\"name\":\"test\"}}",
                StatementEvent.class))
        .get();
    // Statements about Afghanistan over three years: the newest, 2024's, moves the timeline's
    // horizon past the 2021 one, and the stories' (statement.retention-days, 400) past ST-1 too.
    for (final String made : List.of("2021-03-01", "2023-12-01", "2024-06-01")) {
      app.publisher.publish(afghanStatement(made)).get();
    }
    // The open day (2023-01-15) is flushed by the cube's wall-clock punctuation: wait until it is
    // queryable on every cube shard the tests read (the keys of both partitions), with the Idlib
    // revision counted and the statement stored. The tests then read once.
    TestApp.await(
        Duration.ofSeconds(90),
        () -> {
          final JsonNode points =
              json("/api/v1/counts?country=PK&window=P30D&fill=false").get("points");
          final JsonNode sy =
              json("/api/v1/counts?country=SY&region=Aleppo&group=HTS&window=P7D&fill=false")
                  .get("points");
          final JsonNode all =
              json("/api/v1/counts?country=*&window=P30D&fill=false&to=2023-01-15").get("points");
          final JsonNode kp =
              json("/api/v1/counts?country=PK&region=Khyber%20Pakhtunkhwa&group=TTP&window=P7D"
                      + "&from=2023-01-13&to=2023-01-14")
                  .get("points");
          final JsonNode balochistan =
              json("/api/v1/counts?country=PK&region=Balochistan&window=P7D&fill=false")
                  .get("points");
          final JsonNode idlib =
              json("/api/v1/counts?country=SY&region=Idlib&group=HTS&window=P7D&to=2023-01-14")
                  .get("points");
          final JsonNode marib =
              json("/api/v1/counts?country=YE&region=Marib&window=P7D&fill=false").get("points");
          return points != null
              && points.size() == 4
              && sy != null
              && sy.size() > 0
              && all != null
              && all.size() > 0
              && all.get(all.size() - 1).get("incidents").asInt() == 7
              && marib != null
              && column(marib, "windowEnd").contains("2023-01-15")
              && kp != null
              && column(kp, "killed").equals(List.of("8", "8"))
              && balochistan != null
              && balochistan.size() > 0
              && idlib != null
              && idlib.size() > 0
              && column(idlib, "incidents").stream().allMatch("0"::equals)
              && json("/api/v1/statements?country=PK").path("total").asInt() == 1
              && "ST-AF-2024-06-01"
                  .equals(
                      json("/api/v1/statements?country=AF")
                          .path("statements")
                          .path(0)
                          .path("id")
                          .asText())
              && json("/api/v1/statement-counts?country=AF")
                      .path("counts")
                      .path(0)
                      .path("total")
                      .asInt()
                  == 3
              && json("/api/v1/statement-counts?country=PK").path("counts").size() == 1;
        });
  }

  private static StatementEvent afghanStatement(final String madeOn) {
    return EventJson.parse(
        "{\"type\":\"statement\",\"id\":\"ST-AF-"
            + madeOn
            + "\",\"madeAt\":\""
            + madeOn
            + "T10:00:00Z\",\"speaker\":{\"name\":\"Zabihullah Mujahid\"},\"kind\":\"DENIAL\","
            + "\"quote\":\"No one is allowed to use Afghan soil against anyone.\","
            + "\"about\":{\"countries\":[\"AF\"]},\"source\":{\"name\":\"test\"}}",
        StatementEvent.class);
  }

  @AfterAll
  static void stop() {
    if (app != null) {
      app.close();
    }
  }

  static JsonNode json(final String path) {
    return json(app, path);
  }

  static JsonNode json(final TestApp app, final String path) {
    try {
      final HttpResponse<String> r = app.get(path, null);
      return r.statusCode() == 200
          ? EventJson.MAPPER.readTree(r.body())
          : EventJson.MAPPER.createObjectNode();
    } catch (final Exception e) {
      throw new AssertionError(e);
    }
  }

  private static List<String> column(final JsonNode points, final String field) {
    final List<String> out = new ArrayList<>();
    points.forEach(p -> out.add(p.get(field).asText()));
    return out;
  }

  @Test
  void countsAreTheDailySeriesWithUnchangedDaysCarriedForward() {
    final JsonNode body =
        json("/api/v1/counts?country=PK&region=*&group=*&window=P30D&to=2023-01-15");
    final JsonNode points = body.get("points");
    assertEquals(
        List.of("2023-01-10", "2023-01-11", "2023-01-12", "2023-01-13", "2023-01-14", "2023-01-15"),
        column(points, "windowEnd"));
    assertEquals(List.of("5", "7", "10", "10", "10", "10"), column(points, "killed"));
    assertEquals(List.of("1", "2", "3", "3", "3", "4"), column(points, "incidents"));
    assertEquals(
        List.of("true", "true", "true", "false", "false", "true"), column(points, "changed"));
    assertEquals(
        "2022-12-15", points.get(3).get("windowStart").asText(), "a carried day is re-dated");
    assertEquals(10, points.get(5).get("killedBy").get("securityForces").asInt());
    // The series runs to the latest event day the key's shard has seen (other countries may share
    // the shard).
    assertTrue(body.get("latestDay").asText().compareTo("2023-01-15") >= 0, body.toString());
  }

  @Test
  void changePointsOnlyWithoutFill() {
    final JsonNode points = json("/api/v1/counts?country=PK&window=P30D&fill=false").get("points");
    assertEquals(
        List.of("2023-01-10", "2023-01-11", "2023-01-12", "2023-01-15"),
        column(points, "windowEnd"));
  }

  @Test
  void aRangeStartsFromTheValueCarriedIntoIt() {
    final JsonNode points =
        json("/api/v1/counts?country=PK&region=Khyber%20Pakhtunkhwa&group=TTP&window=P7D"
                + "&from=2023-01-13&to=2023-01-14")
            .get("points");
    assertEquals(List.of("2023-01-13", "2023-01-14"), column(points, "windowEnd"));
    assertEquals(List.of("8", "8"), column(points, "killed"));
  }

  @Test
  void aRangeAfterAKeysLastIncidentLeftItsWindowReadsAsZerosWhenFilled() {
    final String marib = "/api/v1/counts?country=YE&region=Marib&group=*&window=P7D";
    final JsonNode points = json(marib + "&from=2023-01-12&to=2023-01-14&fill=true").get("points");
    assertEquals(List.of("2023-01-12", "2023-01-13", "2023-01-14"), column(points, "windowEnd"));
    assertEquals(List.of("0", "0", "0"), column(points, "killed"));
    assertEquals(List.of("false", "false", "false"), column(points, "changed"));
    assertEquals(
        0,
        json(marib + "&from=2023-01-12&to=2023-01-14&fill=false").get("points").size(),
        "no change point in the range");
    assertEquals(
        0,
        json("/api/v1/counts?country=PK&region=Balochistan&group=BLA&window=P7D"
                + "&from=2023-01-01&to=2023-01-05&fill=true")
            .get("points")
            .size(),
        "before a key's first incident there is no series yet");
  }

  @Test
  void aFilledRangeStartsAtItsFirstDayWhenTheKeysLastIncidentBeforeItHasLeftTheWindow() {
    final JsonNode points =
        json("/api/v1/counts?country=YE&region=Marib&group=*&window=P7D"
                + "&from=2023-01-12&to=2023-01-15&fill=true")
            .get("points");
    assertEquals(
        List.of("2023-01-12", "2023-01-13", "2023-01-14", "2023-01-15"),
        column(points, "windowEnd"));
    assertEquals(List.of("0", "0", "0", "2"), column(points, "killed"));
    assertEquals(List.of("false", "false", "false", "true"), column(points, "changed"));
  }

  @Test
  void keysListsTheCubeKeysOfEveryShard() {
    final List<String> keys = new ArrayList<>();
    json("/api/v1/keys").get("keys").forEach(k -> keys.add(key(k)));
    assertTrue(
        keys.containsAll(
            List.of(
                "PK|*|*",
                "PK|Khyber Pakhtunkhwa|TTP",
                "PK|Balochistan|BLA",
                "PK|*|TTP",
                "*|*|*",
                "*|*|TTP",
                "*|*|BLA")),
        keys.toString());
    final List<String> pk = new ArrayList<>();
    json("/api/v1/keys?country=PK").get("keys").forEach(k -> pk.add(key(k)));
    assertEquals(keys.stream().filter(k -> k.startsWith("PK|")).toList(), pk, "one country's keys");
  }

  @Test
  void statementsAreFilteredByKey() {
    final JsonNode ttp = json("/api/v1/statements?country=PK&group=TTP");
    assertEquals(1, ttp.get("statements").size());
    assertEquals(
        "<b>Spokes</b>person", ttp.get("statements").get(0).get("speaker").get("name").asText());
    assertEquals(1, json("/api/v1/statements?country=PK").get("total").asInt());
    assertEquals(0, json("/api/v1/statements?country=PK&group=BLA").get("total").asInt());
    assertEquals(0, json("/api/v1/statements?country=PK&from=2023-01-15").get("total").asInt());
    final JsonNode counts = json("/api/v1/statement-counts?country=PK").get("counts");
    assertEquals(1, counts.size());
    assertEquals("ACCUSATION", counts.get(0).get("kind").asText());
  }

  @Test
  void theStatementsTimelineKeepsStatementsOlderThanTheStoriesDo() {
    // ST-1 (2023-01-14) is 504 days before the newest statement: past statement.retention-days,
    // which bounds only what alerts cite; the timeline keeps 1,000 days.
    final JsonNode pk = json("/api/v1/statements?country=PK");
    assertEquals("ST-1", pk.get("statements").get(0).get("id").asText());
    assertEquals("2021-09-05", pk.get("keptFrom").asText());
  }

  @Test
  void statementsBeforeTheTimelinesHorizonAreNotListedAndTheAnswerSaysSo() {
    final JsonNode af = json("/api/v1/statements?country=AF");
    assertEquals(
        List.of("ST-AF-2024-06-01", "ST-AF-2023-12-01"),
        column(af.get("statements"), "id"),
        "newest first, without 2021's");
    assertEquals(2, af.get("total").asInt());
    assertEquals("2021-09-05", af.get("keptFrom").asText());
    assertEquals(
        "statements made before 2021-09-05 are not kept (statement.timeline-days=1000, back from"
            + " the newest statement); /api/v1/statement-counts still counts them",
        af.get("note").asText());
    // Still counted: the counts and the timeline each say what they hold.
    assertEquals(
        3, json("/api/v1/statement-counts?country=AF").get("counts").get(0).get("total").asInt());
    // Days asked that the timeline keeps whole: no note.
    final JsonNode recent = json("/api/v1/statements?country=AF&from=2022-01-01");
    assertEquals(2, recent.get("total").asInt());
    assertTrue(recent.path("note").isMissingNode(), recent.toString());
    assertEquals(
        List.of("ST-AF-2023-12-01"),
        column(
            json("/api/v1/statements?country=AF&from=2023-12-01&to=2023-12-01").get("statements"),
            "id"),
        "a day's range holds the statements made on that day");
  }

  @Test
  void aStatementIsFoundByItsIdAsTheListGivesIt() throws Exception {
    final List<JsonNode> listed = new ArrayList<>();
    json("/api/v1/statements?country=PK").get("statements").forEach(listed::add);
    json("/api/v1/statements?country=AF").get("statements").forEach(listed::add);
    assertEquals(3, listed.size(), listed.toString());
    for (final JsonNode statement : listed) {
      final String id = statement.get("id").asText();
      final HttpResponse<String> byId = app.get("/api/v1/statements/" + id, null);
      assertEquals(200, byId.statusCode(), id + ": " + byId.body());
      assertEquals(statement, EventJson.MAPPER.readTree(byId.body()), id);
    }
  }

  @Test
  void anIdNoStatementIsKeptUnderIs404NamingItAndHowLongIdsAreKept() throws Exception {
    final HttpResponse<String> none = app.get("/api/v1/statements/ST-NONE", null);
    assertEquals(404, none.statusCode(), none.body());
    assertTrue(
        none.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"),
        none.headers().toString());
    assertEquals(
        "no statement ST-NONE is kept: statements are kept by id 1000 days back from the newest"
            + " (statement.timeline-days=1000), so it was made before that, or never taken;"
            + " /api/v1/dead-letters lists the records refused",
        EventJson.MAPPER.readTree(none.body()).path("detail").asText());
  }

  @Test
  void alertsAnswerFromTheStoryTask() {
    assertNotNull(json("/api/v1/alerts/open").get("alerts"));
    assertNotNull(json("/api/v1/alerts?limit=5").get("alerts"));
  }

  /** The live stream asked for as EventSource asks, with {@code query} ("?..." or ""). */
  private static <T> HttpResponse<T> eventStream(
      final String query, final HttpResponse.BodyHandler<T> body) throws Exception {
    return TestApp.HTTP.send(
        HttpRequest.newBuilder(URI.create(app.dashboard.url() + "/api/v1/events" + query))
            .header("Accept", "text/event-stream")
            .build(),
        body);
  }

  @Test
  void theLiveStreamRefusesAnUnknownParameterAsEveryEndpointDoes() throws Exception {
    final HttpResponse<String> events =
        eventStream("?country=PK", HttpResponse.BodyHandlers.ofString());
    assertEquals(400, events.statusCode(), events.body());
    assertTrue(
        events
            .body()
            .contains("unknown query parameter 'country': /api/v1/events takes access_token"),
        events.body());
  }

  @Test
  void anAddressThatCannotBeDecodedIsA400ProblemNotAnHtmlPage() throws Exception {
    for (final String target :
        List.of("/api/v1/counts?country=%ZZ&window=P30D", "/api/v1/alerts/PK%ZZ")) {
      RawHttp.send(app.dashboard.port(), "GET", target).assertProblem(400);
    }
  }

  @Test
  void headAnswersAsGetWithoutTheBody() {
    final int port = app.dashboard.port();
    for (final String path :
        List.of(
            "/api/v1/keys?country=PK",
            "/api/v1/counts?country=PK&window=P7D",
            "/api/v1/counts?country=XX",
            "/api/v1/counts?country=PK&grop=TTP",
            "/api/v1/alerts/PK%7C*%7C*%7Ckilled%7C1999-01-01",
            "/api/v1/dead-letters?limit=1",
            "/health/live",
            "/health/ready",
            "/health",
            "/metrics",
            "/openapi.json",
            "/")) {
      final RawHttp get = RawHttp.send(port, "GET", path);
      final RawHttp head = RawHttp.send(port, "HEAD", path);
      assertEquals(get.status(), head.status(), path + ": " + head);
      assertEquals(get.header("Content-Type"), head.header("Content-Type"), path);
      assertEquals("", head.body(), path);
    }
  }

  @Test
  void headOnTheLiveStreamSaysWhatGetWouldOpenWithoutOpeningIt() {
    final int port = app.dashboard.port();
    RawHttp.send(port, "HEAD", EventStream.PATH).assertProblem(406);
    final RawHttp head =
        RawHttp.send(port, "HEAD", EventStream.PATH, "Accept: text/event-stream\r\n");
    assertEquals(200, head.status(), head.toString());
    assertEquals("text/event-stream", head.header("Content-Type").orElse(""), head.toString());
    assertEquals("", head.body());
  }

  @Test
  void badParametersAre400Problems() throws Exception {
    final HttpResponse<String> window = app.get("/api/v1/counts?country=PK&window=P2D", null);
    assertEquals(400, window.statusCode());
    assertTrue(
        window
            .headers()
            .firstValue("Content-Type")
            .orElse("")
            .startsWith("application/problem+json"));
    assertTrue(window.body().contains("P30D"));
    assertEquals(400, app.get("/api/v1/counts?window=P30D", null).statusCode());
    assertEquals(400, app.get("/api/v1/counts?country=PK&from=yesterday", null).statusCode());
    assertEquals(400, app.get("/api/v1/alerts?limit=0", null).statusCode());
    final HttpResponse<String> unknown = app.get("/api/v1/counts?country=XX", null);
    assertEquals(400, unknown.statusCode(), "an unknown country is an error, not an empty series");
    assertTrue(unknown.body().contains("unknown country 'XX'"), unknown.body());
    assertEquals(400, app.get("/api/v1/alerts?country=XX", null).statusCode());
    assertEquals(400, app.get("/api/v1/statements?country=XX", null).statusCode());
    final HttpResponse<String> backwards =
        app.get("/api/v1/counts?country=PK&from=2023-02-01&to=2023-01-01", null);
    assertEquals(400, backwards.statusCode());
    assertTrue(
        backwards.body().contains("'from' (2023-02-01) is after 'to' (2023-01-01)"),
        backwards.body());
    assertEquals(400, app.get("/api/v1/counts?country=PK&fill=maybe", null).statusCode());
    final HttpResponse<String> baselineAfter =
        app.get(
            "/api/v1/drivers?country=PK&metric=killed&from=2023-01-01&to=2023-01-30"
                + "&baselineTo=2024-01-01",
            null);
    assertEquals(400, baselineAfter.statusCode(), "a baseline after the window it explains");
    assertTrue(
        baselineAfter.body().contains("'baselineTo' (2024-01-01) must be before 'from'"),
        baselineAfter.body());
    assertEquals(
        400,
        app.get(
                "/api/v1/drivers?country=PK&from=2023-01-01&to=2023-01-30&baselineTo=2023-01-01",
                null)
            .statusCode(),
        "nor one ending on its first day");
    assertEquals(
        200,
        app.get(
                "/api/v1/drivers?country=PK&from=2023-01-01&to=2023-01-30&baselineTo=2022-12-31",
                null)
            .statusCode());
  }

  @Test
  void aDriversQueryNamesEveryParameterMissingOrInvalidNotTheFirstAlone() throws Exception {
    final String none = problemDetail("/api/v1/drivers");
    for (final String name : List.of("country", "from", "to")) {
      assertTrue(none.contains("query parameter '" + name + "' is required"), none);
    }
    assertEquals(
        "query parameter 'country' is required",
        problemDetail("/api/v1/drivers?from=2023-01-01&to=2023-01-30"));
    final String wrong =
        problemDetail("/api/v1/drivers?country=XX&metric=deaths&from=yesterday&group=TTP");
    for (final String part :
        List.of(
            "unknown country 'XX'",
            "'metric' must be incidents, killed or injured, got 'deaths'",
            "'from' must be a date like 2023-01-30, got 'yesterday'",
            "query parameter 'to' is required")) {
      assertTrue(wrong.contains(part), wrong);
    }
    // A range that runs backwards is named beside the other problems, not only once they are fixed.
    final String backwards =
        problemDetail("/api/v1/drivers?country=PK&metric=deaths&from=2023-02-01&to=2023-01-01");
    assertTrue(backwards.contains("'from' (2023-02-01) is after 'to' (2023-01-01)"), backwards);
    assertTrue(backwards.contains("got 'deaths'"), backwards);
    final String baseline =
        problemDetail("/api/v1/drivers?from=2023-01-01&to=2023-01-30&baselineTo=2023-01-01");
    assertTrue(
        baseline.contains("query parameter 'country' is required")
            && baseline.contains("'baselineTo' (2023-01-01) must be before 'from'"),
        baseline);
  }

  @Test
  void countAndStatementQueriesNameEveryParameterMissingOrInvalidToo() throws Exception {
    for (final String path : List.of("/api/v1/counts", "/api/v1/statements")) {
      final String wrong = problemDetail(path + "?from=yesterday&to=2023-13-01");
      for (final String part :
          List.of(
              "query parameter 'country' is required",
              "'from' must be a date like 2023-01-30, got 'yesterday'",
              "'to' must be a date like 2023-01-30, got '2023-13-01'")) {
        assertTrue(wrong.contains(part), path + ": " + wrong);
      }
      assertEquals(
          "query parameter 'country' is required; 'from' (2023-02-01) is after 'to' (2023-01-01)",
          problemDetail(path + "?from=2023-02-01&to=2023-01-01"),
          path);
    }
    final String current = problemDetail("/api/v1/counts/current?key=SD&days=0");
    assertTrue(
        current.contains("not a cube key (country|region|group): SD")
            && current.contains("'days' must be from 1 to 10000"),
        current);
  }

  @Test
  void anAlertIdWithAnUnescapedSlashIsToldHowToWriteIt() throws Exception {
    final HttpResponse<String> answer =
        app.get("/api/v1/alerts/BF%7C*%7CIS-Sahel%20and/or%20JNIM%7Ckilled%7C2023-01-30", null);
    assertEquals(404, answer.statusCode(), answer.body());
    assertTrue(answer.body().contains("written %2F"), answer.body());
  }

  /** The detail of the 400 problem {@code path} answers. */
  private static String problemDetail(final String path) throws Exception {
    final HttpResponse<String> answer = app.get(path, null);
    assertEquals(400, answer.statusCode(), path + ": " + answer.body());
    return EventJson.MAPPER.readTree(answer.body()).path("detail").asText();
  }

  @Test
  void aParameterTheEndpointDoesNotTakeIsABadRequestNamingItNotIgnored() throws Exception {
    // A misspelt group would otherwise answer for every group (region and group default to *).
    final HttpResponse<String> typo =
        app.get("/api/v1/counts?country=PK&region=Balochistan&grop=BLA", null);
    assertEquals(400, typo.statusCode(), typo.body());
    assertTrue(
        typo.body().contains("unknown query parameter 'grop': /api/v1/counts takes country, fill,"),
        typo.body());
    assertEquals(400, app.get("/api/v1/alerts/open?limit=5", null).statusCode());
    assertEquals(400, app.get("/api/v1/dead-letters?categroy=TOO_LATE", null).statusCode());
    final HttpResponse<String> none = app.get("/api/v1/incidents/PAK1?verbose=1", null);
    assertEquals(400, none.statusCode(), none.body());
    assertTrue(none.body().contains("/api/v1/incidents/{id} takes none"), none.body());
    // What each endpoint is described to take (openapi.json) is taken.
    assertEquals(
        200,
        app.get(
                "/api/v1/counts?country=PK&region=*&group=*&window=P7D&from=2023-01-01"
                    + "&to=2023-01-15&fill=false",
                null)
            .statusCode());
    assertEquals(200, app.get("/api/v1/statements?country=PK&limit=5", null).statusCode());
  }

  @Test
  void aParameterGivenTwiceIsABadRequestNamingBothValuesNotTheFirstWinning() throws Exception {
    final HttpResponse<String> twice = app.get("/api/v1/counts?country=PK&country=AF", null);
    assertEquals(400, twice.statusCode(), twice.body());
    assertTrue(
        twice.body().contains("query parameter 'country' is given 2 times ('PK', 'AF')"),
        twice.body());
    assertEquals(400, app.get("/api/v1/alerts?limit=5&limit=500", null).statusCode());
    assertEquals(400, app.get("/api/v1/keys?country=PK&country=PK", null).statusCode());
    assertEquals(400, app.get("/api/v1/dead-letters?category=A&category=B", null).statusCode());
    assertEquals(
        200,
        app.get("/api/v1/counts/current?key=PK%7C*%7C*&key=SY%7C*%7C*", null).statusCode(),
        "key is the one parameter that repeats");
  }

  @Test
  void aKeyNoReportTouchedIs404NamingItAndTheWrongMethodIs405() throws Exception {
    final HttpResponse<String> unknown =
        app.get("/api/v1/counts?country=PK&region=Atlantis&window=P7D", null);
    assertEquals(404, unknown.statusCode(), unknown.body());
    assertTrue(unknown.body().contains("PK|Atlantis|*"), unknown.body());
    assertTrue(unknown.body().contains("/api/v1/keys?country=PK"), unknown.body());
    final HttpResponse<String> current =
        app.get("/api/v1/counts/current?key=PK%7C*%7C*&key=PK%7CAtlantis%7C*", null);
    assertEquals(404, current.statusCode(), "not zeros that read as all quiet: " + current.body());
    assertTrue(current.body().contains("no counts for PK|Atlantis|*"), current.body());
    // Unknown keys of several shards: every one named, not the first shard's alone.
    final HttpResponse<String> several =
        app.get(
            "/api/v1/counts/current?key=PK%7CAtlantis%7C*&key=SY%7CNarnia%7C*&key=*%7C*%7CNobody",
            null);
    assertEquals(404, several.statusCode(), several.body());
    for (final String key : List.of("PK|Atlantis|*", "SY|Narnia|*", "*|*|Nobody")) {
      assertTrue(several.body().contains(key), several.body());
    }
    final HttpResponse<String> drivers =
        app.get("/api/v1/drivers?country=PK&region=Atlantis&from=2023-01-01&to=2023-01-30", null);
    assertEquals(404, drivers.statusCode(), drivers.body());
    assertTrue(drivers.body().contains("no counts for PK|Atlantis|*"), drivers.body());
    assertEquals(
        200,
        app.get("/api/v1/counts?country=PK&window=P7D&from=2024-01-01", null).statusCode(),
        "a known key with no day in the range: an empty series");
    final HttpResponse<String> post =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(app.dashboard.url() + "/api/v1/counts"))
                    .POST(HttpRequest.BodyPublishers.ofString("{}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertEquals(405, post.statusCode());
    assertEquals("GET, HEAD", post.headers().firstValue("Allow").orElse(""));
    // The ingest API's kinds for the same problems: one set of types for a client of both.
    assertEquals(
        Problems.TYPE_BASE + "not-found",
        EventJson.MAPPER.readTree(unknown.body()).path("type").asText());
    assertEquals(
        Problems.TYPE_BASE + "method-not-allowed",
        EventJson.MAPPER.readTree(post.body()).path("type").asText());
    assertTrue(
        post.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"),
        post.headers().toString());
  }

  @Test
  void aKeyOfAllCountriesDrillsDownByCountryAsACountryDrillsDownByRegion() {
    final String window = "&from=2023-01-10&to=2023-01-15";
    final JsonNode all = json("/api/v1/drivers?country=*" + window);
    assertEquals(
        Map.of("PK", 10L, "SY", 4L, "YE", 2L),
        TwoInstanceQueriesTest.observed(all.get("countries"), "country"),
        all + "");
    assertEquals(
        Map.of("TTP", 8L, "BLA", 2L, "HTS", 4L, "AQAP", 2L),
        TwoInstanceQueriesTest.observed(all.get("groups"), "group"),
        "the grand total by group, as before");
    assertEquals(0, all.get("regions").size(), "regions are within a country");
    all.get("countries").forEach(c -> assertEquals("*", c.get("group").asText(), c.toString()));

    final JsonNode ttp = json("/api/v1/drivers?country=*&group=TTP" + window);
    assertEquals(
        Map.of("PK", 8L),
        TwoInstanceQueriesTest.observed(ttp.get("countries"), "country"),
        ttp + "");
    assertEquals("TTP", ttp.get("countries").get(0).get("group").asText());
    assertEquals(0, ttp.get("groups").size(), ttp + "");

    final JsonNode pk = json("/api/v1/drivers?country=PK" + window);
    assertEquals(0, pk.get("countries").size(), "a country's key has no countries under it");
    assertEquals(
        Map.of("Khyber Pakhtunkhwa", 8L, "Balochistan", 2L),
        TwoInstanceQueriesTest.observed(pk.get("regions"), "region"));
  }

  @Test
  void aSeriesWhoseIncidentsWereRevisedAwayReadsAsZerosNotAsNoData() {
    final JsonNode points =
        json("/api/v1/counts?country=SY&region=Idlib&group=HTS&window=P7D&to=2023-01-14")
            .get("points");
    assertTrue(points.size() > 0, "a known key with zeros, not an empty series");
    points.forEach(p -> assertEquals(0, p.get("incidents").asInt(), p.toString()));
  }

  @Test
  void keysAreNamedAsTheIngestApiAndTheAliasTablesNameThem() {
    final String canonical =
        "/api/v1/counts?country=PK&region=Khyber%20Pakhtunkhwa&group=TTP&window=P7D";
    final JsonNode expected = json(canonical).get("points");
    assertTrue(expected.size() > 0);
    assertEquals(
        expected,
        json("/api/v1/counts?country=pakistan&region=KPK&group=Pakistani%20Taliban&window=P7D")
            .get("points"));
    assertEquals(
        expected, json("/api/v1/counts?country=pk&region=kp&group=ttp&window=P7D").get("points"));
  }

  @Test
  void deadLettersListTheNewestRejectionsWithTheirReasonsAndWhereTheyCameFrom() throws Exception {
    final String topic = app.config.get(Keys.TOPIC_INCIDENTS);
    app.publishRawIncident("GARBLED-1", "not avro".getBytes(StandardCharsets.UTF_8));
    app.publishRawIncident("GARBLED-2", new byte[] {0, 0, 0, 0, 42});
    TestApp.await(
        Duration.ofSeconds(60),
        () ->
            json("/api/v1/dead-letters?category=DESERIALIZATION").path("deadLetters").size() == 2);
    final JsonNode answer = json("/api/v1/dead-letters?category=DESERIALIZATION");
    final List<String> keys = new ArrayList<>();
    answer
        .get("deadLetters")
        .forEach(
            d -> {
              keys.add(d.get("originalKey").asText());
              assertEquals("DESERIALIZATION", d.get("category").asText());
              assertEquals(topic, d.get("sourceTopic").asText(), "where it came from");
              assertFalse(d.get("reason").asText().isBlank(), d.toString());
              assertTrue(d.has("failedAt") && d.has("partition") && d.has("offset"), d.toString());
            });
    assertEquals(List.of("GARBLED-1", "GARBLED-2"), keys.stream().sorted().toList());
    assertEquals(1, json("/api/v1/dead-letters?limit=1").path("deadLetters").size());
    assertEquals(0, json("/api/v1/dead-letters?category=SUPERSEDED").path("deadLetters").size());
    assertEquals(
        2,
        json("/api/v1/dead-letters?category=deserialization").path("deadLetters").size(),
        "categories in any case");
    final HttpResponse<String> bad = app.get("/api/v1/dead-letters?category=LATE", null);
    assertEquals(400, bad.statusCode());
    assertTrue(bad.body().contains("category must be one of"), bad.body());
  }

  @Test
  void healthMetricsOpenApiAndThePage() throws Exception {
    assertEquals(200, app.get("/health/ready", null).statusCode());
    assertEquals(200, app.get("/health/live", null).statusCode());
    assertTrue(app.get("/health", null).body().contains("RUNNING"));
    final String metrics = app.get("/metrics", null).body();
    for (final String m :
        List.of(
            "kafka_stream_",
            "surgewatch_records_processed_total",
            "surgewatch_counts_written_total",
            "surgewatch_alerts_opened_total{severity=\"CRITICAL\"}",
            "surgewatch_store_entries{store=\"cube-buckets\"}",
            "surgewatch_dead_letters_total{category=\"TOO_LATE\"}",
            // Every label from the start, seen or not, so that rates and alert rules work at once.
            "surgewatch_alert_transitions_total{status=\"WITHDRAWN\"}",
            "surgewatch_store_entries{store=\"story-alert-history\"}",
            "surgewatch_store_entries{store=\"incident-details\"}",
            "# HELP surgewatch_alerts_opened_total Surge alerts opened")) {
      assertTrue(metrics.contains(m), "metrics lack " + m);
    }
    assertFalse(metrics.contains("severity=\"UNKNOWN\""), "no severity the engine never emits");
    assertFalse(metrics.contains("status=\"UNKNOWN\""), "nor a status");
    final JsonNode openApi = EventJson.MAPPER.readTree(app.get("/openapi.json", null).body());
    assertEquals("3.0.3", openApi.get("openapi").asText());
    for (final String path :
        List.of(
            "/api/v1/keys",
            "/api/v1/counts",
            "/api/v1/alerts",
            "/api/v1/alerts/open",
            "/api/v1/statements",
            "/api/v1/statement-counts",
            "/api/v1/events",
            "/api/v1/alerts/{alertId}",
            "/api/v1/alerts/{alertId}/drivers",
            "/api/v1/drivers",
            "/api/v1/incidents/{id}",
            "/api/v1/statements/{id}",
            "/api/v1/counts/current",
            "/api/v1/dead-letters")) {
      assertTrue(openApi.get("paths").has(path), path);
    }
    assertTrue(app.get("/", null).body().contains("<title>Surgewatch</title>"));
    assertEquals(200, app.get("/app.js", null).statusCode());
    assertEquals(200, app.get("/webjars/echarts/5.3.1/dist/echarts.min.js", null).statusCode());
  }

  @Test
  void theEventStreamAskedForWithoutAcceptingItSaysWhatToSend() throws Exception {
    final HttpResponse<String> plain = app.get("/api/v1/events", null);
    assertEquals(406, plain.statusCode(), plain.body());
    assertTrue(
        plain
            .headers()
            .firstValue("Content-Type")
            .orElse("")
            .startsWith("application/problem+json"));
    assertTrue(plain.body().contains("Accept: text/event-stream"), plain.body());
  }

  @Test
  void serverSentEventsDeliverCountsAsTheyAreWritten() throws Exception {
    final HttpResponse<InputStream> stream =
        eventStream("", HttpResponse.BodyHandlers.ofInputStream());
    assertEquals(200, stream.statusCode());
    assertTrue(
        stream.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"),
        stream.headers().map().toString());
    try (BufferedReader lines =
        new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
      final CompletableFuture<String> count =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  String event = null;
                  for (String line; (line = lines.readLine()) != null; ) {
                    if (line.startsWith("event:")) {
                      event = line.substring(6).trim();
                    } else if (line.startsWith("data:")
                        && "count".equals(event)
                        && line.contains("\"AF\"")) {
                      return line.substring(5).trim();
                    }
                  }
                  return null;
                } catch (final IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
      app.publishIncidents(
          TestApp.incident("AFG1", "2023-01-16T12:00:00Z", "2023-01-16", "Kabul", "IS-K", 4)
              .replace("\"PK\"", "\"AF\""));
      final JsonNode data = EventJson.MAPPER.readTree(count.get(60, TimeUnit.SECONDS));
      assertEquals("AF", data.get("country").asText());
      assertEquals("2023-01-16", data.get("windowEnd").asText());
    }
  }

  @Test
  void aGroupIsAskedForAsStageOneNamesItInTheCountryAsked() throws Exception {
    // UCDP's "IS" in Afghanistan is the Khorasan branch: stage 1 counts it as IS-K there, and a
    // query naming IS with the country finds that key, not an empty IS.
    app.publishIncidents(
        TestApp.incident("AFG2", "2023-01-16T12:00:00Z", "2023-01-16", "Kandahar", "IS", 3)
            .replace("\"PK\"", "\"AF\""));
    TestApp.await(
        Duration.ofSeconds(60),
        () -> !json("/api/v1/counts?country=AF&group=IS&window=P30D").isEmpty());
    final JsonNode answer = json("/api/v1/counts?country=AF&group=IS&window=P30D");
    assertTrue(answer.toString().contains("\"IS-K\""), answer.toString());
  }

  @Test
  void aNameTheTablesLackIsFoundWhateverItsCapitalsAndPunctuation() throws Exception {
    // Stored as its source wrote it; asked for in lower case, it is spelled "Rsf/Janjaweed".
    app.publishIncidents(
        TestApp.incident(
                "SDN1", "2023-01-16T12:00:00Z", "2023-01-16", "Khartoum", "RSF/Janjaweed", 0)
            .replace("\"PK\"", "\"SD\""));
    final String stored =
        "/api/v1/counts?country=SD&region=Khartoum&group=RSF%2FJanjaweed&window=P7D";
    TestApp.await(Duration.ofSeconds(60), () -> !json(stored).isEmpty());
    final JsonNode asked =
        json("/api/v1/counts?country=sd&region=khartoum&group=rsf%2Fjanjaweed&window=P7D");
    assertEquals(json(stored), asked, "the stored key's series, under its own name");
    assertEquals("RSF/Janjaweed", asked.get("group").asText());
    final JsonNode current =
        json("/api/v1/counts/current?days=7&key=SD%7C*%7CRSF%20JANJAWEED&key=PK%7C*%7C*");
    assertEquals(
        List.of("SD|*|RSF/Janjaweed", "PK|*|*"),
        List.of(key(current.get("counts").get(0)), key(current.get("counts").get(1))),
        current.toString());
    final JsonNode drivers =
        json("/api/v1/drivers?country=SD&group=rsf-janjaweed&from=2023-01-10&to=2023-01-16");
    assertEquals("RSF/Janjaweed", drivers.path("group").asText(), drivers.toString());
    // A name that is no key in any writing stays a 404, and one that could be either of two keys
    // names both.
    assertEquals(
        404,
        app.get("/api/v1/counts?country=SD&group=RSF%2FJanjaweed2&window=P7D", null).statusCode());
    app.publishIncidents(
        TestApp.incident(
                "SDN2", "2023-01-16T13:00:00Z", "2023-01-16", "Khartoum", "Rsf Janjaweed", 0)
            .replace("\"PK\"", "\"SD\""));
    TestApp.await(
        Duration.ofSeconds(60),
        () -> json("/api/v1/keys?country=SD").toString().contains("\"Rsf Janjaweed\""));
    final HttpResponse<String> either =
        app.get("/api/v1/counts?country=SD&group=RSF.JANJAWEED&window=P7D", null);
    assertEquals(404, either.statusCode(), either.body());
    assertTrue(
        either.body().contains("SD|*|RSF/Janjaweed")
            && either.body().contains("SD|*|Rsf Janjaweed"),
        either.body());
  }

  private static String key(final JsonNode count) {
    return count.get("country").asText()
        + "|"
        + count.get("region").asText()
        + "|"
        + count.get("group").asText();
  }

  @Test
  void anEmptyAlertsListOfANameNoReportWasCountedUnderSaysSoAndOfAPlaceWithReportsDoesNot() {
    for (final String list : List.of("/api/v1/alerts", "/api/v1/alerts/open")) {
      final JsonNode typo = json(list + "?country=PK&group=Talibn");
      assertEquals(0, typo.path("total").asInt(), typo.toString());
      assertTrue(
          typo.path("note").asText().startsWith("no report counted under PK / * / Talibn so far"),
          typo.toString());
    }
    // A group alone is the group everywhere.
    final JsonNode everywhere = json("/api/v1/alerts?group=Talibn");
    assertTrue(
        everywhere.path("note").asText().startsWith("no report counted under * / * / Talibn"),
        everywhere.toString());
    // A region without its country is the region in any country: every country's keys say. With
    // country *, the rollup itself, whose keys have no region, the list is always empty: when no
    // country has the region, it says so alike; when one has, where the region's alerts are.
    for (final String list : List.of("/api/v1/alerts", "/api/v1/alerts/open")) {
      for (final String asked : List.of("region=Nowhere", "country=*&region=Nowhere")) {
        final JsonNode nowhere = json(list + "?" + asked);
        assertEquals(0, nowhere.path("total").asInt(), nowhere.toString());
        assertTrue(
            nowhere
                .path("note")
                .asText()
                .startsWith("no report counted under * / Nowhere / * in any country so far"),
            asked + ": " + nowhere);
      }
      final String rollup = json(list + "?country=*&region=Balochistan&group=BLA").toString();
      assertTrue(rollup.contains("\"total\":0"), rollup);
      assertTrue(
          rollup.contains(
              "country * is the rollup of all countries, whose keys have no region (a region is"
                  + " counted within its country), so no alert can be under * / Balochistan / BLA:"
                  + " GET "
                  + list
                  + "?region=Balochistan&group=BLA lists the region's alerts in any country"),
          rollup);
    }
    // Reports were counted there: whatever its alerts, the list says nothing more.
    for (final String counted :
        List.of(
            "country=PK&region=Balochistan&group=BLA",
            "group=TTP",
            "country=PK&group=TTP",
            "region=Balochistan",
            "region=Balochistan&group=BLA")) {
      final JsonNode list = json("/api/v1/alerts?" + counted);
      assertTrue(list.has("total") && !list.has("note"), counted + ": " + list);
    }
  }

  @Test
  void anAlertIdWithASlashReachesItsEndpointsEscaped() throws Exception {
    // Groups may hold a slash ("UNIR/PS", "IS-Sahel and/or JNIM"), and so their alerts' ids: the
    // page escapes it (%2F), and the id, not another path, is what the API then looks up.
    for (final String path :
        List.of(
            "/api/v1/alerts/BF%7C*%7CIS-Sahel%20and%2For%20JNIM%7Ckilled%7C2023-01-30",
            "/api/v1/alerts/BF%7C*%7CIS-Sahel%20and%2For%20JNIM%7Ckilled%7C2023-01-30/drivers")) {
      final HttpResponse<String> answer = app.get(path, null);
      assertEquals(404, answer.statusCode(), answer.body());
      assertTrue(
          answer.body().contains("no alert BF|*|IS-Sahel and/or JNIM|killed|2023-01-30"),
          path + ": " + answer.body());
      assertTrue(
          answer.body().contains("an alert id is country|region|group|metric|the day it opened"),
          "a 404 says what an alert id is: " + answer.body());
    }
  }

  @Test
  void pagesOfTheConfiguredOriginsMayCallTheApiFromABrowser() throws Exception {
    final HttpRequest.Builder fromDash =
        HttpRequest.newBuilder(URI.create(app.dashboard.url() + "/api/v1/keys"))
            .header("Origin", "https://dash.example.org");
    assertTrue(
        TestApp.HTTP
            .send(fromDash.build(), HttpResponse.BodyHandlers.ofString())
            .headers()
            .firstValue("Access-Control-Allow-Origin")
            .isEmpty(),
        "none by default");
    try (DashboardServer open =
        DashboardServer.start(
            app.config
                .with(Keys.DASHBOARD_CORS_ORIGINS, "https://dash.example.org")
                .with(Keys.DASHBOARD_PORT, "0"),
            app.app.streams())) {
      final HttpResponse<String> answer =
          TestApp.HTTP.send(
              HttpRequest.newBuilder(URI.create(open.url() + "/api/v1/keys"))
                  .header("Origin", "https://dash.example.org")
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertEquals(200, answer.statusCode());
      assertEquals(
          "https://dash.example.org",
          answer.headers().firstValue("Access-Control-Allow-Origin").orElse(""));
      assertEquals(
          "Retry-After",
          answer.headers().firstValue("Access-Control-Expose-Headers").orElse(""),
          "a 503's Retry-After readable by the page");
      assertEquals(List.of("Origin"), answer.headers().allValues("Vary"));
      final HttpResponse<String> elsewhere =
          TestApp.HTTP.send(
              HttpRequest.newBuilder(URI.create(open.url() + "/api/v1/keys"))
                  .header("Origin", "https://elsewhere.example.org")
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertTrue(
          elsewhere.headers().firstValue("Access-Control-Allow-Origin").isEmpty(),
          "another origin gets none");
      assertEquals(
          List.of("Origin"),
          elsewhere.headers().allValues("Vary"),
          "a cache keeps the two answers apart");
    }
  }

  @Test
  void anIncidentSaysWhetherTheReportThatStandsIsCountedAsStage1DecidedIt() {
    final JsonNode counted = json("/api/v1/incidents/PAK1");
    assertTrue(counted.path("counted").asBoolean(), counted.toString());
    assertTrue(counted.path("notCounted").isNull(), counted.toString());
    TestApp.await(
        Duration.ofSeconds(30),
        () -> "Protests".equals(json("/api/v1/incidents/SYR2").path("sourceEventType").asText()));
    final JsonNode setAside = json("/api/v1/incidents/SYR2");
    assertFalse(setAside.path("counted").asBoolean(true), setAside.toString());
    assertTrue(
        setAside.path("notCounted").asText().startsWith("set aside when it came"),
        setAside.toString());
  }

  @Test
  void aConfiguredTokenGuardsTheApiButNotThePageOrHealth() throws Exception {
    try (DashboardServer guarded =
        DashboardServer.start(
            app.config.with(Keys.API_TOKEN, "s3cret").with(Keys.DASHBOARD_PORT, "0"),
            app.app.streams())) {
      final String base = guarded.url();
      final HttpResponse<String> none = send(base + "/api/v1/keys", null);
      assertEquals(401, none.statusCode());
      assertEquals(
          Problems.TYPE_BASE + "unauthorized",
          EventJson.MAPPER.readTree(none.body()).path("type").asText());
      assertTrue(none.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"));
      assertEquals(401, send(base + "/api/v1/keys", "wrong").statusCode());
      assertEquals(401, send(base + "/api/v1/events", null).statusCode());
      final HttpResponse<String> ok = send(base + "/api/v1/keys", "s3cret");
      assertEquals(200, ok.statusCode());
      assertFalse(EventJson.MAPPER.readTree(ok.body()).get("keys").isEmpty());
      assertEquals(200, send(base + "/health/ready", null).statusCode());
      assertEquals(200, send(base + "/", null).statusCode());
      // Only the event stream takes the token as a parameter: elsewhere a 400 saying where it goes.
      final HttpResponse<String> inQuery =
          send(base + "/api/v1/keys?access_token=s3cret", "s3cret");
      assertEquals(400, inQuery.statusCode());
      assertTrue(
          inQuery.body().contains("the API token goes in the header 'Authorization: Bearer TOKEN'"),
          inQuery.body());
      final HttpResponse<InputStream> events =
          TestApp.HTTP.send(
              HttpRequest.newBuilder(URI.create(base + "/api/v1/events?access_token=s3cret"))
                  .header("Accept", "text/event-stream")
                  .build(),
              HttpResponse.BodyHandlers.ofInputStream());
      assertEquals(
          200,
          events.statusCode(),
          "EventSource cannot send headers: the token may come as access_token");
      assertTrue(
          events.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
      events.body().close();
    }
  }

  @Test
  void aCrossOriginPageSendingTheTokenPassesItsPreflight() throws Exception {
    try (DashboardServer both =
        DashboardServer.start(
            app.config
                .with(Keys.API_TOKEN, "s3cret")
                .with(Keys.DASHBOARD_CORS_ORIGINS, "https://dash.example.org")
                .with(Keys.DASHBOARD_PORT, "0"),
            app.app.streams())) {
      // What a browser sends before a GET with an Authorization header: no credentials.
      final HttpResponse<String> preflight =
          TestApp.HTTP.send(
              HttpRequest.newBuilder(URI.create(both.url() + "/api/v1/keys"))
                  .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                  .header("Origin", "https://dash.example.org")
                  .header("Access-Control-Request-Method", "GET")
                  .header("Access-Control-Request-Headers", "authorization")
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertTrue(preflight.statusCode() < 300, preflight.statusCode() + " " + preflight.body());
      assertEquals(
          "https://dash.example.org",
          preflight.headers().firstValue("Access-Control-Allow-Origin").orElse(""));
      assertEquals(401, send(both.url() + "/api/v1/keys", null).statusCode());
      assertEquals(200, send(both.url() + "/api/v1/keys", "s3cret").statusCode());
    }
  }

  private static HttpResponse<String> send(final String url, final String token) throws Exception {
    final HttpRequest.Builder r =
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
    if (token != null) {
      r.header("Authorization", "Bearer " + token);
    }
    return TestApp.HTTP.send(r.build(), HttpResponse.BodyHandlers.ofString());
  }
}
