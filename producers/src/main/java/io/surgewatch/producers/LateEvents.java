package io.surgewatch.producers;

import io.surgewatch.events.v1.IncidentEvent;
import io.surgewatch.inputs.ArrivalOrder;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;
import org.apache.avro.specific.SpecificRecord;

/**
 * What the app will make of the file's events that it does not take as they come, for the run's
 * notes: those at or before the latest time already on their topic ({@link FilePublisher#after}),
 * which it takes as late, counted per topic; and the reports it will dead-letter {@code TOO_LATE}
 * ({@link TooLatePrediction}: of a day before {@code history.days} back from the latest report on
 * the topic or in the file before them).
 */
final class LateEvents {
  private final TopicTimes.OnTopics onTopics;
  private final TooLatePrediction prediction;
  private final String incidentsTopic;
  private final Map<String, Long> byTopic = new HashMap<>();

  /** The latest reported-at on the incidents topic and in the file so far (epoch ms). */
  private long latestReport;

  private long tooLate;
  private String firstTooLate;

  /** The line (or a workbook's row) of {@link #firstTooLate}, named by the notes' reader. */
  private long firstTooLateLine;

  LateEvents(
      final TopicTimes.OnTopics onTopics,
      final TooLatePrediction prediction,
      final String incidentsTopic) {
    this.onTopics = onTopics;
    this.prediction = prediction;
    this.incidentsTopic = incidentsTopic;
    this.latestReport = onTopics.events().getOrDefault(incidentsTopic, Long.MIN_VALUE);
  }

  /**
   * @param line its line in the file
   */
  void published(final String topic, final SpecificRecord event, final long line) {
    final long at = ArrivalOrder.at(event);
    if (event instanceof IncidentEvent incident && topic.equals(incidentsTopic)) {
      latestReport = Math.max(latestReport, at);
      final String why =
          prediction
              .tooLate(incident, latestReport, "on the topic or in the file before it")
              .orElse(null);
      if (why != null) {
        if (tooLate++ == 0) {
          firstTooLateLine = line;
          firstTooLate = incident.getId() + ": " + why;
        }
        return; // not counted at all, late or not
      }
    }
    final Long onTopic = onTopics.times().get(topic);
    if (onTopic != null && at <= onTopic) {
      byTopic.merge(topic, 1L, Long::sum);
    }
  }

  /** A note for each topic with late events, and one for the reports predicted too late. */
  List<String> notes(final LongFunction<String> place) {
    final List<String> notes = new ArrayList<>();
    byTopic.forEach(
        (topic, late) -> {
          final boolean one = late == 1;
          // Statements have no revisions and no grace: a late one counts, and is told in the
          // stories of alerts after it.
          final String taken =
              topic.equals(incidentsTopic)
                  ? "counted unless a later report of the same incident is counted already;"
                      + " alerts only within grace.days of the latest reported-at"
                  : "counted, and attached only to the alerts told after " + (one ? "it" : "them");
          notes.add(
              late
                  + (one ? " event is" : " events are")
                  + " at or before where "
                  + topic
                  + " already stands ("
                  + newest(topic)
                  + "): the app takes "
                  + (one ? "it" : "them")
                  + " as late, after it ("
                  + taken
                  + "), and this run's progress markers go past that time so that they do not"
                  + " wait");
        });
    if (tooLate > 0) {
      final boolean one = tooLate == 1;
      notes.add(
          String.format(
              "%d %s of a day before the history the app keeps, back from the latest report before"
                  + " it: the app will dead-letter %s TOO_LATE, not counted (the first: %s)",
              tooLate,
              one ? "report is" : "reports are",
              one ? "it" : "them",
              place.apply(firstTooLateLine) + ", " + firstTooLate));
    }
    return notes;
  }

  /**
   * The newest event on the topic, by its own time (a report's reported-at), which the user finds
   * in an input; else the day the topic's progress markers reached (their times are placements, a
   * few milliseconds past a report's, that no input holds).
   */
  private String newest(final String topic) {
    final Long event = onTopics.events().get(topic);
    if (event != null) {
      return "its newest event is of " + Instant.ofEpochMilli(event);
    }
    return "its progress markers have reached "
        + LocalDate.ofEpochDay(Math.floorDiv(onTopics.times().get(topic), 86_400_000L));
  }
}
