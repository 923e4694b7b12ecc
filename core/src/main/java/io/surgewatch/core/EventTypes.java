package io.surgewatch.core;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The sources' event types, canonical, and which of them count as incidents. The names come from the data file
 * {@code event-types.csv} (ACLED's current codebook names; its pre-2019 types map onto them; UCDP's types of
 * violence); which count is configuration ({@code incidents.counted-types}), decided where revisions are judged, so a
 * report re-coded to a type that does not count takes the earlier figures out.
 */
public final class EventTypes {

  /** The contract's default: ACLED's political-violence types and UCDP's three types of organised violence. */
  public static final List<String> DEFAULT_COUNTED = List.of("Battles", "Explosions/Remote violence",
      "Violence against civilians", "State-based conflict", "Non-state conflict", "One-sided violence");

  private static final Map<String, String> CANONICAL = canonical();

  private final Set<String> counted;

  private EventTypes(final Set<String> counted) {
    this.counted = counted;
  }

  public static EventTypes standard() {
    return of(DEFAULT_COUNTED);
  }

  /** @param counted type names in any spelling the table knows (or exactly as a source writes a type it lacks) */
  public static EventTypes of(final List<String> counted) {
    final Set<String> set = new LinkedHashSet<>();
    counted.forEach(t -> set.add(canonical(t)));
    return new EventTypes(Set.copyOf(set));
  }

  /** The canonical name of a source's type; a name the table lacks is kept as written (trimmed). */
  public static String canonical(final String raw) {
    final String trimmed = raw.trim();
    return CANONICAL.getOrDefault(Canonicalizer.normalise(trimmed), trimmed);
  }

  /** Whether a report of this (canonical) type counts; null (no source type: ingest, NDJSON) always counts. */
  public boolean counts(final String canonicalType) {
    return canonicalType == null || counted.contains(canonicalType);
  }

  /** The counted types, for messages. */
  public String describe() {
    return String.join(", ", counted.stream().sorted().toList());
  }

  private static Map<String, String> canonical() {
    final Map<String, String> m = new HashMap<>();
    Canonicalizer.read("event-types.csv").forEach(r -> m.put(Canonicalizer.normalise(r[0]), r[1]));
    return Map.copyOf(m);
  }
}
