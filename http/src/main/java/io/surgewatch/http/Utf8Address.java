package io.surgewatch.http;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Refuses an address whose %-escapes are not UTF-8 ({@code /api/v1/incidents/%C3}, a Latin-1 {@code
 * S%E9gou}) as the 400 problem an address that cannot be read is. Jetty refuses a malformed escape
 * ({@code %zz}) itself, but decodes bytes that are no UTF-8 to U+FFFD, so such a request went on to
 * ask for {@code "S?gou"} and answered 404 for a name nobody wrote.
 */
final class Utf8Address implements Handler {

  @Override
  public void handle(final Context ctx) {
    String bad = notUtf8(ctx.req().getRequestURI());
    if (bad == null && ctx.req().getQueryString() != null) {
      bad = notUtf8(ctx.req().getQueryString());
    }
    if (bad != null) {
      Problems.send(
          ctx,
          Problems.ofStatus(
              400,
              "the request's address could not be read: its %-escapes "
                  + bad
                  + " are not UTF-8 (encode names in UTF-8: Ségou is S%C3%A9gou)"));
      ctx.skipRemainingHandlers();
    }
  }

  /** The escapes of {@code raw} that do not decode as UTF-8, or null when they all do. */
  static String notUtf8(final String raw) {
    if (raw.indexOf('%') < 0) {
      return null;
    }
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
    final StringBuilder escapes = new StringBuilder();
    for (int i = 0; i < raw.length(); i++) {
      final char c = raw.charAt(i);
      final int hi = i + 2 < raw.length() ? Character.digit(raw.charAt(i + 1), 16) : -1;
      final int lo = i + 2 < raw.length() ? Character.digit(raw.charAt(i + 2), 16) : -1;
      if (c == '%' && hi >= 0 && lo >= 0) {
        bytes.write(hi * 16 + lo);
        escapes.append(raw, i, i + 3);
        i += 2;
      } else {
        final byte[] literal = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        bytes.write(literal, 0, literal.length);
      }
    }
    try {
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes.toByteArray()));
      return null;
    } catch (final CharacterCodingException e) {
      return escapes.toString();
    }
  }
}
