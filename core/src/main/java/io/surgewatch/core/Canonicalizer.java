package io.surgewatch.core;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Canonical names for the cube's keys: ISO 3166-1 alpha-2 countries, English admin1 regions, short group names.
 * The alias tables are data files beside this class ({@code countries.csv}, {@code regions.csv},
 * {@code groups.csv}); producers and the streams app share them through this one class.
 */
public final class Canonicalizer {

  public static final String UNKNOWN = "UNKNOWN";
  private static final Pattern TRAILING_QUALIFIER = Pattern.compile("\\s*\\([^()]*\\)\\s*$");
  /**
   * ACLED's years of a government or force, "(2018-)" or "(1999-2008)", wherever they stand ("Military Forces of
   * Afghanistan (2014-) Special Forces"): the same actor across them.
   */
  private static final Pattern YEARS = Pattern.compile("\\s*\\(\\s*\\d{4}\\s*[-\u2013]\\s*(\\d{4})?\\s*\\)");
  /** Roman numerals, kept in capitals: "Region II". */
  private static final Pattern ROMAN = Pattern.compile("(?i)(?=[ivx])x{0,3}(ix|iv|v?i{0,3})");
  /** The longest all-capitals word kept as an abbreviation inside a name in mixed case ("AQAP", "ISWAP"). */
  private static final int ABBREVIATION_IN_NAME = 5;
  /** The longest name of one all-capitals word kept as an abbreviation: a region ("FCT", not "BORNO")... */
  private static final int REGION_ABBREVIATION = 4;
  /** ...and a group, as long as ACLED's "ABBR: Full name" abbreviations ("CODECO", "MONUSCO"). */
  private static final int GROUP_ABBREVIATION = 12;
  /** ACLED's "ABBR: Full name" form of an actor, whose abbreviation is its short name. */
  private static final Pattern ABBREVIATED = Pattern.compile("^([\\p{Lu}\\d][\\p{L}\\d-]{1,11})\\s*:\\s*\\S.*$");
  /** "Yemen (North Yemen)": a name and, in parentheses, a former one. */
  private static final Pattern FORMER_NAME = Pattern.compile("^(.*\\S)\\s*\\(([^()]+)\\)\\s*$");
  private static final Pattern MARKS = Pattern.compile("\\p{M}+");
  /** A numeric code as spreadsheets and pandas write it: "4", "004", "404.0". */
  private static final Pattern NUMERIC = Pattern.compile("0*([0-9]+)(?:\\.0*)?");
  /**
   * The administrative unit a source may append to an admin1 name ("Borno state", "Northern region",
   * "Khyber Pakhtunkhwa province"): dropped when the rest is a known region, and for names the table lacks, so that
   * "Borno state" and "Borno" are one region.
   */
  private static final Pattern TRAILING_UNIT = Pattern.compile(
      "^(.+?)[\\s,-]+(state|province|region|department|departement|departamento|governorate|county|district|"
          + "prefecture|oblast|wilaya|municipality)\\.?\\s*$", Pattern.CASE_INSENSITIVE);
  /**
   * What is left of a name whose unit word is part of the name: "Federal District", "Capital District" and
   * "Capital Region" are not "Federal" or "Capital", nor South Africa's "Free State" "Free".
   */
  private static final Set<String> NEEDS_ITS_UNIT = Set.of("federal", "capital", "nationalcapital", "federalcapital",
      "special", "autonomous", "metropolitan", "free");
  private static final Canonicalizer DEFAULT = new Canonicalizer();

  private final Map<String, String> countries = new HashMap<>();
  private final Set<String> alpha2 = new LinkedHashSet<>();
  private final Map<String, String> gleditschWard = new HashMap<>();
  private final Map<String, String> regions = new HashMap<>();
  private final Map<String, String> groups = new HashMap<>();
  /** Group aliases of one country ("country|alias"): UCDP's "IS" in Afghanistan is the Khorasan branch. */
  private final Map<String, String> countryGroups = new HashMap<>();
  /** The tables' canonical names: regions as "country|name", groups as "name" or, limited to a country, "country|name". */
  private final Set<String> tableRegions = new java.util.HashSet<>();
  private final Set<String> regionCountries = new java.util.HashSet<>();
  private final Set<String> tableGroups = new java.util.HashSet<>();
  private static final Set<String> PARTICLES = particles();
  private static final int MAX_REMEMBERED = 100_000;
  private final java.util.concurrent.ConcurrentHashMap<String, String> regionsSeen = new java.util.concurrent.ConcurrentHashMap<>();
  private final java.util.concurrent.ConcurrentHashMap<String, String> groupsSeen = new java.util.concurrent.ConcurrentHashMap<>();

  public static Canonicalizer standard() {
    return DEFAULT;
  }

  private Canonicalizer() {
    // The JDK carries the ISO 3166-1 list with English names and alpha-3 codes: no need to ship our own copy.
    for (final String code : Locale.getISOCountries()) {
      final Locale locale = new Locale("", code);
      alpha2.add(code);
      countries.put(normalise(code), code);
      countries.put(normalise(locale.getDisplayCountry(Locale.ENGLISH)), code);
      try {
        countries.put(normalise(locale.getISO3Country()), code);
      } catch (final java.util.MissingResourceException ignored) {
        // a few codes have no alpha-3 in the JDK; their alpha-2 and name still match
      }
    }
    alpha2.add("XK"); // Kosovo: user-assigned, but used by ACLED and others
    read("countries.csv").forEach(r -> countries.put(normalise(r[0]), r[1]));
    read("country-numeric.csv").forEach(r -> countries.put(r[0], r[1]));
    read("country-gleditsch-ward.csv").forEach(r -> gleditschWard.put(r[0], r[1]));
    read("regions.csv").forEach(r -> regions.put(r[0] + "|" + normalise(r[1]), r[2]));
    read("groups.csv").forEach(r -> {
      if (r.length > 2 && !r[2].isBlank()) {
        for (final String cc : r[2].trim().split("\\s+")) {
          countryGroups.put(cc + "|" + normalise(r[0]), r[1]);
        }
      } else {
        groups.put(normalise(r[0]), r[1]);
      }
    });
    // A table's canonical names are their own canonical names ("PK-SECURITY-FORCES" is not re-cased).
    read("groups.csv").forEach(r -> groups.putIfAbsent(normalise(r[1]), r[1]));
    read("regions.csv").forEach(r -> regions.putIfAbsent(r[0] + "|" + normalise(r[2]), r[2]));
    read("regions.csv").forEach(r -> {
      tableRegions.add(r[0] + "|" + r[2]);
      regionCountries.add(r[0]);
    });
    tableGroups.addAll(groups.values());
    countryGroups.forEach((key, name) -> tableGroups.add(key.substring(0, key.indexOf('|') + 1) + name));
  }

  /** Whether a canonical region name (see {@link #region}) of a country is one of the alias tables' regions. */
  public boolean isTableRegion(final String country, final String canonicalRegion) {
    return tableRegions.contains(country + "|" + canonicalRegion);
  }

  /** Whether the alias tables name any region of the country (regions.csv lists only some countries). */
  public boolean hasTableRegions(final String country) {
    return regionCountries.contains(country);
  }

  /**
   * Whether a canonical group name (see {@link #group(String, String)}) is one of the alias tables' groups, for every
   * country or for this one.
   */
  public boolean isTableGroup(final String country, final String canonicalGroup) {
    return tableGroups.contains(canonicalGroup) || tableGroups.contains(country + "|" + canonicalGroup);
  }

  private static Set<String> particles() {
    final Set<String> out = new java.util.HashSet<>();
    read("name-particles.csv").forEach(r -> out.add(r[0].trim().toLowerCase(Locale.ROOT)));
    return Set.copyOf(out);
  }

  /**
   * Alpha-2 code for a code, alpha-3 code, ISO numeric code ("4", "004", "404.0") or name in any spelling of
   * {@code countries.csv}; empty when unknown. A name ending in a parenthesised former name that the table lacks,
   * "Sri Lanka (Ceylon)", is tried without it, then as the name in the parentheses. Never a Gleditsch-Ward code:
   * see {@link #countryByGleditschWard}.
   */
  public Optional<String> country(final String raw) {
    if (raw == null || raw.isBlank()) {
      return Optional.empty();
    }
    final String trimmed = raw.trim();
    if (trimmed.length() == 2 && alpha2.contains(trimmed.toUpperCase(Locale.ROOT))) {
      return Optional.of(trimmed.toUpperCase(Locale.ROOT));
    }
    final java.util.regex.Matcher numeric = NUMERIC.matcher(trimmed);
    if (numeric.matches()) {
      return Optional.ofNullable(countries.get(numeric.group(1)));
    }
    final String hit = countries.get(normalise(trimmed));
    if (hit != null) {
      return Optional.of(hit);
    }
    final java.util.regex.Matcher qualified = FORMER_NAME.matcher(trimmed);
    if (qualified.matches()) {
      final String before = countries.get(normalise(qualified.group(1)));
      return Optional.ofNullable(before != null ? before : countries.get(normalise(qualified.group(2))));
    }
    return Optional.empty();
  }

  /**
   * Alpha-2 code for a Gleditsch-Ward state code ("475", "475.0"), as UCDP's {@code country_id} and pre-2019 ACLED's
   * {@code GWNO} carry them; empty when unknown. A separate table from ISO numeric codes, which differ (GW 404 is
   * Guinea-Bissau, ISO 404 Kenya).
   */
  public Optional<String> countryByGleditschWard(final String code) {
    if (code == null) {
      return Optional.empty();
    }
    final java.util.regex.Matcher numeric = NUMERIC.matcher(code.trim());
    return numeric.matches() ? Optional.ofNullable(gleditschWard.get(numeric.group(1))) : Optional.empty();
  }

  public boolean isKnownCountry(final String alpha2Code) {
    return alpha2Code != null && alpha2.contains(alpha2Code);
  }

  /**
   * Canonical admin1 name; UNKNOWN when missing. A trailing administrative unit ("Borno state", "Sindh province",
   * "Northern region") is dropped, unless what is left needs it ("Federal District"). A name the table has no alias
   * for keeps one spelling whatever the source's: accents dropped, spaces collapsed, and its casing canonical (see
   * {@link #canonicalCase}): "Jammu and Kashmir" as published, "BORNO", "borno" and "Borno" all Borno.
   */
  public String region(final String country, final String raw) {
    if (raw == null || raw.isBlank()) {
      return UNKNOWN;
    }
    return remembered(regionsSeen, country + "|" + raw, k -> regionOf(country, raw));
  }

  private String regionOf(final String country, final String raw) {
    final String hit = regions.get(country + "|" + normalise(raw));
    if (hit != null) {
      return hit;
    }
    final java.util.regex.Matcher unit = TRAILING_UNIT.matcher(raw.trim());
    if (unit.matches() && !NEEDS_ITS_UNIT.contains(normalise(unit.group(1)))) {
      final String withoutUnit = regions.get(country + "|" + normalise(unit.group(1)));
      return withoutUnit != null ? withoutUnit : canonicalCase(plain(unit.group(1)), REGION_ABBREVIATION);
    }
    // canonical names map to themselves
    return UNKNOWN.equalsIgnoreCase(raw.trim()) ? UNKNOWN : canonicalCase(plain(raw), REGION_ABBREVIATION);
  }

  /**
   * Canonical short group name; UNKNOWN when missing or unidentified. A name the table lacks becomes its ACLED
   * abbreviation ("ISWAP: Islamic State West Africa Province" is ISWAP), loses ACLED's years ("(2018-)", wherever
   * they stand) but not its country (two countries' branches are two groups), and keeps one spelling (accents
   * dropped, spaces collapsed, its casing canonical: see {@link #canonicalCase}).
   */
  public String group(final String raw) {
    if (raw == null || raw.isBlank()) {
      return UNKNOWN;
    }
    return remembered(groupsSeen, raw, k -> groupOf(raw));
  }

  /**
   * Canonical group name of a report in a country (alpha-2): {@link #group(String)}, then the table's rows for that
   * country, matched against the name as written and the name it resolved to. UCDP writes "IS" for the Islamic
   * State everywhere; in Afghanistan and Pakistan its operations are the Khorasan branch's, IS-K.
   */
  public String group(final String country, final String raw) {
    final String name = group(raw);
    if (country == null || countryGroups.isEmpty() || raw == null) {
      return name;
    }
    final String asWritten = countryGroups.get(country + "|" + normalise(raw));
    if (asWritten != null) {
      return asWritten;
    }
    return countryGroups.getOrDefault(country + "|" + normalise(name), name);
  }

  /**
   * Names repeat millions of times in an export and their rules (normalising, regular expressions) cost more than
   * the rest of a row's validation: each distinct name is resolved once. Bounded, for a feed of endless new names.
   */
  private static String remembered(final java.util.concurrent.ConcurrentHashMap<String, String> seen, final String key,
      final java.util.function.Function<String, String> resolve) {
    final String known = seen.get(key);
    if (known != null) {
      return known;
    }
    final String resolved = resolve.apply(key);
    if (seen.size() < MAX_REMEMBERED && key.length() <= 200) { // real names are short; a flood of long ones is not kept
      seen.put(key, resolved);
    }
    return resolved;
  }

  private String groupOf(final String raw) {
    final String withoutYears = YEARS.matcher(raw).replaceAll(" ").trim();
    final List<String> candidates = new ArrayList<>(candidates(withoutYears));
    if (!withoutYears.equals(raw.trim())) {
      candidates.addAll(candidates(raw.trim()));
    }
    for (final String candidate : candidates) {
      final String hit = groups.get(normalise(candidate));
      if (hit != null) {
        return hit;
      }
    }
    final String plain = plain(withoutYears);
    // The abbreviation as written ("CODECO: ..."), else of the name cased ("abc: x" -> "Abc", never "Abc: X"), so
    // that the name it gives is its own canonical name.
    final java.util.regex.Matcher written = ABBREVIATED.matcher(plain);
    if (written.matches()) {
      return canonicalCase(written.group(1), GROUP_ABBREVIATION);
    }
    final String name = canonicalCase(plain, GROUP_ABBREVIATION);
    final java.util.regex.Matcher abbreviated = ABBREVIATED.matcher(name);
    return abbreviated.matches() ? abbreviated.group(1) : name;
  }

  /** Accents dropped, spaces collapsed, trimmed. */
  static String plain(final String raw) {
    String s = raw.trim().replaceAll("\\s+", " ");
    if (!isAscii(s)) {
      s = MARKS.matcher(java.text.Normalizer.normalize(s, java.text.Normalizer.Form.NFD)).replaceAll("");
    }
    return s;
  }

  /**
   * The one casing of a name the tables lack, whatever casing a source writes it in, and the name as published when
   * it is published in mixed case:
   * <ul>
   * <li>a particle of {@code name-particles.csv} ("and", "of", "the", "du", "es", "el", "al", "wa", ...) is written
   * in lower case, except as the name's first word ("Jammu and Kashmir", "Dar es Salaam", "Al Anbar"); so is a
   * particle that is part of a hyphenated word ("Nusrat al-Islam");</li>
   * <li>a whole name written in capitals is title-cased ("JAMMU AND KASHMIR": Jammu and Kashmir), unless it is one
   * short word, an abbreviation ({@code maxAbbreviation} letters: "FCT" for a region, "CODECO" for a group);</li>
   * <li>in a name in mixed case, a word in capitals of at most five letters is an abbreviation and stays ("AQAP",
   * "ISWAP"); a longer one is capitalised; a word in lower case is capitalised; a word with capitals inside
   * ("McDonald", "KwaZulu-Natal") stays as written; Roman numerals are capitals ("Region II").</li>
   * </ul>
   * So "BORNO", "borno" and "Borno" are Borno, "Boucle Du Mouhoun" and "Boucle du Mouhoun" one name. Spellings that
   * differ by capitals inside a word ("Mcdonald", "McDonald") stay two names: add an alias to merge them.
   */
  static String canonicalCase(final String s, final int maxAbbreviation) {
    boolean anyLower = false;
    boolean anyUpper = false;
    for (int i = 0; i < s.length(); i++) {
      final char c = s.charAt(i);
      anyLower |= Character.isLowerCase(c);
      anyUpper |= Character.isUpperCase(c);
    }
    final boolean allCaps = anyUpper && !anyLower;
    final String[] words = s.split(" ", -1);
    if (allCaps && words.length == 1 && letters(s) <= maxAbbreviation) {
      return s;
    }
    final StringBuilder b = new StringBuilder(s.length());
    for (int w = 0; w < words.length; w++) {
      if (w > 0) {
        b.append(' ');
      }
      b.append(casedWord(words[w], w == 0, allCaps));
    }
    return b.toString();
  }

  private static String casedWord(final String word, final boolean first, final boolean nameInCaps) {
    final int letters = letters(word);
    if (letters == 0) {
      return word;
    }
    if (ROMAN.matcher(word).matches()) {
      return word.toUpperCase(Locale.ROOT);
    }
    final boolean upper = word.equals(word.toUpperCase(Locale.ROOT));
    final boolean lower = word.equals(word.toLowerCase(Locale.ROOT));
    if (upper && !nameInCaps && letters <= ABBREVIATION_IN_NAME) {
      return word; // an abbreviation in a name in mixed case
    }
    final boolean recase = upper || lower;
    final StringBuilder b = new StringBuilder(word.length());
    int start = 0;
    for (int part = 0; start <= word.length(); part++) {
      int end = word.indexOf('-', start);
      if (end < 0) {
        end = word.length();
      }
      final String p = word.substring(start, end);
      if (part > 0) {
        b.append('-');
      }
      if (!(first && part == 0) && PARTICLES.contains(lettersOf(p).toLowerCase(Locale.ROOT))) {
        b.append(p.toLowerCase(Locale.ROOT));
      } else if (recase) {
        b.append(capitalisedPart(p));
      } else {
        b.append(p);
      }
      start = end + 1;
    }
    return b.toString();
  }

  /** The first letter in capitals, the others in lower case: "BORNO", "borno": Borno; "JAMA'AT": Jama'at. */
  private static String capitalisedPart(final String p) {
    final StringBuilder b = new StringBuilder(p.length());
    boolean seen = false;
    for (int i = 0; i < p.length(); i++) {
      final char c = p.charAt(i);
      if (Character.isLetter(c) && !seen) {
        b.append(Character.toUpperCase(c));
        seen = true;
      } else {
        b.append(Character.toLowerCase(c));
      }
    }
    return b.toString();
  }

  private static int letters(final String s) {
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      if (Character.isLetter(s.charAt(i))) {
        n++;
      }
    }
    return n;
  }

  private static String lettersOf(final String s) {
    final StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      if (Character.isLetter(s.charAt(i))) {
        b.append(s.charAt(i));
      }
    }
    return b.toString();
  }

  private static boolean isAscii(final String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) > 127) {
        return false;
      }
    }
    return true;
  }

  /** Canonical names of several groups, duplicates removed, order kept; empty input gives [UNKNOWN]. */
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

  /** The matching form of a name: letters and digits only, lower case, accents dropped, "&" read as "and". */
  static String normalise(final String raw) {
    final String s = isAscii(raw) ? raw : plain(raw);
    final StringBuilder b = new StringBuilder(s.length() + 4);
    for (int i = 0; i < s.length(); i++) {
      final char c = s.charAt(i);
      if (Character.isLetterOrDigit(c)) {
        b.append(Character.toLowerCase(c));
      } else if (c == '&') {
        b.append("and");
      }
    }
    return b.toString();
  }

  /** The rows of a data file beside this class (see {@link DataTable}). */
  static List<String[]> read(final String resource) {
    return DataTable.read(Canonicalizer.class, resource);
  }
}
