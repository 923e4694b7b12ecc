package io.surgewatch.cli;

import io.surgewatch.core.Keys;
import io.surgewatch.core.SurgewatchConfig;
import io.surgewatch.stack.LocalStack;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(
    name = "stack",
    mixinStandardHelpOptions = true,
    description = {
      "Only the broker and the registry, for developing against them: a real single-node Kafka (KRaft) "
          + "and Apicurio Registry (Confluent API at /apis/ccompat/v7) on 127.0.0.1, with the project's topics.",
      "Data lives in data.dir (default .surgewatch); a second start reuses it. Ctrl-C stops everything."
    })
final class StackCommand implements Callable<Integer> {
  @Mixin ConfigOptions options;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    options.requireNoClusterAddress(spec);
    final SurgewatchConfig base = options.load();
    Platform.requireDistinctPorts(spec, base, Keys.KAFKA_PORT, Keys.REGISTRY_PORT);
    final LocalStack stack = Platform.startStack(base, System.out);
    try {
      final SurgewatchConfig config = options.load(Platform.addresses(stack));
      Platform.createTopics(config);
      Platform.setCompatibility(config);
      System.out.println("Kafka bootstrap servers: " + stack.bootstrapServers());
      System.out.println("Schema registry (Confluent API): " + stack.registryUrl());
      System.out.println("Ready. Ctrl-C stops the broker and the registry.");
    } catch (final RuntimeException e) {
      stack.close();
      throw e;
    }
    Platform.awaitShutdown(spec, stack::close);
    return 0;
  }
}
