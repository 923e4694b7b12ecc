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
  /** ACLED's years of a government or force, "(2018-)" or "(1999-2008)": the same actor across them. */
  private static final Pattern TRAILING_YEARS = Pattern.compile("\\s*\\(\\s*\\d{4}\\s*-\\s*(\\d{4})?\\s*\\)\\s*$");
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
    read("groups.csv").forEach(r -> groups.put(normalise(r[0]), r[1]));
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
   * for keeps one spelling whatever the source's: accents dropped, spaces collapsed, and words written in all
   * capitals or all lower case capitalised.
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
      return withoutUnit != null ? withoutUnit : capitalised(plain(unit.group(1)));
    }
    return UNKNOWN.equalsIgnoreCase(raw.trim()) ? UNKNOWN : capitalised(plain(raw)); // canonical names map to themselves
  }

  /**
   * Canonical short group name; UNKNOWN when missing or unidentified. A name the table lacks becomes its ACLED
   * abbreviation ("ISWAP: Islamic State West Africa Province" is ISWAP), loses ACLED's years ("(2018-)") but not
   * its country (two countries' branches are two groups), and keeps one spelling (accents dropped, spaces
   * collapsed, an all lower-case name capitalised).
   */
  public String group(final String raw) {
    if (raw == null || raw.isBlank()) {
      return UNKNOWN;
    }
    return remembered(groupsSeen, raw, k -> groupOf(raw));
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
    for (final String candidate : candidates(raw.trim())) {
      final String hit = groups.get(normalise(candidate));
      if (hit != null) {
        return hit;
      }
    }
    final String plain = plain(TRAILING_YEARS.matcher(raw).replaceFirst(""));
    // Capitalised first, so that the name it gives is its own canonical name ("abc: x" -> "Abc", never "Abc: X").
    final String name = plain.equals(plain.toLowerCase(Locale.ROOT)) ? capitalised(plain) : plain;
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

  /** Words in all capitals (longer than an abbreviation) or all lower case, capitalised: "BORNO", "borno": Borno. */
  private static String capitalised(final String s) {
    final StringBuilder b = new StringBuilder(s.length());
    for (final String word : s.split(" ", -1)) {
      if (b.length() > 0) {
        b.append(' ');
      }
      final boolean lower = word.equals(word.toLowerCase(Locale.ROOT));
      final boolean upper = word.equals(word.toUpperCase(Locale.ROOT)) && word.length() > 4;
      b.append(word.isEmpty() || !(lower || upper) ? word
          : word.substring(0, 1).toUpperCase(Locale.ROOT) + word.substring(1).toLowerCase(Locale.ROOT));
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

  /** The rows of a data file beside this class (comments and its header line skipped). */
  static List<String[]> read(final String resource) {
    final List<String[]> rows = new ArrayList<>();
    try (InputStream in = Canonicalizer.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("alias table " + resource + " missing from the classpath");
      }
      final BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      String line;
      boolean header = true;
      while ((line = reader.readLine()) != null) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        if (header) {
          header = false;
          continue;
        }
        // The tables hold no quoted commas, so a plain split is exact here.
        rows.add(line.split(",", -1));
      }
    } catch (final IOException e) {
      throw new UncheckedIOException(e);
    }
    return rows;
  }
}
