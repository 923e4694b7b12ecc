package io.surgewatch.serde;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLContext;

/**
 * A scripted HTTP server on 127.0.0.1: each path answers its queued responses in turn, the last one
 * repeatedly.
 */
final class FakeRegistryServer implements AutoCloseable {
  record Request(String method, String path, Map<String, List<String>> headers, String body) {
    String header(final String name) {
      return headers.entrySet().stream()
          .filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(e -> e.getValue().get(0))
          .findFirst()
          .orElse(null);
    }
  }

  record Response(int status, String body) {}

  private final HttpServer server;
  private final Map<String, Deque<Response>> script = new ConcurrentHashMap<>();
  final List<Request> requests = new CopyOnWriteArrayList<>();

  FakeRegistryServer() {
    this(null);
  }

  /** Over TLS with {@code tls}'s certificate when it is given. */
  FakeRegistryServer(final SSLContext tls) {
    try {
      final InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
      if (tls == null) {
        server = HttpServer.create(loopback, 0);
      } else {
        final HttpsServer https = HttpsServer.create(loopback, 0);
        https.setHttpsConfigurator(new HttpsConfigurator(tls));
        server = https;
      }
    } catch (final IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext(
        "/",
        exchange -> {
          final String path = exchange.getRequestURI().getRawPath();
          requests.add(
              new Request(
                  exchange.getRequestMethod(),
                  path,
                  Map.copyOf(exchange.getRequestHeaders()),
                  new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
          final Deque<Response> queue = script.get(path);
          final Response response =
              queue == null
                  ? new Response(404, "{\"error_code\":40400,\"message\":\"no script\"}")
                  : queue.size() > 1 ? queue.poll() : queue.peek();
          final byte[] body = response.body().getBytes(StandardCharsets.UTF_8);
          exchange
              .getResponseHeaders()
              .set("Content-Type", "application/vnd.schemaregistry.v1+json");
          exchange.sendResponseHeaders(response.status(), body.length == 0 ? -1 : body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
  }

  FakeRegistryServer on(final String path, final int status, final String body) {
    script.computeIfAbsent(path, p -> new ArrayDeque<>()).add(new Response(status, body));
    return this;
  }

  String url() {
    return (server instanceof HttpsServer ? "https" : "http")
        + "://127.0.0.1:"
        + server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
