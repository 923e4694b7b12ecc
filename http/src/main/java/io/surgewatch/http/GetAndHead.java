package io.surgewatch.http;

import io.javalin.Javalin;
import io.javalin.http.Handler;

/**
 * A GET route that answers HEAD as GET would: the same handler, so the same status and headers
 * (Content-Type, Content-Length), and Jetty sends no body for a HEAD. Javalin 6 answers HEAD on a
 * GET route by itself with an empty {@code 200 text/plain}, never running the handler (a probe then
 * saw a health check UP that was down), and has no setting to run it: so both are registered.
 */
public final class GetAndHead {
  private GetAndHead() {}

  public static void route(final Javalin app, final String path, final Handler handler) {
    app.get(path, handler);
    app.head(path, handler);
  }
}
