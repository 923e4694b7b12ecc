package io.surgewatch.streams.query;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
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
}
