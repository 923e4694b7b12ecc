package io.surgewatch.producers.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.surgewatch.core.EventJson;
import io.surgewatch.core.Canonicalizer;
import io.surgewatch.core.EventPreparer;
import io.surgewatch.core.EventTypes;
import io.surgewatch.core.FieldError;
import io.surgewatch.core.InvalidEventException;
import io.surgewatch.core.Keys;
import io.surgewatch.core.SurgewatchConfig;
import io.surgewatch.events.v1.IncidentEvent;
import io.surgewatch.events.v1.StatementEvent;
import io.surgewatch.producers.EventPublisher;
import io.surgewatch.producers.ProgressWriter;
import io.surgewatch.serde.RegistryUnreachableException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.RetriableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP ingest API of CONTRACT.md: {@code POST /v1/incidents}, {@code POST /v1/statements} (application/json,
 * one object or an array, or application/x-ndjson), health, Prometheus metrics and {@code /openapi.json}.
 *
 * <p>A request is all or nothing: every record is parsed, canonicalised and validated before any is published; a 202
 * is sent only once the broker acknowledged every record (waiting at most {@code ingest.ack-timeout-ms}); a broker or
 * registry failure is a 503 with {@code Retry-After: 5}. After a 503 some records of the request may be stored:
 * re-posting them is harmless, because the streams app deduplicates reports by id and reportedAt.
 *
 * <p>Progress markers ({@link io.surgewatch.core.ProgressMarkers}): every {@code progress.interval-ms} a background
 * task writes, to every partition of an input topic, markers at the greatest reported-at (made-at for statements) this
 * instance has had acknowledged there, when that has grown since its last markers; and once more when the service
 * stops. Requests never wait for them. This promises more than a sorted file's markers do: a later request may carry
 * a reported-at at or before the marker (feeds do not arrive in order, and neither do concurrent requests). That is
 * safe: such a report is simply late for its partition, and the app puts it in its order just after the marker, its
 * figures and its own reported-at unchanged, as it would had it arrived a little later than its peers. Without the
 * markers, a partition this instance writes seldom to would hold back every other partition's reports instead.
 */
public final class IngestServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(IngestServer.class);
  static final String RETRY_AFTER_SECONDS = "5";

  private final Javalin app;
  private final EventPublisher publisher;
  private final boolean ownsPublisher;
  private final EventPreparer preparer;
  private final HealthCheck health;
  private final IngestWarnings warnings;
  private final PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final byte[] token;
  private final long maxBodyBytes;
  private final String host;
  /** Longest wait for the broker's acknowledgements before answering 503 (ingest.ack-timeout-ms). */
  private final Duration ackTimeout;
  private final ProgressWriter progress;
  private final ScheduledExecutorService progressTask;
  private final Duration progressInterval;
  /** Whether the last markers went out, so that an outage is logged once, not every interval. */
  private volatile boolean progressFailing;

  private IngestServer(final SurgewatchConfig config, final EventPublisher publisher, final boolean ownsPublisher,
      final EventPreparer preparer) {
    IngestWarnings.unknownNames(config); // a wrong setting fails before anything starts
    this.publisher = publisher;
    this.ownsPublisher = ownsPublisher;
    this.preparer = preparer;
    this.host = config.get(Keys.INGEST_HOST);
    this.ackTimeout = config.getMillis(Keys.INGEST_ACK_TIMEOUT_MS);
    final String configuredToken = config.getOrNull(Keys.API_TOKEN);
    this.token = configuredToken == null ? null : configuredToken.getBytes(StandardCharsets.UTF_8);
    this.maxBodyBytes = config.getInt(Keys.INGEST_MAX_BODY_BYTES);
    this.warnings = new IngestWarnings(config, Canonicalizer.standard());
    this.health = new HealthCheck(config, Duration.ofSeconds(2), Duration.ofMillis(1500));
    this.progress = new ProgressWriter(publisher);
    this.progressInterval = config.getMillis(Keys.PROGRESS_INTERVAL_MS);
    this.progressTask = Executors.newSingleThreadScheduledExecutor(r -> {
      final Thread t = new Thread(r, "surgewatch-ingest-progress");
      t.setDaemon(true);
      return t;
    });
    final String openApi = openApiDocument();
    this.app = Javalin.create(cfg -> {
      cfg.showJavalinBanner = false;
      cfg.startupWatcherEnabled = false;
      cfg.http.maxRequestSize = maxBodyBytes + 1;
      cfg.http.prefer405over404 = true; // PUT /v1/incidents is the wrong method, not a missing page
    });
    app.before("/v1/*", this::authenticate);
    app.post("/v1/incidents", ctx -> ingest(ctx, IncidentEvent.class));
    app.post("/v1/statements", ctx -> ingest(ctx, StatementEvent.class));
    app.get("/health/live", ctx -> ctx.json(EventJson.MAPPER.createObjectNode().put("status", "UP")));
    app.get("/health/ready", this::ready);
    app.get("/health", this::ready);
    app.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape()));
    app.get("/openapi.json", ctx -> ctx.contentType("application/json").result(openApi));
    app.error(404, ctx -> problem(ctx, Problem.of(404, "not-found", "Not found", ctx.method() + " " + ctx.path()
        + " is not an endpoint of the ingest API (POST /v1/incidents, POST /v1/statements; see /openapi.json)")));
    app.error(405, ctx -> problem(ctx, Problem.of(405, "method-not-allowed", "Method not allowed", ctx.method() + " "
        + ctx.path() + " is not allowed (POST /v1/incidents, POST /v1/statements; see /openapi.json)")));
    app.exception(Exception.class, (e, ctx) -> {
      LOG.error("ingest request {} {} failed", ctx.method(), ctx.path(), e);
      problem(ctx, Problem.of(500, "internal-error", "Internal server error", String.valueOf(e.getMessage())));
    });
    app.after(ctx -> counter("surgewatch_ingest_requests", "path", pathLabel(ctx.path()),
        "status", String.valueOf(ctx.statusCode())).increment());
  }

  /**
   * Starts on {@code ingest.host}:{@code ingest.port} (port 0 picks a free one, see {@link #port()}) with its own
   * fail-fast producer ({@link EventPublisher#forIngest}), closed by {@link #stop()}.
   */
  public static IngestServer start(final SurgewatchConfig config) {
    IngestWarnings.unknownNames(config); // a wrong setting fails before the producer is made
    return start(config, EventPublisher.forIngest(config, config.getMillis(Keys.INGEST_PRODUCER_TIMEOUT_MS)), true, EventPreparer.standard());
  }

  /** Starts with a given publisher, which stays the caller's to close; best made by {@link EventPublisher#forIngest}. */
  public static IngestServer start(final SurgewatchConfig config, final EventPublisher publisher) {
    return start(config, publisher, false, EventPreparer.standard());
  }

  public static IngestServer start(final SurgewatchConfig config, final EventPublisher publisher,
      final EventPreparer preparer) {
    return start(config, publisher, false, preparer);
  }

  private static IngestServer start(final SurgewatchConfig config, final EventPublisher publisher,
      final boolean owns, final EventPreparer preparer) {
    final IngestServer server = new IngestServer(config, publisher, owns, preparer);
    try {
      server.app.start(server.host, config.getInt(Keys.INGEST_PORT));
      final long every = server.progressInterval.toMillis();
      server.progressTask.scheduleWithFixedDelay(server::writeProgress, every, every, TimeUnit.MILLISECONDS);
    } catch (final RuntimeException e) {
      server.stop();
      throw new IllegalStateException("cannot start the ingest service on " + server.host + ":"
          + config.get(Keys.INGEST_PORT) + ": " + e.getMessage(), e);
    }
    return server;
  }

  /** The port actually bound. */
  public int port() {
    return app.port();
  }

  /** e.g. {@code http://127.0.0.1:8082}. */
  public String url() {
    return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port();
  }

  public void stop() {
    try {
      app.stop();
    } finally {
      stopProgress();
      health.close();
      warnings.close();
      metrics.close();
      if (ownsPublisher) {
        publisher.close();
      }
    }
  }

  @Override
  public void close() {
    stop();
  }

  /**
   * Markers at the greatest time published to each topic, where that has grown since the last ones; waits for them
   * (on the task's own thread) so that passes never overlap.
   */
  private void writeProgress() {
    try {
      progress.markPublished().get(ackTimeout.toMillis(), TimeUnit.MILLISECONDS);
      if (progressFailing) {
        LOG.info("progress markers are written again");
      }
      progressFailing = false;
    } catch (final InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (final ExecutionException | TimeoutException | RuntimeException e) {
      if (!progressFailing) {
        LOG.warn("cannot write progress markers (retried every {}): {}", Keys.PROGRESS_INTERVAL_MS,
            e instanceof ExecutionException ? e.getCause().toString() : e.toString());
      }
      progressFailing = true;
    }
  }

  /** Lets a pass under way finish, then writes the last markers (for the records of the last interval). */
  private void stopProgress() {
    progressTask.shutdown();
    try {
      if (!progressTask.awaitTermination(ackTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
        progressTask.shutdownNow();
        return;
      }
    } catch (final InterruptedException e) {
      progressTask.shutdownNow();
      Thread.currentThread().interrupt();
      return;
    }
    writeProgress();
  }

  private void authenticate(final Context ctx) {
    if (token == null) {
      return;
    }
    final String header = ctx.header("Authorization");
    final byte[] given = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
        ? header.substring(7).trim().getBytes(StandardCharsets.UTF_8) : new byte[0];
    // Constant time in the token's content (MessageDigest.isEqual does not stop at the first difference).
    if (!MessageDigest.isEqual(given, token)) {
      ctx.header("WWW-Authenticate", "Bearer realm=\"surgewatch\"");
      problem(ctx, Problem.of(401, "unauthorized", "Unauthorized",
          header == null ? "missing bearer token" : "wrong bearer token"));
      ctx.skipRemainingHandlers();
    }
  }

  private void ready(final Context ctx) {
    final HealthCheck.Status status = health.check();
    final ObjectNode body = EventJson.MAPPER.createObjectNode();
    body.put("status", status.ready() ? "UP" : "DOWN");
    body.putObject("checks").put("broker", status.broker()).put("registry", status.registry());
    ctx.status(status.ready() ? 200 : 503).contentType("application/json").result(body.toString());
  }

  /** One record of a request: where it was (index in an array, line of NDJSON) and its JSON. */
  private record Item(Integer index, Integer line, JsonNode node) {
    ObjectNode locate(final ObjectNode error) {
      if (index != null) {
        error.put("index", index);
      }
      if (line != null) {
        error.put("line", line);
      }
      return error;
    }
  }

  private <T extends SpecificRecord> void ingest(final Context ctx, final Class<T> type) {
    final String mediaType = mediaType(ctx.contentType());
    final boolean ndjson = mediaType.equals("application/x-ndjson") || mediaType.equals("application/ndjson");
    if (!ndjson && !mediaType.equals("application/json")) {
      problem(ctx, Problem.of(415, "unsupported-media-type", "Unsupported media type", (ctx.contentType() == null
          ? "the request has no Content-Type" : "Content-Type '" + ctx.contentType() + "' is not accepted")
          + ": send application/json (an object or an array) or application/x-ndjson"));
      return;
    }
    final byte[] body = readBody(ctx);
    if (body == null) {
      problem(ctx, Problem.of(413, "body-too-large", "Request body too large",
          "the body exceeds the limit of " + maxBodyBytes + " bytes (" + Keys.INGEST_MAX_BODY_BYTES + ")"));
      return;
    }
    final String kind = type == IncidentEvent.class ? "incident" : "statement";
    final ObjectNode invalid = Problem.of(400, "invalid-events", "Invalid input", "");
    final ArrayNode errors = Problem.errors(invalid);
    final List<Item> items = ndjson ? ndjsonItems(body, errors) : jsonItems(body, errors);
    final List<T> events = new ArrayList<>(items.size());
    final List<List<IngestWarnings.Warning>> said = new ArrayList<>(items.size());
    final IngestWarnings.Request checks = type == IncidentEvent.class ? warnings.request() : null;
    if (items.isEmpty() && errors.isEmpty()) {
      errors.addObject().putNull("field").put("message", "the request holds no " + kind);
    }
    for (final Item item : items) {
      try {
        if (!item.node().isObject()) {
          throw new InvalidEventException(List.of(new FieldError(null, "expected a JSON object")));
        }
        final boolean statement = "statement".equals(item.node().path("type").asText(null));
        if (statement != (type == StatementEvent.class)) {
          throw new InvalidEventException(List.of(new FieldError("type", statement
              ? "a statement was sent to /v1/incidents: post it to /v1/statements"
              : "an incident was sent to /v1/statements: post it to /v1/incidents, or mark it \"type\": \"statement\"")));
        }
        final T parsed = EventJson.fromTree(item.node(), type);
        final List<IngestWarnings.Warning> found = new ArrayList<>();
        final SpecificRecord prepared;
        if (parsed instanceof IncidentEvent incident) {
          final IncidentEvent event = canonicalType(preparer.incident(incident));
          found.addAll(checks.check(incident, event));
          prepared = event;
        } else {
          prepared = preparer.statement((StatementEvent) parsed);
        }
        if (warnings.rejectsUnknownNames()) {
          final List<FieldError> unknown = found.stream().filter(w -> w.code().equals(IngestWarnings.NEW_NAME))
              .map(w -> new FieldError(w.field(), "unknown name (" + Keys.INGEST_UNKNOWN_NAMES + "=reject): "
                  + w.message())).toList();
          if (!unknown.isEmpty()) {
            throw new InvalidEventException(unknown);
          }
        }
        @SuppressWarnings("unchecked")
        final T event = (T) prepared;
        events.add(event);
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
    if (!errors.isEmpty()) {
      // NDJSON lines that are not JSON at all are records too, though they yield no item.
      final long records = ndjson ? new String(body, StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).count()
          : items.size();
      final long bad = items.isEmpty() ? 1 : countBadItems(errors);
      invalid.put("detail", (items.isEmpty() ? "the request cannot be read" : bad + " of " + records + " "
          + kind + (records == 1 ? "" : "s") + " invalid") + "; nothing was published");
      counter("surgewatch_ingest_records_rejected", "type", kind).increment(Math.max(1, records));
      problem(ctx, invalid);
      return;
    }
    publish(ctx, kind, events, said);
  }

  /** The source's event type by its canonical name ("battles" is Battles), as the readers of files write it. */
  private static IncidentEvent canonicalType(final IncidentEvent event) {
    final String type = event.getSourceEventType();
    if (type != null) {
      event.setSourceEventType(type.isBlank() ? null : EventTypes.canonical(type));
    }
    return event;
  }

  private static long countBadItems(final ArrayNode errors) {
    final java.util.Set<String> where = new java.util.HashSet<>();
    errors.forEach(e -> where.add(e.path("index").asText("") + "/" + e.path("line").asText("")));
    return where.size();
  }

  private <T extends SpecificRecord> void publish(final Context ctx, final String kind, final List<T> events,
      final List<List<IngestWarnings.Warning>> said) {
    // The contract: broker or registry unreachable is a 503, never a 202. A serializer with the schema id cached
    // could still store the records while the registry is down, so the (cached) readiness check decides first; it
    // also keeps a request from being stored in part when the broker is known to be down.
    final HealthCheck.Status status = health.check();
    if (!status.ready()) {
      unavailable(ctx, kind, events.size(), new NotReady("broker " + status.broker() + ", registry " + status.registry()));
      return;
    }
    final List<CompletableFuture<RecordMetadata>> sends = new ArrayList<>(events.size());
    for (final T event : events) {
      sends.add(publisher.publish(event));
    }
    final ObjectNode accepted = EventJson.MAPPER.createObjectNode();
    final ArrayNode list = accepted.putArray("accepted");
    final long deadline = System.nanoTime() + ackTimeout.toNanos();
    try {
      for (int i = 0; i < sends.size(); i++) {
        final RecordMetadata metadata = sends.get(i)
            .get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        final ArrayNode warned = list.addObject().put("id", idOf(events.get(i))).put("partition", metadata.partition())
            .put("offset", metadata.offset()).putArray("warnings");
        said.get(i).forEach(w -> w.addTo(warned));
      }
    } catch (final InterruptedException e) {
      Thread.currentThread().interrupt();
      unavailable(ctx, kind, events.size(), e);
      return;
    } catch (final TimeoutException e) {
      unavailable(ctx, kind, events.size(), e);
      return;
    } catch (final ExecutionException e) {
      final Throwable cause = e.getCause();
      if (isUnavailable(cause)) {
        unavailable(ctx, kind, events.size(), cause);
        return;
      }
      counter("surgewatch_ingest_records_failed", "type", kind).increment(events.size());
      LOG.error("publishing {} {}s failed", events.size(), kind, cause);
      problem(ctx, Problem.of(500, "publish-failed", "Publishing failed", String.valueOf(cause.getMessage())));
      return;
    }
    counter("surgewatch_ingest_records_accepted", "type", kind).increment(events.size());
    final List<IncidentEvent> incidents = new ArrayList<>(events.size());
    for (int i = 0; i < events.size(); i++) {
      progress.published(events.get(i)); // acknowledged: the next markers may promise it
      if (events.get(i) instanceof IncidentEvent incident) {
        incidents.add(incident);
      }
      said.get(i).forEach(w -> counter("surgewatch_ingest_warnings", "code", w.code()).increment());
    }
    warnings.learn(incidents);
    ctx.status(202).contentType("application/json").result(accepted.toString());
  }

  /** The readiness check failed before anything was published. */
  private static final class NotReady extends RuntimeException {
    NotReady(final String message) {
      super(message, null, false, false);
    }
  }

  private static boolean isUnavailable(final Throwable cause) {
    for (Throwable t = cause; t != null; t = t.getCause()) {
      if (t instanceof RetriableException || t instanceof RegistryUnreachableException
          || t instanceof org.apache.kafka.common.errors.TimeoutException) {
        return true;
      }
    }
    return false;
  }

  private static final Map<String, String> DESCRIPTIONS = Map.of(
      "surgewatch_ingest_requests", "HTTP requests to the ingest API, by path and status",
      "surgewatch_ingest_records_accepted", "Records published and acknowledged by the broker, by type",
      "surgewatch_ingest_records_rejected", "Records rejected as invalid (400), by type; nothing of their request was published",
      "surgewatch_ingest_records_failed", "Records not published because the broker or registry failed (5xx), by type",
      "surgewatch_ingest_warnings", "Warnings of accepted records (202), by code: TOO_LATE, NOT_COUNTED, NEW_NAME");

  private io.micrometer.core.instrument.Counter counter(final String name, final String... tags) {
    return io.micrometer.core.instrument.Counter.builder(name).tags(tags).description(DESCRIPTIONS.get(name))
        .register(metrics);
  }

  private void unavailable(final Context ctx, final String kind, final int count, final Throwable cause) {
    counter("surgewatch_ingest_records_failed", "type", kind).increment(count);
    LOG.warn("ingest unavailable: {}", cause.toString());
    ctx.header("Retry-After", RETRY_AFTER_SECONDS);
    problem(ctx, Problem.of(503, "unavailable", "Broker or registry unavailable",
        (cause instanceof NotReady ? "nothing was published: " + cause.getMessage()
            : "the broker did not acknowledge every record within " + (ackTimeout.toMillis() % 1000 == 0
                ? ackTimeout.toSeconds() + " s" : ackTimeout.toMillis() + " ms") + " (" + cause + ")")
            + "; retry later: re-posting the same records is harmless, reports are deduplicated by id and reportedAt"));
  }

  private static String idOf(final SpecificRecord event) {
    return event instanceof IncidentEvent i ? i.getId() : ((StatementEvent) event).getId();
  }

  private List<Item> jsonItems(final byte[] body, final ArrayNode errors) {
    final JsonNode root;
    try {
      root = EventJson.MAPPER.readTree(body);
    } catch (final JsonProcessingException e) {
      errors.addObject().putNull("field").put("message", "not valid JSON: " + EventJson.describe(e) + " (line "
          + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")");
      return List.of();
    } catch (final IOException e) {
      throw new UncheckedIOException(e);
    }
    if (root == null || root.isMissingNode()) {
      return List.of();
    }
    if (root.isArray()) {
      final List<Item> items = new ArrayList<>(root.size());
      for (int i = 0; i < root.size(); i++) {
        items.add(new Item(i, null, root.get(i)));
      }
      return items;
    }
    return List.of(new Item(null, null, root));
  }

  private List<Item> ndjsonItems(final byte[] body, final ArrayNode errors) {
    final String text = new String(body, StandardCharsets.UTF_8);
    final List<Item> items = new ArrayList<>();
    int line = 0;
    for (final String row : text.split("\r?\n", -1)) {
      line++;
      if (row.isBlank()) {
        continue;
      }
      try {
        items.add(new Item(null, line, EventJson.MAPPER.readTree(row)));
      } catch (final JsonProcessingException e) {
        errors.addObject().putNull("field").put("message", "not valid JSON: " + EventJson.describe(e))
            .put("line", line);
      }
    }
    return items;
  }

  /** The body, or null when it exceeds the limit (by Content-Length, or while reading a chunked body). */
  private byte[] readBody(final Context ctx) {
    final long declared = ctx.req().getContentLengthLong();
    if (declared > maxBodyBytes) {
      return null;
    }
    final ByteArrayOutputStream out = new ByteArrayOutputStream(declared > 0 ? (int) declared : 8192);
    try (InputStream in = ctx.req().getInputStream()) {
      final byte[] buffer = new byte[8192];
      int n;
      while ((n = in.read(buffer)) >= 0) {
        out.write(buffer, 0, n);
        if (out.size() > maxBodyBytes) {
          return null;
        }
      }
    } catch (final IOException e) {
      throw new UncheckedIOException("cannot read the request body", e);
    }
    return out.toByteArray();
  }

  private static String mediaType(final String contentType) {
    if (contentType == null) {
      return "";
    }
    final int semicolon = contentType.indexOf(';');
    return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
  }

  private static String pathLabel(final String path) {
    return switch (path) {
      case "/v1/incidents", "/v1/statements", "/health", "/health/live", "/health/ready", "/metrics",
          "/openapi.json" -> path;
      default -> "other";
    };
  }

  private static void problem(final Context ctx, final ObjectNode problem) {
    final int status = problem.path("status").asInt(500);
    if (status == 401 || status == 413 || status == 415) {
      // The body may be left unread: close the connection rather than risk it being taken for the next request.
      ctx.header("Connection", "close");
    }
    ctx.status(status).contentType(Problem.CONTENT_TYPE).result(problem.toString());
  }

  private static String openApiDocument() {
    try (InputStream in = IngestServer.class.getResourceAsStream("openapi.json")) {
      if (in == null) {
        throw new IllegalStateException("openapi.json missing from the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (final IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
