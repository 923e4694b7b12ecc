package io.surgewatch.cli;

import io.surgewatch.core.SurgewatchConfig;
import io.surgewatch.streams.app.StreamsApp;

/** Starts the dashboard and query API beside a streams app. */
final class Dashboard {
  private Dashboard() {}

  static AutoCloseable start(final SurgewatchConfig config, final StreamsApp app) {
    final io.surgewatch.streams.dashboard.DashboardServer server =
        io.surgewatch.streams.dashboard.DashboardServer.start(config, app.streams(), app.failures());
    System.out.println("Dashboard: http://" + config.get(io.surgewatch.core.Keys.DASHBOARD_HOST) + ":" + server.port() + "/");
    return server::stop;
  }

  static void closeQuietly(final AutoCloseable c) {
    try {
      c.close();
    } catch (final Exception e) {
      System.err.println("surgewatch: while stopping the dashboard: " + e.getMessage());
    }
  }
}
