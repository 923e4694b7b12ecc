package io.surgewatch.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * A request sent as written, which no HTTP client would send (an address with a malformed escape),
 * and its answer as it came. Shared with the apps' server tests (this module's test-jar).
 */
public record RawHttp(String method, String statusLine, String head, String body) {

  public static RawHttp send(final int port, final String method, final String target) {
    return send(port, method, target, "");
  }

  /**
   * @param headers more header lines, each ending in CRLF
   */
  public static RawHttp send(
      final int port, final String method, final String target, final String headers) {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      socket
          .getOutputStream()
          .write(
              (method
                      + " "
                      + target
                      + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                      + headers
                      + "\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
      final String answer =
          new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      final int end = answer.indexOf("\r\n\r\n");
      final String head = end < 0 ? answer : answer.substring(0, end);
      return new RawHttp(
          method,
          head.lines().findFirst().orElse(""),
          head,
          end < 0 ? "" : answer.substring(end + 4));
    } catch (final IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public int status() {
    return Integer.parseInt(statusLine.split(" ")[1]);
  }

  /**
   * Asserts that this is an RFC 9457 problem of {@code status}, whose body (a HEAD has none) says
   * that status.
   */
  public RawHttp assertProblem(final int status) {
    assertEquals(status, status(), this::toString);
    assertEquals(Problems.CONTENT_TYPE, header("Content-Type").orElse(""), this::toString);
    assertTrue(
        "HEAD".equals(method)
            ? body.isEmpty()
            : body.contains("\"status\":" + status)
                && body.contains("\"type\":\"" + Problems.TYPE_BASE),
        this::toString);
    return this;
  }

  public Optional<String> header(final String name) {
    final String prefix = name.toLowerCase(Locale.ROOT) + ":";
    return head.lines()
        .filter(l -> l.toLowerCase(Locale.ROOT).startsWith(prefix))
        .map(l -> l.substring(prefix.length()).trim())
        .findFirst();
  }
}
