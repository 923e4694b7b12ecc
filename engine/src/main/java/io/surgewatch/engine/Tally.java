package io.surgewatch.engine;

import io.surgewatch.events.v1.Casualties;
import io.surgewatch.events.v1.IncidentEvent;
import io.surgewatch.events.v1.VictimCounts;

/**
 * The counted quantities of one incident, a day or a window, as a fixed vector of longs: incidents,
 * then killed and injured by victim category. Plain arrays keep the per-event hot path free of
 * allocation-heavy objects.
 */
public final class Tally {
  public static final int INCIDENTS = 0;
  public static final int KILLED = 1; // 1..4: security forces, civilians, militants, unknown
  public static final int INJURED = 5; // 5..8
  public static final int SIZE = 9;

  private Tally() {}

  public static long[] of(final IncidentEvent event) {
    final long[] tally = new long[SIZE];
    tally[INCIDENTS] = 1;
    put(tally, KILLED, event.getKilled());
    put(tally, INJURED, event.getInjured());
    return tally;
  }

  private static void put(final long[] tally, final int at, final Casualties casualties) {
    tally[at] = casualties.getSecurityForces();
    tally[at + 1] = casualties.getCivilians();
    tally[at + 2] = casualties.getMilitants();
    tally[at + 3] = casualties.getUnknown();
  }

  public static long killed(final long[] tally) {
    return tally[KILLED] + tally[KILLED + 1] + tally[KILLED + 2] + tally[KILLED + 3];
  }

  public static long injured(final long[] tally) {
    return tally[INJURED] + tally[INJURED + 1] + tally[INJURED + 2] + tally[INJURED + 3];
  }

  /** The value of metric 0 (incidents), 1 (killed) or 2 (injured). */
  public static long metric(final long[] tally, final int metric) {
    return switch (metric) {
      case 0 -> tally[INCIDENTS];
      case 1 -> killed(tally);
      default -> injured(tally);
    };
  }

  public static final String[] METRIC_NAMES = {"incidents", "killed", "injured"};

  public static VictimCounts killedBy(final long[] tally) {
    return new VictimCounts(tally[KILLED], tally[KILLED + 1], tally[KILLED + 2], tally[KILLED + 3]);
  }

  public static VictimCounts injuredBy(final long[] tally) {
    return new VictimCounts(
        tally[INJURED], tally[INJURED + 1], tally[INJURED + 2], tally[INJURED + 3]);
  }

  public static long[] negate(final long[] tally) {
    final long[] out = new long[SIZE];
    for (int i = 0; i < SIZE; i++) {
      out[i] = -tally[i];
    }
    return out;
  }

  public static void add(final long[] into, final long[] delta) {
    for (int i = 0; i < SIZE; i++) {
      into[i] += delta[i];
    }
  }

  public static void subtract(final long[] into, final long[] delta) {
    for (int i = 0; i < SIZE; i++) {
      into[i] -= delta[i];
    }
  }

  public static boolean isZero(final long[] tally) {
    for (final long value : tally) {
      if (value != 0) {
        return false;
      }
    }
    return true;
  }

  /**
   * Weight used to rank an incident among the contributors to an alert: casualties first, then the
   * incident.
   */
  public static long weight(final long[] tally) {
    return killed(tally) + injured(tally) + tally[INCIDENTS];
  }
}
