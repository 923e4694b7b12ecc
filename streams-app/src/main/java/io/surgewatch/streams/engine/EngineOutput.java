package io.surgewatch.streams.engine;

import io.surgewatch.events.v1.RollingCount;
import io.surgewatch.events.v1.SurgeAlert;

/** Where the engine's results go: the counts and alerts topics, or backtest files. */
public interface EngineOutput {
  void count(String key, RollingCount count);

  void alert(SurgeAlert alert);
}
