package io.surgewatch.streams.dashboard;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The API's bearer token ({@code api.token}), checked before every {@code /api/*} handler: {@code
 * Authorization: Bearer <token>}, or for the event stream also {@code ?access_token=} (RFC 6750),
 * because browsers' EventSource cannot send headers. Without a token everything is open.
 */
final class BearerAuth implements Handler {
  private final byte[] token;

  /**
   * @param token the configured token, or null for none
   */
  BearerAuth(final String token) {
    this.token = token == null ? null : token.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void handle(final Context ctx) {
    if (token == null) {
      return;
    }
    final String header = ctx.header("Authorization");
    String given =
        header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
            ? header.substring(7).trim()
            : null;
    if (given == null && ctx.path().equals(EventStream.PATH)) {
      given = ctx.queryParam("access_token");
    }
    // MessageDigest.isEqual takes the same time wherever the first difference is.
    if (!MessageDigest.isEqual(
        given == null ? new byte[0] : given.getBytes(StandardCharsets.UTF_8), token)) {
      ctx.header("WWW-Authenticate", "Bearer realm=\"surgewatch\"");
      Responses.problem(
          ctx, 401, "Unauthorized", given == null ? "missing bearer token" : "wrong bearer token");
      ctx.skipRemainingHandlers();
    }
  }
}
