package io.surgewatch.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.surgewatch.events.v1.Casualties;
import io.surgewatch.events.v1.Source;
import io.surgewatch.events.v1.SourceKind;
import java.util.Map;

/**
 * What a retraction need not say. A retraction takes its incident out of every count and counts
 * nothing of its own (only the day of the report it takes out is judged), so its figures and its
 * source are not needed; the Avro schema requires them of every incident, so a retraction that
 * leaves them out gets these: no one killed or injured, and a source named {@value #SOURCE_NAME}.
 * The one place those values are decided: the JSON form (the ingest API, NDJSON files) and ACLED's
 * deletions list take them from here.
 */
public final class RetractionDefaults {
  /** The source of a retraction that names none. */
  public static final String SOURCE_NAME = "not given";

  private RetractionDefaults() {}

  /** No one killed or injured. */
  public static Casualties none() {
    return new Casualties(0, 0, 0, 0, null, null);
  }

  /** The source of a retraction that names none. */
  public static Source source() {
    return new Source(SOURCE_NAME, null, SourceKind.OTHER);
  }

  /**
   * The JSON form of an incident with what a retraction leaves out filled in: {@code source},
   * {@code killed} and {@code injured}, where the object says {@code "retracted": true} and gives
   * them not (or as null). Anything else is returned as it is, so that a report that counts still
   * hears that they are required.
   */
  static JsonNode fill(final JsonNode incident) {
    if (!(incident instanceof ObjectNode object)
        || !object.path("retracted").isBoolean()
        || !object.path("retracted").booleanValue()) {
      return incident;
    }
    ObjectNode filled = null;
    for (final Map.Entry<String, ObjectNode> standard :
        Map.of(
                "source", EventJson.toTree(source()),
                "killed", EventJson.toTree(none()),
                "injured", EventJson.toTree(none()))
            .entrySet()) {
      final JsonNode given = object.get(standard.getKey());
      if (given == null || given.isNull()) {
        filled = filled == null ? object.deepCopy() : filled;
        filled.set(standard.getKey(), standard.getValue());
      }
    }
    return filled == null ? incident : filled;
  }
}
