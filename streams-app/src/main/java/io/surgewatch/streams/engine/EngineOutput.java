package io.surgewatch.streams.engine;

import io.surgewatch.events.v1.RollingCount;
import io.surgewatch.events.v1.StatementContext;
import io.surgewatch.events.v1.SurgeAlert;
import java.util.List;

/** Where the engine's results go: the counts and alerts topics, or backtest files. */
public interface EngineOutput {
  void count(String key, RollingCount count);

  void alert(SurgeAlert alert);

  /** Recent statements about a key, attached to alerts as context. */
  interface StatementLookup {
    List<StatementContext> recent(String country, String region, String group, int day, int days);

    StatementLookup NONE = (c, r, g, d, n) -> List.of();
  }
}
