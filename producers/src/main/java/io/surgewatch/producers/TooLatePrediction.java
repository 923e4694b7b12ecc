package io.surgewatch.producers;

import io.surgewatch.core.DeadLetters;
import io.surgewatch.core.EventTypes;
import io.surgewatch.core.History;
import io.surgewatch.core.Keys;
import io.surgewatch.core.SurgewatchConfig;
import io.surgewatch.events.v1.IncidentEvent;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * What a writer can foresee of the streams app's {@code TOO_LATE}: a report that counts, of an
 * incident day before {@code history.days} back from the latest reported-at the writer knows, will
 * be dead-lettered, not counted. The app measures the history back from where its arrival order
 * stands, which is at least every report published before this one, so a report said to be too late
 * will be; one not said to be may still be (reports the writer has not seen may be ahead of it, or
 * it may revise a report of a day already outside the history). One prediction for every writer:
 * the ingest API's {@code 202} warnings and {@code produce}'s notes.
 */
public final class TooLatePrediction {
  private final int historyDays;
  private final EventTypes types;

  /**
   * @param historyDays {@code history.days}: 0 keeps every day, and nothing is too late
   * @param types {@code incidents.counted-types}: a report of another type counts nothing, and is
   *     never too late
   */
  public TooLatePrediction(final int historyDays, final EventTypes types) {
    this.historyDays = historyDays;
    this.types = types;
  }

  /**
   * By the configuration the app is given: {@code history.days}, {@code incidents.counted-types}.
   */
  public static TooLatePrediction from(final SurgewatchConfig config) {
    return new TooLatePrediction(
        config.getInt(Keys.HISTORY_DAYS),
        EventTypes.of(config.getList(Keys.INCIDENTS_COUNTED_TYPES)));
  }

  /** Of an app that keeps every day: nothing is too late. */
  public static TooLatePrediction none() {
    return new TooLatePrediction(0, EventTypes.standard());
  }

  public EventTypes types() {
    return types;
  }

  /**
   * Counted when it arrives as it is: not a retraction, and of a counted type (or none, as the
   * ingest API's and NDJSON's are). Only such a report is judged by its own day.
   */
  public boolean counts(final IncidentEvent event) {
    final String type = event.getSourceEventType();
    return !event.getRetracted() && types.counts(type == null ? null : EventTypes.canonical(type));
  }

  /**
   * Why {@code event} will be dead-lettered {@code TOO_LATE}, if it will.
   *
   * @param latest the latest reported-at the writer knows, the event's own included (epoch ms)
   * @param knownBy whose knowledge that is, after "the latest report": {@code this service knows}
   */
  public Optional<String> tooLate(
      final IncidentEvent event, final long latest, final String knownBy) {
    final LocalDate latestDay = LocalDate.ofEpochDay(Math.floorDiv(latest, 86_400_000L));
    final LocalDate day = event.getOccurredOn();
    if (!counts(event) || History.keeps(historyDays, day.toEpochDay(), latestDay.toEpochDay())) {
      return Optional.empty();
    }
    final long back = ChronoUnit.DAYS.between(day, latestDay);
    return Optional.of(
        String.format(
            "predicted too late: incident day %s is %d days before the latest report %s (%s),"
                + " beyond the history the streams app keeps (history.days=%d; history.days=%d or"
                + " 0, no limit, would count it): it will be dead-lettered %s, not counted",
            day,
            back,
            knownBy,
            Instant.ofEpochMilli(latest),
            historyDays,
            back,
            DeadLetters.TOO_LATE));
  }
}
