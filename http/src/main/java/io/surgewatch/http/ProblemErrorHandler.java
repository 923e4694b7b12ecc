package io.surgewatch.http;

import io.javalin.config.JavalinConfig;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.ErrorHandler;

/**
 * Jetty's own answers, to requests it refuses before the app sees them (an address with a malformed
 * escape, {@code /v1/%zz} or {@code /api/v1/alerts/PK%ZZ}): {@code application/problem+json} (RFC
 * 9457), as every other error of the APIs, instead of Jetty's HTML page. Every server of {@link
 * HttpServers} has it, so they answer such requests alike.
 */
final class ProblemErrorHandler extends ErrorHandler {
  /** Makes the server of {@code cfg} answer its own refusals with this handler. */
  static void install(final JavalinConfig cfg) {
    cfg.jetty.modifyServer(server -> server.setErrorHandler(new ProblemErrorHandler()));
  }

  /** A request Jetty could not parse (its address, its headers): answered before any handler. */
  @Override
  public ByteBuffer badMessageError(
      final int status, final String reason, final HttpFields.Mutable fields) {
    fields.put(HttpHeader.CONTENT_TYPE, Problems.CONTENT_TYPE);
    return ByteBuffer.wrap(body(status, reason).getBytes(StandardCharsets.UTF_8));
  }

  /** An error Jetty answers itself after parsing (a request the servlet never saw). */
  @Override
  protected void generateAcceptableResponse(
      final Request baseRequest,
      final HttpServletRequest request,
      final HttpServletResponse response,
      final int code,
      final String message)
      throws IOException {
    baseRequest.setHandled(true);
    response.setContentType(Problems.CONTENT_TYPE);
    response.getOutputStream().write(body(code, message).getBytes(StandardCharsets.UTF_8));
  }

  static String body(final int status, final String reason) {
    final String title = HttpStatus.getMessage(status);
    final String said = reason == null || reason.isBlank() ? title : reason;
    return Problems.ofStatus(
            status,
            // Jetty's reason for an address it cannot read is terse ("Bad URI"): say what usually
            // causes that here. Its other refusals name their header ("Invalid Content-Length
            // Value") and get no such hint.
            status == 400 && aboutTheAddress(said)
                ? said + ": the request's address could not be read (a malformed %-escape?)"
                : said)
        .toString();
  }

  private static boolean aboutTheAddress(final String reason) {
    return reason.toLowerCase(Locale.ROOT).contains("uri")
        || reason.equals(HttpStatus.getMessage(400));
  }
}
