package io.surgewatch.core;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The sources' event types, canonical, and which of them count as incidents. The names come from
 * the data file {@code event-types.csv} (ACLED's current codebook names; its pre-2019 types map
 * onto them; UCDP's types of violence); which count is configuration ({@code
 * incidents.counted-types}), decided where revisions are judged, so a report re-coded to a type
 * that does not count takes the earlier figures out.
 */
public final class EventTypes {

  /**
   * The contract's default: ACLED's political-violence types and UCDP's three types of organised
   * violence, the table's {@code counted} ones.
   */
  public static final List<String> DEFAULT_COUNTED = countedByDefault();

  private static final Map<String, String> CANONICAL = canonical();

  /**
   * ACLED's pre-2019 battle types, "Battle-No change of territory" and the like, in any spelling.
   */
  private static final Pattern BATTLE =
      Pattern.compile("(?i)^battle\\s*[-\u2010-\u2015:]\\s*\\S.*");

  /**
   * Canonical types that other (older) names map onto: "Battles" has the pre-2019 "Battle-..."
   * types.
   */
  private static final Set<String> RENAMED = renamed();

  private final Set<String> counted;

  private EventTypes(final Set<String> counted) {
    this.counted = counted;
  }

  public static EventTypes standard() {
    return of(DEFAULT_COUNTED);
  }

  /**
   * @param counted type names in any spelling the table knows (or exactly as a source writes a type
   *     it lacks)
   */
  public static EventTypes of(final List<String> counted) {
    final Set<String> set = new LinkedHashSet<>();
    counted.forEach(t -> set.add(canonical(t)));
    return new EventTypes(Set.copyOf(set));
  }

  /**
   * The canonical name of a source's type; a name the table lacks is kept as written (trimmed),
   * except that any type starting "Battle-" is Battles: ACLED's pre-2019 codebook had only battle
   * types of that form (the table lists the spellings seen; a new spelling of one,
   * "Battle-Non-state actors overtake territory", must not fall out of the counts).
   */
  public static String canonical(final String raw) {
    final String trimmed = raw.strip();
    final String hit = CANONICAL.get(Canonicalizer.normalise(trimmed));
    if (hit != null) {
      return hit;
    }
    return BATTLE.matcher(trimmed).matches() ? "Battles" : trimmed;
  }

  /**
   * The known type a name misspells, if it is one: a name the table lacks within two edits of one
   * of its canonical types ("Battels", "Riot"). A name further from every type may be one a source
   * writes that the table lacks, and counts when a source writes it exactly so.
   */
  public static Optional<String> misspelling(final String name) {
    final String canonical = canonical(name);
    if (SOURCE.containsKey(canonical)) {
      return Optional.empty();
    }
    final String lower = canonical.toLowerCase(Locale.ROOT);
    String meant = null;
    int fewest = 3; // edits: more is no misspelling
    for (final String known : new TreeSet<>(SOURCE.keySet())) {
      final int edits = UnknownKeys.distance(lower, known.toLowerCase(Locale.ROOT));
      if (edits < fewest) {
        meant = known;
        fewest = edits;
      }
    }
    return Optional.ofNullable(meant);
  }

  /**
   * Whether a report of this (canonical) type counts; null (no source type: ingest, NDJSON) always
   * counts.
   */
  public boolean counts(final String canonicalType) {
    return canonicalType == null || counted.contains(canonicalType);
  }

  /**
   * The counted types, for messages: their canonical names by source, each source's with a note
   * when some of its types have older names that count as them ("Battle-No change of territory" is
   * Battles): {@code Battles, Violence against civilians (ACLED, and their pre-2019 names);
   * One-sided violence (UCDP)}. A type the table lacks is listed last, on its own.
   */
  public String describe() {
    final Map<String, List<String>> bySource = new TreeMap<>();
    counted.stream()
        .sorted()
        .forEach(
            t ->
                bySource
                    .computeIfAbsent(SOURCE.getOrDefault(t, ""), k -> new ArrayList<>())
                    .add(t));
    final List<String> groups = new ArrayList<>();
    bySource.forEach(
        (source, names) -> {
          final boolean renamed = names.stream().anyMatch(RENAMED::contains);
          final String note =
              source.isEmpty()
                  ? ""
                  : " (" + source + (renamed ? ", and their pre-2019 names" : "") + ")";
          groups.add(String.join(", ", names) + note);
        });
    // Types of no known source go last: the table's sources sort before the empty name otherwise.
    if (bySource.containsKey("") && groups.size() > 1) {
      groups.add(groups.remove(0));
    }
    return String.join("; ", groups);
  }

  private static Set<String> renamed() {
    final Set<String> out = new HashSet<>();
    CANONICAL.forEach(
        (normalised, name) -> {
          if (!normalised.equals(Canonicalizer.normalise(name))) {
            out.add(name);
          }
        });
    return Set.copyOf(out);
  }

  /** Each canonical type's source, as the table names it (ACLED, UCDP). */
  private static final Map<String, String> SOURCE = sources();

  private static Map<String, String> sources() {
    final Map<String, String> m = new HashMap<>();
    Canonicalizer.read("event-types.csv").forEach(r -> m.put(r[1], r[2]));
    return Map.copyOf(m);
  }

  private static List<String> countedByDefault() {
    final Map<String, Boolean> byType = new LinkedHashMap<>();
    for (final String[] r : Canonicalizer.read("event-types.csv")) {
      final Boolean before = byType.put(r[1], "yes".equals(r[3]));
      if (before != null && before != "yes".equals(r[3])) {
        throw new IllegalStateException(
            "event-types.csv: the rows of " + r[1] + " disagree on whether it counts");
      }
    }
    final List<String> out = new ArrayList<>();
    byType.forEach(
        (type, counted) -> {
          if (counted) {
            out.add(type);
          }
        });
    return List.copyOf(out);
  }

  private static Map<String, String> canonical() {
    final Map<String, String> m = new HashMap<>();
    Canonicalizer.read("event-types.csv").forEach(r -> m.put(Canonicalizer.normalise(r[0]), r[1]));
    return Map.copyOf(m);
  }
}
