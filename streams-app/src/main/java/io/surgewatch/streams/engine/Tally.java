package io.surgewatch.streams.engine;

import io.surgewatch.events.v1.Casualties;
import io.surgewatch.events.v1.IncidentEvent;
import io.surgewatch.events.v1.VictimCounts;

/**
 * The counted quantities of one incident, a day or a window, as a fixed vector of longs: incidents, then killed
 * and injured by victim category. Plain arrays keep the per-event hot path free of allocation-heavy objects.
 */
public final class Tally {
  public static final int INCIDENTS = 0;
  public static final int KILLED = 1; // 1..4: security forces, civilians, militants, unknown
  public static final int INJURED = 5; // 5..8
  public static final int SIZE = 9;

  private Tally() {}

  public static long[] of(final IncidentEvent e) {
    final long[] v = new long[SIZE];
    v[INCIDENTS] = 1;
    put(v, KILLED, e.getKilled());
    put(v, INJURED, e.getInjured());
    return v;
  }

  private static void put(final long[] v, final int at, final Casualties c) {
    v[at] = c.getSecurityForces();
    v[at + 1] = c.getCivilians();
    v[at + 2] = c.getMilitants();
    v[at + 3] = c.getUnknown();
  }

  public static long killed(final long[] v) {
    return v[KILLED] + v[KILLED + 1] + v[KILLED + 2] + v[KILLED + 3];
  }

  public static long injured(final long[] v) {
    return v[INJURED] + v[INJURED + 1] + v[INJURED + 2] + v[INJURED + 3];
  }

  /** The value of metric 0 (incidents), 1 (killed) or 2 (injured). */
  public static long metric(final long[] v, final int metric) {
    return switch (metric) {
      case 0 -> v[INCIDENTS];
      case 1 -> killed(v);
      default -> injured(v);
    };
  }

  public static final String[] METRIC_NAMES = {"incidents", "killed", "injured"};

  public static VictimCounts killedBy(final long[] v) {
    return new VictimCounts(v[KILLED], v[KILLED + 1], v[KILLED + 2], v[KILLED + 3]);
  }

  public static VictimCounts injuredBy(final long[] v) {
    return new VictimCounts(v[INJURED], v[INJURED + 1], v[INJURED + 2], v[INJURED + 3]);
  }

  public static long[] negate(final long[] v) {
    final long[] out = new long[SIZE];
    for (int i = 0; i < SIZE; i++) {
      out[i] = -v[i];
    }
    return out;
  }

  public static void add(final long[] into, final long[] d) {
    for (int i = 0; i < SIZE; i++) {
      into[i] += d[i];
    }
  }

  public static void subtract(final long[] into, final long[] d) {
    for (int i = 0; i < SIZE; i++) {
      into[i] -= d[i];
    }
  }

  public static boolean isZero(final long[] v) {
    for (final long x : v) {
      if (x != 0) {
        return false;
      }
    }
    return true;
  }

  /** Weight used to rank an incident among the contributors to an alert: casualties first, then the incident. */
  public static long weight(final long[] v) {
    return killed(v) + injured(v) + v[INCIDENTS];
  }
}
