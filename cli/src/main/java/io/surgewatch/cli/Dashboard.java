package io.surgewatch.cli;

import io.surgewatch.core.Keys;
import io.surgewatch.core.SurgewatchConfig;
import io.surgewatch.streams.app.StreamsApp;
import io.surgewatch.streams.dashboard.DashboardServer;
import picocli.CommandLine.Model.CommandSpec;

/** Starts the dashboard and query API beside a streams app. */
final class Dashboard {
  private Dashboard() {}

  static AutoCloseable start(final SurgewatchConfig config, final StreamsApp app) {
    final DashboardServer server = DashboardServer.start(config, app.streams(), app.failures());
    System.out.println(
        "Dashboard: http://" + config.get(Keys.DASHBOARD_HOST) + ":" + server.port() + "/");
    return server::stop;
  }

  /**
   * Closes the dashboard; what goes wrong is said on stderr, named for {@code command}, and the
   * rest of the stop goes on.
   */
  static void closeQuietly(final CommandSpec command, final AutoCloseable dashboard) {
    try {
      dashboard.close();
    } catch (final Exception e) {
      command
          .commandLine()
          .getErr()
          .println(Main.line(command, "while stopping the dashboard: " + e.getMessage()));
    }
  }
}
