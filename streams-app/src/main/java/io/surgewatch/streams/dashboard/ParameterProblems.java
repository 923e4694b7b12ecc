package io.surgewatch.streams.dashboard;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * A request's parameters read one after another, every missing or invalid one noted, then answered
 * as one bad request naming them all: a caller who left out {@code country}, {@code from} and
 * {@code to} learns of the three at once, not of one per attempt.
 */
final class ParameterProblems {
  private final List<String> found = new ArrayList<>();

  /**
   * What {@code reader} reads, or null when it finds the parameter missing or invalid (an {@link
   * IllegalArgumentException}, as every reader of {@link QueryParams} throws), which is noted.
   */
  <T> T read(final Supplier<T> reader) {
    try {
      return reader.get();
    } catch (final IllegalArgumentException e) {
      found.add(e.getMessage());
      return null;
    }
  }

  /** Notes a problem found between parameters (a range that runs backwards). */
  void add(final String problem) {
    found.add(problem);
  }

  /** Notes a range that runs backwards ({@code from} after {@code to}). */
  void range(final LocalDate from, final LocalDate to) {
    final String backwards = QueryParams.backwards(from, to);
    if (backwards != null) {
      found.add(backwards);
    }
  }

  /** The bad request (400) naming every problem noted, if there is one. */
  void throwIfAny() {
    if (!found.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", found));
    }
  }
}
