package io.surgewatch.http;

import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import java.util.function.Consumer;

/**
 * A Javalin server set up as each of ours is (the ingest API, the dashboard and query API), so that
 * they answer alike what is not theirs to decide: no banner or startup watcher; a method the
 * address does not take is a {@code 405} naming those it does ({@link AllowHeader}), not a {@code
 * 404}; Jetty's own refusals are problems ({@link ProblemErrorHandler}), and so is an address whose
 * escapes are not UTF-8 ({@link Utf8Address}). Routes that read are registered through {@link
 * GetAndHead}.
 */
public final class HttpServers {
  private HttpServers() {}

  /**
   * @param own the server's own settings (body limit, static files, CORS)
   */
  public static Javalin create(final Consumer<JavalinConfig> own) {
    final Javalin app =
        Javalin.create(
            cfg -> {
              cfg.showJavalinBanner = false;
              cfg.startupWatcherEnabled = false;
              cfg.http.prefer405over404 = true;
              ProblemErrorHandler.install(cfg);
              own.accept(cfg);
            });
    app.before(new Utf8Address()); // first: no handler reads an address it would misread
    AllowHeader.install(app);
    return app;
  }
}
