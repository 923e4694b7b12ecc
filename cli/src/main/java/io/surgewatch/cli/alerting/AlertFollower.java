package io.surgewatch.cli.alerting;

import io.surgewatch.core.SurgewatchConfig;
import io.surgewatch.core.Topics;
import io.surgewatch.events.v1.SurgeAlert;
import io.surgewatch.serde.AvroDeserializer;
import io.surgewatch.serde.AvroSerdes;
import io.surgewatch.serde.RegistryUnreachableException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Follows the alert topic in a consumer group and hands every transition to an {@link AlertSink}, at least once:
 * <ul>
 * <li>committed records only ({@code isolation.level=read_committed}: the streams app writes in transactions);</li>
 * <li>auto-commit off; a record's offset is committed ({@code commitSync}) only once the sink delivered it (or
 * skipped it for good), so a crash or Ctrl-C redelivers the transition instead of losing it. Receivers deduplicate
 * by {@code (alertId, sequence)};</li>
 * <li>while the sink waits between retries, the follower keeps polling with its partitions paused, so a long
 * outage of the receiver does not exceed {@code max.poll.interval.ms} and cost the group membership; when a
 * rebalance moves a partition meanwhile, its remaining records are left to the new owner;</li>
 * <li>a record that cannot be decoded (not Avro, unknown schema) is logged and skipped; an unreachable registry is
 * waited for.</li>
 * </ul>
 * A new group starts at the end of the topic, or at the beginning with {@code fromBeginning}, and commits that
 * start at once; an existing group resumes from its committed offsets either way. {@link #run()} blocks on the calling thread; {@link #stop()} (any
 * thread) ends it cleanly: the current delivery's retries stop, nothing uncommitted is committed, the consumer
 * leaves the group.
 */
public final class AlertFollower implements AutoCloseable {
  public static final String DEFAULT_GROUP = "surgewatch-alerts";
  /** Configuration keys of the alerts command (never passed on to Kafka clients). */
  public static final String KEY_PREFIX = "alerts.";

  /**
   * Leaving the group comes first in {@code close}; the rest (closing fetch sessions) is best effort and can wait for
   * the whole timeout, which would make Ctrl-C feel stuck.
   */
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

  private final KafkaConsumer<String, byte[]> consumer;
  private final AvroDeserializer<SurgeAlert> deserializer;
  private final String topic;
  private final AlertSink sink;
  private final PrintStream log;
  private final Backoff registryBackoff = Backoff.standard();
  private final RandomGenerator random = RandomGenerator.getDefault();
  private final AtomicBoolean started = new AtomicBoolean();
  private final CountDownLatch done = new CountDownLatch(1);
  private volatile boolean stopping;

  // Touched only by the thread in run() (the rebalance listener runs inside poll on that thread).
  private final Set<TopicPartition> owned = new HashSet<>();
  /** Partitions whose remaining records of the current batch must not be handled (moved, or position reset). */
  private final Set<TopicPartition> abandoned = new HashSet<>();
  private boolean pausing;

  private final AtomicLong delivered = new AtomicLong();
  private final AtomicLong skipped = new AtomicLong();
  private final AtomicLong undecodable = new AtomicLong();

  /**
   * @param config cluster, registry and topic names; every pass-through key reaches the consumer and the serde
   *     (keys under {@code alerts.} do not)
   * @param groupId consumer group; its committed offsets are where a restart resumes
   * @param fromBeginning where a group without committed offsets starts: the earliest record instead of the end
   * @param log progress, skips and failures (stderr in the command)
   */
  public AlertFollower(final SurgewatchConfig config, final String groupId, final boolean fromBeginning,
      final AlertSink sink, final PrintStream log) {
    this.topic = Topics.from(config).alerts().name();
    this.sink = sink;
    this.log = log;
    final Map<String, Object> client = clientProperties(config);
    this.deserializer = AvroSerdes.specific(SurgeAlert.class, client, false).deserializer();
    this.consumer = new KafkaConsumer<>(consumerProperties(client, groupId, fromBeginning),
        new StringDeserializer(), new ByteArrayDeserializer());
  }

  static Map<String, Object> clientProperties(final SurgewatchConfig config) {
    final Map<String, Object> props = config.clientProperties();
    props.keySet().removeIf(k -> k.startsWith(KEY_PREFIX)); // the webhook token must not travel to Kafka
    return props;
  }

  static Map<String, Object> consumerProperties(final Map<String, Object> client, final String groupId,
      final boolean fromBeginning) {
    final Map<String, Object> props = new java.util.HashMap<>(client);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    if (fromBeginning) {
      props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    } else {
      props.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
    }
    props.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "surgewatch-alerts");
    props.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 100);
    return props;
  }

  public String topic() {
    return topic;
  }

  public long delivered() {
    return delivered.get();
  }

  public long skipped() {
    return skipped.get();
  }

  public long undecodable() {
    return undecodable.get();
  }

  /**
   * Follows the topic until {@link #stop()}. Throws what the sink throws when it gives up
   * ({@link AlertSink.DeliveryException}); the undelivered record stays uncommitted.
   */
  public void run() {
    if (!started.compareAndSet(false, true)) {
      throw new IllegalStateException("already running");
    }
    try {
      consumer.subscribe(List.of(topic), new Listener());
      while (!stopping) {
        final ConsumerRecords<String, byte[]> batch = consumer.poll(Duration.ofMillis(500));
        abandoned.clear();
        for (final TopicPartition tp : batch.partitions()) {
          for (final ConsumerRecord<String, byte[]> record : batch.records(tp)) {
            if (stopping) {
              return;
            }
            if (!owned.contains(tp) || abandoned.contains(tp)) {
              break; // read again by the partition's owner, from the committed offset
            }
            final AlertSink.Outcome outcome = handle(record);
            if (outcome == AlertSink.Outcome.STOPPED) {
              return;
            }
            commit(tp, record.offset() + 1);
          }
        }
      }
    } catch (final WakeupException e) {
      if (!stopping) {
        throw e;
      }
    } finally {
      try {
        consumer.close(CLOSE_TIMEOUT);
      } finally {
        done.countDown();
      }
    }
  }

  /** Asks {@link #run()} to end (any thread); returns at once. */
  public void stop() {
    stopping = true;
    consumer.wakeup();
  }

  /** Waits until {@link #run()} has returned and the consumer is closed. */
  public boolean awaitStopped(final Duration timeout) throws InterruptedException {
    return done.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    stop();
    if (started.compareAndSet(false, true)) {
      consumer.close(CLOSE_TIMEOUT);
      done.countDown();
      return;
    }
    try {
      done.await(30, TimeUnit.SECONDS);
    } catch (final InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private AlertSink.Outcome handle(final ConsumerRecord<String, byte[]> record) {
    if (record.value() == null) {
      log.printf("alerts: empty record at %s-%d@%d (key %s); skipped%n", record.topic(), record.partition(),
          record.offset(), record.key());
      skipped.incrementAndGet();
      return AlertSink.Outcome.SKIPPED;
    }
    SurgeAlert alert = null;
    for (int attempt = 1; alert == null; attempt++) {
      try {
        alert = deserializer.deserialize(record.topic(), record.headers(), record.value());
      } catch (final RegistryUnreachableException e) {
        final Duration wait = registryBackoff.delay(attempt, random);
        log.printf("alerts: schema registry unreachable (%s); retrying in %d ms%n", e.getMessage(), wait.toMillis());
        if (!pause(wait)) {
          return AlertSink.Outcome.STOPPED;
        }
      } catch (final RuntimeException e) {
        log.printf("alerts: cannot decode the record at %s-%d@%d (key %s): %s; skipped%n", record.topic(),
            record.partition(), record.offset(), record.key(), e.getMessage());
        undecodable.incrementAndGet();
        return AlertSink.Outcome.SKIPPED;
      }
    }
    final AlertSink.Outcome outcome = sink.deliver(alert, this::pause);
    if (outcome == AlertSink.Outcome.DELIVERED) {
      delivered.incrementAndGet();
    } else if (outcome == AlertSink.Outcome.SKIPPED) {
      skipped.incrementAndGet();
    }
    return outcome;
  }

  /** Commits the offset after a handled record, unless the partition moved to another member meanwhile. */
  private void commit(final TopicPartition tp, final long next) {
    if (!owned.contains(tp)) {
      log.printf("alerts: %s was reassigned during delivery; its new owner delivers from the committed offset%n", tp);
      return;
    }
    for (int attempt = 1; ; attempt++) {
      try {
        consumer.commitSync(Map.of(tp, new OffsetAndMetadata(next)), Duration.ofSeconds(30));
        break;
      } catch (final WakeupException e) {
        // stop() during delivery: the wakeup is consumed; the delivered record still deserves its commit
        if (attempt > 1) {
          throw e;
        }
      } catch (final CommitFailedException | RebalanceInProgressException e) {
        log.printf("alerts: could not commit %s at %d (%s); the rest of its batch is redelivered%n", tp, next,
            e.getMessage());
        abandoned.add(tp);
        return;
      } catch (final RetriableException e) {
        log.printf("alerts: commit of %s at %d failed (%s); retrying%n", tp, next, e.getMessage());
        if (!pause(registryBackoff.delay(attempt, random))) {
          return;
        }
      }
    }
    if (abandoned.contains(tp)) {
      // Reassigned to us during delivery: the position went back to the committed offset; go on from ours.
      consumer.seek(tp, next);
    }
  }

  /**
   * The {@link Waiter} given to the sink: polls with every partition paused (keeps the group membership, handles
   * rebalances, returns no records) until the time is up or {@link #stop()} is called.
   */
  private boolean pause(final Duration duration) {
    if (stopping) {
      return false;
    }
    final long deadline = System.nanoTime() + duration.toNanos();
    pausing = true;
    try {
      consumer.pause(consumer.assignment());
      long left;
      while (!stopping && (left = deadline - System.nanoTime()) > 0) {
        final ConsumerRecords<String, byte[]> stray = consumer.poll(Duration.ofNanos(Math.min(left, 1_000_000_000L)));
        for (final TopicPartition tp : stray.partitions()) {
          consumer.seek(tp, stray.records(tp).get(0).offset()); // not expected while paused; never lose them
        }
      }
      return !stopping;
    } catch (final WakeupException e) {
      return false;
    } finally {
      pausing = false;
      if (!stopping) {
        consumer.resume(consumer.paused());
      }
    }
  }

  private final class Listener implements ConsumerRebalanceListener {
    @Override
    public void onPartitionsRevoked(final Collection<TopicPartition> partitions) {
      owned.removeAll(partitions);
      abandoned.addAll(partitions);
    }

    @Override
    public void onPartitionsLost(final Collection<TopicPartition> partitions) {
      onPartitionsRevoked(partitions);
    }

    @Override
    public void onPartitionsAssigned(final Collection<TopicPartition> partitions) {
      owned.addAll(partitions);
      abandoned.addAll(partitions); // positions start at the committed offsets: stale batch records are re-read
      if (pausing) {
        consumer.pause(partitions);
      }
      pinStart(partitions);
    }
  }

  /**
   * A partition the group has never committed starts where {@code auto.offset.reset} says; that start is committed
   * at once. Otherwise a run that stops before its first delivery succeeds (receiver down, Ctrl-C) would leave no
   * offset, and the next run of a "latest" group would start at the end again, losing what came in between.
   */
  private void pinStart(final Collection<TopicPartition> partitions) {
    if (partitions.isEmpty()) {
      return;
    }
    final Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(Set.copyOf(partitions),
        Duration.ofSeconds(30));
    final Map<TopicPartition, OffsetAndMetadata> start = new java.util.HashMap<>();
    for (final TopicPartition tp : partitions) {
      if (committed.get(tp) == null) {
        start.put(tp, new OffsetAndMetadata(consumer.position(tp, Duration.ofSeconds(30))));
      }
    }
    if (!start.isEmpty()) {
      consumer.commitSync(start, Duration.ofSeconds(30));
    }
  }
}
