package io.surgewatch.producers.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.surgewatch.core.Keys;
import io.surgewatch.events.v1.IncidentEvent;
import io.surgewatch.http.Problems;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;

/**
 * {@code POST /v1/incidents} or {@code POST /v1/statements}. A request is all or nothing: its body
 * is read ({@code 415} for a content type other than JSON or NDJSON, {@code 413} over {@code
 * ingest.max-body-bytes}), every record is parsed, canonicalised and validated ({@code 400} listing
 * each error and where it was, and nothing is published), and only then are they all published
 * ({@link IngestPublisher}).
 */
final class IngestEndpoint<T extends SpecificRecord> implements Handler {
  private final Class<T> type;

  /** {@code incident} or {@code statement}: in messages and metric labels. */
  private final String kind;

  private final long maxBodyBytes;
  private final IngestValidator validator;
  private final IngestPublisher publisher;
  private final IngestMetrics metrics;

  IngestEndpoint(
      final Class<T> type,
      final long maxBodyBytes,
      final IngestValidator validator,
      final IngestPublisher publisher,
      final IngestMetrics metrics) {
    this.type = type;
    this.kind = type == IncidentEvent.class ? "incident" : "statement";
    this.maxBodyBytes = maxBodyBytes;
    this.validator = validator;
    this.publisher = publisher;
    this.metrics = metrics;
  }

  @Override
  public void handle(final Context ctx) {
    final Optional<RequestBody.Format> format = RequestBody.Format.of(ctx.contentType());
    if (format.isEmpty()) {
      Problems.send(
          ctx,
          Problems.of(
              415,
              "unsupported-media-type",
              "Unsupported media type",
              (ctx.contentType() == null
                      ? "the request has no Content-Type"
                      : "Content-Type '" + ctx.contentType() + "' is not accepted")
                  + ": send application/json (an object or an array) or application/x-ndjson"));
      return;
    }
    final Optional<RequestBody> body = RequestBody.read(ctx, format.get(), maxBodyBytes);
    if (body.isEmpty()) {
      Problems.send(
          ctx,
          Problems.of(
              413,
              "body-too-large",
              "Request body too large",
              "the body exceeds the limit of "
                  + maxBodyBytes
                  + " bytes ("
                  + Keys.INGEST_MAX_BODY_BYTES
                  + ")"));
      return;
    }
    final ObjectNode invalid = Problems.of(400, "invalid-events", "Invalid input", "");
    final ArrayNode errors = Problems.errors(invalid);
    final List<RequestBody.Item> items = body.get().items(errors);
    if (items.isEmpty() && errors.isEmpty()) {
      errors.addObject().putNull("field").put("message", "the request holds no " + kind);
    }
    final IngestValidator.Valid<T> valid = validator.validate(items, type, errors);
    if (!errors.isEmpty()) {
      final long records = body.get().records(items);
      final long bad = items.isEmpty() ? 1 : countBadItems(errors);
      invalid.put(
          "detail",
          (items.isEmpty()
                  ? "the request cannot be read"
                  : bad + " of " + records + " " + kind + (records == 1 ? "" : "s") + " invalid")
              + "; nothing was published");
      metrics.rejected(kind, Math.max(1, records));
      inPlaceOrder(errors);
      Problems.send(ctx, invalid);
      return;
    }
    publisher.publish(ctx, kind, valid);
  }

  /**
   * The errors in the order of their places in the body (a stable sort: one item's keep theirs):
   * the body's unreadable lines are found before its records are validated, and a list that went 4,
   * 2 read as if line 2 came after line 4.
   */
  private static void inPlaceOrder(final ArrayNode errors) {
    final List<JsonNode> sorted = new ArrayList<>();
    errors.forEach(sorted::add);
    sorted.sort(Comparator.comparingLong(e -> e.path("line").asLong(e.path("index").asLong(-1))));
    errors.removeAll();
    errors.addAll(sorted);
  }

  /**
   * Items with at least one error: errors of one item share its index (JSON array) or line
   * (NDJSON).
   */
  private static long countBadItems(final ArrayNode errors) {
    final Set<String> where = new HashSet<>();
    errors.forEach(e -> where.add(e.path("index").asText("") + "/" + e.path("line").asText("")));
    return where.size();
  }
}
