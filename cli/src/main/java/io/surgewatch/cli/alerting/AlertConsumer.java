package io.surgewatch.cli.alerting;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
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
 * The follower's membership of its consumer group: committed records only ({@code read_committed}),
 * auto-commit off, commits as far as {@link CommitPositions} allows, and which partitions are ours
 * right now. While a sink waits between retries, {@link #pause} keeps polling with every partition
 * paused, so a long outage of the receiver does not exceed {@code max.poll.interval.ms} and cost
 * the membership. Used by the follower's thread only, except {@link #stop()}.
 */
final class AlertConsumer {
  /**
   * Leaving the group comes first in {@code close}; the rest (closing fetch sessions) is best
   * effort and can wait for the whole timeout, which would make Ctrl-C feel stuck.
   */
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

  private final KafkaConsumer<String, byte[]> consumer;
  private final CommitPositions positions;
  private final PrintStream log;
  private final Backoff commitBackoff = Backoff.standard();
  private final RandomGenerator random = RandomGenerator.getDefault();
  private volatile boolean stopping;

  // Touched only by the thread in run() (the rebalance listener runs inside poll on that thread).
  private final Set<TopicPartition> owned = new HashSet<>();

  /**
   * Partitions whose remaining records of the current batch must not be handled (moved, or position
   * reset).
   */
  private final Set<TopicPartition> abandoned = new HashSet<>();

  private boolean pausing;

  /** A rebalance ended since {@link #rebalancedToNothing()} last asked. */
  private boolean rebalanced;

  /** The topic was deleted and made again under us: see {@link #readMadeAgainFromStart()}. */
  private boolean madeAgain;

  /**
   * Every partition given to us in this run. Each had a committed offset from then on ({@link
   * #pinStart}); a group's offsets cannot be deleted while it has members, so one of these given
   * back without an offset means the topic was deleted and made again, however fast.
   */
  private final Set<TopicPartition> heldBefore = new HashSet<>();

  /**
   * @param client cluster and pass-through client properties
   * @param groupId consumer group; its committed offsets are where a restart resumes
   * @param fromBeginning where a group without committed offsets starts: the earliest record
   *     instead of the end
   */
  AlertConsumer(
      final Map<String, Object> client,
      final String groupId,
      final boolean fromBeginning,
      final CommitPositions positions,
      final PrintStream log) {
    this.positions = positions;
    this.log = log;
    this.consumer =
        new KafkaConsumer<>(
            properties(client, groupId, fromBeginning),
            new StringDeserializer(),
            new ByteArrayDeserializer());
  }

  static Map<String, Object> properties(
      final Map<String, Object> client, final String groupId, final boolean fromBeginning) {
    final Map<String, Object> props = new HashMap<>(client);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(
        ConsumerConfig.ISOLATION_LEVEL_CONFIG,
        "read_committed"); // the streams app writes in transactions
    if (fromBeginning) {
      props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    } else {
      props.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
    }
    // A broker that creates topics on demand would make the deleted or misspelt alerts topic again,
    // with its defaults, for the follower to wait on in silence.
    props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
    props.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "surgewatch-alerts");
    props.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 100);
    return props;
  }

  /**
   * @param onRevoked told of partitions that moved away (or were lost), after they stopped being
   *     ours
   * @param onAssigned told of partitions given to us, with where we start reading each, before any
   *     of their records is read
   */
  void subscribe(
      final String topic,
      final Consumer<Collection<TopicPartition>> onRevoked,
      final Consumer<Map<TopicPartition, Long>> onAssigned) {
    consumer.subscribe(List.of(topic), new Listener(onRevoked, onAssigned));
  }

  /**
   * The next records; what an earlier batch left unhandled is forgotten (its partitions are read
   * again).
   */
  ConsumerRecords<String, byte[]> poll(final Duration timeout) {
    final ConsumerRecords<String, byte[]> batch = consumer.poll(timeout);
    abandoned.clear();
    positions.clearRewinds();
    return batch;
  }

  /**
   * False when the partition's records of this batch are left to be read again, by its owner, from
   * the commit.
   */
  boolean mayHandle(final TopicPartition tp) {
    return owned.contains(tp) && !abandoned.contains(tp);
  }

  /**
   * Commits a partition as far as its handled records allow ({@link CommitPositions#target}),
   * unless it moved to another member meanwhile.
   */
  void commit(final TopicPartition tp) {
    if (!owned.contains(tp)) {
      log.printf(
          "alerts: %s was reassigned during delivery; its new owner delivers from the committed offset%n",
          tp);
      return;
    }
    final Long target = positions.target(tp);
    if (target == null) {
      return;
    }
    final long next = target;
    if (positions.isCommitted(tp, next) && !abandoned.contains(tp)) {
      return;
    }
    for (int attempt = 1; ; attempt++) {
      try {
        consumer.commitSync(Map.of(tp, new OffsetAndMetadata(next)), REQUEST_TIMEOUT);
        positions.committed(tp, next);
        break;
      } catch (final WakeupException e) {
        // stop() during delivery: the wakeup is consumed; the delivered record still deserves its
        // commit
        if (attempt > 1) {
          throw e;
        }
      } catch (final CommitFailedException | RebalanceInProgressException e) {
        log.printf(
            "alerts: could not commit %s at %d (%s); the rest of its batch is redelivered%n",
            tp, next, e.getMessage());
        abandoned.add(tp);
        return;
      } catch (final RetriableException e) {
        log.printf("alerts: commit of %s at %d failed (%s); retrying%n", tp, next, e.getMessage());
        if (!pause(commitBackoff.delay(attempt, random))) {
          return;
        }
      }
    }
    if (abandoned.contains(tp)) {
      // Reassigned to us during delivery: the position went back to the committed offset; go on
      // from ours (which is before anything held there when it moved, so that is read and held
      // again).
      consumer.seek(tp, next);
      positions.resumedAt(tp, next);
    }
  }

  /**
   * The {@link RetryPause} given to the sink: polls with every partition paused (keeps the group
   * membership, handles rebalances, returns no records) until the time is up or {@link #stop()} is
   * called.
   */
  boolean pause(final Duration duration) {
    if (stopping) {
      return false;
    }
    final long deadline = System.nanoTime() + duration.toNanos();
    pausing = true;
    try {
      consumer.pause(consumer.assignment());
      long left;
      while (!stopping && (left = deadline - System.nanoTime()) > 0) {
        final ConsumerRecords<String, byte[]> stray =
            consumer.poll(Duration.ofNanos(Math.min(left, 1_000_000_000L)));
        for (final TopicPartition tp : stray.partitions()) {
          consumer.seek(
              tp, stray.records(tp).get(0).offset()); // not expected while paused; never lose them
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

  /**
   * Whether a rebalance ended since the last call and left this member no partition: its topic may
   * be gone (deleted, every partition leaves the group at once), or the group has more members than
   * partitions.
   */
  boolean rebalancedToNothing() {
    final boolean toNothing = rebalanced && owned.isEmpty();
    rebalanced = false;
    return toNothing;
  }

  /**
   * The topic was made while we waited for it (at start), or deleted and made again while we
   * followed it (seen missing while we waited for it, or found by {@link #pinStart}), and the
   * group's offsets went with the old one: a partition of the new topic that the group has not
   * committed starts at its first record, whatever {@code auto.offset.reset} says. At its end
   * ("latest") it would skip the alerts written between the topic's making and our taking it, which
   * are all new to the group.
   */
  void readMadeAgainFromStart() {
    madeAgain = true;
  }

  /** Asks the poll, pause or commit under way to end (any thread); returns at once. */
  void stop() {
    stopping = true;
    consumer.wakeup();
  }

  boolean stopping() {
    return stopping;
  }

  /** Leaves the group; nothing uncommitted is committed. */
  void close() {
    consumer.close(CLOSE_TIMEOUT);
  }

  private final class Listener implements ConsumerRebalanceListener {
    private final Consumer<Collection<TopicPartition>> onRevoked;
    private final Consumer<Map<TopicPartition, Long>> onAssigned;

    Listener(
        final Consumer<Collection<TopicPartition>> onRevoked,
        final Consumer<Map<TopicPartition, Long>> onAssigned) {
      this.onRevoked = onRevoked;
      this.onAssigned = onAssigned;
    }

    @Override
    public void onPartitionsRevoked(final Collection<TopicPartition> partitions) {
      rebalanced = true;
      owned.removeAll(partitions);
      abandoned.addAll(partitions);
      onRevoked.accept(partitions);
    }

    @Override
    public void onPartitionsLost(final Collection<TopicPartition> partitions) {
      onPartitionsRevoked(partitions);
    }

    @Override
    public void onPartitionsAssigned(final Collection<TopicPartition> partitions) {
      rebalanced = true;
      owned.addAll(partitions);
      abandoned.addAll(
          partitions); // positions start at the committed offsets: stale batch records are re-read
      if (pausing) {
        consumer.pause(partitions);
      }
      pinStart(partitions);
      final Map<TopicPartition, Long> starts = new HashMap<>();
      partitions.forEach(tp -> starts.put(tp, consumer.position(tp, REQUEST_TIMEOUT)));
      onAssigned.accept(starts);
    }
  }

  /**
   * A partition the group has never committed starts where {@code auto.offset.reset} says; that
   * start is committed at once. Otherwise a run that stops before its first delivery succeeds
   * (receiver down, Ctrl-C) would leave no offset, and the next run of a "latest" group would start
   * at the end again, losing what came in between.
   */
  private void pinStart(final Collection<TopicPartition> partitions) {
    if (partitions.isEmpty()) {
      return;
    }
    final Map<TopicPartition, OffsetAndMetadata> committed =
        consumer.committed(Set.copyOf(partitions), REQUEST_TIMEOUT);
    final Set<TopicPartition> uncommitted = new HashSet<>();
    for (final TopicPartition tp : partitions) {
      if (committed.get(tp) == null) {
        uncommitted.add(tp);
      }
    }
    if (uncommitted.stream().anyMatch(heldBefore::contains)) {
      madeAgain = true;
    }
    if (madeAgain && !uncommitted.isEmpty()) {
      // Never with none: seekToBeginning of no partitions rewinds every one assigned.
      consumer.seekToBeginning(uncommitted);
    }
    final Map<TopicPartition, OffsetAndMetadata> start = new HashMap<>();
    for (final TopicPartition tp : uncommitted) {
      start.put(tp, new OffsetAndMetadata(consumer.position(tp, REQUEST_TIMEOUT)));
    }
    if (!start.isEmpty()) {
      consumer.commitSync(start, REQUEST_TIMEOUT);
    }
    heldBefore.addAll(partitions); // each committed now
  }
}
