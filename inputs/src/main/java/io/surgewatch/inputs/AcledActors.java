package io.surgewatch.inputs;

import io.surgewatch.core.Canonicalizer;
import io.surgewatch.core.DataTable;
import io.surgewatch.events.v1.Attribution;
import io.surgewatch.events.v1.PerpetratorGroup;
import io.surgewatch.events.v1.TargetType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Who did what to whom in an ACLED event: its perpetrator groups from {@code actor1} and {@code
 * assoc_actor_1}, and the type of its target from the actor types ({@code inter1}, {@code inter2}).
 * A dyadic export says it on one row; a monadic one on the rows of the event, one per actor ({@link
 * MonadicMerge}). See {@link AcledEventMapper} for the mapping.
 */
final class AcledActors {

  private final Canonicalizer names = Canonicalizer.standard();
  private final AcledColumns c;

  /** Null for a dyadic export. */
  private final MonadicMerge merge;

  // Names repeat across millions of rows: look each up once.
  private final Map<String, String> groupCache = new HashMap<>();

  AcledActors(final AcledColumns c, final MonadicMerge merge) {
    this.c = c;
    this.merge = merge;
  }

  /**
   * The event's groups, each once: {@code actor1} ATTRIBUTED, each of {@code assoc_actor_1}
   * (separated by {@code ;}) SUSPECTED, unidentified ones dropped. Monadic: those of every row
   * whose actor is a perpetrator, joined with those of the event's earlier rows apart.
   */
  List<PerpetratorGroup> groups(final List<CsvRow> rows) {
    final Map<String, PerpetratorGroup> out = new LinkedHashMap<>(4);
    if (merge == null) {
      addGroups(out, rows.get(0).fields());
      return new ArrayList<>(out.values());
    }
    for (final CsvRow row : rows) {
      if (c.inter1 < 0 || AcledActorTypes.perpetrator(row.fields()[c.inter1])) {
        addGroups(out, row.fields());
      }
    }
    final List<PerpetratorGroup> groups = new ArrayList<>(out.values());
    final String[] first = rows.get(0).fields();
    return merge.complete(
        MonadicMerge.key(first[c.id], c.timestamp < 0 ? "" : first[c.timestamp]), groups);
  }

  /**
   * Dyadic: the other side's type ({@code inter2}). Monadic: civilians when a row's actor is, else
   * unknown.
   */
  TargetType target(final List<CsvRow> rows) {
    if (merge == null) {
      return c.inter2 < 0 ? TargetType.UNKNOWN : AcledActorTypes.target(rows.get(0).text(c.inter2));
    }
    if (c.inter1 >= 0) {
      for (final CsvRow row : rows) {
        if (AcledActorTypes.target(row.text(c.inter1)) == TargetType.CIVILIANS) {
          return TargetType.CIVILIANS;
        }
      }
    }
    return TargetType.UNKNOWN;
  }

  private void addGroups(final Map<String, PerpetratorGroup> out, final String[] f) {
    addGroup(out, f[c.actor1], Attribution.ATTRIBUTED);
    if (c.assocActor1 >= 0) {
      // Monadic: the associated actors of any armed side's row, some of them its victims.
      final boolean skipCivilians = merge != null;
      final String assoc = f[c.assocActor1];
      int start = 0;
      while (start <= assoc.length()) {
        int end = assoc.indexOf(';', start);
        if (end < 0) {
          end = assoc.length();
        }
        final String name = assoc.substring(start, end);
        if (!(skipCivilians && isCivilian(name))) {
          addGroup(out, name, Attribution.SUSPECTED);
        }
        start = end + 1;
      }
    }
  }

  private void addGroup(
      final Map<String, PerpetratorGroup> out, final String raw, final Attribution attribution) {
    final String trimmed = raw.trim();
    if (trimmed.isEmpty()) {
      return;
    }
    String name = groupCache.get(trimmed);
    if (name == null) {
      name = names.group(trimmed);
      groupCache.put(trimmed, name);
    }
    if (name.equals(Canonicalizer.UNKNOWN)) {
      return;
    }
    final PerpetratorGroup had = out.get(name);
    if (had == null
        || had.getAttribution() == Attribution.SUSPECTED && attribution == Attribution.ATTRIBUTED) {
      out.put(name, new PerpetratorGroup(name, attribution));
    }
  }

  /** ACLED's names of civilians by identity, lower case, without their country. */
  private static final Set<String> CIVILIANS = civilians();

  private static final Pattern COUNTRY = Pattern.compile("\\s*\\([^()]*\\)\\s*$");

  static boolean isCivilian(final String actor) {
    return CIVILIANS.contains(
        COUNTRY.matcher(actor.trim()).replaceFirst("").toLowerCase(Locale.ROOT));
  }

  private static Set<String> civilians() {
    final Set<String> out = new HashSet<>();
    DataTable.read(AcledActors.class, "acled-civilian-actors.csv")
        .forEach(r -> out.add(r[0].trim().toLowerCase(Locale.ROOT)));
    return Set.copyOf(out);
  }
}
