package io.surgewatch.streams.topology;

import io.surgewatch.events.v1.StatementEvent;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The statements timeline that the statements API and the dashboard read: every statement taken, by
 * when it was made, kept for {@code statement.timeline-days} back from the newest statement ({@code
 * 0}: all). The story stage keeps its own statements, only those alerts can still cite ({@code
 * statement.retention-days}): a statement made today must not hide the 2022 statements an analyst
 * loaded, which the statement counts still count.
 *
 * <p>A key is the made-at, as 16 hex digits of its epoch millis with the sign bit flipped (so keys
 * sort as the instants do, before 1970 and after 9999 too), then the id: a range of days is a range
 * read, newest first a reverse one. {@link StatementIndex} holds the same keys by what each
 * statement is about, written here with the timeline.
 */
public final class StatementTimeline {
  public static final String STORE = "statement-timeline";

  private static final int STAMP_DIGITS = 16;
  private final Serde<StatementEvent> values = InternalSerdes.avroBinary(StatementEvent.class);
  private final KeyValueStore<String, byte[]> store;
  private final StatementIndex index;
  private final int days;

  /** The day of the newest statement kept, once read (with a horizon only); null before. */
  private Long newestDay;

  /**
   * @param days statement.timeline-days: days kept back from the newest statement, 0 for all
   */
  StatementTimeline(
      final KeyValueStore<String, byte[]> store, final StatementIndex index, final int days) {
    this.store = store;
    this.index = index;
    this.days = days;
  }

  /**
   * Keeps a statement unless it was made on a day before the horizon; one newer than every kept
   * statement moves the horizon on and drops what falls before it. So what is kept depends on the
   * statements taken, not on the order they came in.
   *
   * @return whether the statement is kept
   */
  boolean put(final StatementEvent statement) {
    final long made = day(statement.getMadeAt());
    if (days > 0) {
      if (newestDay == null) {
        // Read once, then kept here: a reverse read on every put copies the store cache's keys.
        final Instant newest = newest(store);
        newestDay = newest == null ? made : day(newest);
      }
      if (made < newestDay - days) {
        return false;
      }
    }
    final String key = key(statement.getMadeAt(), statement.getId());
    store.put(key, values.serializer().serialize(STORE, statement));
    index.put(statement, key);
    if (days > 0 && made > newestDay) {
      newestDay = made;
      dropBefore(LocalDate.ofEpochDay(made - days));
    }
    return true;
  }

  /**
   * Copies statements into an empty timeline: on the first run of a release that has one, the
   * statements the story stage kept (a reset rebuilds the rest from the statements topic).
   */
  void fillIfEmpty(final Iterable<StatementEvent> kept) {
    try (KeyValueIterator<String, byte[]> it = store.all()) {
      if (it.hasNext()) {
        return;
      }
    }
    kept.forEach(this::put);
  }

  /**
   * Indexes every statement kept, once: the timeline of a release before {@link StatementIndex} has
   * none. On the story task's first record, as {@link #fillIfEmpty}.
   */
  void indexIfNotIndexed() {
    if (index.complete()) {
      return;
    }
    try (KeyValueIterator<String, byte[]> it = store.all()) {
      it.forEachRemaining(
          kv -> index.put(values.deserializer().deserialize(STORE, kv.value), kv.key));
    }
    index.markComplete();
  }

  private void dropBefore(final LocalDate firstKept) {
    final List<KeyValue<String, byte[]>> old = new ArrayList<>();
    try (KeyValueIterator<String, byte[]> it = store.range("", dayStart(firstKept))) {
      it.forEachRemaining(old::add);
    }
    // After the scan: deleting while iterating the cached store is not safe.
    for (final KeyValue<String, byte[]> kv : old) {
      store.delete(kv.key);
      index.delete(values.deserializer().deserialize(STORE, kv.value), kv.key);
    }
  }

  /** The key of a statement: its made-at, then its id. */
  static String key(final Instant madeAt, final String id) {
    return stamp(madeAt.toEpochMilli()) + id;
  }

  /**
   * The least key of a day: every statement made on it or later sorts at or after it, every one
   * made before it before it.
   */
  public static String dayStart(final LocalDate day) {
    long millis;
    try {
      millis = Math.multiplyExact(day.toEpochDay(), 86_400_000L);
    } catch (final ArithmeticException e) {
      millis = day.toEpochDay() < 0 ? Long.MIN_VALUE : Long.MAX_VALUE; // a day no instant reaches
    }
    return stamp(millis);
  }

  private static String stamp(final long epochMillis) {
    final String hex = Long.toHexString(epochMillis ^ Long.MIN_VALUE);
    return "0".repeat(STAMP_DIGITS - hex.length()) + hex;
  }

  /** The made-at a key starts with. */
  static Instant madeAt(final String key) {
    return Instant.ofEpochMilli(
        Long.parseUnsignedLong(key.substring(0, STAMP_DIGITS), 16) ^ Long.MIN_VALUE);
  }

  /** When the newest statement kept was made, or null when none is. */
  public static Instant newest(final ReadOnlyKeyValueStore<String, ?> store) {
    try (KeyValueIterator<String, ?> it = store.reverseAll()) {
      return it.hasNext() ? madeAt(it.next().key) : null;
    }
  }

  /**
   * The first day the timeline keeps, or null when it keeps every day (statement.timeline-days 0,
   * or nothing kept yet).
   */
  public static LocalDate firstDayKept(
      final ReadOnlyKeyValueStore<String, ?> store, final int days) {
    final Instant newest = days > 0 ? newest(store) : null;
    return newest == null ? null : LocalDate.ofEpochDay(day(newest) - days);
  }

  private static long day(final Instant at) {
    return at.atZone(ZoneOffset.UTC).toLocalDate().toEpochDay();
  }
}
