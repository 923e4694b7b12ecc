package io.surgewatch.core;

import io.surgewatch.events.v1.StatementEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;

/**
 * How a statement is taken, the same in the app's statement intake and in backtest (and foreseen by
 * the writers, {@code produce} and the ingest API, of what they send): once per id, as first sent.
 * A copy sent again (a producer's retry, a file published twice) is a repeat and changes nothing. A
 * statement sent again under its id with other content is refused with a reason naming what
 * differs, never taken silently or dropped silently: statements have no revision order as reports
 * have (their {@code madeAt} is when the words were said, not when a record was edited), so a
 * correction is published as a statement of its own.
 */
public final class StatementTaking {

  /** The dead letter's {@code field} for a refused statement. */
  public static final String FIELD = "id";

  /** Characters of a text shown before the first that differs. */
  private static final int EXCERPT_LEAD = 20;

  /** Characters of a text shown at most. */
  private static final int EXCERPT_CHARS = 60;

  /** What becomes of a statement, given what was taken before under its id. */
  public enum Verdict {
    /** The first under its id: taken. */
    NEW,
    /** Equal to the one taken: nothing changes. */
    REPEAT,
    /** Other content under a taken id: refused ({@link #changedReason}). */
    CHANGED
  }

  private StatementTaking() {}

  /**
   * @param seen whether a statement was taken under this id (and not forgotten since)
   * @param taken that statement, or null when only its id is known (state from a release that kept
   *     ids alone: a statement sent again is then taken for a repeat, as that release did)
   */
  public static Verdict of(
      final boolean seen, final StatementEvent taken, final StatementEvent statement) {
    if (!seen) {
      return Verdict.NEW;
    }
    return taken == null || taken.equals(statement) ? Verdict.REPEAT : Verdict.CHANGED;
  }

  /**
   * Why a changed statement is refused, naming each field that differs and its two values (a long
   * text from a little before where the two part): {@code statement ST1 was taken before with a
   * different kind and quote (as taken: kind ACCUSATION, quote "They did it."; this one: kind
   * DENIAL, quote "We did not."): a statement is taken once, as first sent; publish a correction
   * under an id of its own}.
   */
  public static String changedReason(final StatementEvent taken, final StatementEvent statement) {
    final List<String> differ = new ArrayList<>();
    final List<String> before = new ArrayList<>();
    final List<String> now = new ArrayList<>();
    for (final Schema.Field field : StatementEvent.getClassSchema().getFields()) {
      if (!Objects.equals(taken.get(field.pos()), statement.get(field.pos()))) {
        differ.add(field.name());
        differences(field.name(), taken.get(field.pos()), statement.get(field.pos()), before, now);
      }
    }
    final String named =
        differ.size() == 1
            ? differ.get(0)
            : String.join(", ", differ.subList(0, differ.size() - 1))
                + " and "
                + differ.get(differ.size() - 1);
    return "statement "
        + statement.getId()
        + " was taken before with a different "
        + named
        + " (as taken: "
        + String.join(", ", before)
        + "; this one: "
        + String.join(", ", now)
        + "): a statement is taken once, as first sent; publish a correction under an id of its own";
  }

  /** Each differing value under {@code path} (a nested record's by its own fields), both ways. */
  private static void differences(
      final String path,
      final Object taken,
      final Object statement,
      final List<String> before,
      final List<String> now) {
    if (taken instanceof IndexedRecord a && statement instanceof IndexedRecord b) {
      for (final Schema.Field field : a.getSchema().getFields()) {
        if (!Objects.equals(a.get(field.pos()), b.get(field.pos()))) {
          differences(
              path + "." + field.name(), a.get(field.pos()), b.get(field.pos()), before, now);
        }
      }
    } else if (taken instanceof CharSequence a && statement instanceof CharSequence b) {
      final String x = a.toString();
      final String y = b.toString();
      int from = 0;
      while (from < Math.min(x.length(), y.length()) && x.charAt(from) == y.charAt(from)) {
        from++;
      }
      from = Math.max(0, from - EXCERPT_LEAD);
      before.add(path + " " + excerpt(x, from));
      now.add(path + " " + excerpt(y, from));
    } else {
      before.add(path + " " + (taken == null ? "none" : taken));
      now.add(path + " " + (statement == null ? "none" : statement));
    }
  }

  /** {@code "...text..."} from {@code from}, at most {@link #EXCERPT_CHARS} of it. */
  private static String excerpt(final String text, final int from) {
    int start = Math.min(from, text.length());
    if (start > 0 && start < text.length() && Character.isLowSurrogate(text.charAt(start))) {
      start--; // not half a character
    }
    int end = Math.min(text.length(), start + EXCERPT_CHARS);
    if (end < text.length() && Character.isLowSurrogate(text.charAt(end))) {
      end++;
    }
    return "\""
        + (start > 0 ? "..." : "")
        + text.substring(start, end)
        + (end < text.length() ? "..." : "")
        + "\"";
  }
}
