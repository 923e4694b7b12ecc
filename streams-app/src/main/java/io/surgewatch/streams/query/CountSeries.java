package io.surgewatch.streams.query;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.surgewatch.core.EventJson;
import io.surgewatch.events.v1.RollingCount;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns the change points of one count series into its daily series. The counts topic and store
 * hold a day only when its value differs from the day before, so every day between two change
 * points has the earlier one's value: filling carries the last value forward, re-dating it ({@code
 * windowEnd} = the day, {@code windowStart} = the day minus the window size plus one) and marking
 * it {@code "changed": false}.
 */
public final class CountSeries {
  private CountSeries() {}

  /**
   * @param carried the last change point before {@code from}, or null
   * @param changes the change points from {@code from} to {@code end}, by day ascending
   * @param from first day wanted, or null for the first change point
   * @param end last day wanted (inclusive), or null for the last change point
   * @param fill whether to return every day (true) or the change points only
   */
  public static List<ObjectNode> points(
      final RollingCount carried,
      final List<RollingCount> changes,
      final LocalDate from,
      final LocalDate end,
      final boolean fill,
      final int windowDays) {
    final List<ObjectNode> out = new ArrayList<>();
    if (!fill) {
      changes.forEach(c -> out.add(point(c, c.getWindowEnd(), true, windowDays)));
      return out;
    }
    RollingCount last = carried;
    LocalDate day = from != null ? from : changes.isEmpty() ? null : changes.get(0).getWindowEnd();
    final LocalDate stop =
        end != null
            ? end
            : changes.isEmpty() ? null : changes.get(changes.size() - 1).getWindowEnd();
    if (day == null || stop == null) {
      return out;
    }
    int next = 0;
    for (; !day.isAfter(stop); day = day.plusDays(1)) {
      final boolean changed = next < changes.size() && changes.get(next).getWindowEnd().equals(day);
      if (changed) {
        last = changes.get(next++);
      }
      if (last != null) {
        out.add(point(last, day, changed, windowDays));
      }
    }
    return out;
  }

  private static ObjectNode point(
      final RollingCount count, final LocalDate day, final boolean changed, final int windowDays) {
    final ObjectNode node = EventJson.toTree(count);
    node.put("windowEnd", day.toString());
    node.put("windowStart", day.minusDays(windowDays - 1L).toString());
    node.put("changed", changed);
    return node;
  }
}
