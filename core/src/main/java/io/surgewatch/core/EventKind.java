package io.surgewatch.core;

import com.fasterxml.jackson.databind.JsonNode;
import io.surgewatch.events.v1.IncidentEvent;
import io.surgewatch.events.v1.StatementEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.avro.Schema;

/**
 * Which event a JSON object is: {@code "type": "statement"} marks a statement, anything else is an
 * incident (the CONTRACT's rule, for every reader of the JSON form). An object read as an incident
 * that has a statement's fields and none of an incident's is a statement whose {@code type} is
 * wrong ({@code "Statement"}, or left out): its error names {@code type}, not every incident field
 * it lacks.
 */
public final class EventKind {

  /** The {@code type} of a statement. */
  public static final String STATEMENT = "statement";

  private static final Set<String> STATEMENT_ONLY =
      only(StatementEvent.getClassSchema(), IncidentEvent.getClassSchema());
  private static final Set<String> INCIDENT_ONLY =
      only(IncidentEvent.getClassSchema(), StatementEvent.getClassSchema());

  private EventKind() {}

  public static boolean isStatement(final JsonNode node) {
    return node != null && STATEMENT.equals(node.path("type").asText(null));
  }

  /**
   * For an object that is not marked a statement but has a statement's fields and no incident's,
   * the error that says so; empty otherwise.
   */
  public static Optional<FieldError> misspeltStatement(final JsonNode node) {
    if (node == null || !node.isObject() || isStatement(node)) {
      return Optional.empty();
    }
    final List<String> statementFields = new ArrayList<>();
    final var names = node.fieldNames();
    while (names.hasNext()) {
      final String name = names.next();
      if (INCIDENT_ONLY.contains(name)) {
        return Optional.empty();
      }
      if (STATEMENT_ONLY.contains(name)) {
        statementFields.add(name);
      }
    }
    if (statementFields.isEmpty()) {
      return Optional.empty();
    }
    final JsonNode type = node.path("type");
    final String fields =
        "read as an incident, though it has a statement's fields ("
            + String.join(", ", statementFields)
            + ") and none of an incident's";
    return Optional.of(
        new FieldError(
            "type",
            type.isMissingNode() || type.isNull()
                ? "no \"type\": " + fields + "; mark a statement \"type\": \"statement\""
                : "\"type\": "
                    + type
                    + " is not \"statement\" (in lower case), which marks a statement: "
                    + fields));
  }

  private static Set<String> only(final Schema of, final Schema notIn) {
    return of.getFields().stream()
        .map(Schema.Field::name)
        .filter(name -> notIn.getField(name) == null)
        .collect(Collectors.toUnmodifiableSet());
  }
}
