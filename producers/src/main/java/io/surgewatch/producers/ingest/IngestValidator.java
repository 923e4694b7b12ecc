package io.surgewatch.producers.ingest;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.surgewatch.core.EventJson;
import io.surgewatch.core.EventKind;
import io.surgewatch.core.EventPreparer;
import io.surgewatch.core.EventTypes;
import io.surgewatch.core.FieldError;
import io.surgewatch.core.InvalidEventException;
import io.surgewatch.core.Keys;
import io.surgewatch.core.RecordSizeLimit;
import io.surgewatch.core.StatementTaking;
import io.surgewatch.events.v1.IncidentEvent;
import io.surgewatch.events.v1.StatementEvent;
import io.surgewatch.producers.StatementChecks;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;

/**
 * Every record of a request checked before any is published: a JSON object, of the endpoint's type,
 * that reads as the event ({@link EventJson}) and passes the {@link EventPreparer} (canonicalised
 * and validated as the file readers' records are). An incident also learns what a {@code 202} will
 * say of it ({@link IngestWarnings}), and a statement what the request itself shows ({@link
 * StatementChecks}); with {@code ingest.unknown-names=reject} a name the service does not know is
 * an error instead.
 */
final class IngestValidator {
  private final EventPreparer preparer;
  private final IngestWarnings warnings;
  private final RecordSizeLimit sizeLimit;

  /**
   * The records that passed, prepared for publishing and in request order, each with what a 202
   * says of it.
   */
  record Valid<T>(List<T> events, List<List<IngestWarnings.Warning>> warnings) {}

  /**
   * @param sizeLimit the largest record the publisher sends: a larger one is a {@code 400} naming
   *     its largest field, before anything of the request is published
   */
  IngestValidator(
      final EventPreparer preparer,
      final IngestWarnings warnings,
      final RecordSizeLimit sizeLimit) {
    this.preparer = preparer;
    this.warnings = warnings;
    this.sizeLimit = sizeLimit;
  }

  /**
   * Checks every item; each error goes to {@code errors} with the item's place. Only when none was
   * added are the events all of the request.
   */
  <T extends SpecificRecord> Valid<T> validate(
      final List<RequestBody.Item> items, final Class<T> type, final ArrayNode errors) {
    final List<T> events = new ArrayList<>(items.size());
    final List<List<IngestWarnings.Warning>> said = new ArrayList<>(items.size());
    final IngestWarnings.Request checks = type == IncidentEvent.class ? warnings.request() : null;
    final StatementChecks statementChecks = new StatementChecks();
    for (final RequestBody.Item item : items) {
      try {
        final List<IngestWarnings.Warning> found = new ArrayList<>();
        events.add(prepare(item, type, checks, statementChecks, found));
        said.add(found);
      } catch (final InvalidEventException e) {
        for (final FieldError error : e.errors()) {
          final ObjectNode node = item.locate(errors.addObject());
          if (error.field() == null) {
            node.putNull("field");
          } else {
            node.put("field", error.field());
          }
          node.put("message", error.message());
        }
      }
    }
    return new Valid<>(events, said);
  }

  /** One record as it will be published; its warnings go to {@code found}. */
  private <T extends SpecificRecord> T prepare(
      final RequestBody.Item item,
      final Class<T> type,
      final IngestWarnings.Request checks,
      final StatementChecks statementChecks,
      final List<IngestWarnings.Warning> found) {
    if (!item.node().isObject()) {
      throw new InvalidEventException(List.of(new FieldError(null, "expected a JSON object")));
    }
    final boolean statement = EventKind.isStatement(item.node());
    final Optional<FieldError> misspelt = EventKind.misspeltStatement(item.node());
    if (misspelt.isPresent()) {
      throw new InvalidEventException(List.of(misspelt.get()));
    }
    if (statement != (type == StatementEvent.class)) {
      throw new InvalidEventException(
          List.of(
              new FieldError(
                  "type",
                  statement
                      ? "a statement was sent to /v1/incidents: post it to /v1/statements"
                      : "an incident was sent to /v1/statements: post it to /v1/incidents, or mark it \"type\": \"statement\"")));
    }
    final T parsed = preparer.whole(EventJson.partial(item.node(), type));
    final SpecificRecord prepared;
    final InvalidEventException tooLarge;
    if (parsed instanceof IncidentEvent incident) {
      final IncidentEvent event = canonicalType(preparer.incident(incident));
      tooLarge = sizeLimit.check(event.getId(), event, null); // published without headers
      if (tooLarge == null) {
        found.addAll(checks.check(incident, event));
      }
      prepared = event;
    } else {
      final StatementEvent sent = preparer.statement((StatementEvent) parsed);
      tooLarge = sizeLimit.check(sent.getId(), sent, null);
      if (tooLarge == null) {
        for (final StatementChecks.Finding f : statementChecks.check(sent)) {
          found.add(
              new IngestWarnings.Warning(
                  f.code(),
                  f.field(),
                  f.field().equals(StatementTaking.FIELD) ? sent.getId() : null,
                  false,
                  f.message()));
        }
      }
      prepared = sent;
    }
    if (tooLarge != null) {
      throw tooLarge;
    }
    if (warnings.rejectsUnknownNames()) {
      final List<FieldError> unknown =
          found.stream()
              .filter(w -> w.code().equals(IngestWarnings.NEW_NAME))
              .map(
                  w ->
                      new FieldError(
                          w.field(),
                          "unknown name ("
                              + Keys.INGEST_UNKNOWN_NAMES
                              + "=reject): "
                              + w.message()))
              .toList();
      if (!unknown.isEmpty()) {
        throw new InvalidEventException(unknown);
      }
    }
    @SuppressWarnings("unchecked") // prepared from a T, and preparing keeps the type
    final T event = (T) prepared;
    return event;
  }

  /**
   * The source's event type by its canonical name ("battles" is Battles), as the readers of files
   * write it.
   */
  private static IncidentEvent canonicalType(final IncidentEvent event) {
    final String type = event.getSourceEventType();
    if (type != null) {
      event.setSourceEventType(type.isBlank() ? null : EventTypes.canonical(type));
    }
    return event;
  }
}
