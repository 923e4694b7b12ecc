package io.surgewatch.streams.topology;

import io.surgewatch.events.v1.IncidentEvent;
import java.time.LocalDate;

/** Test fixtures of the topology package for tests in other packages. */
public final class TopologyHarnessAccess {
  private TopologyHarnessAccess() {}

  public static IncidentEvent incident(final String id, final LocalDate day, final int killed) {
    return TopologyHarness.incident(id, day, killed);
  }
}
