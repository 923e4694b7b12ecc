package io.surgewatch.producers.ingest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.surgewatch.core.Canonicalizer;
import io.surgewatch.core.EventJson;
import io.surgewatch.core.EventPreparer;
import io.surgewatch.core.Keys;
import io.surgewatch.core.SurgewatchConfig;
import io.surgewatch.events.v1.IncidentEvent;
import io.surgewatch.events.v1.StatementEvent;
import io.surgewatch.http.BearerAuth;
import io.surgewatch.http.GetAndHead;
import io.surgewatch.http.HttpServers;
import io.surgewatch.http.Problems;
import io.surgewatch.producers.EventPublisher;
import io.surgewatch.producers.ProgressWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP ingest API of CONTRACT.md: {@code POST /v1/incidents}, {@code POST /v1/statements}
 * (application/json, one object or an array, or application/x-ndjson), health, Prometheus metrics
 * and {@code /openapi.json}.
 *
 * <p>A request is all or nothing: every record is parsed, canonicalised and validated before any is
 * published ({@link IngestEndpoint}); a 202 is sent only once the broker acknowledged every record,
 * a broker or registry failure is a 503 with {@code Retry-After: 5} ({@link IngestPublisher}). In
 * the background, progress markers follow what was acknowledged ({@link ProgressMarkerTask}).
 *
 * <p>This class wires the parts, the routes and the error pages, and owns their lifecycle.
 */
public final class IngestServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(IngestServer.class);

  private final Javalin app;
  private final EventPublisher publisher;
  private final boolean ownsPublisher;
  private final HealthCheck health;
  private final IngestWarnings warnings;
  private final IngestMetrics metrics = new IngestMetrics();
  private final String host;
  private final ProgressMarkerTask progress;

  private IngestServer(
      final SurgewatchConfig config,
      final EventPublisher publisher,
      final boolean ownsPublisher,
      final EventPreparer preparer) {
    IngestWarnings.unknownNames(config); // a wrong setting fails before anything starts
    this.publisher = publisher;
    this.ownsPublisher = ownsPublisher;
    this.host = config.get(Keys.INGEST_HOST);
    final Duration ackTimeout = config.getMillis(Keys.INGEST_ACK_TIMEOUT_MS);
    final long maxBodyBytes = config.getInt(Keys.INGEST_MAX_BODY_BYTES);
    this.warnings = new IngestWarnings(config, Canonicalizer.standard());
    this.health = new HealthCheck(config, Duration.ofSeconds(2), Duration.ofMillis(1500));
    final ProgressWriter markers = new ProgressWriter(publisher);
    this.progress =
        new ProgressMarkerTask(markers, config.getMillis(Keys.PROGRESS_INTERVAL_MS), ackTimeout);
    final IngestValidator validator =
        new IngestValidator(preparer, warnings, publisher.sizeLimit());
    final IngestPublisher publishing =
        new IngestPublisher(publisher, health, markers, warnings, metrics, ackTimeout);
    final String openApi = openApiDocument();
    this.app =
        HttpServers.create(
            cfg -> {
              cfg.http.maxRequestSize = maxBodyBytes + 1;
              // Every answer counted, once it is sent: an after-handler misses the requests a
              // before-handler ends (BearerAuth's 401s skip the remaining handlers, after ones
              // too).
              cfg.requestLogger.http((ctx, ms) -> metrics.request(ctx.path(), ctx.statusCode()));
            });
    app.before("/v1/*", new BearerAuth(config.getOrNull(Keys.API_TOKEN), null));
    app.post(
        "/v1/incidents",
        new IngestEndpoint<>(IncidentEvent.class, maxBodyBytes, validator, publishing, metrics));
    app.post(
        "/v1/statements",
        new IngestEndpoint<>(StatementEvent.class, maxBodyBytes, validator, publishing, metrics));
    // Probes may ask with HEAD: the status of GET, never a 200 of Javalin's own.
    GetAndHead.route(
        app,
        "/health/live",
        ctx -> ctx.json(EventJson.MAPPER.createObjectNode().put("status", "UP")));
    GetAndHead.route(app, "/health/ready", this::ready);
    GetAndHead.route(app, "/health", this::ready);
    GetAndHead.route(
        app,
        "/metrics",
        ctx -> ctx.contentType(IngestMetrics.CONTENT_TYPE).result(metrics.scrape()));
    GetAndHead.route(
        app, "/openapi.json", ctx -> ctx.contentType("application/json").result(openApi));
    app.error(
        404,
        ctx ->
            Problems.send(
                ctx,
                Problems.of(
                    404,
                    "not-found",
                    "Not found",
                    ctx.method()
                        + " "
                        + ctx.path()
                        + " is not an endpoint of the ingest API (POST /v1/incidents, POST /v1/statements; see "
                        + "/openapi.json)")));
    app.error(
        405,
        ctx ->
            Problems.send(
                ctx,
                Problems.of(
                    405,
                    "method-not-allowed",
                    "Method not allowed",
                    ctx.method()
                        + " "
                        + ctx.path()
                        + " is not allowed (POST /v1/incidents, POST /v1/statements; see "
                        + "/openapi.json)")));
    app.exception(
        Exception.class,
        (e, ctx) -> {
          LOG.error("ingest request {} {} failed", ctx.method(), ctx.path(), e);
          Problems.send(
              ctx,
              Problems.of(
                  500, "internal-error", "Internal server error", String.valueOf(e.getMessage())));
        });
  }

  /**
   * Starts on {@code ingest.host}:{@code ingest.port} (port 0 picks a free one, see {@link
   * #port()}) with its own fail-fast producer ({@link EventPublisher#forIngest}), closed by {@link
   * #stop()}.
   */
  public static IngestServer start(final SurgewatchConfig config) {
    IngestWarnings.unknownNames(config); // a wrong setting fails before the producer is made
    return start(
        config,
        EventPublisher.forIngest(config, config.getMillis(Keys.INGEST_PRODUCER_TIMEOUT_MS)),
        true,
        EventPreparer.standard());
  }

  /**
   * Starts with a given publisher, which stays the caller's to close; best made by {@link
   * EventPublisher#forIngest}.
   */
  public static IngestServer start(final SurgewatchConfig config, final EventPublisher publisher) {
    return start(config, publisher, false, EventPreparer.standard());
  }

  public static IngestServer start(
      final SurgewatchConfig config, final EventPublisher publisher, final EventPreparer preparer) {
    return start(config, publisher, false, preparer);
  }

  private static IngestServer start(
      final SurgewatchConfig config,
      final EventPublisher publisher,
      final boolean owns,
      final EventPreparer preparer) {
    final IngestServer server = new IngestServer(config, publisher, owns, preparer);
    try {
      server.app.start(server.host, config.getInt(Keys.INGEST_PORT));
      server.progress.start();
    } catch (final RuntimeException e) {
      server.stop();
      throw new IllegalStateException(
          "cannot start the ingest service on "
              + server.host
              + ":"
              + config.get(Keys.INGEST_PORT)
              + ": "
              + e.getMessage(),
          e);
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
      progress.stop();
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

  private void ready(final Context ctx) {
    final HealthCheck.Status status = health.check();
    final ObjectNode body = EventJson.MAPPER.createObjectNode();
    body.put("status", status.ready() ? "UP" : "DOWN");
    body.putObject("checks")
        .put("broker", status.broker())
        .put("topics", status.topics())
        .put("registry", status.registry());
    ctx.status(status.ready() ? 200 : 503).contentType("application/json").result(body.toString());
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
