package io.surgewatch.engine;

/**
 * The count records of the published windows, handed to the output as changes ({@link CountChange})
 * that it builds into records; when nobody reads them (backtest {@code --counts none}) only
 * counted. Which days get a record is decided by the callers: a day whose value differs from the
 * day before, or corrects a record already sent.
 */
final class CountRecords {
  private final EngineOutput output;
  private final boolean wanted;
  private final PublishedWindows windows;

  CountRecords(final EngineConfig config, final EngineOutput output) {
    this.output = output;
    this.wanted = output.wantsCounts();
    this.windows = new PublishedWindows(config);
  }

  /**
   * @param published the index of the window among the published ones
   * @param sums the window's sums for the window ending on {@code day}
   */
  void emit(final String key, final int published, final int day, final long[] sums) {
    if (!wanted) {
      output.countSkipped();
      return;
    }
    output.count(new CountChange(windows, key, published, day, sums));
  }
}
