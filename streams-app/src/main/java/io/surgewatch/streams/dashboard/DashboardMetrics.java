package io.surgewatch.streams.dashboard;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.surgewatch.streams.app.FailurePolicy;
import io.surgewatch.streams.query.QueryService;
import io.surgewatch.streams.topology.SurgewatchTopology;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KafkaStreams;

/**
 * This instance's Prometheus metrics ({@code /metrics}): Kafka Streams' own, records processed, the
 * entries of each state store, and the failure policy's thread replacements and whether it stopped
 * the app. The live feed adds its counters to the same registry.
 */
final class DashboardMetrics implements AutoCloseable {
  private static final List<String> STORES =
      List.of(
          SurgewatchTopology.STORE_BUCKETS,
          SurgewatchTopology.STORE_CUBE_KEYS,
          SurgewatchTopology.STORE_ALERTS,
          SurgewatchTopology.STORE_OPEN_ALERTS,
          SurgewatchTopology.STORE_ALERT_HISTORY,
          SurgewatchTopology.STORE_INCIDENTS,
          SurgewatchTopology.STORE_INCIDENT_REFUSALS,
          SurgewatchTopology.STORE_STATEMENTS,
          SurgewatchTopology.STORE_STATEMENT_TIMELINE,
          SurgewatchTopology.STORE_STATEMENT_COUNTS);

  /**
   * Kafka Streams tags a store's metrics by the kind of store ({@code rocksdb-state-id}, {@code
   * in-memory-state-id}, ...), and Prometheus refuses a second set of label names for one metric:
   * the first kind registered won and the others' metrics were dropped with a warning. Every store
   * metric is tagged {@code store} and {@code store.type} instead.
   */
  static final MeterFilter ONE_STORE_TAG =
      new MeterFilter() {
        @Override
        public Meter.Id map(final Meter.Id id) {
          if (!id.getName().startsWith("kafka.stream.state.")) {
            return id;
          }
          final List<Tag> tags = new ArrayList<>();
          boolean renamed = false;
          for (final Tag t : id.getTagsAsIterable()) {
            if (t.getKey().endsWith(".state.id")) {
              final String kind =
                  t.getKey().substring(0, t.getKey().length() - ".state.id".length());
              tags.add(Tag.of("store", t.getValue()));
              tags.add(Tag.of("store.type", kind.replace('.', '-')));
              renamed = true;
            } else {
              tags.add(t);
            }
          }
          return renamed ? id.replaceTags(tags) : id;
        }
      };

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final KafkaStreamsMetrics streamsMetrics;

  /**
   * @param failures the app's failure policy, or null for none
   */
  DashboardMetrics(
      final KafkaStreams streams, final QueryService queries, final FailurePolicy failures) {
    registry.config().meterFilter(ONE_STORE_TAG);
    this.streamsMetrics = new KafkaStreamsMetrics(streams);
    streamsMetrics.bindTo(registry);
    FunctionCounter.builder("surgewatch.records.processed", streams, DashboardMetrics::processed)
        .description("Records processed by this instance's stream threads")
        .register(registry);
    for (final String store : STORES) {
      Gauge.builder("surgewatch.store.entries", queries, q -> q.approximateEntries(store))
          .description(
              "Approximate entries of this instance's partitions of a state store (-1: it holds none it can read now)")
          .tag("store", store)
          .register(registry);
    }
    FunctionCounter.builder(
            "surgewatch.query.unanswered", queries, QueryService::unansweredForwards)
        .description(
            "Queries this instance sent on to another instance of the group that did not answer within"
                + " 3 s: a member down, hung or cut off, which keeps its partitions until its session times out")
        .register(registry);
    FunctionCounter.builder("surgewatch.query.standby.reads", queries, QueryService::standbyReads)
        .description(
            "Reads of this instance's standby copies for an instance that did not answer (answers marked stale)")
        .register(registry);
    if (failures != null) {
      FunctionCounter.builder(
              "surgewatch.stream.thread.replacements",
              failures,
              FailurePolicy::transientReplacements)
          .description(
              "Stream threads replaced after a failure: transient (an outage, retried however long it lasts)"
                  + " or repeated (any other failure, bounded by failure.max-replacements within failure.window-ms)")
          .tag("kind", "transient")
          .register(registry);
      FunctionCounter.builder(
              "surgewatch.stream.thread.replacements",
              failures,
              FailurePolicy::repeatedReplacements)
          .description(
              "Stream threads replaced after a failure: transient (an outage, retried however long it lasts)"
                  + " or repeated (any other failure, bounded by failure.max-replacements within failure.window-ms)")
          .tag("kind", "repeated")
          .register(registry);
      Gauge.builder("surgewatch.streams.failed", failures, f -> f.failure() == null ? 0 : 1)
          .description(
              "1 once a repeated failure has shut the application down (see /health), else 0")
          .register(registry);
    }
  }

  MeterRegistry registry() {
    return registry;
  }

  /** The Prometheus text format. */
  String scrape() {
    return registry.scrape();
  }

  private static double processed(final KafkaStreams streams) {
    return streams.metrics().values().stream()
        .filter(
            m ->
                m.metricName().name().equals("process-total")
                    && m.metricName().group().equals("stream-thread-metrics"))
        .mapToDouble(m -> ((Number) m.metricValue()).doubleValue())
        .sum();
  }

  @Override
  public void close() {
    streamsMetrics.close();
    registry.close();
  }
}
