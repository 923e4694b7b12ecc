package io.surgewatch.core;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.ListTopicsOptions;

/**
 * Whether the configured Kafka cluster answers: a describeCluster within a short timeout, on an
 * Admin client of its own (reconnecting at least every second, so an answer soon follows the
 * broker's return). The ingest API's readiness and the streams app's broker watch ask it.
 */
public final class BrokerProbe implements AutoCloseable {
  private final Admin admin;
  private final Duration timeout;

  public BrokerProbe(final SurgewatchConfig config, final String clientId, final Duration timeout) {
    this.timeout = timeout;
    final Map<String, Object> props = new HashMap<>(config.clientProperties());
    props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
    props.put(AdminClientConfig.CLIENT_ID_CONFIG, clientId);
    props.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000);
    this.admin = Admin.create(props);
  }

  /**
   * Asks once.
   *
   * @return null when the cluster answered with a broker, else why not
   * @throws InterruptedException when interrupted while waiting
   */
  public String problem() throws InterruptedException {
    try {
      final int nodes =
          admin
              .describeCluster(new DescribeClusterOptions().timeoutMs((int) timeout.toMillis()))
              .nodes()
              .get(timeout.toMillis() + 500, TimeUnit.MILLISECONDS)
              .size();
      return nodes > 0 ? null : "no broker in the cluster";
    } catch (final InterruptedException e) {
      throw e;
    } catch (final Exception e) {
      final Throwable cause = e.getCause() != null ? e.getCause() : e;
      return cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
    }
  }

  /**
   * Asks which of {@code topics} the cluster lacks.
   *
   * @return null when it has them all, else which it lacks or why it could not tell
   * @throws InterruptedException when interrupted while waiting
   */
  public String missingTopics(final Collection<String> topics) throws InterruptedException {
    try {
      final List<String> missing = absent(topics);
      return missing.isEmpty() ? null : "missing: " + String.join(", ", missing);
    } catch (final InterruptedException e) {
      throw e;
    } catch (final Exception e) {
      final Throwable cause = e.getCause() != null ? e.getCause() : e;
      return cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
    }
  }

  /**
   * Which of {@code topics} the cluster lacks, in their order.
   *
   * @throws Exception when the cluster could not tell (unreachable, not authorised, timed out)
   */
  public List<String> absent(final Collection<String> topics) throws Exception {
    final Set<String> held =
        admin
            .listTopics(new ListTopicsOptions().timeoutMs((int) timeout.toMillis()))
            .names()
            .get(timeout.toMillis() + 500, TimeUnit.MILLISECONDS);
    return topics.stream().filter(t -> !held.contains(t)).toList();
  }

  /** Closes the client, dropping calls under way rather than waiting on a broker that is away. */
  @Override
  public void close() {
    admin.close(Duration.ZERO);
  }
}
