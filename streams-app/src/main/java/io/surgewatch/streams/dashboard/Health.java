package io.surgewatch.streams.dashboard;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.surgewatch.core.EventJson;
import io.surgewatch.streams.app.FailurePolicy;
import org.apache.kafka.streams.KafkaStreams;

/**
 * {@code /health/live} (the streams app runs or rebalances), {@code /health/ready} and {@code
 * /health} (it runs): 200 when up, 503 when down, with the streams state and, once repeated
 * failures have stopped the app, why.
 */
final class Health {
  private final KafkaStreams streams;
  private final FailurePolicy failures;

  /**
   * @param failures the app's failure policy, or null for none
   */
  Health(final KafkaStreams streams, final FailurePolicy failures) {
    this.streams = streams;
    this.failures = failures;
  }

  void register(final Javalin app) {
    app.get("/health/live", ctx -> answer(ctx, streams.state().isRunningOrRebalancing()));
    app.get("/health/ready", ctx -> answer(ctx, streams.state() == KafkaStreams.State.RUNNING));
    app.get("/health", ctx -> answer(ctx, streams.state() == KafkaStreams.State.RUNNING));
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
