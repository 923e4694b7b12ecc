package io.surgewatch.streams.dashboard;

import io.javalin.http.Context;
import io.surgewatch.http.Problems;
import io.surgewatch.streams.query.Forwarder.Answer;
import java.nio.charset.StandardCharsets;

/** The two shapes the dashboard answers in: a query's JSON answer, and an RFC 9457 problem. */
final class Responses {
  private Responses() {}

  /**
   * Set on a response that carries a problem already, so the fallback for unknown paths (a 404
   * handler, which Javalin runs for any 404) leaves it as it is.
   */
  static final String PROBLEM = "surgewatch.problem";

  /**
   * A query's answer, as it came (perhaps from another instance); never cached, the figures move.
   */
  static void answer(final Context ctx, final Answer answer) {
    final boolean ok = answer.status() / 100 == 2;
    if (!ok) {
      ctx.attribute(PROBLEM, true); // another instance's problem, passed on as it said it
    }
    if (answer.status() == 503) {
      // The other instance is restoring or moving the data: worth asking again, as for a local
      // 503 (the forwarded answer carries the body, not the other instance's headers).
      ctx.header("Retry-After", DashboardServer.RETRY_AFTER_SECONDS);
    }
    ctx.status(answer.status())
        .contentType(ok ? "application/json" : Problems.CONTENT_TYPE)
        .header("Cache-Control", "no-store")
        .result(answer.body().getBytes(StandardCharsets.UTF_8)); // as Problems#send says why
  }

  /** A problem of the kind {@code kind} ({@link Problems#of}). */
  static void problem(
      final Context ctx,
      final int status,
      final String kind,
      final String title,
      final String detail) {
    ctx.attribute(PROBLEM, true);
    Problems.send(ctx, Problems.of(status, kind, title, detail));
  }
}
