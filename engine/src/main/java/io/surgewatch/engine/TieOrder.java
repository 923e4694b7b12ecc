package io.surgewatch.engine;

/**
 * The one order of the reports that share a reported-at, whatever the partitioning: exports tie
 * often (an ACLED upload stamps a week's edits with one {@code timestamp}; a row without one is
 * reported at the end of its day, so a UCDP file is one tie a day), and an order by input partition
 * would make alerts depend on {@code topic.input-partitions}. Within a tie:
 *
 * <ol>
 *   <li>the news of a later incident day ({@link Contribution#dayReached}), the latest first: every
 *       shard closes its days up to the tie's latest day before applying any of its reports, so a
 *       report of an earlier day in the tie is a late report for every shard alike;
 *   <li>then the reports by a hash of their incident id ({@link #incidentKey}); the versions of one
 *       incident (always on one partition) in the order they were published.
 * </ol>
 *
 * The streams app's cube applies a tie only when every input partition has passed its time, in this
 * order; {@code backtest} replays ties in it. Two ids with one hash (one in 2^63 a pair) go by
 * partition then offset.
 */
public final class TieOrder {
  private TieOrder() {}

  /** A contribution's key in its tie: smaller first. */
  public static long key(final Contribution c) {
    return c.isDay() ? dayReachedKey(c.day()) : incidentKey(c.incidentId());
  }

  /** Below every incident's key, and below those of earlier days. */
  static long dayReachedKey(final int day) {
    return Long.MIN_VALUE + (Integer.MAX_VALUE - (long) day);
  }

  /**
   * 64-bit FNV-1a over the id's UTF-16 code units, sign bit cleared (0 .. 2^63 - 1): stable across
   * releases and JVMs, unlike an identity hash, and wider than {@link String#hashCode}, whose 32
   * bits collide within a large tie. Hand-rolled: five lines, and no library the modules use has a
   * 64-bit string hash.
   */
  public static long incidentKey(final String incidentId) {
    long h = 0xcbf29ce484222325L;
    for (int i = 0; i < incidentId.length(); i++) {
      h = (h ^ incidentId.charAt(i)) * 0x100000001b3L;
    }
    return h & Long.MAX_VALUE;
  }
}
