package io.surgewatch.producers.ingest;

import io.surgewatch.core.SurgewatchConfig;
import io.surgewatch.serde.AvroSerdeConfig;
import io.surgewatch.serde.SchemaRegistryClient;
import io.surgewatch.serde.SchemaRegistryClients;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

/**
 * Readiness: the broker answers a describeCluster and the registry answers {@code GET /subjects},
 * each within a short timeout. The result is cached for {@code cacheFor}, so frequent probes cost
 * the cluster nothing.
 */
public final class HealthCheck implements AutoCloseable {

  /** The outcome of one check; {@code broker}/{@code registry} are "ok" or the error. */
  public record Status(boolean ready, String broker, String registry) {}

  private final Admin admin;
  private final SchemaRegistryClient registry;
  private final Duration timeout;
  private final long cacheNanos;
  private Status cached;
  private long cachedAt;

  public HealthCheck(
      final SurgewatchConfig config, final Duration timeout, final Duration cacheFor) {
    this.timeout = timeout;
    this.cacheNanos = cacheFor.toNanos();
    final Map<String, Object> adminProps = new HashMap<>(config.clientProperties());
    adminProps.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
    adminProps.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
    adminProps.put(AdminClientConfig.CLIENT_ID_CONFIG, "surgewatch-ingest-health");
    adminProps.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000);
    this.admin = Admin.create(adminProps);
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
    final String schemaRegistry = checkRegistry();
    cached = new Status("ok".equals(broker) && "ok".equals(schemaRegistry), broker, schemaRegistry);
    cachedAt = System.nanoTime();
    return cached;
  }

  private String checkBroker() {
    try {
      final int nodes =
          admin
              .describeCluster(new DescribeClusterOptions().timeoutMs((int) timeout.toMillis()))
              .nodes()
              .get(timeout.toMillis() + 500, TimeUnit.MILLISECONDS)
              .size();
      return nodes > 0 ? "ok" : "no broker in the cluster";
    } catch (final InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    } catch (final Exception e) {
      return "unreachable: " + (e.getCause() != null ? e.getCause() : e);
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
    admin.close(Duration.ofSeconds(2));
  }
}
