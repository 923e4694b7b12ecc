package io.surgewatch.inputs;

import io.surgewatch.events.v1.Attribution;
import io.surgewatch.events.v1.PerpetratorGroup;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * ACLED's monadic export, one row per actor, back to one incident per event. The rows of one event
 * share its {@code event_id_cnty} and {@code timestamp} (an event's fatalities are repeated on each
 * row, never summed) and ACLED writes them one after the other; the reader merges such adjacent
 * rows.
 *
 * <p>Who is a perpetrator: a monadic row does not say whether its actor was ACLED's actor1 or
 * actor2, so the actor's own type ({@code inter1}) decides. Protesters (6) and civilians (7), by
 * code or by name, are never perpetrators; every other actor is (state forces 1, rebel groups 2,
 * political militias 3, identity militias 4, rioters 5, external/other forces 8, and an actor whose
 * inter1 is missing), ATTRIBUTED, and its {@code assoc_actor_1} groups SUSPECTED, but for civilians
 * named by identity ({@link AcledActors#isCivilian}), often victims beside the row's actor. So
 * violence against civilians counts under the same groups as in the dyadic export, but a battle, or
 * a strike on state forces, counts under every armed side, where the dyadic export counts only
 * actor1.
 *
 * <p>Rows that are not adjacent: the event's earlier rows came out as an incident already. The
 * later ones come out as an incident with the actors of both, reported at the same instant; at
 * equal reported-at the later arrival wins, so the merged actors count. This is remembered for the
 * last {@link #REMEMBERED} events (bounded memory); beyond it the later rows replace the earlier
 * ones' actors (the contract's rule for equal reported-at).
 */
final class MonadicMerge {

  static final int REMEMBERED = 20_000;

  private final Map<String, List<PerpetratorGroup>> recent =
      new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(
            final Map.Entry<String, List<PerpetratorGroup>> eldest) {
          return size() > REMEMBERED;
        }
      };
  private long rejoined;

  /**
   * The rows' key: rows with equal keys are one event. Null when the row has no id (it stays
   * alone).
   */
  static String key(final String id, final String timestamp) {
    return id.isBlank() ? null : id.trim() + '\u0000' + timestamp.trim();
  }

  /**
   * The groups of an event now complete, joined with those of earlier rows of the same key that
   * were not adjacent.
   */
  List<PerpetratorGroup> complete(final String key, final List<PerpetratorGroup> groups) {
    if (key == null) {
      return groups;
    }
    final List<PerpetratorGroup> before = recent.get(key);
    final List<PerpetratorGroup> all = before == null ? groups : union(before, groups);
    if (before != null) {
      rejoined++;
    }
    recent.put(key, all);
    return all;
  }

  /** Events whose rows were not adjacent, merged with their earlier rows. */
  long rejoined() {
    return rejoined;
  }

  /** Both lists' groups, each name once, ATTRIBUTED over SUSPECTED. */
  static List<PerpetratorGroup> union(
      final List<PerpetratorGroup> a, final List<PerpetratorGroup> b) {
    final Map<String, PerpetratorGroup> out = new LinkedHashMap<>();
    for (final List<PerpetratorGroup> list : List.of(a, b)) {
      for (final PerpetratorGroup g : list) {
        final PerpetratorGroup had = out.get(g.getName());
        if (had == null
            || had.getAttribution() == Attribution.SUSPECTED
                && g.getAttribution() == Attribution.ATTRIBUTED) {
          out.put(g.getName(), g);
        }
      }
    }
    return new ArrayList<>(out.values());
  }
}
