package io.surgewatch.inputs;

/**
 * How UCDP GED files write numbers, as UCDP publishes them and as pandas re-saves them (dates:
 * {@link ExportDates}).
 */
final class UcdpGedValues {

  private UcdpGedValues() {}

  /**
   * A non-negative whole number that fits an int ({@link Cells#wholeNumber}: {@code 12}, {@code
   * 12.0}, {@code 12,0}); -1 otherwise.
   */
  static int wholeNumber(final String raw) {
    final long n = Cells.wholeNumber(raw);
    return n > Integer.MAX_VALUE ? -1 : (int) n;
  }

  /** An id as written, without a float's {@code .0}. */
  static String wholeNumberText(final String raw) {
    final int n = wholeNumber(raw);
    return n >= 0 ? Integer.toString(n) : raw;
  }
}
