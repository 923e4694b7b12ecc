package io.surgewatch.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.javalin.Javalin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * HEAD on a GET route answers as GET does, without the body; on a route without GET it is a 405
 * naming the methods the route takes.
 */
class HttpServersTest {
  static Javalin app;

  @BeforeAll
  static void start() {
    app = HttpServers.create(cfg -> {});
    GetAndHead.route(
        app,
        "/health",
        ctx -> ctx.status(503).contentType("application/json").result("{\"status\":\"DOWN\"}"));
    GetAndHead.route(
        app, "/items/{id}", ctx -> ctx.contentType("application/json").result("{\"id\":1}"));
    app.post("/v1/incidents", ctx -> ctx.status(202));
    app.error(405, ctx -> ctx.contentType("application/problem+json").result("{}"));
    app.start("127.0.0.1", 0);
  }

  @AfterAll
  static void stop() {
    app.stop();
  }

  @Test
  void headAnswersWithGetsStatusAndHeadersWithoutTheBody() {
    for (final String path : new String[] {"/health", "/items/7"}) {
      final RawHttp get = RawHttp.send(app.port(), "GET", path);
      final RawHttp head = RawHttp.send(app.port(), "HEAD", path);
      assertEquals(get.statusLine(), head.statusLine(), path);
      assertEquals(get.header("Content-Type"), head.header("Content-Type"), path);
      assertEquals(get.header("Content-Length"), head.header("Content-Length"), path);
      assertEquals("", head.body(), path);
    }
    assertEquals(503, RawHttp.send(app.port(), "HEAD", "/health").status(), "not a 200 DOWN");
  }

  @Test
  void headWhereThereIsNoGetIs405SayingWhatIsAllowed() {
    final RawHttp head = RawHttp.send(app.port(), "HEAD", "/v1/incidents");
    assertEquals(405, head.status(), head.toString());
    assertEquals("POST", head.header("Allow").orElse(""), head.toString());
    assertEquals("application/problem+json", head.header("Content-Type").orElse(""));
    assertEquals("", head.body());
    final RawHttp post = RawHttp.send(app.port(), "POST", "/health");
    assertEquals(405, post.status(), post.toString());
    assertEquals("GET, HEAD", post.header("Allow").orElse(""), post.toString());
  }
}
