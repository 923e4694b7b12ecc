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
  private static final Pattern NUMERIC = Pattern.compile("[0-9]+");
  private static final Canonicalizer DEFAULT = new Canonicalizer();

  private final Map<String, String> countries = new HashMap<>();
  private final Set<String> alpha2 = new LinkedHashSet<>();
  private final Map<String, String> regions = new HashMap<>();
  private final Map<String, String> groups = new HashMap<>();

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
    read("regions.csv").forEach(r -> regions.put(r[0] + "|" + normalise(r[1]), r[2]));
    read("groups.csv").forEach(r -> groups.put(normalise(r[0]), r[1]));
  }

  /** Alpha-2 code for a code, alpha-3 code, numeric code or English name; empty when unknown. */
  public Optional<String> country(final String raw) {
    if (raw == null || raw.isBlank()) {
      return Optional.empty();
    }
    final String trimmed = raw.trim();
    if (trimmed.length() == 2 && alpha2.contains(trimmed.toUpperCase(Locale.ROOT))) {
      return Optional.of(trimmed.toUpperCase(Locale.ROOT));
    }
    // ISO 3166-1 numeric codes are three digits ("004"); ACLED's iso column drops the zeros ("4").
    final String key = NUMERIC.matcher(trimmed).matches() ? trimmed.replaceFirst("^0+(?=.)", "") : trimmed;
    return Optional.ofNullable(countries.get(normalise(key)));
  }

  public boolean isKnownCountry(final String alpha2Code) {
    return alpha2Code != null && alpha2.contains(alpha2Code);
  }

  /** Canonical admin1 name; UNKNOWN when missing; the trimmed input when the table has no alias for it. */
  public String region(final String country, final String raw) {
    if (raw == null || raw.isBlank()) {
      return UNKNOWN;
    }
    final String hit = regions.get(country + "|" + normalise(raw));
    return hit != null ? hit : raw.trim();
  }

  /** Canonical short group name; UNKNOWN when missing or unidentified; the trimmed input when not in the table. */
  public String group(final String raw) {
    if (raw == null || raw.isBlank()) {
      return UNKNOWN;
    }
    for (final String candidate : candidates(raw.trim())) {
      final String hit = groups.get(normalise(candidate));
      if (hit != null) {
        return hit;
      }
    }
    return TRAILING_QUALIFIER.matcher(raw.trim()).replaceFirst("");
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

  static String normalise(final String s) {
    final StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      final char c = s.charAt(i);
      if (Character.isLetterOrDigit(c)) {
        b.append(Character.toLowerCase(c));
      }
    }
    return b.toString();
  }

  private static List<String[]> read(final String resource) {
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
