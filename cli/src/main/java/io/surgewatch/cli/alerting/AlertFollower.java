package io.surgewatch.cli.alerting;

import io.surgewatch.core.ConfigException;
import io.surgewatch.core.Keys;
import io.surgewatch.core.SurgewatchConfig;
import io.surgewatch.core.Topics;
import io.surgewatch.events.v1.AlertStatus;
import io.surgewatch.events.v1.SurgeAlert;
import java.io.PrintStream;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;

/**
 * Follows the alert topic in a consumer group and hands every transition to an {@link AlertSink},
 * at least once:
 *
 * <ul>
 *   <li>committed records only ({@code isolation.level=read_committed}: the streams app writes in
 *       transactions);
 *   <li>auto-commit off; a record's offset is committed ({@code commitSync}) only once the sink
 *       delivered it (or skipped it for good), so a crash or Ctrl-C redelivers the transition
 *       instead of losing it. Receivers deduplicate by {@code (alertId, sequence)};
 *   <li>while the sink waits between retries, the follower keeps polling with its partitions
 *       paused, so a long outage of the receiver does not exceed {@code max.poll.interval.ms} and
 *       cost the group membership; when a rebalance moves a partition meanwhile, its remaining
 *       records are left to the new owner;
 *   <li>a record that cannot be decoded (not Avro, unknown schema) is logged and skipped; an
 *       unreachable registry is waited for;
 *   <li>the topic deleted while it is followed ends the run once {@link Keys#TOPICS_WAIT_MS} is
 *       out, naming it ({@link AlertTopic}), rather than following nothing in silence.
 * </ul>
 *
 * One page per alert per change that matters: an alert's first transition (sequence 1, OPEN) is
 * delivered at once, and so is an OPEN again after a delivered WITHDRAWN; its later transitions are
 * held back for the debounce ({@link Keys#ALERTS_DEBOUNCE_MS}, counted from the first of them read)
 * and then delivered once, as the latest state, with the sequences it covers ({@link Delivery});
 * what arrives in one poll is coalesced even with no debounce. A held transition's offset is not
 * committed (nor any after it in its partition) until its coalesced delivery succeeded: after a
 * crash it is read and held again, never lost. The flapping guard: an alert's RESOLVED or WITHDRAWN
 * is held like any later transition, and when a new alert opens on the same
 * country/region/group/metric meanwhile, the end is folded into that OPEN's delivery ({@link
 * Delivery#replaced()}) instead of paging on its own. The end and the opening are keyed to
 * different partitions, so either may be read first: an opening read while an earlier alert of its
 * series is open here ({@link OpenAlerts}: read in this run, or before its start in {@link
 * AlertHistory}) waits for that alert's end, at most the debounce, and goes with it the moment it
 * is read. The page is the same whichever partition is fetched first, and across restarts.
 *
 * <p>A new group starts at the end of the topic, or at the beginning with {@code fromBeginning},
 * and commits that start at once; an existing group resumes from its committed offsets either way.
 * {@link #run()} blocks on the calling thread; {@link #stop()} (any thread) ends it cleanly: the
 * current delivery's retries stop, nothing uncommitted is committed, the consumer leaves the group.
 *
 * <p>The parts: {@link AlertConsumer} (the group membership, commits, pausing), {@link
 * AlertDecoder} (bytes to alerts), {@link HeldTransitions} (the debounce), {@link CommitPositions}
 * (how far each partition may be committed).
 */
public final class AlertFollower implements AutoCloseable {
  public static final String DEFAULT_GROUP = "surgewatch-alerts";

  /** Configuration keys of the alerts command (never passed on to Kafka clients). */
  public static final String KEY_PREFIX = "alerts.";

  private final SurgewatchConfig config;
  private final String topic;
  private final AlertSink sink;
  private final PrintStream log;
  private final Duration debounce;
  private final AlertDecoder decoder;
  private final AlertConsumer consumer;
  // Touched only by the thread in run() (the rebalance listener runs inside poll on that thread);
  // held() aside.
  private final HeldTransitions held;
  private final CommitPositions positions;
  private final OpenAlerts open = new OpenAlerts();
  private final AlertHistory history;

  private final AtomicBoolean started = new AtomicBoolean();
  private final CountDownLatch done = new CountDownLatch(1);

  private final AtomicLong delivered = new AtomicLong();
  private final AtomicLong coalesced = new AtomicLong();
  private final AtomicLong skipped = new AtomicLong();

  /**
   * @param config cluster, registry and topic names; every pass-through key reaches the consumer
   *     and the serde (keys under {@code alerts.} do not)
   * @param groupId consumer group; its committed offsets are where a restart resumes
   * @param fromBeginning where a group without committed offsets starts: the earliest record
   *     instead of the end
   * @param log progress, skips and failures (stderr in the command)
   */
  public AlertFollower(
      final SurgewatchConfig config,
      final String groupId,
      final boolean fromBeginning,
      final AlertSink sink,
      final PrintStream log) {
    this(config, groupId, fromBeginning, sink, log, InstantSource.system());
  }

  /**
   * Waits for the topic at start (a misspelt {@code topic.alerts} fails once {@link
   * Keys#TOPICS_WAIT_MS} is out, exit 2), then a follower of it, as {@link #AlertFollower} makes. A
   * topic made while it waited (a deployment's first start, or a supervisor's restart after the
   * topic was deleted under the follower, whose group's offsets went with it) holds no record any
   * group has read: it is read from its first record, as a topic made again under a running
   * follower is, whatever {@code fromBeginning} says; at its end the follower would skip the alerts
   * written before it took the partitions.
   */
  public static AlertFollower onceItsTopicExists(
      final SurgewatchConfig config,
      final String groupId,
      final boolean fromBeginning,
      final AlertSink sink,
      final PrintStream log) {
    return onceItsTopicExists(config, groupId, fromBeginning, sink, log, () -> {});
  }

  /**
   * @param whenMissing run once, when the topic is first found missing
   */
  static AlertFollower onceItsTopicExists(
      final SurgewatchConfig config,
      final String groupId,
      final boolean fromBeginning,
      final AlertSink sink,
      final PrintStream log,
      final Runnable whenMissing) {
    final boolean madeMeanwhile = AlertTopic.awaitAtStart(config, whenMissing);
    final AlertFollower follower = new AlertFollower(config, groupId, fromBeginning, sink, log);
    if (madeMeanwhile) {
      follower.consumer.readMadeAgainFromStart();
    }
    return follower;
  }

  /**
   * @param clock when held-back transitions fall due ({@link Keys#ALERTS_DEBOUNCE_MS} after the
   *     first of them was read); tests drive it by hand
   */
  AlertFollower(
      final SurgewatchConfig config,
      final String groupId,
      final boolean fromBeginning,
      final AlertSink sink,
      final PrintStream log,
      final InstantSource clock) {
    this.config = config;
    this.debounce = debounce(config);
    this.topic = Topics.from(config).alerts().name();
    this.sink = sink;
    this.log = log;
    this.held = new HeldTransitions(clock, debounce);
    this.positions = new CommitPositions(held);
    final Map<String, Object> client = clientProperties(config);
    this.decoder = new AlertDecoder(client, log);
    this.history = new AlertHistory(client, decoder);
    this.consumer = new AlertConsumer(client, groupId, fromBeginning, positions, log);
  }

  /** {@link Keys#ALERTS_DEBOUNCE_MS}, validated. */
  public static Duration debounce(final SurgewatchConfig config) {
    final int ms = config.getInt(Keys.ALERTS_DEBOUNCE_MS);
    if (ms < 0) {
      throw new ConfigException(Keys.ALERTS_DEBOUNCE_MS + " must be >= 0, got " + ms);
    }
    return Duration.ofMillis(ms);
  }

  static Map<String, Object> clientProperties(final SurgewatchConfig config) {
    final Map<String, Object> props = config.clientProperties();
    props
        .keySet()
        .removeIf(k -> k.startsWith(KEY_PREFIX)); // the webhook token must not travel to Kafka
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
    return decoder.undecodable();
  }

  /**
   * Transitions that reached their destination inside another one's delivery (coalesced or folded
   * in).
   */
  public long coalesced() {
    return coalesced.get();
  }

  /** Transitions read and held back right now, waiting for their alert's debounce to end. */
  public int held() {
    return held.count();
  }

  public Duration debounce() {
    return debounce;
  }

  /**
   * Follows the topic until {@link #stop()}. Throws what the sink throws when it gives up ({@link
   * AlertSink.DeliveryException}); the undelivered record stays uncommitted. Throws an {@link
   * IllegalStateException} naming the topic when it was deleted and did not come back.
   */
  public void run() {
    if (!started.compareAndSet(false, true)) {
      throw new IllegalStateException("already running");
    }
    try {
      consumer.subscribe(topic, this::dropPartitions, this::learnOpenAlerts);
      while (!consumer.stopping()) {
        final ConsumerRecords<String, byte[]> batch = consumer.poll(held.untilDue());
        if (consumer.rebalancedToNothing()
            && AlertTopic.awaitWhileFollowing(
                config, consumer::stopping)) { // deleted, it would be followed in silence
          consumer.readMadeAgainFromStart();
        }
        for (final TopicPartition tp : batch.partitions()) {
          for (final ConsumerRecord<String, byte[]> record : batch.records(tp)) {
            if (consumer.stopping()) {
              return;
            }
            if (!consumer.mayHandle(tp)) {
              break; // read again by the partition's owner, from the committed offset
            }
            final AlertSink.Outcome outcome = handle(tp, record);
            if (outcome == AlertSink.Outcome.STOPPED) {
              return;
            }
            consumer.commit(tp);
          }
        }
        // What arrived together in this poll is coalesced before anything falls due; with no
        // debounce, at once.
        if (!deliverDue()) {
          return;
        }
      }
    } catch (final WakeupException e) {
      if (!consumer.stopping()) {
        throw e;
      }
    } finally {
      if (!held.isEmpty()) {
        log.printf(
            "alerts: %d held transition(s) of %d alert(s) not delivered and not committed; the next run "
                + "delivers them%n",
            held.count(), held.alerts());
      }
      try {
        consumer.close();
      } finally {
        done.countDown();
      }
    }
  }

  /** Asks {@link #run()} to end (any thread); returns at once. */
  public void stop() {
    consumer.stop();
  }

  @Override
  public void close() {
    stop();
    if (started.compareAndSet(false, true)) {
      consumer.close();
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
   * One record: skipped (empty, undecodable), delivered at once (an alert's first transition), or
   * held back under its alert's debounce. Returns STOPPED only when asked to stop.
   */
  private AlertSink.Outcome handle(
      final TopicPartition tp, final ConsumerRecord<String, byte[]> record) {
    final AlertSink.Outcome outcome = handleRecord(tp, record);
    if (outcome != AlertSink.Outcome.STOPPED) {
      positions.handled(tp, record.offset() + 1);
    }
    return outcome;
  }

  private AlertSink.Outcome handleRecord(
      final TopicPartition tp, final ConsumerRecord<String, byte[]> record) {
    if (record.value() == null) {
      log.printf(
          "alerts: empty record at %s-%d@%d (key %s); skipped%n",
          record.topic(), record.partition(), record.offset(), record.key());
      skipped.incrementAndGet();
      return AlertSink.Outcome.SKIPPED;
    }
    final AlertDecoder.Decoded decoded = decoder.decode(record, consumer::pause);
    final SurgeAlert alert = decoded.alert();
    if (alert == null) {
      return decoded.outcome();
    }
    if (alert.getSequence() > 1) {
      open.read(tp, alert);
      held.hold(tp, record.offset(), alert);
      if (alert.getStatus() == AlertStatus.RESOLVED || alert.getStatus() == AlertStatus.WITHDRAWN) {
        return foldIntoHeldOpening(held.of(alert));
      }
      final HeldTransitions.Held reopened = held.of(alert);
      if (alert.getStatus() != AlertStatus.OPEN || reopened.sequences().size() > 1) {
        // For now: handled, its offset held back. An OPEN again while its WITHDRAWN is still held
        // waits with it: the receiver never heard the alert close.
        return AlertSink.Outcome.DELIVERED;
      }
      // Open again under its id after its WITHDRAWN was delivered (a revision restored the basis):
      // the receiver closed it, and must hear at once, as of an opening.
      final AlertSink.Outcome outcome =
          deliver(new Delivery(reopened.latest(), reopened.sequences(), null));
      if (outcome != AlertSink.Outcome.STOPPED && held.isHeld(reopened)) {
        held.release(reopened);
      }
      return outcome;
    }
    // A new alert's first transition goes at once; the previous alert's end on its series, if held,
    // goes with it. If that alert is open here, its end (written before this opening, keyed to
    // another partition) is on its way: the opening waits for it, at most the debounce.
    final HeldTransitions.Held end = held.endOfSeries(alert);
    final boolean endPending = end == null && open.endPending(alert);
    open.read(tp, alert);
    if (endPending) {
      held.awaitEnd(tp, record.offset(), alert);
      return AlertSink.Outcome.DELIVERED; // for now: handled, its offset held back
    }
    return deliverOpening(alert, end);
  }

  /**
   * A new alert's opening, with the held end of the previous alert of its series folded in (null:
   * none); the end is released once the opening carried it.
   */
  private AlertSink.Outcome deliverOpening(final SurgeAlert alert, final HeldTransitions.Held end) {
    final AlertSink.Outcome outcome =
        deliver(
            new Delivery(alert, List.of(alert.getSequence()), end == null ? null : end.latest()));
    if (end != null && outcome == AlertSink.Outcome.DELIVERED && held.isHeld(end)) {
      held.release(end);
      coalesced.addAndGet(end.sequences().size());
      consumer.commit(end.partition());
    }
    return outcome;
  }

  /**
   * An end just read and held: when a new alert of its series is waiting for it ({@link
   * HeldTransitions#awaitEnd}), the two are delivered now as that opening's one page, as if the end
   * had been read first. Returns STOPPED only when asked to stop.
   */
  private AlertSink.Outcome foldIntoHeldOpening(final HeldTransitions.Held end) {
    final HeldTransitions.Opening opening = held.openingAfter(end);
    if (opening == null) {
      return AlertSink.Outcome.DELIVERED; // for now: handled, its offset held back
    }
    final AlertSink.Outcome outcome = deliverOpening(opening, end);
    return outcome == AlertSink.Outcome.STOPPED ? outcome : AlertSink.Outcome.DELIVERED;
  }

  /** A held opening, with the end it replaces (null: alone, its wait over). */
  private AlertSink.Outcome deliverOpening(
      final HeldTransitions.Opening opening, final HeldTransitions.Held end) {
    final AlertSink.Outcome outcome = deliverOpening(opening.alert(), end);
    settle(outcome, () -> held.isHeld(opening), () -> held.release(opening), opening.partition());
    return outcome;
  }

  /**
   * After a held delivery: unless asked to stop, forgets it (if still held) and commits its
   * partition. False when asked to stop.
   */
  private boolean settle(
      final AlertSink.Outcome outcome,
      final BooleanSupplier stillHeld,
      final Runnable release,
      final TopicPartition tp) {
    if (outcome == AlertSink.Outcome.STOPPED) {
      return false;
    }
    if (stillHeld.getAsBoolean()) {
      release.run();
    } // else its partition moved during the delivery: whoever owns it now reads it again
    consumer.commit(tp);
    return true;
  }

  private AlertSink.Outcome deliver(final Delivery delivery) {
    final AlertSink.Outcome outcome = sink.deliver(delivery, consumer::pause);
    if (outcome == AlertSink.Outcome.DELIVERED) {
      delivered.incrementAndGet();
      coalesced.addAndGet(delivery.sequences().size() - 1L);
    } else if (outcome == AlertSink.Outcome.SKIPPED) {
      skipped.incrementAndGet();
    }
    return outcome;
  }

  /** Delivers every held alert whose debounce has ended; false when asked to stop. */
  private boolean deliverDue() {
    while (!consumer.stopping()) {
      final HeldTransitions.Opening opening = held.firstDueOpening();
      if (opening != null) {
        // Its predecessor's end was not read within the debounce (another member's partition, or
        // far behind): the opening pages alone; the end, when read, on its own.
        if (deliverOpening(opening, null) == AlertSink.Outcome.STOPPED) {
          return false;
        }
        continue;
      }
      final HeldTransitions.Held h = held.firstDue();
      if (h == null) {
        return true;
      }
      final AlertSink.Outcome outcome = deliver(new Delivery(h.latest(), h.sequences(), null));
      if (!settle(outcome, () -> held.isHeld(h), () -> held.release(h), h.partition())) {
        return false;
      }
    }
    return false;
  }

  /**
   * Partitions given to this follower: which alerts were open there when it starts reading them, so
   * the flapping guard holds for an alert paged before a restart (or before a new group's start at
   * the topic's end) as for one read in this run.
   */
  private void learnOpenAlerts(final Map<TopicPartition, Long> starts) {
    history.readBefore(starts, consumer::stopping, open::read);
  }

  /**
   * Forgets what is held of partitions that moved away: the new owner reads them from the committed
   * offset.
   */
  private void dropPartitions(final Collection<TopicPartition> partitions) {
    partitions.forEach(positions::forget); // first: each remembers where its held transitions began
    held.drop(partitions);
    open.drop(partitions);
  }
}
