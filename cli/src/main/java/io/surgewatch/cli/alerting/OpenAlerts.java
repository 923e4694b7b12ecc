package io.surgewatch.cli.alerting;

import io.surgewatch.events.v1.AlertStatus;
import io.surgewatch.events.v1.SurgeAlert;
import java.time.LocalDate;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * The alerts this follower read open and has not read end, by series (country/region/group/metric),
 * with the partition each was read from. The engine keeps one alert per series at a time and writes
 * an alert's end before the next alert of its series opens, but the two are keyed to different
 * partitions: a new alert read while an earlier one of its series is still open here is one whose
 * predecessor's end is on its way ({@link #endPending}). Touched only by the follower's thread.
 */
final class OpenAlerts {
  private record Open(TopicPartition tp, LocalDate openedOn) {}

  /** By series, then alertId. */
  private final Map<String, Map<String, Open>> bySeries = new HashMap<>();

  /** Notes what a transition says of its alert: open (OPEN, ESCALATED) or ended. */
  void read(final TopicPartition tp, final SurgeAlert alert) {
    final String series = HeldTransitions.series(alert);
    final String id = alert.getAlertId().toString();
    final AlertStatus s = alert.getStatus();
    if (s == AlertStatus.OPEN || s == AlertStatus.ESCALATED) {
      bySeries
          .computeIfAbsent(series, k -> new HashMap<>())
          .put(id, new Open(tp, alert.getOpenedOn()));
    } else if (s == AlertStatus.RESOLVED || s == AlertStatus.WITHDRAWN) {
      final Map<String, Open> open = bySeries.get(series);
      if (open != null) {
        open.remove(id);
        if (open.isEmpty()) {
          bySeries.remove(series);
        }
      }
    }
  }

  /**
   * True when another alert of this opening's series, opened on an earlier day, was read open and
   * its end not yet: the engine wrote that end before this opening, so it is to be read soon. (An
   * alert opened later, met first in a replay that reads the partitions out of date order, is no
   * predecessor.)
   */
  boolean endPending(final SurgeAlert opening) {
    final Map<String, Open> open = bySeries.get(HeldTransitions.series(opening));
    if (open == null) {
      return false;
    }
    final String id = opening.getAlertId().toString();
    return open.entrySet().stream()
        .anyMatch(
            e -> !e.getKey().equals(id) && e.getValue().openedOn().isBefore(opening.getOpenedOn()));
  }

  /** Forgets the alerts read from partitions that moved away: their ends go to the new owner. */
  void drop(final Collection<TopicPartition> partitions) {
    bySeries.values().forEach(open -> open.values().removeIf(o -> partitions.contains(o.tp())));
    bySeries.values().removeIf(Map::isEmpty);
  }
}
