package io.surgewatch.streams.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.surgewatch.core.Keys;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Alert history, drivers and incident details through the query API, on a real broker: a
 * CRITICAL-sized surge of killed in Pakistan that later resolves (its opening figures and peak stay
 * visible), and a later surge of incidents in Sindh that is still open.
 */
class AlertHistoryApiTest {
  static final LocalDate START = LocalDate.of(2023, 1, 1);
  static TestApp app;

  static String incident(
      final String id,
      final int day,
      final String region,
      final String group,
      final int killed,
      final String source) {
    final LocalDate d = START.plusDays(day);
    return "{\"id\":\""
        + id
        + "\",\"reportedAt\":\""
        + d
        + "T12:00:00Z\",\"occurredOn\":\""
        + d
        + "\","
        + "\"country\":\"PK\",\"region\":\""
        + region
        + "\",\"location\":\"Place of "
        + id
        + "\","
        + "\"groups\":["
        + (group == null ? "" : "{\"name\":\"" + group + "\",\"attribution\":\"CLAIMED\"}")
        + "],"
        + "\"eventType\":\"ATTACK\",\"killed\":{\"securityForces\":"
        + killed
        + ",\"civilians\":0,\"militants\":0,\"unknown\":0},"
        + "\"injured\":{\"unknown\":0},\"source\":"
        + source
        + "}";
  }

  @BeforeAll
  static void start() throws Exception {
    app = TestApp.start(Map.of(Keys.SURGE_RECENT_DAYS, "7", Keys.SURGE_BASELINE_DAYS, "28"));
    final List<String> all = new ArrayList<>();
    for (int d = 0; d < 30; d++) { // a quiet month: one incident a day, 1 or 2 killed
      all.add(
          d % 2 == 0
              ? incident(
                  "PKB" + d, d, "Khyber Pakhtunkhwa", "TTP", 1 + d % 3, "{\"name\":\"test\"}")
              : incident("PKB" + d, d, "Balochistan", "BLA", 1 + d % 3, "{\"name\":\"test\"}"));
    }
    all.add(
        incident(
            "PKS1",
            30,
            "Khyber Pakhtunkhwa",
            "TTP",
            60,
            "{\"name\":\"<b>Peshawar</b> Police\",\"url\":\"https://example.org/report?a=1&b=2\"}"));
    all.add(
        incident(
            "PKS2",
            31,
            "Balochistan",
            "BLA",
            20,
            "{\"name\":\"Quetta Police\",\"url\":\"http://example.org/quetta\"}"));
    for (int d = 32; d < 45; d++) { // quiet again: the surge resolves
      all.add(
          incident(
              "PKQ" + d,
              d,
              d % 2 == 0 ? "Khyber Pakhtunkhwa" : "Balochistan",
              null,
              1,
              "{\"name\":\"test\"}"));
    }
    for (int i = 0; i < 25; i++) { // a burst of incidents in Sindh, still open at the end
      all.add(incident("PKN" + i, 45, "Sindh", null, 0, "{\"name\":\"test\"}"));
    }
    all.add(incident("PKL", 46, "Sindh", null, 0, "{\"name\":\"test\"}"));
    app.publishIncidents(all.toArray(String[]::new));
    TestApp.await(
        Duration.ofSeconds(120),
        () -> {
          final JsonNode a =
              json("/api/v1/alerts?country=PK&region=*&group=*&limit=100").path("alerts");
          boolean resolved = false;
          boolean open = false;
          for (final JsonNode e : a) {
            resolved |=
                e.path("metric").asText().equals("killed")
                    && e.path("status").asText().equals("RESOLVED");
            open |=
                e.path("metric").asText().equals("incidents")
                    && e.path("status").asText().matches("OPEN|ESCALATED");
          }
          // The latest day reached on the shards of both PK's rollup and Balochistan (another
          // partition), whose series the tests read once.
          return resolved
              && open
              && "2023-02-16".equals(latestDay("country=PK"))
              && "2023-02-16".equals(latestDay("country=PK&region=Balochistan&group=BLA"));
        });
  }

  private static String latestDay(final String key) {
    return json("/api/v1/counts?" + key + "&window=P7D&from=9999-12-31").path("latestDay").asText();
  }

  @AfterAll
  static void stop() {
    if (app != null) {
      app.close();
    }
  }

  static JsonNode json(final String path) {
    return DashboardServerTest.json(app, path);
  }

  static String enc(final String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  static JsonNode surge() {
    for (final JsonNode e :
        json("/api/v1/alerts?country=PK&region=*&group=*&limit=100").path("alerts")) {
      if (e.path("metric").asText().equals("killed")
          && e.path("status").asText().equals("RESOLVED")) {
        return e;
      }
    }
    throw new AssertionError("no resolved surge of killed");
  }

  static int rank(final String severity) {
    return List.of("LOW", "MEDIUM", "HIGH", "CRITICAL").indexOf(severity);
  }

  @Test
  void aResolvedSurgeKeepsItsOpeningFiguresAndPeakBesideItsLatestState() {
    final JsonNode e = surge();
    assertEquals("OPEN", e.path("opened").path("status").asText(), e.toString());
    assertTrue(e.path("opened").path("observed").asLong() >= 60, e.toString());
    assertEquals("RESOLVED", e.path("latest").path("status").asText());
    assertEquals(e.path("severity").asText(), e.path("latest").path("severity").asText());
    assertTrue(
        rank(e.path("peakSeverity").asText()) > rank(e.path("latest").path("severity").asText()),
        "the peak outranks the quiet window it resolved on: " + e);
    assertEquals(e.path("peakSeverity").asText(), e.path("peak").path("severity").asText());
    assertTrue(e.path("transitionCount").asInt() >= 2);
    assertTrue(e.path("topIncidentIds").isArray());
    // Current figures: the counts API's value of the key's 7-day window on the latest day.
    final JsonNode points =
        json("/api/v1/counts?country=PK&region=*&group=*&window=P7D").path("points");
    final JsonNode last = points.get(points.size() - 1);
    assertEquals("2023-02-16", e.path("current").path("windowEnd").asText(), e.toString());
    assertEquals(last.path("killed").asLong(), e.path("current").path("observed").asLong());
  }

  @Test
  void oneAlertWithAllItsTransitions() {
    final String id = surge().path("alertId").asText();
    final JsonNode one = json("/api/v1/alerts/" + enc(id));
    assertEquals(id, one.path("alertId").asText(), one.toString());
    final JsonNode t = one.path("transitions");
    assertEquals(one.path("transitionCount").asInt(), t.size());
    assertEquals("OPEN", t.get(0).path("status").asText());
    assertEquals("RESOLVED", t.get(t.size() - 1).path("status").asText());
    for (int i = 0; i < t.size(); i++) {
      assertEquals(i + 1, t.get(i).path("sequence").asInt());
      assertEquals(id, t.get(i).path("alertId").asText());
    }
  }

  /** Where an alert stands in the list of every alert: open, then resolved, then withdrawn. */
  static int standing(final JsonNode entry) {
    final String status = entry.path("status").asText();
    return status.matches("OPEN|ESCALATED") ? 0 : status.equals("WITHDRAWN") ? 2 : 1;
  }

  @Test
  void openAlertsSortByCurrentSeverityHistoryOpenThenEndedEachByPeakThenRecency() {
    final JsonNode open = json("/api/v1/alerts/open").path("alerts");
    assertTrue(open.size() > 0);
    for (int i = 1; i < open.size(); i++) {
      assertTrue(open.get(i - 1).path("status").asText().matches("OPEN|ESCALATED"));
      assertTrue(
          rank(open.get(i - 1).path("severity").asText())
              >= rank(open.get(i).path("severity").asText()),
          open.toString());
    }
    final JsonNode all = json("/api/v1/alerts?limit=1000").path("alerts");
    assertTrue(all.size() > open.size());
    for (int i = 1; i < all.size(); i++) {
      final JsonNode a = all.get(i - 1);
      final JsonNode b = all.get(i);
      final int ra = rank(a.path("peakSeverity").asText());
      final int rb = rank(b.path("peakSeverity").asText());
      assertTrue(
          standing(a) < standing(b)
              || standing(a) == standing(b)
                  && (ra > rb
                      || ra == rb
                          && a.path("windowEnd").asText().compareTo(b.path("windowEnd").asText())
                              >= 0),
          "open, then resolved, then withdrawn, each by peak severity, then recency: "
              + a
              + " before "
              + b);
    }
    assertEquals(2, json("/api/v1/alerts?limit=2").path("alerts").size());
  }

  @Test
  void theAlertListIsReadPageByPageUpToItsTotal() throws Exception {
    final JsonNode whole = json("/api/v1/alerts?limit=1000");
    final int total = whole.path("total").asInt();
    assertTrue(total > 3, whole.toString());
    final List<String> paged = new ArrayList<>();
    for (int offset = 0; offset < total; offset += 2) {
      final JsonNode page = json("/api/v1/alerts?offset=" + offset + "&limit=2");
      assertEquals(total, page.path("total").asInt(), "every page counts them all");
      assertEquals(offset, page.path("offset").asInt());
      page.path("alerts").forEach(a -> paged.add(a.path("alertId").asText()));
    }
    final List<String> once = new ArrayList<>();
    whole.path("alerts").forEach(a -> once.add(a.path("alertId").asText()));
    assertEquals(once, paged, "the pages, in order, are the list");
    assertEquals(0, json("/api/v1/alerts?offset=" + total).path("alerts").size());
    assertEquals(400, app.get("/api/v1/alerts?offset=-1", null).statusCode());
  }

  @Test
  void driversShareTheExcessOfARollup() {
    final JsonNode e = surge();
    final JsonNode d = json("/api/v1/alerts/" + enc(e.path("alertId").asText()) + "/drivers");
    assertEquals("peak", d.path("at").asText(), d.toString());
    final JsonNode regions = d.path("regions");
    assertEquals("Khyber Pakhtunkhwa", regions.get(0).path("region").asText(), d.toString());
    double sum = 0;
    for (final JsonNode r : regions) {
      sum += r.path("excess").asDouble();
    }
    assertEquals(d.path("excess").asDouble(), sum, 0.05, "regions partition the country: " + d);
    assertTrue(regions.get(0).path("share").asDouble() > 0.5, d.toString());
    final List<String> groups = new ArrayList<>();
    d.path("groups").forEach(g -> groups.add(g.path("group").asText()));
    assertTrue(groups.contains("TTP") && groups.contains("BLA"), groups.toString());
    // The same figures from the shard-level endpoint.
    final JsonNode direct =
        json(
            "/api/v1/drivers?country=PK&metric=killed&from="
                + d.path("from").asText()
                + "&to="
                + d.path("to").asText()
                + "&baselineTo="
                + d.path("baselineTo").asText());
    assertEquals(d.path("regions"), direct.path("regions"));
  }

  @Test
  void aChangePointOnTheFirstDayAskedForIsInTheAnswer() {
    final String series = "/api/v1/counts?country=PK&region=Balochistan&group=BLA&window=P7D";
    final List<String> changes = new ArrayList<>();
    json(series + "&fill=false")
        .path("points")
        .forEach(p -> changes.add(p.path("windowEnd").asText()));
    assertTrue(changes.size() > 10, changes.toString());
    for (final String day : changes.subList(1, changes.size())) {
      // A dashboard that syncs from the last day it saw must see that day's change again.
      final JsonNode only = json(series + "&fill=false&from=" + day + "&to=" + day).path("points");
      assertEquals(1, only.size(), day + ": " + only);
      final JsonNode filled = json(series + "&from=" + day + "&to=" + day).path("points");
      assertTrue(filled.get(0).path("changed").asBoolean(), day + ": " + filled);
    }
    // Every day between two change points carries the earlier one's value, from any first day.
    final JsonNode all = json(series).path("points");
    final JsonNode fromMiddle = json(series + "&from=" + all.get(5).path("windowEnd").asText());
    for (int i = 0; i < fromMiddle.path("points").size(); i++) {
      assertEquals(all.get(5 + i), fromMiddle.path("points").get(i));
    }
  }

  @Test
  void incidentDetailsBehindTheEvidence() throws Exception {
    final JsonNode s1 = json("/api/v1/incidents/PKS1");
    assertEquals("Place of PKS1", s1.path("location").asText(), s1.toString());
    assertEquals("Khyber Pakhtunkhwa", s1.path("region").asText());
    assertEquals(60, s1.path("killed").path("securityForces").asInt());
    assertEquals("<b>Peshawar</b> Police", s1.path("source").path("name").asText());
    assertEquals("https://example.org/report?a=1&b=2", s1.path("link").asText());
    assertTrue(s1.path("counted").asBoolean(), s1.toString());
    assertTrue(s1.path("notCounted").isNull(), s1.toString());
    assertEquals("http://example.org/quetta", json("/api/v1/incidents/PKS2").path("link").asText());
    // A javascript: link never gets this far (dead-lettered at intake); IncidentQueriesLinkTest
    // covers the API's own check.
    final var noIncident = app.get("/api/v1/incidents/NOPE", null);
    assertEquals(404, noIncident.statusCode());
    // The endpoint exists: the problem names the id, not the path.
    assertTrue(noIncident.body().contains("no incident NOPE"), noIncident.body());
    assertEquals(
        404, app.get("/api/v1/alerts/" + enc("PK|*|*|killed|1999-01-01"), null).statusCode());
    final var badAt =
        app.get(
            "/api/v1/alerts/" + enc(surge().path("alertId").asText()) + "/drivers?at=never", null);
    assertEquals(400, badAt.statusCode());
    assertEquals(
        "application/problem+json",
        badAt.headers().firstValue("Content-Type").orElse("").split(";")[0],
        "a problem, as every other 400");
    boolean cited = false;
    for (final JsonNode e : json("/api/v1/alerts?limit=1000").path("alerts")) {
      for (final JsonNode t :
          json("/api/v1/alerts/" + enc(e.path("alertId").asText())).path("transitions")) {
        for (final JsonNode id : t.path("topIncidentIds")) {
          cited |= id.asText().equals("PKS1");
        }
      }
    }
    assertTrue(cited, "the big incident is evidence of some alert");
    assertNotNull(s1.path("occurredOn").asText());
  }
}
