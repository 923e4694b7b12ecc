package io.surgewatch.inputs;

/**
 * How UCDP GED files write numbers, as UCDP publishes them and as pandas re-saves them (dates:
 * {@link ExportDates}).
 */
final class UcdpGedValues {

  private UcdpGedValues() {}

  /** A non-negative whole number, written {@code 12} or {@code 12.0}; -1 otherwise. */
  static int wholeNumber(final String raw) {
    final String s = Cells.strip(raw);
    final int dot = s.indexOf('.');
    final int end = dot < 0 ? s.length() : dot;
    if (end == 0 || end > 9) {
      return -1;
    }
    for (int i = dot < 0 ? s.length() : dot + 1; i < s.length(); i++) {
      if (s.charAt(i) != '0') {
        return -1;
      }
    }
    int n = 0;
    for (int i = 0; i < end; i++) {
      final char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      n = n * 10 + (c - '0');
    }
    return n;
  }

  /** An id as written, without a float's {@code .0}. */
  static String wholeNumberText(final String raw) {
    final int n = wholeNumber(raw);
    return n >= 0 ? Integer.toString(n) : raw;
  }
}
