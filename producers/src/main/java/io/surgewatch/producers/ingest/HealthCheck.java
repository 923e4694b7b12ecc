package io.surgewatch.producers.ingest;

import io.surgewatch.core.BrokerProbe;
import io.surgewatch.core.SurgewatchConfig;
import io.surgewatch.core.Topics;
import io.surgewatch.serde.AvroSerdeConfig;
import io.surgewatch.serde.SchemaRegistryClient;
import io.surgewatch.serde.SchemaRegistryClients;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Readiness: the broker answers a describeCluster, the input topics exist, and the registry answers
 * {@code GET /subjects}, each within a short timeout. The result is cached for {@code cacheFor}, so
 * frequent probes cost the cluster nothing. {@code ingest} checks all three before it serves; this
 * check tells a probe whether they still hold: a topic deleted under the running service is not
 * ready, for every POST to it would wait out the producer's timeout for its metadata and answer
 * 503.
 */
public final class HealthCheck implements AutoCloseable {

  /**
   * The outcome of one check; {@code broker}/{@code topics}/{@code registry}: "ok" or the error.
   */
  public record Status(boolean ready, String broker, String topics, String registry) {}

  private final BrokerProbe broker;
  private final List<String> inputs;
  private final SchemaRegistryClient registry;
  private final long cacheNanos;
  private Status cached;
  private long cachedAt;

  public HealthCheck(
      final SurgewatchConfig config, final Duration timeout, final Duration cacheFor) {
    this.cacheNanos = cacheFor.toNanos();
    this.broker = new BrokerProbe(config, "surgewatch-ingest-health", timeout);
    final Topics topics = Topics.from(config);
    this.inputs = List.of(topics.incidents().name(), topics.statements().name());
    final Map<String, Object> registryProps = new HashMap<>(config.clientProperties());
    registryProps.put(AvroSerdeConfig.MAX_RETRIES, "0");
    registryProps.put(AvroSerdeConfig.CONNECT_TIMEOUT_MS, String.valueOf(timeout.toMillis()));
    registryProps.put(AvroSerdeConfig.REQUEST_TIMEOUT_MS, String.valueOf(timeout.toMillis()));
    this.registry = SchemaRegistryClients.forConfig(registryProps);
  }

  public synchronized Status check() {
    final long now = System.nanoTime();
    if (cached != null && now - cachedAt < cacheNanos) {
      return cached;
    }
    final String broker = checkBroker();
    final String topics =
        "ok".equals(broker) ? checkTopics() : "unknown: the broker is unreachable";
    final String schemaRegistry = checkRegistry();
    cached =
        new Status(
            "ok".equals(broker) && "ok".equals(topics) && "ok".equals(schemaRegistry),
            broker,
            topics,
            schemaRegistry);
    cachedAt = System.nanoTime();
    return cached;
  }

  private String checkBroker() {
    try {
      final String problem = broker.problem();
      return problem == null ? "ok" : "unreachable: " + problem;
    } catch (final InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }

  private String checkTopics() {
    try {
      final String problem = broker.missingTopics(inputs);
      return problem == null ? "ok" : problem + " (topics create, or the streams app, makes them)";
    } catch (final InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }

  private String checkRegistry() {
    try {
      registry.subjects();
      return "ok";
    } catch (final RuntimeException e) {
      return "unreachable: " + e.getMessage();
    }
  }

  @Override
  public void close() {
    broker.close();
  }
}
