package io.surgewatch.engine;

import io.surgewatch.events.v1.SurgeAlert;
import java.util.List;

/** An engine output for tests about alerts: each alert into {@code into}, count records dropped. */
record AlertsOnly(List<SurgeAlert> into) implements EngineOutput {
  @Override
  public void count(final CountChange change) {}

  @Override
  public void alert(final SurgeAlert alert) {
    into.add(alert);
  }
}
