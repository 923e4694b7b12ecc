package io.surgewatch.producers.ingest;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.surgewatch.core.EventJson;

/** RFC 9457 problem details ({@code application/problem+json}). */
final class Problem {
  static final String CONTENT_TYPE = "application/problem+json";
  private static final String BASE = "https://surgewatch.io/problems/";

  private Problem() {}

  static ObjectNode of(
      final int status, final String type, final String title, final String detail) {
    final ObjectNode node = EventJson.MAPPER.createObjectNode();
    node.put("type", BASE + type);
    node.put("title", title);
    node.put("status", status);
    node.put("detail", detail);
    return node;
  }

  static ArrayNode errors(final ObjectNode problem) {
    return problem.putArray("errors");
  }
}
