package io.surgewatch.streams.dashboard;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.surgewatch.core.EventJson;
import io.surgewatch.http.GetAndHead;
import io.surgewatch.streams.app.FailurePolicy;
import org.apache.kafka.streams.KafkaStreams;

/**
 * {@code /health/live}: the streams app runs or rebalances. {@code /health/ready} and {@code
 * /health}: it has run since this dashboard started and runs or rebalances now. 200 when up, 503
 * when down, with the streams state and, once repeated failures have stopped the app, why.
 *
 * <p>A rebalance after the first run is not unreadiness: every instance rebalances at once when one
 * joins or leaves, and a load balancer that took them all out would drop every dashboard for those
 * seconds, while the page loads and a query that meets the rebalance answers 503 with Retry-After
 * by itself. The first rebalance, with its restoration, is: no query could be answered yet. Nor is
 * the broker or the registry asked: queries are answered from local stores, and a probe that waited
 * on an unreachable broker would time out and take every instance out at once.
 */
final class Health {
  private final KafkaStreams streams;
  private final FailurePolicy failures;

  private final Readiness readiness = new Readiness();

  /**
   * @param failures the app's failure policy, or null for none
   */
  Health(final KafkaStreams streams, final FailurePolicy failures) {
    this.streams = streams;
    this.failures = failures;
  }

  void register(final Javalin app) {
    GetAndHead.route(
        app, "/health/live", ctx -> answer(ctx, streams.state().isRunningOrRebalancing()));
    GetAndHead.route(app, "/health/ready", ctx -> answer(ctx, ready()));
    GetAndHead.route(app, "/health", ctx -> answer(ctx, ready()));
  }

  private boolean ready() {
    return readiness.of(streams.state());
  }

  /** Ready once the app has run, through later rebalances (see the class comment). */
  static final class Readiness {
    /**
     * Whether a probe has seen the app RUNNING (probes come every few seconds, a run lasts longer).
     */
    private volatile boolean hasRun;

    boolean of(final KafkaStreams.State state) {
      if (state == KafkaStreams.State.RUNNING) {
        hasRun = true;
        return true;
      }
      return state == KafkaStreams.State.REBALANCING && hasRun;
    }
  }

  private void answer(final Context ctx, final boolean up) {
    final ObjectNode body =
        EventJson.MAPPER
            .createObjectNode()
            .put("status", up ? "UP" : "DOWN")
            .put("streams", streams.state().name());
    final FailurePolicy.Failure failure = failures == null ? null : failures.failure();
    if (failure != null) {
      // Not a pause that ends by itself: the app stopped, and a person must fix the cause and
      // restart it.
      body.putObject("problem")
          .put("title", "Stopped after repeated failures")
          .put("detail", failure.describe())
          .put("exception", failure.exception())
          .put("message", failure.message())
          .put("failures", failure.failures())
          .put("windowMs", failure.window().toMillis())
          .put("at", failure.at().toString());
    }
    ctx.status(up ? 200 : 503).contentType("application/json").result(body.toString());
  }
}
