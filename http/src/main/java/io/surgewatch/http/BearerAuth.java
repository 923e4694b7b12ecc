package io.surgewatch.http;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The API token ({@code api.token}), when one is configured: a request without {@code
 * Authorization: Bearer <token>} is a {@code 401} problem and goes no further. Where {@code
 * queryTokenPath} is the request's path, {@code ?access_token=} (RFC 6750) is taken too: browsers'
 * EventSource cannot send headers.
 */
public final class BearerAuth implements Handler {
  private final byte[] token;
  private final String queryTokenPath;

  /**
   * @param token null for none: every request passes
   * @param queryTokenPath the one path that also takes the token as a query parameter, or null
   */
  public BearerAuth(final String token, final String queryTokenPath) {
    this.token = token == null ? null : token.getBytes(StandardCharsets.UTF_8);
    this.queryTokenPath = queryTokenPath;
  }

  @Override
  public void handle(final Context ctx) {
    // A browser's CORS preflight never carries credentials (Fetch standard): refused, it would
    // stop every cross-origin page that sends the token. It reads nothing; the request after it is
    // checked.
    if (token == null
        || ctx.method() == HandlerType.OPTIONS
            && ctx.header("Access-Control-Request-Method") != null) {
      return;
    }
    final String header = ctx.header("Authorization");
    String given =
        header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
            ? header.substring(7).trim()
            : null;
    if (given == null && ctx.path().equals(queryTokenPath)) {
      given = ctx.queryParam("access_token");
    }
    // Constant time in the token's content (MessageDigest.isEqual does not stop at the first
    // difference).
    if (!MessageDigest.isEqual(
        given == null ? new byte[0] : given.getBytes(StandardCharsets.UTF_8), token)) {
      ctx.header("WWW-Authenticate", "Bearer realm=\"surgewatch\"");
      Problems.send(
          ctx,
          Problems.of(
              401,
              "unauthorized",
              "Unauthorized",
              given == null ? "missing bearer token" : "wrong bearer token"));
      ctx.skipRemainingHandlers();
    }
  }
}
