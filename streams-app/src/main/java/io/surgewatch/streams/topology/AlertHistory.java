package io.surgewatch.streams.topology;

import io.surgewatch.events.v1.AlertStatus;
import io.surgewatch.events.v1.Severity;
import io.surgewatch.events.v1.SurgeAlert;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Every transition of one alert, in sequence order, as the story task emitted them: the value of
 * {@link SurgewatchTopology#STORE_ALERT_HISTORY} (an Avro array of SurgeAlert, see {@link
 * VersionedAvro}). A transition whose sequence was seen before (a re-opened alert starts again at
 * 1, a replay repeats) replaces it and everything after it.
 */
public final class AlertHistory {
  private static final VersionedAvro<List<SurgeAlert>> VALUES =
      VersionedAvro.listOf(SurgeAlert.class);

  private AlertHistory() {}

  public static List<SurgeAlert> append(final List<SurgeAlert> history, final SurgeAlert next) {
    final List<SurgeAlert> out = new ArrayList<>(history.size() + 1);
    for (final SurgeAlert a : history) {
      if (a.getSequence() < next.getSequence()) {
        out.add(a);
      }
    }
    out.add(next);
    out.sort(Comparator.comparingInt(SurgeAlert::getSequence));
    return out;
  }

  public static byte[] encode(final List<SurgeAlert> history) {
    return VALUES.encode(history);
  }

  public static List<SurgeAlert> decode(final byte[] bytes) {
    if (bytes == null) {
      return List.of();
    }
    return new ArrayList<>(VALUES.decode(bytes, SurgewatchTopology.STORE_ALERT_HISTORY));
  }

  /**
   * The transitions of the story as it stands: those after the last withdrawal that an opening
   * followed (the basis revised away, then found again under the same id), else all of them. A
   * withdrawn basis's figures are not the alert's opening or peak any more.
   */
  static List<SurgeAlert> standing(final List<SurgeAlert> history) {
    return history.subList(standingFrom(history), history.size());
  }

  /** The index of the first transition of the story as it stands ({@link #standing}). */
  private static int standingFrom(final List<SurgeAlert> history) {
    int from = 0;
    for (int i = 0; i < history.size() - 1; i++) {
      if (history.get(i).getStatus() == AlertStatus.WITHDRAWN) {
        from = i + 1;
      }
    }
    return from;
  }

  /**
   * The withdrawal the story as it stands follows (the alert reopened under its id after it), or
   * null when the alert was never reopened. A withdrawal that ends the history is not one: that
   * alert stands withdrawn.
   */
  public static SurgeAlert withdrawalBefore(final List<SurgeAlert> history) {
    final int from = standingFrom(history);
    return from == 0 ? null : history.get(from - 1);
  }

  /**
   * The OPEN of the story that {@link #withdrawalBefore} ended: the figures the alert first told
   * before its reopening replaced them (the first transition kept when the history starts later).
   * Null when the alert was never reopened.
   */
  public static SurgeAlert withdrawnOpening(final List<SurgeAlert> history) {
    final int from = standingFrom(history);
    if (from == 0) {
      return null;
    }
    for (int i = from - 2; i >= 0; i--) {
      if (history.get(i).getStatus() == AlertStatus.OPEN) {
        return history.get(i);
      }
    }
    return history.get(0);
  }

  /**
   * The OPEN transition of the story as it stands (its first one when the history starts later).
   */
  public static SurgeAlert opened(final List<SurgeAlert> history) {
    final List<SurgeAlert> standing = standing(history);
    return standing.stream()
        .filter(a -> a.getStatus() == AlertStatus.OPEN)
        .findFirst()
        .orElse(standing.get(0));
  }

  /**
   * The most severe transition of the story as it stands (of equal severity, the higher score, then
   * the earlier).
   */
  public static SurgeAlert peak(final List<SurgeAlert> history) {
    SurgeAlert best = null;
    for (final SurgeAlert a : standing(history)) {
      if (a.getStatus() == AlertStatus.RESOLVED || a.getStatus() == AlertStatus.WITHDRAWN) {
        continue; // a resolution's severity describes the quiet window, not the surge
      }
      if (best == null
          || rank(a.getSeverity()) > rank(best.getSeverity())
          || a.getSeverity() == best.getSeverity() && a.getScore() > best.getScore()) {
        best = a;
      }
    }
    return best == null ? opened(history) : best;
  }

  /** LOW 0 .. CRITICAL 3; UNKNOWN (a future symbol) -1. */
  public static int rank(final Severity s) {
    return s == Severity.UNKNOWN ? -1 : s.ordinal();
  }

  public static SurgeAlert latest(final List<SurgeAlert> history) {
    return history.get(history.size() - 1);
  }
}
