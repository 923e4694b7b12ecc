package io.surgewatch.producers;

import io.surgewatch.events.v1.StatementEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;

/**
 * What {@code produce}'s notes say of the file's statements that will not count as sent ({@link
 * StatementChecks}, judged in the order they are published): per kind of finding, how many, and the
 * first with its line.
 */
final class StatementNotes {
  private final StatementChecks checks = new StatementChecks();

  /** Per code, in the order first found: how many, and the first (its line, its message). */
  private final Map<String, Tally> byCode = new LinkedHashMap<>();

  private static final class Tally {
    long count;
    long firstLine;
    String first;
  }

  void published(final StatementEvent statement, final long line) {
    for (final StatementChecks.Finding f : checks.check(statement)) {
      final Tally tally = byCode.computeIfAbsent(f.code(), code -> new Tally());
      if (tally.count++ == 0) {
        tally.firstLine = line;
        // The refusal's reason says what differs; of a statement about no country, its id is all.
        tally.first =
            f.code().equals(StatementChecks.CHANGED_STATEMENT) ? f.message() : statement.getId();
      }
    }
  }

  List<String> notes(final LongFunction<String> place) {
    final List<String> notes = new ArrayList<>();
    byCode.forEach(
        (code, tally) -> {
          final boolean one = tally.count == 1;
          final String what =
              code.equals(StatementChecks.CHANGED_STATEMENT)
                  ? (one ? " statement takes" : " statements take")
                      + " an id an earlier statement of the file took with other content: the app"
                      + " will dead-letter "
                      + (one ? "it" : "them")
                      + " VALIDATION (field id), not counted"
                  : (one ? " statement is" : " statements are")
                      + " about no country (about.countries empty): stored and listed, but counted"
                      + " under no country in the statement counts";
          notes.add(
              tally.count
                  + what
                  + " ("
                  + code
                  + "; the first: "
                  + place.apply(tally.firstLine)
                  + ", "
                  + tally.first
                  + ")");
        });
    return notes;
  }
}
