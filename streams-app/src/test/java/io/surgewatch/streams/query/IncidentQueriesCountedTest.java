package io.surgewatch.streams.query;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.surgewatch.core.EventTypes;
import io.surgewatch.events.v1.IncidentEvent;
import io.surgewatch.streams.topology.TopologyHarnessAccess;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/**
 * The incident API says whether the report that stands for an incident is in the counts, and why
 * not: a retraction, or a source type that is not counted.
 */
class IncidentQueriesCountedTest {
  private final IncidentQueries queries = new IncidentQueries(null, EventTypes.standard());
  private final IncidentEvent report =
      TopologyHarnessAccess.incident("PAK1", LocalDate.of(2023, 1, 10), 3);

  @Test
  void aReportOfACountedTypeCounts() {
    assertNull(queries.notCounted(report));
    report.setSourceEventType("Battles");
    assertNull(queries.notCounted(report));
  }

  @Test
  void aRetractionIsOutOfTheCounts() {
    report.setRetracted(true);
    assertTrue(queries.notCounted(report).startsWith("retracted: "), queries.notCounted(report));
  }

  @Test
  void aTypeSetAsideIsNamedWithTheTypesThatCount() {
    report.setSourceEventType("Protests");
    final String why = queries.notCounted(report);
    assertTrue(why.startsWith("its event type, Protests, is not counted"), why);
    assertTrue(why.contains("incidents.counted-types: Battles"), why);
  }
}
