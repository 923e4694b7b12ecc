package io.surgewatch.backtest;

import io.surgewatch.core.EventTypes;
import io.surgewatch.engine.Contribution;
import io.surgewatch.engine.RevisionTracker;
import io.surgewatch.events.v1.IncidentEvent;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Makes the stage-1 report of an event, sharing the few distinct country, region and group strings
 * among millions of reports: a backtest holds every report of a file until it is replayed.
 */
final class ReportInterner {
  private final Map<String, String> strings = new HashMap<>();
  private final Map<List<String>, List<String>> lists = new HashMap<>();
  private final EventTypes types;

  ReportInterner(final EventTypes types) {
    this.types = types;
  }

  RevisionTracker.Report report(final IncidentEvent event) {
    final RevisionTracker.Report report = RevisionTracker.Report.of(event, types);
    final Contribution counts = report.counts();
    final Contribution shared =
        new Contribution(
            counts.shard(),
            counts.incidentId(),
            counts.day(),
            shared(counts.country()),
            shared(counts.region()),
            lists.computeIfAbsent(
                counts.groups(), groups -> groups.stream().map(this::shared).toList()),
            counts.tally());
    return new RevisionTracker.Report(
        report.reportedAt(), report.revision(), report.retracted(), shared, report.setAsideType());
  }

  private String shared(final String value) {
    return strings.computeIfAbsent(value, first -> first);
  }
}
