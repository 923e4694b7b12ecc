package io.surgewatch.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Both servers write their problems and check their token here: one set of problem types for a
 * client of either API, and one token check.
 */
class ProblemsAndBearerAuthTest {
  static Javalin app;

  @BeforeAll
  static void start() {
    app = HttpServers.create(cfg -> {});
    app.before("/v1/*", new BearerAuth("s3cret", "/v1/stream"));
    GetAndHead.route(app, "/v1/items", ctx -> ctx.result("items"));
    GetAndHead.route(app, "/v1/stream", ctx -> ctx.result("stream"));
    GetAndHead.route(
        app,
        "/open/items/{name}",
        ctx ->
            Problems.send(
                ctx,
                Problems.of(404, "not-found", "Not found", "no item " + ctx.pathParam("name"))));
    app.start("127.0.0.1", 0);
  }

  @AfterAll
  static void stop() {
    app.stop();
  }

  private static JsonNode json(final RawHttp answer) {
    try {
      return new ObjectMapper().readTree(answer.body());
    } catch (final Exception e) {
      throw new AssertionError(answer.toString(), e);
    }
  }

  @Test
  void aProblemNamesItsKindUnderTheProjectsTypeBase() {
    final JsonNode p = Problems.of(400, "invalid-events", "Invalid input", "2 invalid");
    assertEquals("https://surgewatch.io/problems/invalid-events", p.path("type").asText());
    assertEquals("Invalid input", p.path("title").asText());
    assertEquals(400, p.path("status").asInt());
    assertEquals("2 invalid", p.path("detail").asText());
  }

  @Test
  void aProblemThatIsItsStatusAloneIsNamedAfterTheReasonPhrase() {
    final JsonNode p = Problems.ofStatus(431, "headers too large");
    assertEquals(Problems.TYPE_BASE + "request-header-fields-too-large", p.path("type").asText());
    assertEquals("Request Header Fields Too Large", p.path("title").asText());
    assertEquals(
        Problems.TYPE_BASE + "bad-request", Problems.ofStatus(400, "x").path("type").asText());
  }

  @Test
  void aProblemIsUtf8WhateverItQuotes() {
    // Jetty wrote a String body of this type in ISO-8859-1: 0xE9 for é, '?' for ’.
    final RawHttp answer =
        RawHttp.send(app.port(), "GET", "/open/items/S%C3%A9gou%E2%80%99s").assertProblem(404);
    assertEquals("no item Ségou’s", json(answer).path("detail").asText(), answer.toString());
  }

  @Test
  void anAddressWhoseEscapesAreNotUtf8IsABadRequestNotAQuestionMark() {
    for (final String address :
        new String[] {"/open/items/%C3", "/open/items/S%E9gou", "/open/items/x?name=%C3"}) {
      final JsonNode p = json(RawHttp.send(app.port(), "GET", address).assertProblem(400));
      assertEquals(Problems.TYPE_BASE + "bad-request", p.path("type").asText(), address);
      assertTrue(p.path("detail").asText().contains("not UTF-8"), address + ": " + p);
    }
    assertEquals(null, Utf8Address.notUtf8("/open/items/S%C3%A9gou?q=%2A%7C%2F"), "UTF-8 passes");
  }

  @Test
  void jettysOwnRefusalsUseTheSameTypes() {
    final JsonNode p = json(RawHttp.send(app.port(), "GET", "/v1/%zz").assertProblem(400));
    assertEquals(Problems.TYPE_BASE + "bad-request", p.path("type").asText());
  }

  @Test
  void withoutTheTokenARequestIsAnUnauthorizedProblemSayingWhy() {
    final RawHttp none = RawHttp.send(app.port(), "GET", "/v1/items").assertProblem(401);
    assertEquals(Problems.TYPE_BASE + "unauthorized", json(none).path("type").asText());
    assertEquals("missing bearer token", json(none).path("detail").asText());
    assertTrue(none.header("WWW-Authenticate").orElse("").startsWith("Bearer"), none.toString());
    final RawHttp basic =
        RawHttp.send(app.port(), "GET", "/v1/items", "Authorization: Basic czNjcmV0\r\n")
            .assertProblem(401);
    assertEquals("missing bearer token", json(basic).path("detail").asText(), "not a bearer one");
    final RawHttp wrong =
        RawHttp.send(app.port(), "GET", "/v1/items", "Authorization: Bearer nope\r\n")
            .assertProblem(401);
    assertEquals("wrong bearer token", json(wrong).path("detail").asText());
  }

  @Test
  void theTokenPassesInTheHeaderAndAsAQueryParameterOnlyOnItsOnePath() {
    assertEquals(
        200,
        RawHttp.send(app.port(), "GET", "/v1/items", "authorization: bearer s3cret\r\n").status());
    assertEquals(200, RawHttp.send(app.port(), "GET", "/v1/stream?access_token=s3cret").status());
    RawHttp.send(app.port(), "GET", "/v1/items?access_token=s3cret").assertProblem(401);
    RawHttp.send(app.port(), "GET", "/v1/stream?access_token=nope").assertProblem(401);
  }
}
