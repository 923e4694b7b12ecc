package io.surgewatch.cli.alerting;

import io.surgewatch.core.Keys;
import io.surgewatch.core.SurgewatchConfig;
import io.surgewatch.core.Topics;
import io.surgewatch.events.v1.AlertStatus;
import io.surgewatch.events.v1.SurgeAlert;
import io.surgewatch.serde.AvroDeserializer;
import io.surgewatch.serde.AvroSerdes;
import io.surgewatch.serde.RegistryUnreachableException;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
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
 * One page per alert per change that matters: an alert's first transition (sequence 1, OPEN) is delivered at once;
 * its later transitions are held back for the debounce ({@link Keys#ALERTS_DEBOUNCE_MS}, counted from the first of
 * them read) and then delivered once, as the latest state, with the sequences it covers ({@link Delivery}); what
 * arrives in one poll is coalesced even with no debounce. A held transition's offset is not committed (nor any after
 * it in its partition) until its coalesced delivery succeeded: after a crash it is read and held again, never lost.
 * The flapping guard: an alert's RESOLVED or WITHDRAWN is held like any later transition, and when a new alert opens
 * on the same country/region/group/metric meanwhile, the end is folded into that OPEN's delivery
 * ({@link Delivery#replaced()}) instead of paging on its own.
 * <p>
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

  private final InstantSource clock;
  private final Duration debounce;
  /** Later transitions held back, by alertId, in the order they were first held. */
  private final Map<String, Held> held = new LinkedHashMap<>();
  /** Offsets of the held transitions, by partition: nothing at or after the first of them is committed. */
  private final Map<TopicPartition, TreeSet<Long>> heldOffsets = new HashMap<>();
  /** The offset after the last record handled (delivered, skipped or held), by partition. */
  private final Map<TopicPartition, Long> readTo = new HashMap<>();
  /** The last offset committed, by partition (so that an unchanged one is not committed again). */
  private final Map<TopicPartition, Long> committedTo = new HashMap<>();
  /** Where a partition that moved away had its first held transition: reassigned to us, it is read again from there. */
  private final Map<TopicPartition, Long> rewind = new HashMap<>();

  private final AtomicLong delivered = new AtomicLong();
  private final AtomicLong coalesced = new AtomicLong();
  private final AtomicInteger heldCount = new AtomicInteger();
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
    this(config, groupId, fromBeginning, sink, log, InstantSource.system());
  }

  /**
   * @param clock when held-back transitions fall due ({@link Keys#ALERTS_DEBOUNCE_MS} after the first of them was
   *     read); tests drive it by hand
   */
  AlertFollower(final SurgewatchConfig config, final String groupId, final boolean fromBeginning,
      final AlertSink sink, final PrintStream log, final InstantSource clock) {
    this.clock = clock;
    this.debounce = debounce(config);
    this.topic = Topics.from(config).alerts().name();
    this.sink = sink;
    this.log = log;
    final Map<String, Object> client = clientProperties(config);
    this.deserializer = AvroSerdes.specific(SurgeAlert.class, client, false).deserializer();
    this.consumer = new KafkaConsumer<>(consumerProperties(client, groupId, fromBeginning),
        new StringDeserializer(), new ByteArrayDeserializer());
  }

  /** {@link Keys#ALERTS_DEBOUNCE_MS}, validated. */
  public static Duration debounce(final SurgewatchConfig config) {
    final int ms = config.getInt(Keys.ALERTS_DEBOUNCE_MS);
    if (ms < 0) {
      throw new io.surgewatch.core.ConfigException(Keys.ALERTS_DEBOUNCE_MS + " must be >= 0, got " + ms);
    }
    return Duration.ofMillis(ms);
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

  /** Transitions that reached their destination inside another one's delivery (coalesced or folded in). */
  public long coalesced() {
    return coalesced.get();
  }

  /** Transitions read and held back right now, waiting for their alert's debounce to end. */
  public int held() {
    return heldCount.get();
  }

  public Duration debounce() {
    return debounce;
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
        final ConsumerRecords<String, byte[]> batch = consumer.poll(untilDue());
        abandoned.clear();
        rewind.clear(); // positions of reassigned partitions are at their committed offsets, before any held record
        for (final TopicPartition tp : batch.partitions()) {
          for (final ConsumerRecord<String, byte[]> record : batch.records(tp)) {
            if (stopping) {
              return;
            }
            if (!owned.contains(tp) || abandoned.contains(tp)) {
              break; // read again by the partition's owner, from the committed offset
            }
            final AlertSink.Outcome outcome = handle(tp, record);
            if (outcome == AlertSink.Outcome.STOPPED) {
              return;
            }
            commit(tp);
          }
        }
        // What arrived together in this poll is coalesced before anything falls due; with no debounce, at once.
        if (!deliverDue()) {
          return;
        }
      }
    } catch (final WakeupException e) {
      if (!stopping) {
        throw e;
      }
    } finally {
      if (!held.isEmpty()) {
        log.printf("alerts: %d held transition(s) of %d alert(s) not delivered and not committed; the next run "
            + "delivers them%n", heldCount.get(), held.size());
      }
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

  /**
   * One record: skipped (empty, undecodable), delivered at once (an alert's first transition), or held back under
   * its alert's debounce. Returns STOPPED only when asked to stop.
   */
  private AlertSink.Outcome handle(final TopicPartition tp, final ConsumerRecord<String, byte[]> record) {
    final AlertSink.Outcome outcome = handleRecord(tp, record);
    if (outcome != AlertSink.Outcome.STOPPED) {
      readTo.put(tp, record.offset() + 1);
    }
    return outcome;
  }

  private AlertSink.Outcome handleRecord(final TopicPartition tp, final ConsumerRecord<String, byte[]> record) {
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
    if (alert.getSequence() > 1) {
      hold(tp, record.offset(), alert);
      return AlertSink.Outcome.DELIVERED; // for now: handled, its offset held back
    }
    // A new alert's first transition goes at once; the previous alert's end on its series, if held, goes with it.
    final Held end = heldEndOfSeries(alert);
    final AlertSink.Outcome outcome = deliver(new Delivery(alert, List.of(alert.getSequence()),
        end == null ? null : end.latest));
    if (end != null && outcome == AlertSink.Outcome.DELIVERED && held.get(end.alertId) == end) {
      release(end);
      coalesced.addAndGet(end.sequences.size());
      commit(end.tp);
    }
    return outcome;
  }

  private AlertSink.Outcome deliver(final Delivery delivery) {
    final AlertSink.Outcome outcome = sink.deliver(delivery, this::pause);
    if (outcome == AlertSink.Outcome.DELIVERED) {
      delivered.incrementAndGet();
      coalesced.addAndGet(delivery.sequences().size() - 1L);
    } else if (outcome == AlertSink.Outcome.SKIPPED) {
      skipped.incrementAndGet();
    }
    return outcome;
  }

  // ---- coalescing ----

  /** The later transitions of one alert read so far and not yet delivered: delivered as one when due. */
  private static final class Held {
    final String alertId;
    final String series;
    final TopicPartition tp;
    final Instant due;
    final List<Integer> sequences = new ArrayList<>();
    final List<Long> offsets = new ArrayList<>();
    SurgeAlert latest;

    Held(final SurgeAlert first, final TopicPartition tp, final Instant due) {
      this.alertId = first.getAlertId().toString();
      this.series = series(first);
      this.tp = tp;
      this.due = due;
    }
  }

  private static String series(final SurgeAlert a) {
    return a.getCountry() + "|" + a.getRegion() + "|" + a.getGroup() + "|" + a.getMetric();
  }

  private void hold(final TopicPartition tp, final long offset, final SurgeAlert alert) {
    final Held h = held.computeIfAbsent(alert.getAlertId().toString(),
        id -> new Held(alert, tp, clock.instant().plus(debounce)));
    if (h.latest == null || alert.getSequence() > h.latest.getSequence()) {
      h.latest = alert;
    }
    h.sequences.add(alert.getSequence());
    h.offsets.add(offset);
    heldOffsets.computeIfAbsent(tp, t -> new TreeSet<>()).add(offset);
    heldCount.incrementAndGet();
  }

  /** The flapping guard: a held RESOLVED or WITHDRAWN of an earlier alert on the same series as this new one. */
  private Held heldEndOfSeries(final SurgeAlert opening) {
    final String series = series(opening);
    for (final Held h : held.values()) {
      final AlertStatus s = h.latest.getStatus();
      if (h.series.equals(series) && !h.alertId.equals(opening.getAlertId().toString())
          && (s == AlertStatus.RESOLVED || s == AlertStatus.WITHDRAWN)) {
        return h;
      }
    }
    return null;
  }

  /** Forgets a held alert once delivered (or skipped): its offsets no longer hold back the commit. */
  private void release(final Held h) {
    held.remove(h.alertId);
    final TreeSet<Long> offsets = heldOffsets.get(h.tp);
    if (offsets != null) {
      h.offsets.forEach(offsets::remove);
    }
    heldCount.addAndGet(-h.offsets.size());
  }

  /** Delivers every held alert whose debounce has ended; false when asked to stop. */
  private boolean deliverDue() {
    while (!stopping) {
      final Instant now = clock.instant();
      final Held h = held.values().stream().filter(x -> !x.due.isAfter(now)).findFirst().orElse(null);
      if (h == null) {
        return true;
      }
      final List<Integer> sequences = h.sequences.stream().sorted().toList();
      final AlertSink.Outcome outcome = deliver(new Delivery(h.latest, sequences, null));
      if (outcome == AlertSink.Outcome.STOPPED) {
        return false;
      }
      if (held.get(h.alertId) == h) {
        release(h);
      } // else its partition moved during the delivery: whoever owns it now reads it again
      commit(h.tp);
    }
    return false;
  }

  /** How long the next poll may wait: until the first held alert falls due, at most half a second. */
  private Duration untilDue() {
    final Instant now = clock.instant();
    Duration wait = Duration.ofMillis(500);
    for (final Held h : held.values()) {
      final Duration left = Duration.between(now, h.due);
      if (left.compareTo(wait) < 0) {
        wait = left.isNegative() ? Duration.ZERO : left;
      }
    }
    return wait;
  }

  /** Forgets what is held of partitions that moved away: the new owner reads them from the committed offset. */
  private void dropHeld(final Collection<TopicPartition> partitions) {
    for (final TopicPartition tp : partitions) {
      final TreeSet<Long> offsets = heldOffsets.remove(tp);
      if (offsets != null && !offsets.isEmpty()) {
        rewind.merge(tp, offsets.first(), Math::min);
      }
      readTo.remove(tp);
      committedTo.remove(tp);
    }
    held.values().removeIf(h -> {
      if (partitions.contains(h.tp)) {
        heldCount.addAndGet(-h.offsets.size());
        return true;
      }
      return false;
    });
  }

  /**
   * Where a partition's commit may go: after the last record handled, but never past a held transition (nor, for a
   * partition just reassigned to us, past what was held before it moved).
   */
  private Long commitTarget(final TopicPartition tp) {
    Long target = readTo.get(tp);
    final TreeSet<Long> offsets = heldOffsets.get(tp);
    if (offsets != null && !offsets.isEmpty()) {
      target = target == null ? offsets.first() : Math.min(target, offsets.first());
    }
    final Long back = rewind.get(tp);
    if (back != null) {
      target = target == null ? back : Math.min(target, back);
    }
    return target;
  }

  /**
   * Commits a partition as far as its handled records allow ({@link #commitTarget}), unless it moved to another
   * member meanwhile.
   */
  private void commit(final TopicPartition tp) {
    if (!owned.contains(tp)) {
      log.printf("alerts: %s was reassigned during delivery; its new owner delivers from the committed offset%n", tp);
      return;
    }
    final Long target = commitTarget(tp);
    if (target == null) {
      return;
    }
    final long next = target;
    if (Long.valueOf(next).equals(committedTo.get(tp)) && !abandoned.contains(tp)) {
      return;
    }
    for (int attempt = 1; ; attempt++) {
      try {
        consumer.commitSync(Map.of(tp, new OffsetAndMetadata(next)), Duration.ofSeconds(30));
        committedTo.put(tp, next);
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
      // Reassigned to us during delivery: the position went back to the committed offset; go on from ours (which
      // is before anything held there when it moved, so that is read and held again).
      consumer.seek(tp, next);
      readTo.put(tp, next);
      rewind.remove(tp);
    }
  }

  /**
   * The {@link RetryPause} given to the sink: polls with every partition paused (keeps the group membership, handles
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
      dropHeld(partitions);
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
