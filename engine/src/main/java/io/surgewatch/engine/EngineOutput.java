package io.surgewatch.engine;

import io.surgewatch.events.v1.SurgeAlert;

/** Where the engine's results go: the counts and alerts topics, or backtest files. */
public interface EngineOutput {
  /**
   * A count record changed: {@link CountChange#recordKey()} and {@link CountChange#record()} build
   * it. The change is valid during the call only; an output that writes later keeps {@link
   * CountChange#kept()}.
   */
  void count(CountChange change);

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
