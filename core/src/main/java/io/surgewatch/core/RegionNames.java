package io.surgewatch.core;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Canonical admin1 names per country: the aliases of {@code regions.csv}, and one spelling for
 * names it lacks.
 */
final class RegionNames {

  /** The longest name of one all-capitals word kept as an abbreviation ("FCT", not "BORNO"). */
  private static final int REGION_ABBREVIATION = 4;

  /**
   * The administrative unit a source may append to an admin1 name ("Borno state", "Northern
   * region", Myanmar's "Naypyidaw Union territory"): one of the words of {@code
   * region-unit-words.csv}, dropped when the rest is a known region, and for names the table lacks,
   * so that "Borno state" and "Borno" are one region.
   */
  private static final Pattern TRAILING_UNIT =
      Pattern.compile(
          "^(.+?)[\\s,-]+("
              + DataTable.read(RegionNames.class, "region-unit-words.csv").stream()
                  .map(r -> Pattern.quote(r[0]))
                  .collect(Collectors.joining("|"))
              + ")\\.?\\s*$",
          Pattern.CASE_INSENSITIVE);

  /**
   * What is left of a name whose unit word is part of the name, in matching form ({@code
   * region-unit-kept-words.csv}): "Federal District" is not "Federal", nor South Africa's "Free
   * State" "Free".
   */
  private static final Set<String> NEEDS_ITS_UNIT =
      DataTable.read(RegionNames.class, "region-unit-kept-words.csv").stream()
          .map(r -> NameSpelling.normalise(r[0]))
          .collect(Collectors.toUnmodifiableSet());

  /** Canonical name by "country|matching form" of an alias or of a canonical name. */
  private final Map<String, String> regions = new HashMap<>();

  /** The table's canonical names, as "country|name". */
  private final Set<String> tableRegions = new HashSet<>();

  private final Set<String> countries = new HashSet<>();

  RegionNames() {
    final List<String[]> rows = DataTable.read(RegionNames.class, "regions.csv");
    rows.forEach(r -> regions.put(r[0] + "|" + NameSpelling.normalise(r[1]), r[2]));
    // A table's canonical names are their own canonical names.
    rows.forEach(r -> regions.putIfAbsent(r[0] + "|" + NameSpelling.normalise(r[2]), r[2]));
    rows.forEach(
        r -> {
          tableRegions.add(r[0] + "|" + r[2]);
          countries.add(r[0]);
        });
  }

  /**
   * The canonical name of a non-blank admin1 name of a country (see {@link Canonicalizer#region}).
   */
  String of(final String country, final String raw) {
    final String hit = regions.get(country + "|" + NameSpelling.normalise(raw));
    if (hit != null) {
      return hit;
    }
    final Matcher unit = TRAILING_UNIT.matcher(raw.trim());
    if (unit.matches() && !NEEDS_ITS_UNIT.contains(NameSpelling.normalise(unit.group(1)))) {
      final String withoutUnit = regions.get(country + "|" + NameSpelling.normalise(unit.group(1)));
      return withoutUnit != null
          ? withoutUnit
          : NameSpelling.canonicalCase(NameSpelling.plain(unit.group(1)), REGION_ABBREVIATION);
    }
    // canonical names map to themselves
    return Canonicalizer.UNKNOWN.equalsIgnoreCase(raw.trim())
        ? Canonicalizer.UNKNOWN
        : NameSpelling.canonicalCase(NameSpelling.plain(raw), REGION_ABBREVIATION);
  }

  boolean isTableRegion(final String country, final String canonicalRegion) {
    return tableRegions.contains(country + "|" + canonicalRegion);
  }

  boolean hasTableRegions(final String country) {
    return countries.contains(country);
  }
}
