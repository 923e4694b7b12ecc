package io.surgewatch.inputs;

/**
 * What a reader counts for its notes. A file read in parts ({@link FileParts}) is noted once, from
 * the sums of its parts' counts ({@link InputReader#notes(java.util.Map)}).
 */
public enum ReadCount {
  /** Rows of blank cells only, skipped. */
  BLANK_ROWS,
  /** All-numeric dates that only the other order could read, rejected. */
  CONTRADICTED_DATES,
  /** ACLED records without a timestamp, reported at the end of their event day. */
  END_OF_DAY_ROWS
}
