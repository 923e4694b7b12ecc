package io.surgewatch.streams.engine;

import io.surgewatch.events.v1.RollingCount;
import io.surgewatch.events.v1.SurgeAlert;

/** Where the engine's results go: the counts and alerts topics, or backtest files. */
public interface EngineOutput {
  void count(String key, RollingCount count);

  /**
   * False when only the number of count records matters (backtest --counts none): the engine still
   * computes every value (detection needs them) but skips building records nobody reads.
   */
  default boolean wantsCounts() {
    return true;
  }

  /** Called instead of {@link #count} when {@link #wantsCounts()} is false. */
  default void countSkipped() {}

  void alert(SurgeAlert alert);
}
