package io.surgewatch.streams.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.surgewatch.core.EventJson;
import io.surgewatch.events.v1.SurgeAlert;
import io.surgewatch.streams.topology.AlertHistory;
import java.util.List;

/**
 * The JSON entry of one alert, from its history of transitions: the latest transition's fields (as
 * the alerts topic has them) plus {@code peakSeverity}, {@code transitionCount}, the figures of its
 * {@code opened} (the OPEN transition), {@code peak} and {@code latest} transitions, and {@code
 * reopenedAfter} (of an alert withdrawn and opened again under its id: the figures of the withdrawn
 * story's opening and of its withdrawal; else null); the alert queries add {@code current}. Of the
 * two links between a withdrawn alert and the alert the same re-test opened after it, {@code
 * successor} is the latest transition's (a withdrawal's), while {@code predecessor} is the
 * opening's, so an alert that escalated since still names the alert it follows.
 */
final class AlertEntry {
  private AlertEntry() {}

  static ObjectNode of(final List<SurgeAlert> h) {
    final SurgeAlert latest = AlertHistory.latest(h);
    final SurgeAlert peak = AlertHistory.peak(h);
    final ObjectNode e = EventJson.toTree(latest);
    e.put("peakSeverity", peak.getSeverity().name());
    e.put("transitionCount", h.size());
    e.put("predecessor", AlertHistory.opened(h).getPredecessor());
    e.set("opened", figures(AlertHistory.opened(h)));
    e.set("peak", figures(peak));
    e.set("latest", figures(latest));
    // A reopening's figures are the opening now: the withdrawn story's stay readable beside them.
    final SurgeAlert withdrawal = AlertHistory.withdrawalBefore(h);
    if (withdrawal == null) {
      e.putNull("reopenedAfter");
    } else {
      final ObjectNode r = e.putObject("reopenedAfter");
      r.set("opened", figures(AlertHistory.withdrawnOpening(h)));
      r.set("withdrawn", figures(withdrawal));
    }
    return e;
  }

  private static ObjectNode figures(final SurgeAlert a) {
    final ObjectNode f = EventJson.MAPPER.createObjectNode();
    f.put("sequence", a.getSequence())
        .put("status", a.getStatus().name())
        .put("severity", a.getSeverity().name());
    f.put("windowStart", a.getWindowStart().toString())
        .put("windowEnd", a.getWindowEnd().toString());
    f.put("observed", a.getObserved()).put("expected", a.getExpected()).put("score", a.getScore());
    f.put("reason", a.getReason());
    return f;
  }

  /**
   * {@code current}: the alert's metric over a window of its length ending on the latest day its
   * key's shard has seen, from that window's count {@code c} (the counts API's value for that day);
   * null when {@code c} is (the shard could not answer).
   */
  static ObjectNode current(final JsonNode c, final String metric) {
    if (c == null) {
      return null;
    }
    final ObjectNode f = EventJson.MAPPER.createObjectNode();
    f.put("windowStart", c.path("windowStart").asText(null))
        .put("windowEnd", c.path("windowEnd").asText(null));
    f.put("observed", c.path(metric).asLong());
    return f;
  }
}
