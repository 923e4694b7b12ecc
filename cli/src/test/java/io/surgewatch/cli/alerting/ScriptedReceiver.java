package io.surgewatch.cli.alerting;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A webhook receiver on 127.0.0.1 that answers each attempt as a script says, and records every
 * attempt.
 */
final class ScriptedReceiver implements AutoCloseable {

  /**
   * How to answer: a status (with an optional Retry-After), or {@link #DROP} to close the
   * connection unanswered.
   */
  record Answer(int status, String retryAfter, String body) {
    static Answer of(final int status) {
      return new Answer(status, null, "");
    }
  }

  static final Answer DROP = new Answer(-1, null, null);

  /** Decides the answer from the Idempotency-Key and the 1-based attempt number for that key. */
  @FunctionalInterface
  interface Script {
    Answer answer(String idempotencyKey, int attempt);
  }

  /** One request as received, with whatever the test's probe observed at that moment. */
  record Attempt(
      String key,
      int number,
      long nanos,
      int status,
      Map<String, List<String>> headers,
      String body,
      Object probe) {}

  private final HttpServer server;
  private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
  private final List<Attempt> attempts = new ArrayList<>();
  private final Function<String, Object> probe;

  ScriptedReceiver(final Script script, final Function<String, Object> probe) throws IOException {
    this.probe = probe;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/hook", exchange -> handle(exchange, script));
    server.setExecutor(Executors.newSingleThreadExecutor());
    server.start();
  }

  URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
  }

  private void handle(final HttpExchange exchange, final Script script) throws IOException {
    final String body =
        new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    final String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
    final int n =
        counts.computeIfAbsent(String.valueOf(key), k -> new AtomicInteger()).incrementAndGet();
    final Object observed = probe == null ? null : probe.apply(key);
    final Answer answer = script.answer(key, n);
    synchronized (attempts) {
      attempts.add(
          new Attempt(
              key,
              n,
              System.nanoTime(),
              answer.status(),
              Map.copyOf(exchange.getRequestHeaders()),
              body,
              observed));
    }
    if (answer.status() < 0) {
      exchange.close(); // no response headers sent: the server drops the connection
      return;
    }
    if (answer.retryAfter() != null) {
      exchange.getResponseHeaders().set("Retry-After", answer.retryAfter());
    }
    final byte[] out =
        answer.body() == null ? new byte[0] : answer.body().getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(answer.status(), out.length == 0 ? -1 : out.length);
    if (out.length > 0) {
      exchange.getResponseBody().write(out);
    }
    exchange.close();
  }

  List<Attempt> attempts() {
    synchronized (attempts) {
      return List.copyOf(attempts);
    }
  }

  List<Attempt> attemptsFor(final String key) {
    return attempts().stream().filter(a -> key.equals(a.key())).toList();
  }

  List<Attempt> successes() {
    return attempts().stream().filter(a -> a.status() >= 200 && a.status() < 300).toList();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
