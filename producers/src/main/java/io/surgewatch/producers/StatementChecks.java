package io.surgewatch.producers;

import io.surgewatch.core.StatementTaking;
import io.surgewatch.events.v1.StatementEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a writer can tell of its statements that will not count as sent, from what it sends alone
 * (one file of {@code produce}, one request of the ingest API), in the order it sends them: the
 * ingest API's {@code 202} warnings and {@code produce}'s notes.
 *
 * <ul>
 *   <li>{@link #CHANGED_STATEMENT}: an earlier statement sent took its id with other content. The
 *       app takes a statement once, as first sent ({@link StatementTaking}), so it dead-letters
 *       this one ({@code VALIDATION}, field {@code id}). Statements sent before, by others or
 *       earlier runs, are not seen here: their absence is no promise.
 *   <li>{@link #NO_COUNTRY}: it is about no country. It is stored and listed (the statements API
 *       with {@code country=*}, stories that match its groups or regions), but the statement counts
 *       are by country: it counts under none.
 * </ul>
 */
public final class StatementChecks {
  public static final String CHANGED_STATEMENT = "CHANGED_STATEMENT";
  public static final String NO_COUNTRY = "NO_COUNTRY";

  /** One thing that will not count as sent: a code, the field it is about, and why. */
  public record Finding(String code, String field, String message) {}

  /** The statements sent so far, by id: the first under each, as the app takes it. */
  private final Map<String, StatementEvent> sent = new HashMap<>();

  /** What will not count as sent of {@code statement}, sent after those checked before it. */
  public List<Finding> check(final StatementEvent statement) {
    final List<Finding> out = new ArrayList<>(0);
    final StatementEvent first = sent.putIfAbsent(statement.getId(), statement);
    if (StatementTaking.of(first != null, first, statement) == StatementTaking.Verdict.CHANGED) {
      out.add(
          new Finding(
              CHANGED_STATEMENT,
              StatementTaking.FIELD,
              StatementTaking.changedReason(first, statement)
                  + " (the statement taken was sent earlier by the same writer): the streams app"
                  + " will dead-letter this one VALIDATION, not counted"));
    }
    if (statement.getAbout().getCountries().isEmpty()) {
      out.add(
          new Finding(
              NO_COUNTRY,
              "about.countries",
              "statement "
                  + statement.getId()
                  + " is about no country: it is stored and listed (the statements API with"
                  + " country=*), but statement counts are by country, and it counts under none"
                  + " (name the countries it is about in about.countries)"));
    }
    return out;
  }
}
