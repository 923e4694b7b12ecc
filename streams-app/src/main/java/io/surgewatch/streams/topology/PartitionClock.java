package io.surgewatch.streams.topology;

import io.surgewatch.core.ProgressMarkers;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * How far one input partition has come, for the task that places its records (stage 1 for
 * incidents, statement intake for statements): the partition's latest effective time, the latest
 * time its progress markers promised, both kept in a changelogged store, and when it last had a
 * record (for idleness).
 *
 * <p>A record's effective time is its own, or the partition's latest if that is later, or just
 * after what a marker promised: so positions on a partition only move forward, and a record late
 * for its partition is placed just after what was already promised instead of before it.
 */
final class PartitionClock {
  private static final String LATEST_AT = "latestAt";
  private static final String PROMISED = "promised";

  private final KeyValueStore<String, Long> store;
  private long latestAt;
  private long promised;
  private long lastRead;
  private boolean toldIdle;

  /**
   * The partition's clock as {@code store} holds it (a restart, or a task revived after an aborted
   * transaction, starts again from there, with nothing told).
   */
  PartitionClock(final KeyValueStore<String, Long> store, final long nowMs) {
    this.store = store;
    final Long at = store.get(LATEST_AT);
    final Long marked = store.get(PROMISED);
    latestAt = at == null ? Long.MIN_VALUE : at;
    promised = marked == null ? Long.MIN_VALUE : marked;
    lastRead = nowMs;
  }

  /** Whether a marker has ever promised anything on this partition. */
  boolean promisedAny() {
    return promised != Long.MIN_VALUE;
  }

  /** The latest time the partition's markers promised (Long.MIN_VALUE: none). */
  long promised() {
    return promised;
  }

  /**
   * Notes that a record was read now; returns the time its progress-marker header promises, or
   * Long.MIN_VALUE for a record that is not a marker.
   *
   * @throws IllegalArgumentException for a marker whose header is not a time (dead-letter it)
   */
  long read(final Headers headers, final long nowMs) {
    lastRead = nowMs;
    toldIdle = false; // the next progress or record says the partition is back
    return ProgressMarkers.through(headers);
  }

  /** Takes a marker's promise: true when it moves the partition on. */
  boolean promise(final long through) {
    if (through <= promised) {
      return false;
    }
    promised = through;
    store.put(PROMISED, through);
    return true;
  }

  /**
   * Promises the partition's latest effective time, as a marker would (a partition declared idle):
   * true when that moves it on.
   */
  boolean promiseLatest() {
    return latestAt != Long.MIN_VALUE && promise(latestAt);
  }

  /**
   * Moves the partition on by one record and returns the record's effective time; a record without
   * a time of its own (undecodable: {@code null}) gets the partition's.
   */
  long arrived(final Long at) {
    long effective = Math.max(latestAt, promised == Long.MIN_VALUE ? Long.MIN_VALUE : promised + 1);
    if (at != null) {
      effective = Math.max(effective, at);
    }
    if (effective != latestAt) {
      latestAt = effective;
      store.put(LATEST_AT, effective);
    }
    return effective;
  }

  /**
   * True once when the partition has had no record for {@code idleMs} (wall clock): the caller
   * tells its downstream, and not again until a record comes.
   */
  boolean becameIdle(final long nowMs, final long idleMs) {
    if (idleMs > 0 && !toldIdle && nowMs - lastRead >= idleMs) {
      toldIdle = true;
      return true;
    }
    return false;
  }
}
