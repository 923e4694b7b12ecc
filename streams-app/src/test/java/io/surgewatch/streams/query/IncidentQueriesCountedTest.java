package io.surgewatch.streams.query;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.surgewatch.core.EventTypes;
import io.surgewatch.engine.RevisionTracker;
import io.surgewatch.events.v1.IncidentEvent;
import io.surgewatch.streams.topology.TopologyHarnessAccess;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The incident API says whether the report that stands for an incident is in the counts, and why
 * not, as stage 1 decided when the report came: a retraction, or a source type it set aside then,
 * whatever types are counted now.
 */
class IncidentQueriesCountedTest {
  private final RevisionTracker.Store decisions = RevisionTracker.Store.inMemory();
  private final RevisionTracker stage1 = new RevisionTracker(decisions, 0, EventTypes.standard());
  private final IncidentQueries api =
      new IncidentQueries(null, EventTypes.standard(), "dead-letter");

  /** Stage 1 takes the reports in turn; the last one stands. */
  private IncidentEvent reported(final IncidentEvent... reports) {
    for (final IncidentEvent r : reports) {
      stage1.accept(r);
    }
    return reports[reports.length - 1];
  }

  private static IncidentEvent report(final String type, final int hoursLater) {
    final IncidentEvent e = TopologyHarnessAccess.incident("PAK1", LocalDate.of(2023, 1, 10), 3);
    e.setSourceEventType(type);
    e.setReportedAt(Instant.parse("2023-01-11T00:00:00Z").plusSeconds(3600L * hoursLater));
    return e;
  }

  private String why(final IncidentEvent standing, final IncidentQueries queries) {
    return queries.notCounted(standing, decisions.latest(standing.getId()));
  }

  @Test
  void aReportOfACountedTypeCounts() {
    assertNull(why(reported(report("Battles", 0)), api));
    assertNull(why(reported(report(null, 1)), api), "ingest and NDJSON reports have no type");
  }

  @Test
  void aRetractionIsOutOfTheCounts() {
    final IncidentEvent retraction = report("Battles", 1);
    retraction.setRetracted(true);
    final String why = why(reported(report("Battles", 0), retraction), api);
    assertTrue(why.startsWith("retracted: "), why);
  }

  @Test
  void aReportReCodedToATypeSetAsideIsNamedWithTheTypesThatCount() {
    final String why = why(reported(report("Battles", 0), report("Protests", 1)), api);
    assertTrue(why.startsWith("set aside when it came: its event type, Protests,"), why);
    assertTrue(why.contains("counted now: Battles"), why);
  }

  @Test
  void whatWasSetAsideStaysOutOfTheCountsWhenTheTypesChangeUntilItIsReplayed() {
    final IncidentEvent protest = reported(report("Battles", 0), report("Protests", 1));
    final List<String> types = new ArrayList<>(EventTypes.DEFAULT_COUNTED);
    types.add("Protests");
    final IncidentQueries afterwards =
        new IncidentQueries(null, EventTypes.of(types), "dead-letter");
    final String why = why(protest, afterwards);
    assertTrue(why.startsWith("set aside when it came"), why);
    assertTrue(why.contains("replay-dead-letters --category NOT_COUNTED"), why);
  }

  @Test
  void whatWasCountedStaysCountedWhenItsTypeIsNoLongerCounted() {
    final IncidentEvent battle = reported(report("Battles", 0));
    final IncidentQueries afterwards =
        new IncidentQueries(null, EventTypes.of(List.of("One-sided violence")), "dead-letter");
    assertNull(why(battle, afterwards), "counted when it came, until a reset counts anew");
  }
}
