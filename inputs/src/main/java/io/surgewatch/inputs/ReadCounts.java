package io.surgewatch.inputs;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What a reader counted for its notes ({@link ReadCount}), and for some counts the first places
 * they were found at (a note that says "12 rows" and not which is hard to act on). A file read in
 * parts ({@link FileParts}) is noted once, from its parts' counts added in file order.
 */
public final class ReadCounts {

  /** How many places of one count a note names at most. */
  static final int SHOWN = 5;

  private final Map<ReadCount, Long> counts = new EnumMap<>(ReadCount.class);
  private final Map<ReadCount, List<String>> first = new EnumMap<>(ReadCount.class);

  void put(final ReadCount what, final long n) {
    counts.put(what, n);
  }

  /** {@code n} of them, the first at {@code places} (up to {@link #SHOWN}). */
  void put(final ReadCount what, final long n, final List<String> places) {
    counts.put(what, n);
    first.put(what, new ArrayList<>(places.subList(0, Math.min(SHOWN, places.size()))));
  }

  public long get(final ReadCount what) {
    return counts.getOrDefault(what, 0L);
  }

  /** The first places of a count, in file order (up to {@link #SHOWN}). */
  public List<String> first(final ReadCount what) {
    return List.copyOf(first.getOrDefault(what, List.of()));
  }

  /**
   * The first places of a count as a note lists them ({@code line 2, line 9, ...}: the dots when
   * there are more than {@link #SHOWN}).
   */
  public String places(final ReadCount what) {
    final List<String> at = first(what);
    return String.join(", ", at) + (get(what) > at.size() ? ", ..." : "");
  }

  /** Adds the counts of a later part of the same file: its places come after these. */
  public ReadCounts add(final ReadCounts later) {
    later.counts.forEach((what, n) -> counts.merge(what, n, Long::sum));
    later.first.forEach(
        (what, places) -> {
          final List<String> mine = first.computeIfAbsent(what, k -> new ArrayList<>());
          places.stream().limit(Math.max(0, SHOWN - mine.size())).forEach(mine::add);
        });
    return this;
  }
}
