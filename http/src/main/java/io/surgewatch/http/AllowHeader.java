package io.surgewatch.http;

import io.javalin.Javalin;
import io.javalin.http.MethodNotAllowedResponse;

/**
 * A {@code 405} says which methods the address takes, in {@code Allow} (RFC 9110 requires it), as
 * Javalin found them among the routes of that path ({@code HEAD /v1/incidents}: {@code POST}). The
 * server's own 405 error handler still writes the body.
 */
final class AllowHeader {
  private AllowHeader() {}

  /** Needs {@code prefer405over404}: without it Javalin answers a wrong method with a 404. */
  static void install(final Javalin app) {
    app.exception(
        MethodNotAllowedResponse.class,
        (e, ctx) -> {
          // Javalin's only detail is the methods of the path, "GET, HEAD" (its key depends on
          // whether the client accepts HTML).
          ctx.header("Allow", String.join(", ", e.getDetails().values()));
          ctx.status(405);
        });
  }
}
