package io.surgewatch.cli;

import io.surgewatch.core.Keys;
import io.surgewatch.core.SurgewatchConfig;
import io.surgewatch.core.Topics;
import io.surgewatch.stack.LocalStack;
import io.surgewatch.stack.TopicInitializer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.admin.AdminClientConfig;

/** Brings a cluster to the state the apps expect: topics with their configs, and registry compatibility levels. */
final class Platform {
  private Platform() {}

  static void createTopics(final SurgewatchConfig config) {
    final Map<String, Object> admin = config.clientProperties();
    admin.putIfAbsent(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 15_000);
    TopicInitializer.ensureTopics(admin, Topics.from(config).newTopics(), Duration.ofSeconds(60));
  }

  /** The live registry enforces what the build checks: inputs BACKWARD_TRANSITIVE, outputs FULL_TRANSITIVE. */
  static void setCompatibility(final LocalStack stack, final SurgewatchConfig config) {
    for (final Topics.Topic<?> t : Topics.from(config).all()) {
      stack.registry().setCompatibility(t.valueSubject(),
          t.role() == Topics.Role.INPUT ? "BACKWARD_TRANSITIVE" : "FULL_TRANSITIVE");
    }
  }

  static LocalStack startStack(final SurgewatchConfig config, final java.io.PrintStream out) {
    final Path dir = ConfigOptions.dataDir(config);
    out.println("Starting Kafka (KRaft) and the schema registry; data in " + dir.toAbsolutePath().normalize());
    return LocalStack.start(dir, config.getInt(Keys.KAFKA_PORT), config.getInt(Keys.REGISTRY_PORT));
  }

  /** The configuration pointed at a local stack. */
  static Map<String, String> addresses(final LocalStack stack) {
    return Map.of(Keys.BOOTSTRAP_SERVERS, stack.bootstrapServers(), Keys.SCHEMA_REGISTRY_URL, stack.registryUrl());
  }

  /** Blocks until the JVM is asked to stop (Ctrl-C), then returns so try-with-resources closes everything. */
  static void awaitShutdown(final Runnable onStop) {
    final java.util.concurrent.CountDownLatch stop = new java.util.concurrent.CountDownLatch(1);
    final java.util.concurrent.CountDownLatch stopped = new java.util.concurrent.CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      stop.countDown();
      try {
        stopped.await(60, java.util.concurrent.TimeUnit.SECONDS);
      } catch (final InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "surgewatch-shutdown"));
    try {
      stop.await();
    } catch (final InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      onStop.run();
    } finally {
      stopped.countDown();
    }
  }
}
