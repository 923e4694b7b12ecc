package io.surgewatch.core;

import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * Canonical names for the cube's keys: ISO 3166-1 alpha-2 countries, English admin1 regions, short
 * group names. The alias tables are data files beside this class ({@code countries.csv}, {@code
 * regions.csv}, {@code groups.csv}); producers and the streams app share them through this one
 * class. Each kind of name has its own rules ({@link CountryNames}, {@link RegionNames}, {@link
 * GroupNames}) and all share one spelling ({@link NameSpelling}); this class answers for them and
 * remembers the names it resolved.
 */
public final class Canonicalizer {

  public static final String UNKNOWN = "UNKNOWN";
  private static final int MAX_REMEMBERED = 100_000;
  private static final Canonicalizer DEFAULT = new Canonicalizer();

  private final CountryNames countries = new CountryNames();
  private final RegionNames regions = new RegionNames();
  private final GroupNames groups = new GroupNames(countries);
  private final ConcurrentHashMap<String, String> regionsSeen = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, String> groupsSeen = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, String> countryGroupsSeen = new ConcurrentHashMap<>();

  public static Canonicalizer standard() {
    return DEFAULT;
  }

  private Canonicalizer() {}

  /**
   * The form every name is matched in: letters and digits in lower case, without marks ("RSF/
   * Janjaweed", "rsf janjaweed"). Names the tables lack are spelled as written, so two writings of
   * one such name can be two keys; a reader looking for a key can match them in this form.
   */
  public static String matchingForm(final String name) {
    return NameSpelling.normalise(name);
  }

  /**
   * Whether a canonical region name (see {@link #region}) of a country is one of the alias tables'
   * regions.
   */
  public boolean isTableRegion(final String country, final String canonicalRegion) {
    return regions.isTableRegion(country, canonicalRegion);
  }

  /**
   * Whether the alias tables name any region of the country (regions.csv lists only some
   * countries).
   */
  public boolean hasTableRegions(final String country) {
    return regions.hasTableRegions(country);
  }

  /**
   * Whether a canonical group name (see {@link #group(String, String)}) is one of the alias tables'
   * groups, for every country or for this one; one of two groups ("A and/or B") when both are.
   */
  public boolean isTableGroup(final String country, final String canonicalGroup) {
    if (canonicalGroup.indexOf('/') >= 0) { // "IS-Sahel and/or JNIM": each side
      return Arrays.stream(EITHER.split(canonicalGroup))
          .allMatch(side -> groups.isTableGroup(country, side));
    }
    return groups.isTableGroup(country, canonicalGroup);
  }

  /**
   * Alpha-2 code for a code, alpha-3 code, ISO numeric code ("4", "004", "404.0") or name in any
   * spelling of {@code countries.csv} or {@code country-former-names.csv}; empty when unknown. A
   * name ending in a parenthesised former name that the table lacks, "Sri Lanka (Ceylon)", is tried
   * without it, then as the name in the parentheses. Never a Gleditsch-Ward code: see {@link
   * #countryByGleditschWard}.
   */
  public Optional<String> country(final String raw) {
    return countries.of(raw);
  }

  /**
   * Alpha-2 code for a Gleditsch-Ward state code ("475", "475.0"), as UCDP's {@code country_id} and
   * pre-2019 ACLED's {@code GWNO} carry them; empty when unknown. A separate table from ISO numeric
   * codes, which differ (GW 404 is Guinea-Bissau, ISO 404 Kenya).
   */
  public Optional<String> countryByGleditschWard(final String code) {
    return countries.byGleditschWard(code);
  }

  public boolean isKnownCountry(final String alpha2Code) {
    return countries.isKnown(alpha2Code);
  }

  /**
   * Canonical admin1 name; UNKNOWN when missing. A trailing administrative unit ("Borno state",
   * "Sindh province", "Northern region") is dropped, unless what is left needs it ("Federal
   * District"). A name the table has no alias for keeps one spelling whatever the source's: accents
   * dropped, spaces collapsed, and its casing canonical (see {@link NameSpelling#canonicalCase}):
   * "Jammu and Kashmir" as published, "BORNO", "borno" and "Borno" all Borno.
   */
  public String region(final String country, final String raw) {
    if (raw == null || raw.isBlank()) {
      return UNKNOWN;
    }
    return remembered(regionsSeen, country + "|" + raw, k -> regions.of(country, raw));
  }

  /**
   * Canonical short group name; UNKNOWN when missing or unidentified. A name the table lacks
   * becomes its ACLED abbreviation ("ISWAP: Islamic State West Africa Province" is ISWAP), loses
   * ACLED's years ("(2018-)", wherever they stand) but not its country (looked up without it, a
   * name of the table wins: groups.csv lists each branch the table's groups have), and keeps one
   * spelling (accents dropped, spaces collapsed, its casing canonical: see {@link
   * NameSpelling#canonicalCase}).
   */
  public String group(final String raw) {
    if (raw == null || raw.isBlank()) {
      return UNKNOWN;
    }
    return remembered(groupsSeen, raw, k -> either(raw, groups::of));
  }

  /**
   * Canonical group name of a report in a country (alpha-2): {@link #group(String)}, then the
   * table's rows for that country, matched against the name as written and the name it resolved to.
   * UCDP writes "IS" for the Islamic State everywhere; in Afghanistan and Pakistan its operations
   * are the Khorasan branch's, IS-K.
   */
  public String group(final String country, final String raw) {
    if (country == null || raw == null || raw.isBlank()) {
      return group(raw);
    }
    // Every report asks this: remembered, as regions are, so that a report costs one lookup.
    return remembered(
        countryGroupsSeen,
        country + "|" + raw,
        k -> either(raw, side -> groups.inCountry(country, side, group(side))));
  }

  /**
   * ACLED's "A and/or B" (an event it attributes to one of two groups, not knowing which): a group
   * of its own, each side canonical, in one order whichever came first ("JNIM: ... and/or Islamic
   * State (Greater Sahara)" is "IS-Sahel and/or JNIM"). Neither side's series counts an attribution
   * that is not certain; read as one name, the abbreviation before the colon took the event for
   * JNIM alone.
   */
  private static String either(final String raw, final UnaryOperator<String> one) {
    if (raw.indexOf('/') < 0) { // nearly every name: no pattern run per report
      return one.apply(raw);
    }
    final String[] sides = EITHER.split(raw.trim());
    if (sides.length == 1) {
      return one.apply(raw);
    }
    final List<String> named =
        Arrays.stream(sides)
            .filter(side -> !side.isBlank())
            .map(one)
            .distinct()
            .sorted(String.CASE_INSENSITIVE_ORDER.thenComparing(Comparator.naturalOrder()))
            .toList();
    // "Unidentified Gang and/or Police Militia": no group is certain, so none is named.
    return named.isEmpty() || named.contains(UNKNOWN) ? UNKNOWN : String.join(" and/or ", named);
  }

  private static final Pattern EITHER = Pattern.compile("\\s+and/or\\s+", Pattern.CASE_INSENSITIVE);

  /**
   * Canonical names of several groups, duplicates removed, order kept; empty input gives [UNKNOWN].
   */
  public List<String> groups(final List<String> raw) {
    final Set<String> out = new LinkedHashSet<>();
    for (final String g : raw) {
      out.add(group(g));
    }
    if (out.size() > 1) {
      out.remove(UNKNOWN);
    }
    return out.isEmpty() ? List.of(UNKNOWN) : List.copyOf(out);
  }

  /**
   * Names repeat millions of times in an export and their rules (normalising, regular expressions)
   * cost more than the rest of a row's validation: each distinct name is resolved once. Bounded,
   * for a feed of endless new names.
   */
  private static String remembered(
      final ConcurrentHashMap<String, String> seen,
      final String key,
      final Function<String, String> resolve) {
    final String known = seen.get(key);
    if (known != null) {
      return known;
    }
    final String resolved = resolve.apply(key);
    if (seen.size() < MAX_REMEMBERED
        && key.length() <= 200) { // real names are short; a flood of long ones is not kept
      seen.put(key, resolved);
    }
    return resolved;
  }

  /**
   * The matching form of a name (see {@link NameSpelling#normalise}), for tables keyed as the alias
   * tables are.
   */
  static String normalise(final String raw) {
    return NameSpelling.normalise(raw);
  }

  /** The rows of a data file beside this class (see {@link DataTable}). */
  static List<String[]> read(final String resource) {
    return DataTable.read(Canonicalizer.class, resource);
  }
}
