package io.surgewatch.streams.dashboard;

import io.surgewatch.core.EventJson;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.ErrorHandler;

/**
 * Jetty's own answers, to requests it refuses before the app sees them (an address with a malformed
 * escape, {@code /api/v1/alerts/PK%ZZ}): {@code application/problem+json}, as every other error of
 * the API, instead of Jetty's HTML page.
 */
final class ProblemErrorHandler extends ErrorHandler {

  @Override
  public ByteBuffer badMessageError(
      final int status, final String reason, final HttpFields.Mutable fields) {
    fields.put(HttpHeader.CONTENT_TYPE, "application/problem+json");
    return ByteBuffer.wrap(body(status, reason).getBytes(StandardCharsets.UTF_8));
  }

  @Override
  protected void generateAcceptableResponse(
      final Request baseRequest,
      final HttpServletRequest request,
      final HttpServletResponse response,
      final int code,
      final String message)
      throws IOException {
    baseRequest.setHandled(true);
    response.setContentType("application/problem+json");
    response.getOutputStream().write(body(code, message).getBytes(StandardCharsets.UTF_8));
  }

  private static String body(final int status, final String reason) {
    return EventJson.MAPPER
        .createObjectNode()
        .put("type", "about:blank")
        .put("title", status == 400 ? "Bad request" : "Error")
        .put("status", status)
        .put(
            "detail",
            (reason == null ? "" : reason + ": ")
                + "the request's address could not be read (a malformed %-escape?)")
        .toString();
  }
}
