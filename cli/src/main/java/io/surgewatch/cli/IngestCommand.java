package io.surgewatch.cli;

import io.surgewatch.producers.ingest.IngestServer;
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
      "Keys: ingest.host, ingest.port (8082), ingest.max-body-bytes, api.token (bearer token; empty = open)."
    })
final class IngestCommand implements Callable<Integer> {
  @Mixin ConfigOptions options;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    final IngestServer server = IngestServer.start(options.load());
    System.out.println("Ingest API: " + server.url());
    Platform.awaitShutdown(spec, server::close);
    return 0;
  }
}
