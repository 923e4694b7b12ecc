package io.surgewatch.engine;

import java.util.Arrays;

/**
 * The heaviest few incidents of one key's day, for an alert's evidence: ids with their weights
 * (casualties, then the incident). Revisions adjust an incident's weight and retractions remove it.
 * Parallel arrays, not lists of boxed longs: a backtest holds millions of these.
 */
public final class TopIncidents {
  static final int TOP = 5;
  private String[] ids = new String[0];
  private long[] weights = new long[0];
  private int size;

  public int size() {
    return size;
  }

  public String id(final int rank) {
    return ids[rank];
  }

  public long weight(final int rank) {
    return weights[rank];
  }

  /** Appends an entry as read from storage (in stored order). */
  void append(final String id, final long weight) {
    if (size == ids.length) {
      ids = Arrays.copyOf(ids, Math.max(2, size * 2));
      weights = Arrays.copyOf(weights, ids.length);
    }
    ids[size] = id;
    weights[size] = weight;
    size++;
  }

  private void removeAt(final int rank) {
    System.arraycopy(ids, rank + 1, ids, rank, size - rank - 1);
    System.arraycopy(weights, rank + 1, weights, rank, size - rank - 1);
    size--;
    ids[size] = null;
  }

  /**
   * Adds {@code dw} to the incident's weight: an entry falling to zero or below leaves; ties by id
   * keep it stable.
   */
  public void apply(final String incidentId, final long dw) {
    int at = -1;
    for (int i = 0; i < size; i++) {
      if (ids[i].equals(incidentId)) {
        at = i;
        break;
      }
    }
    if (at >= 0) {
      final long w = weights[at] + dw;
      if (w <= 0) {
        removeAt(at);
      } else {
        weights[at] = w;
      }
    } else if (dw > 0) {
      append(incidentId, dw);
    }
    // Keep the heaviest few, ties by id for determinism.
    while (size > TOP) {
      int min = 0;
      for (int i = 1; i < size; i++) {
        final int cmp = Long.compare(weights[i], weights[min]);
        if (cmp < 0 || cmp == 0 && ids[i].compareTo(ids[min]) > 0) {
          min = i;
        }
      }
      removeAt(min);
    }
  }

  TopIncidents copy() {
    final TopIncidents c = new TopIncidents();
    c.ids = Arrays.copyOf(ids, size);
    c.weights = Arrays.copyOf(weights, size);
    c.size = size;
    return c;
  }
}
