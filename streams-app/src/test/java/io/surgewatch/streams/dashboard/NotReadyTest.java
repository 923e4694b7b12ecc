package io.surgewatch.streams.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.surgewatch.core.Keys;
import io.surgewatch.core.SurgewatchConfig;
import io.surgewatch.stack.SharedTestStack;
import io.surgewatch.streams.app.StreamsApp;
import io.surgewatch.streams.topology.SurgewatchTopology;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;

/**
 * Before the streams app runs, queries answer 503 with Retry-After (after the retry budget), and
 * health says DOWN.
 */
class NotReadyTest {
  @Test
  void queriesAre503UntilTheStoresAreQueryable() throws Exception {
    final SurgewatchConfig config =
        SurgewatchConfig.defaultsOnly()
            .withAll(
                Map.of(
                    Keys.BOOTSTRAP_SERVERS, SharedTestStack.get().bootstrapServers(),
                    Keys.SCHEMA_REGISTRY_URL, SharedTestStack.get().registryUrl(),
                    Keys.APPLICATION_ID, "not-ready-" + UUID.randomUUID(),
                    Keys.STATE_DIR, SharedTestStack.newDirectory("surgewatch-not-ready").toString(),
                    Keys.DASHBOARD_PORT, "0"));
    try (KafkaStreams streams =
            new KafkaStreams(SurgewatchTopology.build(config), StreamsApp.properties(config));
        DashboardServer server = DashboardServer.start(config, streams)) {
      final HttpResponse<String> keys = get(server, "/api/v1/keys");
      assertEquals(503, keys.statusCode(), keys.body());
      assertEquals(
          DashboardServer.RETRY_AFTER_SECONDS,
          keys.headers().firstValue("Retry-After").orElse(null));
      // Answered at all: the router gave up once its retry budget was spent, saying why.
      assertTrue(keys.body().contains("stores not queryable yet (CREATED)"), keys.body());
      assertEquals(503, get(server, "/api/v1/counts?country=PK").statusCode());
      assertEquals(503, get(server, "/health/ready").statusCode());
      assertEquals(503, get(server, "/health/live").statusCode());
    }
  }

  private static HttpResponse<String> get(final DashboardServer server, final String path)
      throws Exception {
    return TestApp.HTTP.send(
        HttpRequest.newBuilder(URI.create(server.url() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
