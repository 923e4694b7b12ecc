package io.surgewatch.streams.dashboard;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

/**
 * Kafka Streams names a store's tag by the store's kind; Prometheus takes one set of tag keys a
 * metric name, so the metrics of the second kind were refused (a WARN at every start with both).
 */
class DashboardMetricsTest {

  @Test
  void aStateMetricOfARocksDbStoreAndOfAnInMemoryOneAreBothExported() {
    final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.config().meterFilter(DashboardMetrics.ONE_STORE_TAG);
    Gauge.builder("kafka.stream.state.put.latency.max", () -> 1.0)
        .tag("rocksdb.state.id", "cube-buckets")
        .tag("task.id", "1_0")
        .register(registry);
    Gauge.builder("kafka.stream.state.put.latency.max", () -> 2.0)
        .tag("in.memory.state.id", "story-statements")
        .tag("task.id", "3_0")
        .register(registry);

    final String scrape = registry.scrape();
    assertTrue(
        scrape.contains(
            "kafka_stream_state_put_latency_max{state_id=\"cube-buckets\",store_type=\"rocksdb\",task_id=\"1_0\"} 1.0"),
        scrape);
    assertTrue(
        scrape.contains(
            "kafka_stream_state_put_latency_max{state_id=\"story-statements\",store_type=\"in.memory\",task_id=\"3_0\"} 2.0"),
        scrape);
  }
}
