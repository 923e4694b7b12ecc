package io.surgewatch.producers.ingest;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The API token ({@code api.token}), when one is configured: a request without {@code
 * Authorization: Bearer <token>} is a {@code 401} and goes no further.
 */
final class BearerAuth implements Handler {
  private final byte[] token;

  /**
   * @param token null for none: every request passes
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
    final byte[] given =
        header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
            ? header.substring(7).trim().getBytes(StandardCharsets.UTF_8)
            : new byte[0];
    // Constant time in the token's content (MessageDigest.isEqual does not stop at the first
    // difference).
    if (!MessageDigest.isEqual(given, token)) {
      ctx.header("WWW-Authenticate", "Bearer realm=\"surgewatch\"");
      ProblemResponse.send(
          ctx,
          Problem.of(
              401,
              "unauthorized",
              "Unauthorized",
              header == null ? "missing bearer token" : "wrong bearer token"));
      ctx.skipRemainingHandlers();
    }
  }
}
