package io.surgewatch.producers.ingest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;

/**
 * Answers a request with a {@link Problem}: its status, {@code application/problem+json}, the
 * problem as body.
 */
final class ProblemResponse {
  private ProblemResponse() {}

  static void send(final Context ctx, final ObjectNode problem) {
    final int status = problem.path("status").asInt(500);
    if (status == 401 || status == 413 || status == 415) {
      // The body may be left unread: close the connection rather than risk it being taken for the
      // next request.
      ctx.header("Connection", "close");
    }
    ctx.status(status).contentType(Problem.CONTENT_TYPE).result(problem.toString());
  }
}
