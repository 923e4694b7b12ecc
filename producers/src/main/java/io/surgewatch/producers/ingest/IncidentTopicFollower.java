package io.surgewatch.producers.ingest;

import io.surgewatch.core.Keys;
import io.surgewatch.core.MissingTopicException;
import io.surgewatch.core.ProgressMarkers;
import io.surgewatch.core.SurgewatchConfig;
import io.surgewatch.core.TopicRange;
import io.surgewatch.events.v1.IncidentEvent;
import io.surgewatch.serde.AvroDeserializer;
import io.surgewatch.serde.SchemaRegistryException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the newest reports of the incidents topic back, then follows it: every report any producer
 * writes there (`produce`, other ingest instances) is data so far for {@link IngestWarnings},
 * handed to {@code learner} from this thread. Assigned partitions, no consumer group, nothing
 * committed.
 */
final class IncidentTopicFollower extends Thread {
  // Its lines say what the warnings rest on: logged as the warnings' own, under the same name.
  private static final Logger LOG = LoggerFactory.getLogger(IngestWarnings.class);

  private final String topic;
  private final int scan;
  private final Duration catchUpWait;
  private final Consumer<IncidentEvent> learner;
  private final LongConsumer markerLearner;
  private final Map<String, Object> props;
  private final Map<String, Object> serde;
  private final CountDownLatch caughtUp = new CountDownLatch(1);
  private volatile boolean running = true;
  private volatile KafkaConsumer<String, byte[]> consumer;

  /**
   * @param scan the newest reports to read back at start, spread over the partitions ({@code
   *     ingest.scan-records})
   * @param catchUpWait the most the read-back may take before it counts as caught up ({@code
   *     ingest.catch-up-timeout-ms})
   * @param learner takes each readable report with its reported-at and incident day
   * @param markerLearner takes each progress marker's time
   */
  IncidentTopicFollower(
      final SurgewatchConfig config,
      final int scan,
      final Duration catchUpWait,
      final Consumer<IncidentEvent> learner,
      final LongConsumer markerLearner) {
    super("surgewatch-ingest-follower");
    setDaemon(true);
    this.topic = config.get(Keys.TOPIC_INCIDENTS);
    this.scan = scan;
    this.catchUpWait = catchUpWait;
    this.learner = learner;
    this.markerLearner = markerLearner;
    this.serde = config.clientProperties();
    this.props = TopicRange.consumerProperties(config, "surgewatch-ingest-follower");
  }

  /**
   * Waits, at most the catch-up wait, until the read-back is done, or cannot be done now (broker or
   * registry down: requests get their 503 from the readiness check, not from waiting here).
   *
   * @return false when the wait ran out first
   */
  boolean awaitCaughtUp() throws InterruptedException {
    return caughtUp.await(catchUpWait.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void learnMarker(final ConsumerRecord<String, byte[]> r) {
    try {
      final long marked = ProgressMarkers.through(r.headers());
      if (marked != Long.MIN_VALUE) {
        markerLearner.accept(marked);
      }
    } catch (final IllegalArgumentException e) {
      // The app dead-letters such a marker (VALIDATION): it moves no partition's time.
      LOG.debug("a progress marker on {} with no time: {}", topic, e.getMessage());
    }
  }

  @Override
  public void run() {
    final long deadline = System.nanoTime() + catchUpWait.toNanos();
    long skipped = 0;
    try (KafkaConsumer<String, byte[]> c =
            new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        AvroDeserializer<IncidentEvent> avro = new AvroDeserializer<>(IncidentEvent.class)) {
      consumer = c;
      if (!running) {
        return;
      }
      avro.configure(serde, false);
      TopicRange range = null;
      while (range == null) {
        if (!running) {
          return;
        }
        try {
          range =
              TopicRange.open(
                  c, topic, TopicRange.Start.lastSpreadOverPartitions(scan), Duration.ofSeconds(5));
        } catch (final MissingTopicException | TimeoutException e) {
          // No topic yet (ingest started before the streams app or topics create made it), or the
          // broker is down: nothing to read back now, and requests get their 503 from the
          // readiness check without waiting for this; look again until it can be read.
          caughtUp.countDown();
          Thread.sleep(1000);
        }
      }
      while (running) {
        for (final ConsumerRecord<String, byte[]> r : range.pollFollowing()) {
          final TopicPartition tp = new TopicPartition(r.topic(), r.partition());
          if (c.position(tp) <= r.offset()) {
            continue; // sought back below: read again on the next poll
          }
          try {
            if (ProgressMarkers.isMarker(r.headers())) {
              // Another writer's progress marker: a time on the topic, as a report's is.
              learnMarker(r);
              continue;
            }
            final IncidentEvent event = avro.deserialize(topic, r.value());
            if (event != null && event.getReportedAt() != null && event.getOccurredOn() != null) {
              learner.accept(event);
            }
          } catch (final RuntimeException e) {
            if (SchemaRegistryException.registryAwayIn(e)) {
              // Not the record's fault: read it again once the registry answers, rather than know
              // less.
              LOG.debug("registry unreachable while reading {} back; retrying", topic);
              c.seek(tp, r.offset());
              // Requests do not wait for it: their 503 comes from the readiness check.
              caughtUp.countDown();
              Thread.sleep(1000);
              continue;
            }
            if (skipped++ == 0) {
              LOG.warn(
                  "the ingest service cannot read a report of {} back ({}): it is not data so far for its "
                      + "warnings",
                  topic,
                  e.toString());
            }
          }
        }
        if (caughtUp.getCount() > 0 && (System.nanoTime() > deadline || range.atEnd())) {
          caughtUp.countDown();
        }
      }
    } catch (final WakeupException e) {
      // shutdown
    } catch (final InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (final RuntimeException e) {
      if (running) {
        LOG.warn(
            "the ingest service stops reading {} back ({}): its warnings rest on the reports it accepts",
            topic,
            e.toString());
      }
    } finally {
      caughtUp.countDown();
    }
  }

  /** Stops reading and waits a little for the thread to end. */
  void shutdown() {
    running = false;
    final KafkaConsumer<String, byte[]> c = consumer;
    if (c != null) {
      c.wakeup();
    }
    try {
      join(5000);
    } catch (final InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
