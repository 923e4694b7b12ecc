package io.surgewatch.cli;

import io.surgewatch.core.Keys;
import io.surgewatch.core.SurgewatchConfig;
import io.surgewatch.streams.app.StreamsApp;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(
    name = "streams",
    mixinStandardHelpOptions = true,
    description = {
      "The streams app against a given cluster: rolling counts, surge alerts and dead letters, plus the "
          + "dashboard and query API (dashboard.host:dashboard.port, default 127.0.0.1:8080).",
      "Run several instances with the same application.id to share the work; set application.server to each "
          + "instance's host:port so queries are routed to the owner, and give instances on one host a state.dir each "
          + "(Kafka Streams locks it); num.standby.replicas=1 keeps a copy of each task's state on another instance.",
      "Failures: an outage (broker or registry unreachable) is retried however long it lasts; any other failure of "
          + "a stream thread (a bug, state built with other windows) replaces the thread at most "
          + "failure.max-replacements times (default 3) within failure.window-ms (default 600000), then the app shuts "
          + "down, /health says why, and the command exits 1 with one line naming the exception and the count."
    })
final class StreamsCommand implements Callable<Integer> {
  @Mixin ConfigOptions options;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    final SurgewatchConfig config = options.load();
    // Without a broker the start would fail later, after its topic checks' timeouts, as if a topic
    // were the problem.
    Platform.requireBroker(config);
    // The dashboard's port is bound before the app joins its group: one taken fails the start
    // without the running instances rebalancing for this one (twice) and restoring its tasks.
    final AutoCloseable[] started = new AutoCloseable[1];
    final StreamsApp app =
        StreamsApp.startAfter(config, made -> started[0] = Dashboard.start(config, made));
    final AutoCloseable dashboard = started[0];
    System.out.println(
        "Streams app started (application.id " + config.get(Keys.APPLICATION_ID) + ")");
    Platform.awaitShutdown(
        spec,
        app,
        () -> {
          Dashboard.closeQuietly(spec, dashboard);
          app.close();
        });
    return 0;
  }
}
