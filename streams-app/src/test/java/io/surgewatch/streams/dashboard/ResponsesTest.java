package io.surgewatch.streams.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.javalin.Javalin;
import io.surgewatch.streams.query.Forwarder.Answer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** An answer passed on from the instance that holds the data keeps what a client acts on. */
class ResponsesTest {

  @Test
  void a503PassedOnFromAnotherInstanceSaysWhenToAskAgainAsALocalOneDoes() throws Exception {
    final Javalin app =
        Javalin.create()
            .get("/restoring", ctx -> Responses.answer(ctx, new Answer(503, "{}")))
            .get("/missing", ctx -> Responses.answer(ctx, new Answer(404, "{}")))
            .start("127.0.0.1", 0);
    try {
      final HttpClient http = HttpClient.newHttpClient();
      final String base = "http://127.0.0.1:" + app.port();
      final HttpResponse<String> restoring =
          http.send(
              HttpRequest.newBuilder(URI.create(base + "/restoring")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertEquals(503, restoring.statusCode());
      assertEquals(
          DashboardServer.RETRY_AFTER_SECONDS,
          restoring.headers().firstValue("Retry-After").orElse(null));
      final HttpResponse<String> missing =
          http.send(
              HttpRequest.newBuilder(URI.create(base + "/missing")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertEquals(404, missing.statusCode());
      assertTrue(missing.headers().firstValue("Retry-After").isEmpty());
    } finally {
      app.stop();
    }
  }
}
