package io.surgewatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.surgewatch.core.EventJson;
import io.surgewatch.core.Keys;
import io.surgewatch.core.SurgewatchConfig;
import io.surgewatch.core.Topics;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code topics create}, as compose's initialiser runs it against a cluster: the topics, and each
 * value subject's compatibility level in the registry, as demo and stack set them.
 */
class TopicsCreateTest {

  @Test
  @Timeout(120)
  void makesTheTopicsAndSetsEachSubjectsCompatibilityByItsRole() throws Exception {
    final String run = RunSettings.name("create");
    final Map<String, String> values = RunSettings.of(run);
    final Launcher.Run create = Launcher.run(RunSettings.args(values, "topics", "create"));
    assertEquals(0, create.exit(), create.out() + create.err());
    final SurgewatchConfig config = SurgewatchConfig.defaultsOnly().withAll(values);
    final HttpClient http = HttpClient.newHttpClient();
    for (final Topics.Topic<?> t : Topics.from(config).all()) {
      assertTrue(create.out().contains("topic ready: " + t.name()), create.out());
      final HttpResponse<String> level =
          http.send(
              HttpRequest.newBuilder(
                      URI.create(
                          config.get(Keys.SCHEMA_REGISTRY_URL)
                              + "/config/"
                              + URLEncoder.encode(t.valueSubject(), StandardCharsets.UTF_8)))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertEquals(200, level.statusCode(), t.valueSubject() + ": " + level.body());
      final JsonNode body = EventJson.MAPPER.readTree(level.body());
      assertEquals(
          t.role() == Topics.Role.INPUT ? "BACKWARD_TRANSITIVE" : "FULL_TRANSITIVE",
          body.path("compatibilityLevel").asText(),
          t.valueSubject());
    }
  }
}
