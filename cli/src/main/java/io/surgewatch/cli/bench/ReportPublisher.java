package io.surgewatch.cli.bench;

import io.surgewatch.core.Keys;
import io.surgewatch.core.ProgressMarkers;
import io.surgewatch.core.SurgewatchConfig;
import io.surgewatch.core.Topics;
import io.surgewatch.events.v1.IncidentEvent;
import io.surgewatch.producers.EventPublisher;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes bench's reports, in reported-at order, with the progress markers every writer owes the
 * streams app (see {@link ProgressMarkers}): every {@code progress.interval-ms} on the wall clock,
 * a marker on every partition of the incidents topic at the next report's reported-at minus 1 ms (a
 * promise only of what is already true: the reports come in reported-at order), and at the end one
 * at the greatest reported-at published.
 *
 * <p>Markers go through a producer of their own: their value is empty and raw, the reports' Avro.
 * So that a marker never overtakes a report it covers, the reports sent so far are flushed
 * (acknowledged, hence in their partitions) before the marker is sent. Not thread-safe.
 */
final class ReportPublisher implements AutoCloseable {
  private final EventPublisher reports;
  private final KafkaProducer<String, byte[]> markers;
  private final String topic;
  private final int partitions;
  private final long intervalNanos;
  private final AtomicLong failed = new AtomicLong();
  private final AtomicReference<Exception> firstFailure = new AtomicReference<>();
  private long nextMarkerNanos = Long.MIN_VALUE;
  private long greatest = Long.MIN_VALUE;
  private long markerRounds;

  ReportPublisher(final SurgewatchConfig config) {
    this.reports = EventPublisher.create(config);
    final Map<String, Object> props = config.clientProperties();
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.CLIENT_ID_CONFIG, "surgewatch-bench-progress");
    this.markers = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    this.topic = Topics.from(config).incidents().name();
    this.partitions =
        markers.partitionsFor(topic).size(); // the broker's count, whatever created the topic
    this.intervalNanos = config.getMillis(Keys.PROGRESS_INTERVAL_MS).toNanos();
  }

  /**
   * Publishes a report; first, when an interval has passed, markers just before its reported-at.
   */
  void publish(final IncidentEvent report) {
    final long at = report.getReportedAt().toEpochMilli();
    if (at < greatest) {
      throw new IllegalArgumentException(
          "reports must come in reported-at order: "
              + report.getId()
              + " at "
              + report.getReportedAt()
              + " after "
              + Instant.ofEpochMilli(greatest));
    }
    final long now = System.nanoTime();
    if (nextMarkerNanos == Long.MIN_VALUE) {
      nextMarkerNanos = now + intervalNanos;
    } else if (now - nextMarkerNanos >= 0) {
      mark(at - 1);
      nextMarkerNanos = System.nanoTime() + intervalNanos;
    }
    reports.publish(report).whenComplete((m, e) -> failed(e));
    greatest = at;
  }

  /**
   * Waits for every report to be acknowledged, writes the final markers, and fails if anything was
   * not written.
   */
  void finish() {
    if (greatest != Long.MIN_VALUE) {
      mark(greatest);
    }
    reports.flush();
    markers.flush();
    if (failed.get() > 0) {
      throw new IllegalStateException(
          failed.get()
              + " reports or markers were not acknowledged: "
              + firstFailure.get().getMessage(),
          firstFailure.get());
    }
  }

  /** Rounds of markers written (one marker a partition each). */
  long markerRounds() {
    return markerRounds;
  }

  private void mark(final long through) {
    reports.flush();
    for (final ProducerRecord<String, byte[]> r :
        ProgressMarkers.forAllPartitions(topic, partitions, Instant.ofEpochMilli(through))) {
      markers.send(r, (m, e) -> failed(e));
    }
    markerRounds++;
  }

  private void failed(final Throwable e) {
    if (e != null) {
      failed.incrementAndGet();
      firstFailure.compareAndSet(null, e instanceof Exception x ? x : new RuntimeException(e));
    }
  }

  @Override
  public void close() {
    try {
      markers.close(Duration.ofSeconds(10));
    } finally {
      reports.close();
    }
  }
}
