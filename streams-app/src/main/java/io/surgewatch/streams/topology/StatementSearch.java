package io.surgewatch.streams.topology;

import io.surgewatch.core.CubeKey;
import io.surgewatch.events.v1.StatementEvent;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The statements about a key ({@code *} matching anything) made from one day to another, newest
 * first, and how many there are. With a complete {@link StatementIndex}, a range read of the
 * index's entries of the key's country, else its group, else its region, decoding only the
 * statements it returns (and those it must check against the key's other parts); otherwise, and for
 * {@code *} in every part, a range read of the whole timeline. Both give the same answer.
 */
public final class StatementSearch {
  private StatementSearch() {}

  /** How many statements match, and the newest {@code limit} of them, newest first. */
  public record Found(int total, List<StatementEvent> newest) {}

  /**
   * @param from the first day, or null for the first kept
   * @param to the last day, or null (or {@link LocalDate#MAX}) for the last
   */
  public static Found about(
      final ReadOnlyKeyValueStore<String, byte[]> timeline,
      final ReadOnlyKeyValueStore<String, byte[]> index,
      final CubeKey key,
      final LocalDate from,
      final LocalDate to,
      final int limit,
      final Deserializer<StatementEvent> reader) {
    final String first = from == null ? null : StatementTimeline.dayStart(from);
    final String after =
        to == null || to.equals(LocalDate.MAX) ? null : StatementTimeline.dayStart(to.plusDays(1));
    final StatementIndex.Dimension by = StatementIndex.complete(index) ? dimension(key) : null;
    final List<StatementEvent> newest = new ArrayList<>(Math.min(limit, 1_000));
    int total = 0;
    if (by == null) {
      final boolean everything = key.equals(new CubeKey(CubeKey.ALL, CubeKey.ALL, CubeKey.ALL));
      // Keys sort as made-at, then id: read backwards for the newest first.
      try (KeyValueIterator<String, byte[]> it = timeline.reverseRange(first, after)) {
        while (it.hasNext()) {
          final byte[] value = it.next().value;
          if (everything && newest.size() >= limit) {
            total++; // counted without decoding
            continue;
          }
          final StatementEvent s = reader.deserialize(StatementTimeline.STORE, value);
          if (everything || isAbout(key, s)) {
            total++;
            if (newest.size() < limit) {
              newest.add(s);
            }
          }
        }
      }
      return new Found(total, newest);
    }
    final String prefix = by.prefix(value(key, by));
    // The other parts of the key, when not *, are checked on each statement.
    final boolean checked =
        switch (by) {
          case COUNTRY -> !isAll(key.region()) || !isAll(key.group());
          case GROUP -> !isAll(key.region());
          case REGION -> false;
        };
    try (KeyValueIterator<String, byte[]> it =
        index.reverseRange(
            prefix + (first == null ? "" : first),
            after == null ? afterEvery(prefix) : prefix + after)) {
      while (it.hasNext()) {
        final String timelineKey = it.next().key.substring(prefix.length());
        if (!checked && newest.size() >= limit) {
          total++; // counted without reading the statement
          continue;
        }
        final byte[] value = timeline.get(timelineKey);
        if (value == null) {
          continue; // not written together: cannot happen within a task's commits
        }
        final StatementEvent s = reader.deserialize(StatementTimeline.STORE, value);
        if (!checked || isAbout(key, s)) {
          total++;
          if (newest.size() < limit) {
            newest.add(s);
          }
        }
      }
    }
    return new Found(total, newest);
  }

  public static boolean isAbout(final CubeKey key, final StatementEvent s) {
    return matches(key.country(), s.getAbout().getCountries())
        && matches(key.region(), s.getAbout().getRegions())
        && matches(key.group(), s.getAbout().getGroups());
  }

  /** The index dimension to read for a key: its country, else its group, else its region. */
  private static StatementIndex.Dimension dimension(final CubeKey key) {
    if (usable(key.country())) {
      return StatementIndex.Dimension.COUNTRY;
    }
    if (isAll(key.country()) && usable(key.group())) {
      return StatementIndex.Dimension.GROUP;
    }
    if (isAll(key.country()) && isAll(key.group()) && usable(key.region())) {
      return StatementIndex.Dimension.REGION;
    }
    return null; // every part *, or a value the index cannot hold: the timeline
  }

  private static String value(final CubeKey key, final StatementIndex.Dimension d) {
    return switch (d) {
      case COUNTRY -> key.country();
      case REGION -> key.region();
      case GROUP -> key.group();
    };
  }

  private static boolean usable(final String part) {
    return !isAll(part) && StatementIndex.indexable(part);
  }

  private static boolean isAll(final String part) {
    return CubeKey.ALL.equals(part);
  }

  /** A key after every one that starts with {@code prefix} (which ends with the END character). */
  private static String afterEvery(final String prefix) {
    return prefix.substring(0, prefix.length() - 1) + (char) (StatementIndex.END + 1);
  }

  private static boolean matches(final String wanted, final List<String> values) {
    return CubeKey.ALL.equals(wanted) || values.contains(wanted);
  }
}
