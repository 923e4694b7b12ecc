package io.surgewatch.core;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.MissingResourceException;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ISO 3166-1 alpha-2 codes for the ways sources name a country: a code, an alpha-3 code, an ISO
 * numeric code or a name in any spelling of {@code countries.csv} or {@code
 * country-former-names.csv}; and, apart from them, Gleditsch-Ward state codes.
 */
final class CountryNames {

  /** "Yemen (North Yemen)": a name and, in parentheses, a former one. */
  private static final Pattern FORMER_NAME = Pattern.compile("^(.*\\S)\\s*\\(([^()]+)\\)\\s*$");

  /** A numeric code as spreadsheets and pandas write it: "4", "004", "404.0". */
  private static final Pattern NUMERIC = Pattern.compile("0*([0-9]+)(?:\\.0*)?");

  /** Alpha-2 by the matching form of a name or code, and by ISO numeric code. */
  private final Map<String, String> countries = new HashMap<>();

  /**
   * Alpha-2 by the matching form of a current name: the JDK's and {@code countries.csv}'s, not
   * {@code country-former-names.csv}'s.
   */
  private final Map<String, String> currentNames = new HashMap<>();

  private final Set<String> alpha2 = new LinkedHashSet<>();
  private final Map<String, String> gleditschWard = new HashMap<>();

  CountryNames() {
    // The JDK carries the ISO 3166-1 list with English names and alpha-3 codes: no need to ship our
    // own copy.
    for (final String code : Locale.getISOCountries()) {
      final Locale locale = new Locale("", code);
      alpha2.add(code);
      countries.put(NameSpelling.normalise(code), code);
      countries.put(NameSpelling.normalise(locale.getDisplayCountry(Locale.ENGLISH)), code);
      currentNames.put(NameSpelling.normalise(locale.getDisplayCountry(Locale.ENGLISH)), code);
      try {
        countries.put(NameSpelling.normalise(locale.getISO3Country()), code);
      } catch (final MissingResourceException ignored) {
        // a few codes have no alpha-3 in the JDK; their alpha-2 and name still match
      }
    }
    alpha2.add("XK"); // Kosovo: user-assigned, but used by ACLED and others
    read("country-former-names.csv")
        .forEach(r -> countries.put(NameSpelling.normalise(r[0]), r[1]));
    read("countries.csv").forEach(r -> currentNames.put(NameSpelling.normalise(r[0]), r[1]));
    countries.putAll(currentNames);
    read("country-numeric.csv").forEach(r -> countries.put(r[0], r[1]));
    read("country-gleditsch-ward.csv").forEach(r -> gleditschWard.put(r[0], r[1]));
  }

  /** See {@link Canonicalizer#country}. */
  Optional<String> of(final String raw) {
    if (raw == null || raw.isBlank()) {
      return Optional.empty();
    }
    final String trimmed = raw.trim();
    if (trimmed.length() == 2 && alpha2.contains(trimmed.toUpperCase(Locale.ROOT))) {
      return Optional.of(trimmed.toUpperCase(Locale.ROOT));
    }
    final Matcher numeric = NUMERIC.matcher(trimmed);
    if (numeric.matches()) {
      return Optional.ofNullable(countries.get(numeric.group(1)));
    }
    final String hit = countries.get(NameSpelling.normalise(trimmed));
    if (hit != null) {
      return Optional.of(hit);
    }
    final Matcher qualified = FORMER_NAME.matcher(trimmed);
    if (qualified.matches()) {
      final String before = countries.get(NameSpelling.normalise(qualified.group(1)));
      return Optional.ofNullable(
          before != null ? before : countries.get(NameSpelling.normalise(qualified.group(2))));
    }
    return Optional.empty();
  }

  /** See {@link Canonicalizer#countryByGleditschWard}. */
  Optional<String> byGleditschWard(final String code) {
    if (code == null) {
      return Optional.empty();
    }
    final Matcher numeric = NUMERIC.matcher(code.trim());
    return numeric.matches()
        ? Optional.ofNullable(gleditschWard.get(numeric.group(1)))
        : Optional.empty();
  }

  /**
   * A country by one of its current names as written (the JDK's or {@code countries.csv}'s),
   * neither a code, nor a former state's or earlier name ({@code country-former-names.csv}: the
   * "Government of Zanzibar" is Zanzibar's own), nor a name with a former one in parentheses read
   * by either ("Myanmar (Burma)", as UCDP writes it, is a row of countries.csv): what a state's
   * forces are named after.
   */
  Optional<String> named(final String raw) {
    final String key = NameSpelling.normalise(raw);
    return key.length() <= 3 // a code ("USA", "DRC"): no country's name is this short
        ? Optional.empty()
        : Optional.ofNullable(currentNames.get(key));
  }

  boolean isKnown(final String alpha2Code) {
    return alpha2Code != null && alpha2.contains(alpha2Code);
  }

  private static List<String[]> read(final String resource) {
    return DataTable.read(CountryNames.class, resource);
  }
}
