package io.surgewatch.http;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.javalin.Javalin;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Requests Jetty refuses before any handler sees them are answered as problems, not HTML. */
class ProblemErrorHandlerTest {
  static Javalin app;

  @BeforeAll
  static void start() {
    app = HttpServers.create(cfg -> {});
    app.get("/v1/{id}", ctx -> ctx.result("never reached"));
    app.start("127.0.0.1", 0);
  }

  @AfterAll
  static void stop() {
    app.stop();
  }

  @Test
  void anAddressThatCannotBeDecodedIsA400ProblemNotAnHtmlPage() {
    for (final String target : List.of("/v1/%zz", "/v1/PK%ZZ", "/v1/%")) {
      final RawHttp answer = RawHttp.send(app.port(), "GET", target).assertProblem(400);
      assertTrue(
          answer.body().contains("\"title\":\"Bad Request\""), target + ": " + answer.body());
      assertTrue(answer.body().contains("%-escape"), "says what to look at: " + answer.body());
    }
  }

  @Test
  void otherRefusalsAreProblemsThatDoNotBlameTheAddress() {
    final RawHttp answer =
        RawHttp.send(app.port(), "GET", "/v1/x", "X-Big: " + "x".repeat(20_000) + "\r\n")
            .assertProblem(431);
    assertFalse(answer.body().contains("%-escape"), answer.body());
  }

  @Test
  void aRequestRefusedForItsHeadersIsA400ThatDoesNotBlameTheAddress() {
    for (final String headers :
        List.of("Content-Length: abc\r\n", "Host: a\r\nHost: b\r\n", "Bad Header\r\n")) {
      final RawHttp answer = RawHttp.send(app.port(), "GET", "/v1/x", headers).assertProblem(400);
      assertFalse(answer.body().contains("%-escape"), headers + ": " + answer.body());
    }
  }
}
