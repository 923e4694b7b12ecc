package io.surgewatch.cli.alerting;

import io.surgewatch.events.v1.AlertStatus;
import io.surgewatch.events.v1.SurgeAlert;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.TopicPartition;

/**
 * The debounce: an alert's later transitions (sequence 2 on) read and not yet delivered, held by
 * alert until the debounce ({@code alerts.debounce-ms}) after the first of them was read; the
 * openings held back for the end of the previous alert of their series ({@link Opening}); and where
 * they all are in their partitions (nothing at or after the first of them may be committed).
 * Touched only by the follower's thread, except {@link #count()}.
 */
final class HeldTransitions {
  /**
   * The longest a poll waits when nothing falls due sooner, so that a stop or a rebalance is never
   * far off.
   */
  private static final Duration MAX_WAIT = Duration.ofMillis(500);

  private final InstantSource clock;
  private final Duration debounce;

  /** By alertId, in the order they were first held. */
  private final Map<String, Held> held = new LinkedHashMap<>();

  /** Openings waiting for their predecessor's end, by alertId, in the order they were read. */
  private final Map<String, Opening> openings = new LinkedHashMap<>();

  /** Offsets of the held transitions and openings, by partition. */
  private final Map<TopicPartition, TreeSet<Long>> offsets = new HashMap<>();

  /** Read by other threads ({@link AlertFollower#held()}). */
  private final AtomicInteger count = new AtomicInteger();

  HeldTransitions(final InstantSource clock, final Duration debounce) {
    this.clock = clock;
    this.debounce = debounce;
  }

  /**
   * The later transitions of one alert read so far and not yet delivered: delivered as one when
   * due.
   */
  static final class Held {
    private final String alertId;
    private final String series;
    private final TopicPartition tp;
    private final Instant due;
    private final List<Integer> sequences = new ArrayList<>();
    private final List<Long> offsets = new ArrayList<>();
    private SurgeAlert latest;

    private Held(final SurgeAlert first, final TopicPartition tp, final Instant due) {
      this.alertId = first.getAlertId().toString();
      this.series = series(first);
      this.tp = tp;
      this.due = due;
    }

    /** The state to deliver: the highest sequence held. */
    SurgeAlert latest() {
      return latest;
    }

    /** The sequences held, ascending. */
    List<Integer> sequences() {
      return sequences.stream().sorted().toList();
    }

    TopicPartition partition() {
      return tp;
    }
  }

  /**
   * A new alert's opening (sequence 1) held back because an earlier alert of its series was read
   * open and its end not yet ({@link OpenAlerts#endPending}): the engine wrote that end first, on
   * another partition, and the two are one page ({@link Delivery#replaced()}) whichever is read
   * first. Delivered with the end as soon as the end is read, or alone when the debounce after it
   * was read ends.
   */
  record Opening(SurgeAlert alert, TopicPartition partition, long offset, Instant due) {}

  /** The series an alert is about: country|region|group|metric. */
  static String series(final SurgeAlert a) {
    return a.getCountry() + "|" + a.getRegion() + "|" + a.getGroup() + "|" + a.getMetric();
  }

  /** Whether a held end may be folded into this opening: an earlier alert's, on its series. */
  private static boolean folds(final Held end, final SurgeAlert opening) {
    final AlertStatus s = end.latest.getStatus();
    return end.series.equals(series(opening))
        && !end.alertId.equals(opening.getAlertId().toString())
        && (s == AlertStatus.RESOLVED || s == AlertStatus.WITHDRAWN)
        && !end.latest.getWindowEnd().isAfter(opening.getWindowEnd());
  }

  /** Holds a later transition; the first one held of its alert starts the alert's debounce. */
  void hold(final TopicPartition tp, final long offset, final SurgeAlert alert) {
    final Held h =
        held.computeIfAbsent(
            alert.getAlertId().toString(),
            id -> new Held(alert, tp, clock.instant().plus(debounce)));
    if (h.latest == null || alert.getSequence() > h.latest.getSequence()) {
      h.latest = alert;
    }
    h.sequences.add(alert.getSequence());
    h.offsets.add(offset);
    offsets.computeIfAbsent(tp, t -> new TreeSet<>()).add(offset);
    count.incrementAndGet();
  }

  /** What is held of this alert's transitions, or null. */
  Held of(final SurgeAlert alert) {
    return held.get(alert.getAlertId().toString());
  }

  /**
   * The flapping guard: a held RESOLVED or WITHDRAWN of an earlier alert on the same series as this
   * new one, ended on or before the day it opens. An end after it (a replay from the beginning
   * reads the alerts' partitions out of date order, a 2023 resolution before a 2022 opening) is no
   * flapping of this alert: it is delivered on its own.
   */
  Held endOfSeries(final SurgeAlert opening) {
    for (final Held h : held.values()) {
      if (folds(h, opening)) {
        return h;
      }
    }
    return null;
  }

  /** Holds a new alert's opening until its predecessor's end is read, or the debounce ends. */
  void awaitEnd(final TopicPartition tp, final long offset, final SurgeAlert opening) {
    openings.put(
        opening.getAlertId().toString(),
        new Opening(opening, tp, offset, clock.instant().plus(debounce)));
    offsets.computeIfAbsent(tp, t -> new TreeSet<>()).add(offset);
    count.incrementAndGet();
  }

  /**
   * The flapping guard the other way round: the held opening this alert's held end (just read)
   * folds into, or null. Of several (only a replay could have them), the earliest.
   */
  Opening openingAfter(final Held end) {
    Opening first = null;
    for (final Opening o : openings.values()) {
      if (folds(end, o.alert())
          && (first == null || o.alert().getWindowEnd().isBefore(first.alert().getWindowEnd()))) {
        first = o;
      }
    }
    return first;
  }

  /** False once its partition moved away (during a delivery). */
  boolean isHeld(final Opening o) {
    return openings.get(o.alert().getAlertId().toString()) == o;
  }

  /** Forgets a held opening once delivered (or skipped). */
  void release(final Opening o) {
    openings.remove(o.alert().getAlertId().toString());
    final TreeSet<Long> partition = offsets.get(o.partition());
    if (partition != null) {
      partition.remove(o.offset());
    }
    count.decrementAndGet();
  }

  /** The first held opening whose wait for its predecessor's end has ended, or null. */
  Opening firstDueOpening() {
    final Instant now = clock.instant();
    return openings.values().stream().filter(o -> !o.due().isAfter(now)).findFirst().orElse(null);
  }

  /**
   * False once its partition moved away (during a delivery): whoever owns it now reads it again.
   */
  boolean isHeld(final Held h) {
    return held.get(h.alertId) == h;
  }

  /**
   * Forgets a held alert once delivered (or skipped): its offsets no longer hold back the commit.
   */
  void release(final Held h) {
    held.remove(h.alertId);
    final TreeSet<Long> partition = offsets.get(h.tp);
    if (partition != null) {
      h.offsets.forEach(partition::remove);
    }
    count.addAndGet(-h.offsets.size());
  }

  /**
   * The first held alert whose debounce has ended, or null; never one whose own opening is still
   * held (the opening goes first).
   */
  Held firstDue() {
    final Instant now = clock.instant();
    return held.values().stream()
        .filter(h -> !h.due.isAfter(now) && !openings.containsKey(h.alertId))
        .findFirst()
        .orElse(null);
  }

  /**
   * How long the next poll may wait: until the first held alert falls due, at most half a second.
   */
  Duration untilDue() {
    final Instant now = clock.instant();
    Duration wait = MAX_WAIT;
    final List<Instant> dues = new ArrayList<>();
    held.values().forEach(h -> dues.add(h.due));
    openings.values().forEach(o -> dues.add(o.due()));
    for (final Instant due : dues) {
      final Duration left = Duration.between(now, due);
      if (left.compareTo(wait) < 0) {
        wait = left.isNegative() ? Duration.ZERO : left;
      }
    }
    return wait;
  }

  /** The first held offset of a partition, or null when nothing of it is held. */
  Long firstOffset(final TopicPartition tp) {
    final TreeSet<Long> partition = offsets.get(tp);
    return partition == null || partition.isEmpty() ? null : partition.first();
  }

  /**
   * Forgets what is held of partitions that moved away: the new owner reads them from the committed
   * offset.
   */
  void drop(final Collection<TopicPartition> partitions) {
    partitions.forEach(offsets::remove);
    held.values()
        .removeIf(
            h -> {
              if (partitions.contains(h.tp)) {
                count.addAndGet(-h.offsets.size());
                return true;
              }
              return false;
            });
    openings
        .values()
        .removeIf(
            o -> {
              if (partitions.contains(o.partition())) {
                count.decrementAndGet();
                return true;
              }
              return false;
            });
  }

  /** Transitions held. */
  int count() {
    return count.get();
  }

  /** Alerts with transitions or an opening held. */
  int alerts() {
    return held.size()
        + (int) openings.keySet().stream().filter(id -> !held.containsKey(id)).count();
  }

  boolean isEmpty() {
    return held.isEmpty() && openings.isEmpty();
  }
}
