package io.surgewatch.streams.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Kafka Streams' metrics of every kind of store reach Prometheus under one set of labels: a RocksDB
 * store's and an in-memory store's metric of one name are both scraped.
 */
class DashboardMetricsTest {
  @Test
  void storeMetricsOfEveryKindOfStoreAreScrapedUnderOneSetOfLabels() {
    final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.config().meterFilter(DashboardMetrics.ONE_STORE_TAG);
    // As Micrometer's Kafka binder registers them: Kafka Streams' tag names, dots for dashes.
    gauge(registry, "rocksdb.state.id", "cube-buckets", 3);
    gauge(registry, "in.memory.state.id", "story-pending", 5);
    final List<String> lines =
        registry
            .scrape()
            .lines()
            .filter(l -> l.startsWith("kafka_stream_state_num_open_iterators{"))
            .sorted()
            .toList();
    assertEquals(
        List.of(
            "kafka_stream_state_num_open_iterators{store=\"cube-buckets\",store_type=\"rocksdb\",task_id=\"1_0\"} 3.0",
            "kafka_stream_state_num_open_iterators{store=\"story-pending\",store_type=\"in-memory\",task_id=\"1_0\"} 5.0"),
        lines);
  }

  private static void gauge(
      final PrometheusMeterRegistry registry, final String tag, final String store, final int v) {
    Gauge.builder("kafka.stream.state.num.open.iterators", () -> v)
        .tag(tag, store)
        .tag("task.id", "1_0")
        .register(registry);
  }
}
