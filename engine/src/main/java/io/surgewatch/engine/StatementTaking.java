package io.surgewatch.engine;

import io.surgewatch.events.v1.StatementEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.avro.Schema;

/**
 * How a statement is taken, the same in the app's statement intake and in backtest: once per id, as
 * first sent. A copy sent again (a producer's retry, a file published twice) is a repeat and
 * changes nothing. A statement sent again under its id with other content is refused with a reason
 * naming what differs, never taken silently or dropped silently: statements have no revision order
 * as reports have (their {@code madeAt} is when the words were said, not when a record was edited),
 * so a correction is published as a statement of its own.
 */
public final class StatementTaking {

  /** The dead letter's {@code field} for a refused statement. */
  public static final String FIELD = "id";

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
   * Why a changed statement is refused: {@code statement ST1 was taken before with another kind,
   * quote: a statement is taken once, as first sent; publish a correction under an id of its own}.
   */
  public static String changedReason(final StatementEvent taken, final StatementEvent statement) {
    final List<String> differ = new ArrayList<>();
    for (final Schema.Field field : StatementEvent.getClassSchema().getFields()) {
      if (!Objects.equals(taken.get(field.pos()), statement.get(field.pos()))) {
        differ.add(field.name());
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
        + summary(taken)
        + "; this one: "
        + summary(statement)
        + "): a statement is taken once, as first sent; publish a correction under an id of its own";
  }

  private static String summary(final StatementEvent s) {
    return s.getKind() + " made " + s.getMadeAt() + " about " + s.getAbout().getCountries();
  }
}
