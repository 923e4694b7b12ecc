package io.surgewatch.producers.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import java.util.Map;

/**
 * The ingest API's counters, served by {@code GET /metrics} in the Prometheus text format. The
 * records' counters (by type) and the warnings' (by code) are there at zero from the start, so an
 * alert on a rate of failures has a series before the first one; the requests' appear by path and
 * status as they are answered.
 */
final class IngestMetrics implements AutoCloseable {
  static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private static final String REQUESTS = "surgewatch_ingest_requests";
  private static final String ACCEPTED = "surgewatch_ingest_records_accepted";
  private static final String REJECTED = "surgewatch_ingest_records_rejected";
  private static final String FAILED = "surgewatch_ingest_records_failed";
  private static final String WARNINGS = "surgewatch_ingest_warnings";
  private static final Map<String, String> DESCRIPTIONS =
      Map.of(
          REQUESTS, "HTTP requests to the ingest API, by path and status",
          ACCEPTED, "Records published and acknowledged by the broker, by type",
          REJECTED,
              "Records rejected as invalid (400), by type; nothing of their request was published",
          FAILED, "Records not published because the broker or registry failed (5xx), by type",
          WARNINGS,
              "Warnings of accepted records (202), by code: TOO_LATE, NOT_COUNTED, NEW_NAME,"
                  + " CHANGED_STATEMENT, NO_COUNTRY");

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

  IngestMetrics() {
    for (final String kind : List.of("incident", "statement")) {
      for (final String records : List.of(ACCEPTED, REJECTED, FAILED)) {
        counter(records, "type", kind);
      }
    }
    List.of(IngestWarnings.TOO_LATE, IngestWarnings.NOT_COUNTED, IngestWarnings.NEW_NAME)
        .forEach(code -> counter(WARNINGS, "code", code));
  }

  /**
   * A request answered; paths other than the API's own are labelled {@code other} (no label per
   * typo).
   */
  void request(final String path, final int status) {
    counter(REQUESTS, "path", pathLabel(path), "status", String.valueOf(status)).increment();
  }

  /**
   * @param kind {@code incident} or {@code statement}
   */
  void accepted(final String kind, final long records) {
    counter(ACCEPTED, "type", kind).increment(records);
  }

  void rejected(final String kind, final long records) {
    counter(REJECTED, "type", kind).increment(records);
  }

  void failed(final String kind, final long records) {
    counter(FAILED, "type", kind).increment(records);
  }

  void warning(final String code) {
    counter(WARNINGS, "code", code).increment();
  }

  String scrape() {
    return registry.scrape();
  }

  @Override
  public void close() {
    registry.close();
  }

  private Counter counter(final String name, final String... tags) {
    return Counter.builder(name).tags(tags).description(DESCRIPTIONS.get(name)).register(registry);
  }

  private static String pathLabel(final String path) {
    return switch (path) {
      case "/v1/incidents",
          "/v1/statements",
          "/health",
          "/health/live",
          "/health/ready",
          "/metrics",
          "/openapi.json" ->
          path;
      default -> "other";
    };
  }
}
