package io.surgewatch.cli;

import io.surgewatch.core.SurgewatchConfig;
import io.surgewatch.core.TopicRange;
import io.surgewatch.core.Topics;
import io.surgewatch.events.v1.AlertStatus;
import io.surgewatch.events.v1.DeadLetter;
import io.surgewatch.events.v1.SurgeAlert;
import io.surgewatch.serde.AvroSerdes;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;

/**
 * Follows the alerts and dead-letter topics (committed records only), prints alerts as they open
 * during this run, counts both (this run's and, from the beginning of the topics, all runs').
 */
final class OutputWatcher implements AutoCloseable {
  final AtomicLong alertsOpened = new AtomicLong();
  final AtomicLong alertTransitions = new AtomicLong();
  final AtomicLong deadLetters = new AtomicLong();

  /**
   * The same, for records written after this watcher started (this run), not by earlier runs on the
   * same data.
   */
  final AtomicLong alertsOpenedNow = new AtomicLong();

  final AtomicLong deadLettersNow = new AtomicLong();
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final Thread thread;

  /**
   * A caller waiting for the records committed before it asked ({@link #awaitRead}); the consumer
   * belongs to the watcher's thread, so the thread takes the request and completes it.
   */
  private final AtomicReference<CompletableFuture<Void>> readRequest = new AtomicReference<>();

  /** Why the watcher's thread stopped reading, once it has. */
  private volatile RuntimeException failure;

  OutputWatcher(final SurgewatchConfig config, final PrintStream out) {
    final Topics topics = Topics.from(config);
    final Map<String, Object> props = config.clientProperties();
    final var alerts = AvroSerdes.specific(SurgeAlert.class, props, false).deserializer();
    final var dead = AvroSerdes.specific(DeadLetter.class, props, false).deserializer();
    // Not a TopicRange: it follows two topics and each awaitRead asks for the ends anew. Its
    // consumer is one, though (no group, nothing committed, no topic created by asking).
    final KafkaConsumer<String, byte[]> consumer =
        TopicRange.consumer(config, "surgewatch-output-watcher");
    final List<TopicPartition> partitions = new ArrayList<>();
    for (final String t : List.of(topics.alerts().name(), topics.deadLetter().name())) {
      consumer.partitionsFor(t).forEach(p -> partitions.add(new TopicPartition(t, p.partition())));
    }
    consumer.assign(partitions);
    final Map<TopicPartition, Long> startEnd = consumer.endOffsets(partitions);
    consumer.seekToBeginning(partitions);
    thread =
        new Thread(
            () -> {
              try (consumer) {
                CompletableFuture<Void> request = null;
                Map<TopicPartition, Long> requestEnds = Map.of();
                while (running.get()) {
                  final CompletableFuture<Void> asked = readRequest.get();
                  if (asked != null && asked != request) {
                    // read_committed: the end of each partition's committed records, as of now.
                    request = asked;
                    requestEnds = consumer.endOffsets(partitions);
                  }
                  for (final ConsumerRecord<String, byte[]> r :
                      consumer.poll(Duration.ofMillis(300))) {
                    final boolean now =
                        r.offset() >= startEnd.get(new TopicPartition(r.topic(), r.partition()));
                    if (r.topic().equals(topics.alerts().name())) {
                      final SurgeAlert a = alerts.deserialize(r.topic(), r.value());
                      alertTransitions.incrementAndGet();
                      if (a.getStatus() == AlertStatus.OPEN) {
                        alertsOpened.incrementAndGet();
                        if (now) {
                          // Alerts of earlier runs on the same data are counted, not printed again
                          // as if they had just opened.
                          alertsOpenedNow.incrementAndGet();
                          // An alert withdrawn and opened again keeps its id: said, so two
                          // lines alike are not read as two alerts.
                          out.printf(
                              "ALERT %-8s %s/%s/%s %s: %s%s%n",
                              a.getSeverity(),
                              a.getCountry(),
                              a.getRegion(),
                              a.getGroup(),
                              a.getWindowEnd(),
                              a.getReason(),
                              a.getSequence() > 1
                                  ? " (opened again after a withdrawal: " + a.getAlertId() + ")"
                                  : "");
                        }
                      }
                    } else {
                      deadLetters.incrementAndGet();
                      if (now) {
                        deadLettersNow.incrementAndGet();
                      }
                      dead.deserialize(r.topic(), r.value());
                    }
                  }
                  if (request != null) {
                    final Map<TopicPartition, Long> ends = requestEnds;
                    if (partitions.stream().allMatch(tp -> consumer.position(tp) >= ends.get(tp))) {
                      request.complete(null);
                    }
                  }
                }
              } catch (final WakeupException | InterruptException e) {
                // stopping
              } catch (final RuntimeException e) {
                failure = e;
                final CompletableFuture<Void> asked = readRequest.get();
                if (asked != null) {
                  asked.completeExceptionally(e);
                }
                throw e;
              }
            },
            "surgewatch-output-watcher");
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * Waits until the records committed to the topics before this call are read and counted, or the
   * timeout; returns whether they are.
   */
  boolean awaitRead(final Duration timeout) throws InterruptedException {
    final CompletableFuture<Void> request = new CompletableFuture<>();
    // A newer request covers an older one: the older completes with it.
    final CompletableFuture<Void> older = readRequest.getAndSet(request);
    if (older != null) {
      request.whenComplete((done, error) -> older.complete(null));
    }
    if (failure != null) {
      request.completeExceptionally(failure);
    }
    try {
      request.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (final TimeoutException e) {
      return false;
    } catch (final ExecutionException e) {
      throw new IllegalStateException("the output watcher stopped: " + e.getCause(), e.getCause());
    }
  }

  @Override
  public void close() {
    running.set(false);
    try {
      thread.join(5000);
    } catch (final InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
