package io.surgewatch.inputs;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How a later header's columns differ from the one before it, as the note of another export joined
 * end to end says it ({@link ReadCount#OTHER_HEADERS}). Apart from {@link CsvInputReader} because
 * comparing two lists of names is no part of reading records.
 */
final class ColumnsChange {

  private ColumnsChange() {}

  /** What columns a header adds and drops from the one before, "31 columns, without countycode". */
  static String of(final List<String> before, final List<String> after) {
    final List<String> dropped = names(before);
    final List<String> added = names(after);
    final List<String> kept = new ArrayList<>(dropped);
    kept.retainAll(added);
    dropped.removeAll(kept);
    added.removeAll(kept);
    final List<String> parts = new ArrayList<>(3);
    parts.add(after.size() + " columns where the one before has " + before.size());
    if (!added.isEmpty()) {
      parts.add("with " + shownNames(added));
    }
    if (!dropped.isEmpty()) {
      parts.add("without " + shownNames(dropped));
    }
    if (added.isEmpty() && dropped.isEmpty()) {
      parts.add("in another order");
    }
    return String.join(", ", parts);
  }

  private static List<String> names(final List<String> header) {
    final List<String> out = new ArrayList<>(header.size());
    for (final String name : header) {
      final String n = Cells.strip(name).toLowerCase(Locale.ROOT);
      if (!n.isEmpty() && !out.contains(n)) {
        out.add(n);
      }
    }
    return out;
  }

  private static String shownNames(final List<String> names) {
    return names.size() <= 4
        ? String.join(", ", names)
        : String.join(", ", names.subList(0, 4)) + " and " + (names.size() - 4) + " more";
  }
}
