package io.surgewatch.streams.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.surgewatch.core.CubeKey;
import io.surgewatch.core.EventJson;
import java.util.Comparator;

/**
 * A cube key as the query answers name it: {@code country}, {@code region} and {@code group}
 * fields.
 */
final class CubeKeyJson {
  /** Rows of an answer in the order of their keys' ids ({@code country|region|group}). */
  static final Comparator<JsonNode> BY_KEY = Comparator.comparing(n -> key(n).id());

  private CubeKeyJson() {}

  /** The key whose fields {@code node} has. */
  static CubeKey key(final JsonNode node) {
    return new CubeKey(
        node.get("country").asText(), node.get("region").asText(), node.get("group").asText());
  }

  static ObjectNode of(final CubeKey key) {
    return EventJson.MAPPER
        .createObjectNode()
        .put("country", key.country())
        .put("region", key.region())
        .put("group", key.group());
  }
}
