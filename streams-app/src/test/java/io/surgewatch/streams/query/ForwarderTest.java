package io.surgewatch.streams.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.Test;

/** A request passed on to the instance that owns its key reaches it as the client sent it. */
class ForwarderTest {

  @Test
  void whatAClientTypesUnencodedIsEncodedForTheOwner() {
    assertEquals(
        "/api/v1/counts/current?key=KE%7C*%7C*",
        Forwarder.uriSafe("/api/v1/counts/current?key=KE|*|*"), "curl -g, a browser's address bar");
    assertEquals(
        "/api/v1/counts?country=PK&group=%22Jama'atu%22%20X&region=C%C3%B4te",
        Forwarder.uriSafe("/api/v1/counts?country=PK&group=\"Jama'atu\" X&region=Côte"));
    assertEquals(
        "/api/v1/alerts/PK%7C*%7C*%7Ckilled%7C2023-01-30%5B%5D",
        Forwarder.uriSafe("/api/v1/alerts/PK|*|*|killed|2023-01-30[]"));
  }

  @Test
  void escapesTheClientSentStayAsTheyWere() {
    final String sent = "/api/v1/alerts/PK%7C*%7C*%7Ckilled%7C2023-01-30/drivers?at=2023-02-01";
    assertEquals(sent, Forwarder.uriSafe(sent));
    URI.create("http://127.0.0.1:8080" + Forwarder.uriSafe("/x?key=a|b\"c d^e`f{g}h<i>j\\k"));
  }

  @Test
  void anInstanceThatStopsAnsweringIsLoggedOnceAndItsReturnOnce() throws Exception {
    final List<String> warned = new ArrayList<>();
    final List<String> told = new ArrayList<>();
    final Forwarder forwarder = new Forwarder(() -> 0L, warned::add, told::add);
    HttpServer peer = peer(0);
    final HostInfo host = new HostInfo("127.0.0.1", peer.getAddress().getPort());
    final Forwarder.Hop hop = new Forwarder.Hop("/api/v1/keys", null, false);
    assertEquals(200, forwarder.get(host, hop).status());
    peer.stop(0);

    assertThrows(NotReadyException.class, () -> forwarder.get(host, hop));
    assertThrows(NotReadyException.class, () -> forwarder.get(host, hop));
    assertEquals(1, warned.size(), "told once, not at every query: " + warned);
    assertTrue(
        warned
            .get(0)
            .startsWith(
                "instance 127.0.0.1:" + host.port() + " (application.server) does not answer"),
        warned.get(0));
    assertTrue(warned.get(0).contains("answer 503 with Retry-After"), warned.get(0));
    assertEquals(List.of(), told);

    peer = peer(host.port());
    try {
      assertEquals(200, forwarder.get(host, hop).status());
      assertEquals(200, forwarder.get(host, hop).status());
    } finally {
      peer.stop(0);
    }
    assertEquals(1, told.size(), told::toString);
    assertTrue(told.get(0).contains(" answers again"), told.get(0));
  }

  /** An instance's query API that answers every request with 200 and an empty object. */
  private static HttpServer peer(final int port) throws Exception {
    final HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
    server.createContext(
        "/",
        exchange -> {
          final byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
    return server;
  }
}
