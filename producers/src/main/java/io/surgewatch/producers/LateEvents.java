package io.surgewatch.producers;

import io.surgewatch.inputs.ArrivalOrder;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;

/**
 * The file's events at or before the latest time already on their topic ({@link
 * FilePublisher#after}), counted per topic for the run's notes: the app takes them as late.
 */
final class LateEvents {
  private final TopicTimes.OnTopics onTopics;
  private final Map<String, Long> byTopic = new HashMap<>();

  LateEvents(final TopicTimes.OnTopics onTopics) {
    this.onTopics = onTopics;
  }

  void published(final String topic, final SpecificRecord event) {
    final Long onTopic = onTopics.times().get(topic);
    if (onTopic != null && ArrivalOrder.at(event) <= onTopic) {
      byTopic.merge(topic, 1L, Long::sum);
    }
  }

  /** A note for each topic with late events. */
  List<String> notes() {
    final List<String> notes = new ArrayList<>();
    byTopic.forEach(
        (topic, late) ->
            notes.add(
                late
                    + " events are at or before where "
                    + topic
                    + " already stands ("
                    + newest(topic)
                    + "): the app takes them as late, after it (counted unless a later report "
                    + "of the same incident is counted already; alerts only within grace.days of "
                    + "the latest reported-at), and this run's progress markers "
                    + "go past that time so that they do not wait"));
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
