package io.surgewatch.core;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Canonical short group names: the aliases of {@code groups.csv} (some of them for one country
 * only), ACLED's ways of writing an actor ("ABBR: Full name", its years, a trailing qualifier), and
 * one spelling for names the table lacks.
 */
final class GroupNames {

  private static final Pattern TRAILING_QUALIFIER = Pattern.compile("\\s*\\([^()]*\\)\\s*$");

  /** Words that make a trailing qualifier a faction's name (see {@link #faction}). */
  private static final Set<String> FACTION_WORDS =
      DataTable.read(GroupNames.class, "group-faction-words.csv").stream()
          .map(r -> r[0].trim().toLowerCase(Locale.ROOT))
          .collect(Collectors.toUnmodifiableSet());

  /**
   * First words of a name that say no group is named ("Unidentified Communal Militia (Kenya)"): see
   * {@code unattributed-words.csv}.
   */
  private static final Set<String> UNATTRIBUTED_WORDS =
      DataTable.read(GroupNames.class, "unattributed-words.csv").stream()
          .map(r -> r[0].trim().toLowerCase(Locale.ROOT))
          .collect(Collectors.toUnmodifiableSet());

  /**
   * ACLED's years of a government or force, "(2018-)" or "(1999-2008)", wherever they stand
   * ("Military Forces of Afghanistan (2014-) Special Forces"): the same actor across them.
   */
  private static final Pattern YEARS =
      Pattern.compile("\\s*\\(\\s*\\d{4}\\s*[-\u2013]\\s*(\\d{4})?\\s*\\)");

  /**
   * The longest name of one all-capitals word kept as an abbreviation, as long as ACLED's
   * ("CODECO", "MONUSCO").
   */
  private static final int GROUP_ABBREVIATION = 12;

  /**
   * ACLED's "ABBR: Full name" form of an actor, whose abbreviation is its short name (with hyphens,
   * slashes or ampersands: "UNIR/PS: Unity for the Renaissance/Sankarist Party").
   */
  private static final Pattern ABBREVIATED =
      Pattern.compile("^([\\p{Lu}\\d][\\p{L}\\d/&-]{1,11})\\s*:\\s*\\S.*$");

  /**
   * A state's forces as the sources name them: ACLED by the force ("Military Forces of Ethiopia
   * (2018-)", "Police Forces of Ethiopia"), UCDP by the government ("Government of Myanmar
   * (Burma)"). One group a country, {@code CC-SECURITY-FORCES}, so that the two sources' series are
   * one. The force words are {@code state-force-words.csv}'s. A named unit after the country ("...
   * of Myanmar (2021-) Border Guard Force") is not the country, so it keeps its own name.
   */
  private static final Pattern STATE_FORCES =
      Pattern.compile(
          "^(?:"
              + DataTable.read(GroupNames.class, "state-force-words.csv").stream()
                  .map(r -> Pattern.quote(r[0]))
                  .collect(Collectors.joining("|"))
              // {4,}: no country's name is shorter; a code such as "US" is no state's name here
              + ") of (?:the )?(.{4,})$",
          Pattern.CASE_INSENSITIVE);

  private static final String SECURITY_FORCES = "-SECURITY-FORCES";

  private static final Pattern SECURITY_FORCES_NAME = Pattern.compile("[A-Z]{2}" + SECURITY_FORCES);

  /** Canonical name by the matching form of an alias or of a canonical name. */
  private final Map<String, String> groups = new HashMap<>();

  /** Countries, to tell a state's forces. */
  private final CountryNames countries;

  /**
   * Group aliases of one country ("country|alias"): UCDP's "IS" in Afghanistan is the Khorasan
   * branch.
   */
  private final Map<String, String> countryGroups = new HashMap<>();

  /** The table's canonical names: "name" or, limited to a country, "country|name". */
  private final Set<String> tableGroups = new HashSet<>();

  GroupNames(final CountryNames countries) {
    this.countries = countries;
    final List<String[]> rows = DataTable.read(GroupNames.class, "groups.csv");
    rows.forEach(
        r -> {
          if (r.length > 2 && !r[2].isBlank()) {
            for (final String cc : r[2].trim().split("\\s+")) {
              countryGroups.put(cc + "|" + NameSpelling.normalise(r[0]), r[1]);
            }
          } else {
            groups.put(NameSpelling.normalise(r[0]), r[1]);
          }
        });
    // A table's canonical names are their own canonical names ("PK-SECURITY-FORCES" is not
    // re-cased).
    rows.forEach(r -> groups.putIfAbsent(NameSpelling.normalise(r[1]), r[1]));
    tableGroups.addAll(groups.values());
    countryGroups.forEach(
        (key, name) -> tableGroups.add(key.substring(0, key.indexOf('|') + 1) + name));
  }

  /** The canonical name of a non-blank group name (see {@link Canonicalizer#group(String)}). */
  String of(final String raw) {
    if (unattributed(raw)) {
      return Canonicalizer.UNKNOWN;
    }
    if (SECURITY_FORCES_NAME.matcher(raw.trim().toUpperCase(Locale.ROOT)).matches()) {
      return raw.trim().toUpperCase(Locale.ROOT); // a canonical name is its own
    }
    final String withoutYears = YEARS.matcher(raw).replaceAll(" ").trim();
    final String faction = faction(withoutYears);
    if (faction != null) {
      // "OLF: Oromo Liberation Front (Abba Torbee Splinter Faction)": a row for the whole name,
      // else
      // the group's name and the faction's, never the group's alone.
      final String hit = groups.get(NameSpelling.normalise(withoutYears));
      if (hit != null) {
        return hit;
      }
      final String group = TRAILING_QUALIFIER.matcher(withoutYears).replaceFirst("");
      return of(group) + " (" + NameSpelling.canonicalCase(faction, GROUP_ABBREVIATION) + ")";
    }
    final List<String> candidates = new ArrayList<>(candidates(withoutYears));
    if (!withoutYears.equals(raw.trim())) {
      candidates.addAll(candidates(raw.trim()));
    }
    for (final String candidate : candidates) {
      final String hit = groups.get(NameSpelling.normalise(candidate));
      if (hit != null) {
        return hit;
      }
    }
    final Matcher forces = STATE_FORCES.matcher(withoutCountry(withoutYears));
    if (forces.matches()) {
      final String country = countries.named(forces.group(1)).orElse(null);
      if (country != null) {
        return country + SECURITY_FORCES;
      }
    }
    final String plain = NameSpelling.plain(withoutYears);
    // The abbreviation as written ("CODECO: ..."), else of the name cased ("abc: x" -> "Abc", never
    // "Abc: X"), so that the name it gives is its own canonical name.
    final Matcher written = ABBREVIATED.matcher(plain);
    if (written.matches()) {
      return NameSpelling.canonicalCase(written.group(1), GROUP_ABBREVIATION);
    }
    final String name = NameSpelling.canonicalCase(plain, GROUP_ABBREVIATION);
    final Matcher abbreviated = ABBREVIATED.matcher(name);
    return abbreviated.matches() ? abbreviated.group(1) : name;
  }

  /** Whether a name's first word says that it names no group ({@code unattributed-words.csv}). */
  private static boolean unattributed(final String raw) {
    final String name = raw.strip();
    int end = 0;
    while (end < name.length() && Character.isLetter(name.charAt(end))) {
      end++;
    }
    return end > 0 && UNATTRIBUTED_WORDS.contains(name.substring(0, end).toLowerCase(Locale.ROOT));
  }

  /**
   * The country's own name for a group (see {@link Canonicalizer#group(String, String)}): its row
   * for the name as written, else for {@code name}, what the name resolved to everywhere; {@code
   * name} when it has none.
   */
  String inCountry(final String country, final String raw, final String name) {
    if (countryGroups.isEmpty()) {
      return name;
    }
    final String asWritten = countryGroups.get(country + "|" + NameSpelling.normalise(raw));
    if (asWritten != null) {
      return asWritten;
    }
    return countryGroups.getOrDefault(country + "|" + NameSpelling.normalise(name), name);
  }

  boolean isTableGroup(final String country, final String canonicalGroup) {
    return tableGroups.contains(canonicalGroup)
        || tableGroups.contains(country + "|" + canonicalGroup)
        || SECURITY_FORCES_NAME.matcher(canonicalGroup).matches()
            && countries.isKnown(canonicalGroup.substring(0, 2));
  }

  /** The name without a trailing qualifier that names a country ("... of Pakistan (Pakistan)"). */
  private String withoutCountry(final String name) {
    final Matcher qualifier = TRAILING_QUALIFIER.matcher(name);
    if (qualifier.find() && qualifier.start() > 0) {
      final String inner = qualifier.group().trim();
      if (countries.named(inner.substring(1, inner.length() - 1)).isPresent()) {
        return name.substring(0, qualifier.start());
      }
    }
    return name;
  }

  /**
   * The words inside a name's trailing qualifier when it names a faction ("Abba Torbee Splinter
   * Faction": a word of {@code group-faction-words.csv}), one that fights apart from its group and
   * so is a group apart; null otherwise. Other qualifiers say where ("(Mali)") or spell out a party
   * ("PML-N: Pakistan Muslim League (Nawaz)"), and the group is one whatever they say.
   */
  private static String faction(final String name) {
    final Matcher qualifier = TRAILING_QUALIFIER.matcher(name);
    if (!qualifier.find() || qualifier.start() == 0) {
      return null;
    }
    final String inner = qualifier.group().trim();
    final String words = inner.substring(1, inner.length() - 1).trim();
    for (final String word : words.split("[\\s-]+")) {
      if (FACTION_WORDS.contains(word.toLowerCase(Locale.ROOT))) {
        return NameSpelling.plain(words);
      }
    }
    return null;
  }

  /**
   * The name, without a trailing qualifier, and the parts either side of an "ABBR: Full name"
   * colon.
   */
  private static List<String> candidates(final String name) {
    final List<String> out = new ArrayList<>();
    out.add(name);
    final String unqualified = TRAILING_QUALIFIER.matcher(name).replaceFirst("");
    out.add(unqualified);
    final int colon = unqualified.indexOf(':');
    if (colon > 0) {
      out.add(unqualified.substring(0, colon));
      out.add(unqualified.substring(colon + 1));
      out.add(TRAILING_QUALIFIER.matcher(unqualified.substring(colon + 1)).replaceFirst(""));
    }
    return out;
  }
}
