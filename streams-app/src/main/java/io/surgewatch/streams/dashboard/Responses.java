package io.surgewatch.streams.dashboard;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.surgewatch.core.EventJson;
import io.surgewatch.streams.query.Forwarder.Answer;

/** The two shapes the dashboard answers in: a query's JSON answer, and an RFC 9457 problem. */
final class Responses {
  private Responses() {}

  /**
   * A query's answer, as it came (perhaps from another instance); never cached, the figures move.
   */
  /**
   * Set on a response that carries a problem already, so the fallback for unknown paths (a 404
   * handler, which Javalin runs for any 404) leaves it as it is.
   */
  static final String PROBLEM = "surgewatch.problem";

  static void answer(final Context ctx, final Answer answer) {
    final boolean ok = answer.status() / 100 == 2;
    if (!ok) {
      ctx.attribute(PROBLEM, true); // another instance's problem, passed on as it said it
    }
    ctx.status(answer.status())
        .contentType(ok ? "application/json" : "application/problem+json")
        .header("Cache-Control", "no-store")
        .result(answer.body());
  }

  static void problem(
      final Context ctx, final int status, final String title, final String detail) {
    final ObjectNode body =
        EventJson.MAPPER
            .createObjectNode()
            .put("type", "about:blank")
            .put("title", title)
            .put("status", status)
            .put("detail", detail);
    ctx.attribute(PROBLEM, true);
    ctx.status(status).contentType("application/problem+json").result(body.toString());
  }
}
