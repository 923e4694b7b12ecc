package io.surgewatch.cli;

import io.surgewatch.core.Keys;
import io.surgewatch.core.SurgewatchConfig;
import io.surgewatch.producers.ingest.IngestServer;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(
    name = "ingest",
    mixinStandardHelpOptions = true,
    description = {
      "The HTTP ingest service for upstream feeds: POST /v1/incidents and /v1/statements "
          + "(JSON or NDJSON), health at /health, metrics at /metrics, API description at /openapi.json.",
      "Keys: ingest.host, ingest.port (8082), ingest.max-body-bytes, api.token (bearer token; empty = open).",
      "Before it serves, it checks the cluster as produce does: a broker and a registry that answer, and the input "
          + "topics (waited for up to topics.wait-ms, for a deployment making them beside it)."
    })
final class IngestCommand implements Callable<Integer> {
  @Mixin ConfigOptions options;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    final SurgewatchConfig config = options.load();
    // What is wrong with the addresses is said once, naming the setting, rather than as a 503 to
    // every request of a service that looks up (an HTTP port read as Kafka, a registry URL without
    // its API's base path).
    Platform.requireBroker(config);
    Platform.requireTopics(
        config,
        Duration.ofMillis(config.getInt(Keys.TOPICS_WAIT_MS)),
        Keys.TOPIC_INCIDENTS,
        Keys.TOPIC_STATEMENTS); // statements take the progress markers too
    Platform.requireRegistry(config);
    final IngestServer server = IngestServer.start(config);
    System.out.println("Ingest API: " + server.url());
    Platform.awaitShutdown(spec, server::close);
    return 0;
  }
}
