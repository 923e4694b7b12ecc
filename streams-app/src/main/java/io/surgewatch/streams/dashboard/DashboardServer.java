package io.surgewatch.streams.dashboard;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.staticfiles.Location;
import io.javalin.http.sse.SseClient;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.surgewatch.core.EventJson;
import io.surgewatch.core.Keys;
import io.surgewatch.core.SurgewatchConfig;
import io.surgewatch.streams.app.FailurePolicy;
import io.surgewatch.streams.query.CubeKey;
import io.surgewatch.streams.query.Forwarder;
import io.surgewatch.streams.query.Forwarder.Answer;
import io.surgewatch.streams.query.Forwarder.Hop;
import io.surgewatch.streams.query.NotReadyException;
import io.surgewatch.streams.query.QueryService;
import io.surgewatch.streams.topology.SurgewatchTopology;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dashboard and the query API on {@code dashboard.host}:{@code dashboard.port}: the page (static, from the jar;
 * ECharts from its webjar, so it works offline), the JSON API under {@code /api/v1} (see {@code /openapi.json}), the
 * live-update stream {@code /api/v1/events} (server-sent events), health and Prometheus metrics.
 *
 * <p>When {@code api.token} is set, {@code /api/*} wants {@code Authorization: Bearer <token>}; the event stream also
 * takes {@code ?access_token=} (RFC 6750), because browsers' EventSource cannot send headers. The page, health and
 * metrics stay open.
 */
public final class DashboardServer implements AutoCloseable {
  private static final io.surgewatch.core.Canonicalizer NAMES = io.surgewatch.core.Canonicalizer.standard();
  private static final Logger LOG = LoggerFactory.getLogger(DashboardServer.class);
  static final String RETRY_AFTER_SECONDS = "2";
  private static final int MAX_LIMIT = 1000;
  private static final List<String> STORES = List.of(SurgewatchTopology.STORE_BUCKETS,
      SurgewatchTopology.STORE_CUBE_KEYS, SurgewatchTopology.STORE_ALERTS, SurgewatchTopology.STORE_OPEN_ALERTS,
      SurgewatchTopology.STORE_ALERT_HISTORY, SurgewatchTopology.STORE_INCIDENTS,
      SurgewatchTopology.STORE_STATEMENTS, SurgewatchTopology.STORE_STATEMENT_COUNTS);

  private final KafkaStreams streams;
  private final FailurePolicy failures;
  private final QueryService queries;
  private final byte[] token;
  private final String host;
  private final PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final KafkaStreamsMetrics streamsMetrics;
  private final LiveFeed feed;
  private final Set<SseClient> clients = ConcurrentHashMap.newKeySet();
  private final ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor(r -> {
    final Thread t = new Thread(r, "surgewatch-dashboard-heartbeat");
    t.setDaemon(true);
    return t;
  });
  private final Javalin app;

  private DashboardServer(final SurgewatchConfig config, final KafkaStreams streams, final FailurePolicy failures) {
    this.streams = streams;
    this.failures = failures;
    this.queries = QueryService.of(streams, config);
    this.host = config.get(Keys.DASHBOARD_HOST);
    final String configured = config.getOrNull(Keys.API_TOKEN);
    this.token = configured == null ? null : configured.getBytes(StandardCharsets.UTF_8);
    this.streamsMetrics = new KafkaStreamsMetrics(streams);
    streamsMetrics.bindTo(metrics);
    FunctionCounter.builder("surgewatch.records.processed", streams, DashboardServer::processed)
        .description("Records processed by this instance's stream threads").register(metrics);
    for (final String store : STORES) {
      Gauge.builder("surgewatch.store.entries", queries, q -> q.approximateEntries(store))
          .description("Approximate entries of a state store on this instance (-1: not queryable now)")
          .tag("store", store).register(metrics);
    }
    if (failures != null) {
      FunctionCounter.builder("surgewatch.stream.thread.replacements", failures, FailurePolicy::transientReplacements)
          .description("Stream threads replaced after a failure: transient (an outage, retried however long it lasts)"
              + " or repeated (any other failure, bounded by failure.max-replacements within failure.window-ms)")
          .tag("kind", "transient").register(metrics);
      FunctionCounter.builder("surgewatch.stream.thread.replacements", failures, FailurePolicy::repeatedReplacements)
          .description("Stream threads replaced after a failure: transient (an outage, retried however long it lasts)"
              + " or repeated (any other failure, bounded by failure.max-replacements within failure.window-ms)")
          .tag("kind", "repeated").register(metrics);
      Gauge.builder("surgewatch.streams.failed", failures, f -> f.failure() == null ? 0 : 1)
          .description("1 once a repeated failure has shut the application down (see /health), else 0")
          .register(metrics);
    }
    this.feed = new LiveFeed(config, metrics);
    feed.listen(this::broadcast);
    this.app = Javalin.create(cfg -> {
      cfg.showJavalinBanner = false;
      cfg.startupWatcherEnabled = false;
      cfg.staticFiles.add(files -> {
        files.hostedPath = "/";
        files.directory = "/io/surgewatch/dashboard";
        files.location = Location.CLASSPATH;
      });
      cfg.staticFiles.enableWebjars();
    });
    routes();
  }

  /** Starts the server (port 0 picks a free one, see {@link #port()}) and the live feed. */
  public static DashboardServer start(final SurgewatchConfig config, final KafkaStreams streams) {
    return start(config, streams, null);
  }

  /**
   * @param failures the app's failure policy (null: none): its replacements in {@code /metrics}, and the failure that
   *     stopped the app, if one did, in {@code /health}
   */
  public static DashboardServer start(final SurgewatchConfig config, final KafkaStreams streams,
      final FailurePolicy failures) {
    final DashboardServer server = new DashboardServer(config, streams, failures);
    try {
      server.app.start(server.host, config.getInt(Keys.DASHBOARD_PORT));
      server.feed.start();
      server.heartbeats.scheduleAtFixedRate(server::heartbeat, 15, 15, TimeUnit.SECONDS);
    } catch (final RuntimeException e) {
      server.stop();
      throw new IllegalStateException("cannot start the dashboard on " + server.host + ":"
          + config.get(Keys.DASHBOARD_PORT) + ": " + e.getMessage(), e);
    }
    return server;
  }

  public int port() {
    return app.port();
  }

  public String url() {
    return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port();
  }

  /** Whether the live feed follows its topics already (tests wait for it before writing). */
  public boolean live() {
    return feed.assigned();
  }

  private void routes() {
    app.before("/api/*", this::authenticate);
    app.get("/api/v1/keys", ctx -> answer(ctx, queries.keys(country(ctx.queryParam("country")), hop(ctx))));
    app.get("/api/v1/counts", ctx -> answer(ctx, queries.counts(key(ctx), param(ctx, "window", "P30D"),
        from(ctx), to(ctx), bool(ctx, "fill", true), hop(ctx))));
    app.get("/api/v1/alerts/open", ctx -> answer(ctx, queries.openAlerts(alertFilter(ctx), hop(ctx))));
    app.get("/api/v1/alerts", ctx -> answer(ctx, queries.recentAlerts(alertFilter(ctx), limit(ctx, 50), hop(ctx))));
    app.get("/api/v1/alerts/{alertId}", ctx -> answer(ctx, queries.alert(ctx.pathParam("alertId"), hop(ctx))));
    app.get("/api/v1/alerts/{alertId}/drivers", ctx -> answer(ctx, queries.alertDrivers(ctx.pathParam("alertId"),
        param(ctx, "at", "peak"), hop(ctx))));
    app.get("/api/v1/drivers", ctx -> {
      final LocalDate from = date(ctx, "from");
      final LocalDate to = date(ctx, "to");
      if (from == null || to == null) {
        throw new IllegalArgumentException("query parameters 'from' and 'to' are required");
      }
      answer(ctx, queries.drivers(key(ctx), param(ctx, "metric", "killed"), from, to, date(ctx, "baselineTo"), hop(ctx)));
    });
    app.get("/api/v1/counts/current", ctx -> {
      final List<CubeKey> keys = ctx.queryParams("key").stream().map(k -> {
        final CubeKey raw = CubeKey.parse(k);
        final String country = CubeKey.ALL.equals(raw.country()) ? CubeKey.ALL : country(raw.country());
        return new CubeKey(country, region(country, raw.region()), group(raw.group()));
      }).toList();
      if (keys.isEmpty()) {
        throw new IllegalArgumentException("query parameter 'key' (country|region|group, repeatable) is required");
      }
      final int days;
      try {
        days = Integer.parseInt(param(ctx, "days", "30"));
      } catch (final NumberFormatException e) {
        throw new IllegalArgumentException("'days' must be a whole number, got '" + ctx.queryParam("days") + "'");
      }
      answer(ctx, queries.currentCounts(keys.get(0).shard(), keys, days, hop(ctx)));
    });
    app.get("/api/v1/incidents/{id}", ctx -> answer(ctx, queries.incident(ctx.pathParam("id"), hop(ctx))));
    app.get("/api/v1/statements", ctx -> answer(ctx, queries.statements(key(ctx), from(ctx), to(ctx),
        limit(ctx, 100), hop(ctx))));
    app.get("/api/v1/statement-counts", ctx -> answer(ctx, queries.statementCounts(country(ctx.queryParam("country")),
        hop(ctx))));
    app.sse("/api/v1/events", client -> {
      client.keepAlive();
      client.onClose(() -> clients.remove(client));
      clients.add(client);
      send(client, "hello", "{\"windows\":" + EventJson.MAPPER.valueToTree(queries.windows()) + "}");
    });
    app.get("/health/live", ctx -> health(ctx, streams.state().isRunningOrRebalancing()));
    app.get("/health/ready", ctx -> health(ctx, streams.state() == KafkaStreams.State.RUNNING));
    app.get("/health", ctx -> health(ctx, streams.state() == KafkaStreams.State.RUNNING));
    app.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape()));
    app.exception(IllegalArgumentException.class, (e, ctx) -> problem(ctx, 400, "Bad request", e.getMessage()));
    app.error(404, ctx -> problem(ctx, 404, "Not found", ctx.method() + " " + ctx.path()
        + " is not a page or endpoint of the dashboard (the API is under /api/v1/; see /openapi.json)"));
    app.exception(io.surgewatch.streams.query.NotFoundException.class,
        (e, ctx) -> problem(ctx, 404, "Not found", e.getMessage()));
    app.exception(NotReadyException.class, (e, ctx) -> {
      ctx.header("Retry-After", RETRY_AFTER_SECONDS);
      problem(ctx, 503, "Not ready", e.getMessage());
    });
    app.exception(Exception.class, (e, ctx) -> {
      LOG.error("dashboard request {} {} failed", ctx.method(), ctx.path(), e);
      problem(ctx, 500, "Internal server error", String.valueOf(e.getMessage()));
    });
  }

  private void authenticate(final Context ctx) {
    if (token == null) {
      return;
    }
    final String header = ctx.header("Authorization");
    String given = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).trim() : null;
    if (given == null && ctx.path().equals("/api/v1/events")) {
      given = ctx.queryParam("access_token");
    }
    // MessageDigest.isEqual takes the same time wherever the first difference is.
    if (!MessageDigest.isEqual(given == null ? new byte[0] : given.getBytes(StandardCharsets.UTF_8), token)) {
      ctx.header("WWW-Authenticate", "Bearer realm=\"surgewatch\"");
      problem(ctx, 401, "Unauthorized", given == null ? "missing bearer token" : "wrong bearer token");
      ctx.skipRemainingHandlers();
    }
  }

  private static Hop hop(final Context ctx) {
    final String query = ctx.queryString();
    return new Hop(ctx.path() + (query == null || query.isEmpty() ? "" : "?" + query), ctx.header("Authorization"),
        ctx.header(Forwarder.HEADER) != null);
  }

  private static void answer(final Context ctx, final Answer answer) {
    ctx.status(answer.status()).contentType("application/json").header("Cache-Control", "no-store").result(answer.body());
  }

  private static void problem(final Context ctx, final int status, final String title, final String detail) {
    final ObjectNode body = EventJson.MAPPER.createObjectNode().put("type", "about:blank").put("title", title)
        .put("status", status).put("detail", detail);
    ctx.status(status).contentType("application/problem+json").result(body.toString());
  }

  private void health(final Context ctx, final boolean up) {
    final ObjectNode body = EventJson.MAPPER.createObjectNode().put("status", up ? "UP" : "DOWN")
        .put("streams", streams.state().name());
    final FailurePolicy.Failure failure = failures == null ? null : failures.failure();
    if (failure != null) {
      // Not a pause that ends by itself: the app stopped, and a person must fix the cause and restart it.
      body.putObject("problem").put("title", "Stopped after repeated failures").put("detail", failure.describe())
          .put("exception", failure.exception()).put("message", failure.message()).put("failures", failure.failures())
          .put("windowMs", failure.window().toMillis()).put("at", failure.at().toString());
    }
    ctx.status(up ? 200 : 503).contentType("application/json").result(body.toString());
  }

  /**
   * The cube key a request names, in the names the ingest API and the alias tables accept ({@code pk}, {@code
   * Pakistan}, {@code KPK}, {@code Pakistani Taliban}), made canonical as the counts are keyed.
   */
  private static CubeKey key(final Context ctx) {
    final String country = country(param(ctx, "country", null));
    return new CubeKey(country, region(country, param(ctx, "region", CubeKey.ALL)), group(param(ctx, "group", CubeKey.ALL)));
  }

  private static java.util.function.Predicate<io.surgewatch.events.v1.SurgeAlert> alertFilter(final Context ctx) {
    final String country = country(ctx.queryParam("country"));
    final String region = ctx.queryParam("region");
    final String group = ctx.queryParam("group");
    return QueryService.alertsOf(country, region == null || region.isBlank() ? null : region(country, region.trim()),
        group == null || group.isBlank() ? null : group(group.trim()));
  }

  /** A country code, name or {@code *}; null when absent; an unknown one is a bad request, not an empty answer. */
  private static String country(final String raw) {
    if (raw == null || raw.isBlank()) {
      return null;
    }
    if (CubeKey.ALL.equals(raw.trim())) {
      return CubeKey.ALL;
    }
    return NAMES.country(raw).orElseThrow(() -> new IllegalArgumentException("unknown country '" + raw.trim()
        + "': use an ISO 3166-1 code (PK), its English name (Pakistan), or * for all countries"));
  }

  private static String region(final String country, final String raw) {
    return CubeKey.ALL.equals(raw) ? raw : NAMES.region(country == null ? CubeKey.ALL : country, raw);
  }

  private static String group(final String raw) {
    return CubeKey.ALL.equals(raw) ? raw : NAMES.group(raw);
  }

  private static LocalDate from(final Context ctx) {
    final LocalDate from = date(ctx, "from");
    final LocalDate to = date(ctx, "to");
    if (from != null && to != null && from.isAfter(to)) {
      throw new IllegalArgumentException("'from' (" + from + ") is after 'to' (" + to + ")");
    }
    return from;
  }

  private static LocalDate to(final Context ctx) {
    return date(ctx, "to");
  }

  private static boolean bool(final Context ctx, final String name, final boolean fallback) {
    final String v = ctx.queryParam(name);
    if (v == null || v.isBlank()) {
      return fallback;
    }
    return switch (v.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new IllegalArgumentException("'" + name + "' must be true or false, got '" + v + "'");
    };
  }

  private static String param(final Context ctx, final String name, final String fallback) {
    final String v = ctx.queryParam(name);
    if (v == null || v.isBlank()) {
      if (fallback == null) {
        throw new IllegalArgumentException("query parameter '" + name + "' is required");
      }
      return fallback;
    }
    return v.trim();
  }

  private static LocalDate date(final Context ctx, final String name) {
    final String v = ctx.queryParam(name);
    try {
      return v == null || v.isBlank() ? null : LocalDate.parse(v.trim());
    } catch (final DateTimeParseException e) {
      throw new IllegalArgumentException("'" + name + "' must be a date like 2023-01-30, got '" + v + "'");
    }
  }

  private static int limit(final Context ctx, final int fallback) {
    final String v = ctx.queryParam("limit");
    try {
      final int n = v == null || v.isBlank() ? fallback : Integer.parseInt(v.trim());
      if (n < 1 || n > MAX_LIMIT) {
        throw new NumberFormatException();
      }
      return n;
    } catch (final NumberFormatException e) {
      throw new IllegalArgumentException("'limit' must be a whole number from 1 to " + MAX_LIMIT + ", got '" + v + "'");
    }
  }

  private static double processed(final KafkaStreams streams) {
    return streams.metrics().values().stream()
        .filter(m -> m.metricName().name().equals("process-total") && m.metricName().group().equals("stream-thread-metrics"))
        .mapToDouble(m -> ((Number) m.metricValue()).doubleValue()).sum();
  }

  private void broadcast(final LiveFeed.Event event) {
    clients.forEach(c -> send(c, event.type(), event.json()));
  }

  private void heartbeat() {
    clients.forEach(c -> {
      synchronized (c) {
        c.sendComment("heartbeat");
      }
      if (c.terminated()) {
        clients.remove(c);
      }
    });
  }

  /** One writer at a time per client: the feed thread and the heartbeat share the stream. */
  private void send(final SseClient client, final String type, final String json) {
    synchronized (client) {
      client.sendEvent(type, json);
    }
    if (client.terminated()) {
      clients.remove(client);
    }
  }

  public void stop() {
    heartbeats.shutdownNow();
    feed.close();
    clients.forEach(c -> {
      try {
        c.close();
      } catch (final RuntimeException e) {
        LOG.debug("closing an event stream: {}", e.getMessage());
      }
    });
    clients.clear();
    app.stop();
    streamsMetrics.close();
    metrics.close();
  }

  @Override
  public void close() {
    stop();
  }
}
