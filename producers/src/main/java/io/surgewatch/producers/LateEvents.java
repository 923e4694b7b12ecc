package io.surgewatch.producers;

import io.surgewatch.inputs.ArrivalOrder;
import java.time.Instant;
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
  private final Map<String, Long> topicTimes;
  private final Map<String, Long> byTopic = new HashMap<>();

  LateEvents(final Map<String, Long> topicTimes) {
    this.topicTimes = topicTimes;
  }

  void published(final String topic, final SpecificRecord event) {
    final Long onTopic = topicTimes.get(topic);
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
                    + " events are at or before the newest time already on "
                    + topic
                    + " ("
                    + Instant.ofEpochMilli(topicTimes.get(topic))
                    + "): the app takes them as late, after it (counted unless a later report "
                    + "of the same incident is counted already; alerts only within grace.days of "
                    + "the latest reported-at), and this run's progress markers "
                    + "go past that time so that they do not wait"));
    return notes;
  }
}
