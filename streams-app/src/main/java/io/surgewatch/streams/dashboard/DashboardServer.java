package io.surgewatch.streams.dashboard;

import io.javalin.Javalin;
import io.javalin.http.staticfiles.Location;
import io.surgewatch.core.Keys;
import io.surgewatch.core.SurgewatchConfig;
import io.surgewatch.http.BearerAuth;
import io.surgewatch.http.GetAndHead;
import io.surgewatch.http.HttpServers;
import io.surgewatch.streams.app.FailurePolicy;
import io.surgewatch.streams.query.Forwarder;
import io.surgewatch.streams.query.NotFoundException;
import io.surgewatch.streams.query.NotReadyException;
import io.surgewatch.streams.query.QueryService;
import java.util.List;
import java.util.Locale;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dashboard and the query API on {@code dashboard.host}:{@code dashboard.port}: the page
 * (static, from the jar; ECharts from its webjar, so it works offline), the JSON API under {@code
 * /api/v1} ({@link QueryEndpoints}), the live-update stream {@code /api/v1/events} ({@link
 * EventStream}), health ({@link Health}) and Prometheus metrics ({@link DashboardMetrics}).
 * Failures answer as RFC 9457 problems.
 *
 * <p>When {@code api.token} is set, {@code /api/*} wants it ({@link BearerAuth}). The page, health
 * and metrics stay open.
 */
public final class DashboardServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DashboardServer.class);
  static final String RETRY_AFTER_SECONDS = "2";

  private final String host;
  private final DashboardMetrics metrics;
  private final EventStream events;
  private final DeadLetterLog deadLetters;
  private final Javalin app;

  private DashboardServer(
      final SurgewatchConfig config, final KafkaStreams streams, final FailurePolicy failures) {
    final QueryService queries = QueryService.of(streams, config);
    this.host = config.get(Keys.DASHBOARD_HOST);
    final BearerAuth auth = new BearerAuth(config.getOrNull(Keys.API_TOKEN), EventStream.PATH);
    this.metrics = new DashboardMetrics(streams, queries, failures);
    this.events = new EventStream(config, metrics.registry(), queries.windows());
    this.deadLetters = new DeadLetterLog(config);
    final List<String> origins = config.getList(Keys.DASHBOARD_CORS_ORIGINS);
    this.app =
        HttpServers.create(
            cfg -> {
              cfg.staticFiles.add(
                  files -> {
                    files.hostedPath = "/";
                    files.directory = "/io/surgewatch/dashboard";
                    files.location = Location.CLASSPATH;
                  });
              cfg.staticFiles.enableWebjars();
              if (!origins.isEmpty()) {
                // A dashboard served from elsewhere calls the API from the browser.
                cfg.bundledPlugins.enableCors(
                    cors ->
                        cors.addRule(
                            rule -> {
                              if (origins.contains("*")) {
                                rule.anyHost();
                              } else {
                                rule.allowHost(
                                    origins.get(0),
                                    origins.subList(1, origins.size()).toArray(String[]::new));
                              }
                              // A 503's Retry-After is for the page to honour: readable only
                              // when exposed. A preflight holds ten minutes, not one request.
                              rule.exposeHeader("Retry-After");
                              rule.maxAge = 600;
                            }));
              }
            });
    if (!origins.isEmpty() && !origins.contains("*")) {
      // The answer differs by Origin (an allowed one gets Access-Control-Allow-Origin, another
      // none), so a shared cache must not give one origin's answer to the other. The CORS
      // plugin says so only on the answers it allows.
      app.before("/api/*", ctx -> ctx.header("Vary", "Origin"));
    }
    app.before("/api/*", auth);
    final DeclaredParameters declared = DeclaredParameters.load();
    new QueryEndpoints(queries).register(app, declared);
    // Read from the topic by this instance, every instance alike: nothing to route.
    declared.get(
        app,
        "/api/v1/dead-letters",
        ctx -> {
          final String category = QueryParams.value(ctx, "category");
          Responses.answer(
              ctx,
              new Forwarder.Answer(
                  200,
                  deadLetters
                      .recent(
                          category == null || category.isBlank()
                              ? null
                              : category.trim().toUpperCase(Locale.ROOT),
                          QueryParams.limit(ctx, 50))
                      .toString()));
        });
    declared.before(app, EventStream.PATH);
    events.register(app);
    new Health(streams, failures).register(app);
    GetAndHead.route(
        app,
        "/metrics",
        ctx ->
            ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape()));
    problems();
  }

  /** Starts the server (port 0 picks a free one, see {@link #port()}) and the live feed. */
  public static DashboardServer start(final SurgewatchConfig config, final KafkaStreams streams) {
    return start(config, streams, null);
  }

  /**
   * @param failures the app's failure policy (null: none): its replacements in {@code /metrics},
   *     and the failure that stopped the app, if one did, in {@code /health}
   */
  public static DashboardServer start(
      final SurgewatchConfig config, final KafkaStreams streams, final FailurePolicy failures) {
    final DashboardServer server = new DashboardServer(config, streams, failures);
    try {
      server.app.start(server.host, config.getInt(Keys.DASHBOARD_PORT));
      server.events.start();
    } catch (final RuntimeException e) {
      server.stop();
      throw new IllegalStateException(
          "cannot start the dashboard on "
              + server.host
              + ":"
              + config.get(Keys.DASHBOARD_PORT)
              + " ("
              + Keys.DASHBOARD_HOST
              + ", "
              + Keys.DASHBOARD_PORT
              + "): "
              + e.getMessage(),
          e);
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
    return events.live();
  }

  private static final String ALERTS_PATH = "/api/v1/alerts/";

  /**
   * Which failure answers with which status: a bad request, an unknown path or id, not ready yet, a
   * bug.
   */
  private void problems() {
    app.exception(
        IllegalArgumentException.class,
        (e, ctx) -> Responses.problem(ctx, 400, "invalid-query", "Invalid query", e.getMessage()));
    app.error(
        404,
        ctx -> {
          if (ctx.attribute(Responses.PROBLEM) != null) {
            return; // an unknown id of a known endpoint: its own problem says so
          }
          Responses.problem(
              ctx,
              404,
              "not-found",
              "Not found",
              ctx.method()
                  + " "
                  + ctx.path()
                  + " is not a page or endpoint of the dashboard (the API is under /api/v1/; see /openapi.json)"
                  + (ctx.path().startsWith(ALERTS_PATH)
                      ? ": an alert id is one path segment, its '/' (a group's name may hold one)"
                          + " written %2F, as encodeURIComponent writes it"
                      : ""));
        });
    app.error(
        405,
        ctx ->
            Responses.problem(
                ctx,
                405,
                "method-not-allowed",
                "Method not allowed",
                ctx.method()
                    + " "
                    + ctx.path()
                    + ": the dashboard and its API answer GET (and HEAD) only"));
    app.exception(
        NotFoundException.class,
        (e, ctx) -> Responses.problem(ctx, 404, "not-found", "Not found", e.getMessage()));
    app.exception(
        NotReadyException.class,
        (e, ctx) -> {
          ctx.header("Retry-After", RETRY_AFTER_SECONDS);
          Responses.problem(ctx, 503, "not-ready", "Not ready", e.getMessage());
        });
    app.exception(
        Exception.class,
        (e, ctx) -> {
          LOG.error("dashboard request {} {} failed", ctx.method(), ctx.path(), e);
          Responses.problem(
              ctx, 500, "internal-error", "Internal server error", String.valueOf(e.getMessage()));
        });
  }

  public void stop() {
    events.close();
    deadLetters.close();
    app.stop();
    metrics.close();
  }

  @Override
  public void close() {
    stop();
  }
}
