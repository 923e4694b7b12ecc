package io.surgewatch.streams.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.surgewatch.core.EventJson;
import io.surgewatch.http.GetAndHead;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The query parameters each endpoint takes, read from the API's own description ({@code
 * openapi.json}), so that the check and the documentation cannot disagree. A parameter an endpoint
 * does not take is a bad request naming it: {@code region} and {@code group} default to {@code *},
 * so a misspelt {@code grop=TTP} would otherwise answer for every group, and the caller could not
 * tell.
 */
final class DeclaredParameters {
  static final String RESOURCE = "/io/surgewatch/dashboard/openapi.json";

  /**
   * The bearer token as a query parameter, which only the event stream takes (a browser's
   * EventSource cannot set headers; {@link BearerAuth}): elsewhere it would sit in logs for
   * nothing.
   */
  private static final String ACCESS_TOKEN = "access_token";

  private final Map<String, Set<String>> byPath;

  private DeclaredParameters(final Map<String, Set<String>> byPath) {
    this.byPath = byPath;
  }

  /** The query parameters of every GET in the served description. */
  static DeclaredParameters load() {
    try (InputStream in = DeclaredParameters.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the classpath");
      }
      final Map<String, Set<String>> byPath = new HashMap<>();
      EventJson.MAPPER
          .readTree(in)
          .path("paths")
          .fields()
          .forEachRemaining(
              path -> {
                final Set<String> names = new TreeSet<>();
                for (final JsonNode p : path.getValue().path("get").path("parameters")) {
                  if ("query".equals(p.path("in").asText())) {
                    names.add(p.path("name").asText());
                  }
                }
                byPath.put(path.getKey(), names);
              });
      return new DeclaredParameters(byPath);
    } catch (final IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }

  /**
   * Registers {@code handler} for GET (and HEAD) {@code path}, taking the parameters described for
   * it.
   */
  void get(final Javalin app, final String path, final Handler handler) {
    get(app, path, path, handler);
  }

  /**
   * Registers {@code handler} for GET (and HEAD) {@code path}, taking the parameters described for
   * {@code describedAs} (an internal endpoint that answers part of a described one).
   */
  void get(final Javalin app, final String path, final String describedAs, final Handler handler) {
    final Set<String> accepted = byPath.get(describedAs);
    if (accepted == null) {
      throw new IllegalStateException(describedAs + " is not described in " + RESOURCE);
    }
    GetAndHead.route(
        app,
        path,
        ctx -> {
          requireDeclared(ctx, describedAs, accepted);
          handler.handle(ctx);
        });
  }

  /**
   * Checks the parameters of {@code path} before its own handlers, for a route registered otherwise
   * (the server-sent event stream).
   */
  void before(final Javalin app, final String path) {
    final Set<String> accepted = byPath.get(path);
    if (accepted == null) {
      throw new IllegalStateException(path + " is not described in " + RESOURCE);
    }
    app.before(path, ctx -> requireDeclared(ctx, path, accepted));
  }

  private static void requireDeclared(
      final Context ctx, final String describedAs, final Set<String> accepted) {
    for (final String name : ctx.queryParamMap().keySet()) {
      if (!accepted.contains(name)) {
        throw new IllegalArgumentException(
            "unknown query parameter '"
                + name
                + "': "
                + describedAs
                + (accepted.isEmpty() ? " takes none" : " takes " + String.join(", ", accepted))
                + (ACCESS_TOKEN.equals(name)
                    ? " (the API token goes in the header 'Authorization: Bearer TOKEN'; only the"
                        + " event stream, which a browser opens without headers, takes it as "
                        + ACCESS_TOKEN
                        + ")"
                    : " (see /openapi.json)"));
      }
    }
  }
}
