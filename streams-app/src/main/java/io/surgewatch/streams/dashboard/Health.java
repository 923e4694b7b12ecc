package io.surgewatch.streams.dashboard;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.surgewatch.core.EventJson;
import io.surgewatch.core.HealthCheck;
import io.surgewatch.streams.app.FailurePolicy;
import org.apache.kafka.streams.KafkaStreams;

/**
 * {@code /health/live}: the streams app runs or rebalances. {@code /health/ready} and {@code
 * /health}: the contract's readiness, the broker and the registry reachable, while the app runs or
 * rebalances. 200 when up, 503 when down, with the streams state, the two checks and, once repeated
 * failures have stopped the app, why.
 *
 * <p>A rebalance is not unreadiness: every instance rebalances at once when one joins or leaves,
 * and a load balancer that took them all out would drop every dashboard for those seconds; a query
 * that meets one answers 503 with Retry-After by itself.
 */
final class Health {
  private final KafkaStreams streams;
  private final FailurePolicy failures;
  private final HealthCheck cluster;

  /**
   * @param failures the app's failure policy, or null for none
   */
  Health(final KafkaStreams streams, final FailurePolicy failures, final HealthCheck cluster) {
    this.streams = streams;
    this.failures = failures;
    this.cluster = cluster;
  }

  void register(final Javalin app) {
    app.get("/health/live", ctx -> answer(ctx, processing(), null));
    app.get("/health/ready", this::ready);
    app.get("/health", this::ready);
  }

  private boolean processing() {
    return streams.state().isRunningOrRebalancing()
        && (failures == null || failures.failure() == null);
  }

  private void ready(final Context ctx) {
    if (!processing()) {
      answer(ctx, false, null); // no need to ask the cluster: the app does not run
      return;
    }
    final HealthCheck.Status status = cluster.check();
    answer(ctx, status.ready(), status);
  }

  private void answer(final Context ctx, final boolean up, final HealthCheck.Status checks) {
    final ObjectNode body =
        EventJson.MAPPER
            .createObjectNode()
            .put("status", up ? "UP" : "DOWN")
            .put("streams", streams.state().name());
    if (checks != null) {
      body.putObject("checks").put("broker", checks.broker()).put("registry", checks.registry());
    }
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
