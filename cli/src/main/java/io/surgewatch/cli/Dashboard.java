package io.surgewatch.cli;

import io.surgewatch.core.Keys;
import io.surgewatch.core.SurgewatchConfig;
import io.surgewatch.streams.app.StreamsApp;
import io.surgewatch.streams.dashboard.DashboardServer;

/** Starts the dashboard and query API beside a streams app. */
final class Dashboard {
  private Dashboard() {}

  static AutoCloseable start(final SurgewatchConfig config, final StreamsApp app) {
    final DashboardServer server = DashboardServer.start(config, app.streams(), app.failures());
    System.out.println(
        "Dashboard: http://" + config.get(Keys.DASHBOARD_HOST) + ":" + server.port() + "/");
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
