package io.surgewatch.streams.query;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.surgewatch.core.EventJson;

/**
 * A cube key as the query answers name it: {@code country}, {@code region} and {@code group}
 * fields.
 */
final class CubeKeyJson {
  private CubeKeyJson() {}

  static ObjectNode of(final CubeKey key) {
    return EventJson.MAPPER
        .createObjectNode()
        .put("country", key.country())
        .put("region", key.region())
        .put("group", key.group());
  }
}
