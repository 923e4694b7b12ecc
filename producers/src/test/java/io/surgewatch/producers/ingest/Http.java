package io.surgewatch.producers.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.surgewatch.core.EventJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A tiny HTTP client for the tests. */
final class Http {
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private Http() {}

  static HttpResponse<String> post(
      final String url, final String contentType, final String body, final String token) {
    final HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(30))
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return send(request.build());
  }

  static HttpResponse<String> get(final String url) {
    return send(
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET().build());
  }

  static HttpResponse<String> send(final HttpRequest request) {
    try {
      return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (final IOException e) {
      throw new UncheckedIOException(e);
    } catch (final InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static JsonNode json(final HttpResponse<String> response) {
    try {
      return EventJson.MAPPER.readTree(response.body());
    } catch (final IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String incident(final String id, final String reportedAt) {
    return "{\"id\": \""
        + id
        + "\", \"reportedAt\": \""
        + reportedAt
        + "\", \"occurredOn\": \"2023-01-30\","
        + " \"country\": \"PK\", \"region\": \"KP\", \"groups\": [{\"name\": \"TTP\", \"attribution\": \"CLAIMED\"}],"
        + " \"eventType\": \"SUICIDE_BOMBING\", \"killed\": {\"securityForces\": 83}, \"injured\": {\"unknown\": 220},"
        + " \"source\": {\"name\": \"Peshawar Police\"}}";
  }

  static String statement(final String id) {
    return "{\"type\": \"statement\", \"id\": \""
        + id
        + "\", \"madeAt\": \"2023-01-04T17:00:00Z\","
        + " \"speaker\": {\"name\": \"Ned Price\", \"country\": \"US\"}, \"kind\": \"ACCUSATION\","
        + " \"quote\": \"The Taliban had not lived up to that commitment.\","
        + " \"about\": {\"countries\": [\"AF\", \"PK\"], \"groups\": [\"TTP\"]}, \"source\": {\"name\": \"The Media Line\"}}";
  }
}
