package io.surgewatch.stack;

import java.nio.file.Path;

/**
 * The broker and the registry together under one data directory: {@code dataDir/kafka}, {@code
 * dataDir/registry}.
 */
public final class LocalStack implements AutoCloseable {
  private final EmbeddedKafka kafka;
  private final ApicurioRegistry registry;

  private LocalStack(final EmbeddedKafka kafka, final ApicurioRegistry registry) {
    this.kafka = kafka;
    this.registry = registry;
  }

  /** Starts the broker, then the registry on it; a port of 0 picks a free one. */
  public static LocalStack start(final Path dataDir, final int kafkaPort, final int registryPort) {
    final EmbeddedKafka kafka = EmbeddedKafka.start(dataDir.resolve("kafka"), kafkaPort);
    try {
      return new LocalStack(
          kafka,
          ApicurioRegistry.start(
              dataDir.resolve("registry"), registryPort, kafka.bootstrapServers()));
    } catch (final RuntimeException e) {
      kafka.close();
      throw e;
    }
  }

  public String bootstrapServers() {
    return kafka.bootstrapServers();
  }

  /** The Confluent-API base URL of the registry. */
  public String registryUrl() {
    return registry.confluentApiUrl();
  }

  public EmbeddedKafka kafka() {
    return kafka;
  }

  public ApicurioRegistry registry() {
    return registry;
  }

  /** Registry first: it is a client of the broker. */
  @Override
  public void close() {
    try {
      registry.close();
    } finally {
      kafka.close();
    }
  }
}
