package io.surgewatch.streams.dashboard;

import io.javalin.http.Context;
import io.surgewatch.core.Canonicalizer;
import io.surgewatch.core.CubeKey;
import io.surgewatch.streams.query.AlertQueries;
import io.surgewatch.streams.query.CountQueries;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;

/**
 * The query API's parameters, read from a request and checked: a bad value is an {@link
 * IllegalArgumentException} (400) that says what was wanted. Names are made canonical as the counts
 * are keyed, so a request may use the names the ingest API and the alias tables accept ({@code pk},
 * {@code Pakistan}, {@code KPK}, {@code Pakistani Taliban}).
 */
final class QueryParams {
  private static final Canonicalizer NAMES = Canonicalizer.standard();
  private static final int MAX_LIMIT = 1000;

  private QueryParams() {}

  /**
   * The cube key a request names ({@code country} required, {@code region} and {@code group}
   * default to *).
   */
  static CubeKey key(final Context ctx) {
    final String country = country(param(ctx, "country", null));
    return new CubeKey(
        country,
        region(country, param(ctx, "region", CubeKey.ALL)),
        group(country, param(ctx, "group", CubeKey.ALL)));
  }

  /**
   * The keys of repeatable {@code key} parameters ({@code country|region|group}); at least one is
   * required.
   */
  static List<CubeKey> keys(final Context ctx) {
    final List<CubeKey> keys =
        ctx.queryParams("key").stream()
            .map(
                k -> {
                  final CubeKey raw = CubeKey.parse(k);
                  final String country =
                      CubeKey.ALL.equals(raw.country()) ? CubeKey.ALL : country(raw.country());
                  return new CubeKey(
                      country, region(country, raw.region()), group(country, raw.group()));
                })
            .toList();
    if (keys.isEmpty()) {
      throw new IllegalArgumentException(
          "query parameter 'key' (country|region|group, repeatable) is required");
    }
    return keys;
  }

  /**
   * The alerts whose key matches the given {@code country}, {@code region} and {@code group}, each
   * optional.
   */
  static AlertQueries.Filter alertFilter(final Context ctx) {
    final String country = country(value(ctx, "country"));
    final String region = value(ctx, "region");
    final String group = value(ctx, "group");
    return AlertQueries.matching(
        country,
        region == null || region.isBlank() ? null : region(country, region.trim()),
        group == null || group.isBlank() ? null : group(country, group.trim()));
  }

  /**
   * The key the alert filters name, when they name a region or a group; null otherwise. A group
   * alone is the group everywhere ({@code * / * / group}); a region without its country is the
   * region in any country ({@code * / region / group}, as {@link #alertFilter} matches it), which
   * is no cube key itself; so is a region of country {@code *}, the rollup of all countries, whose
   * keys have no region (no alert matches it). Named as {@link #alertFilter} reads the names.
   */
  static CubeKey alertKey(final Context ctx) {
    final String country = country(value(ctx, "country"));
    final String region = value(ctx, "region");
    final String group = value(ctx, "group");
    final boolean hasRegion = region != null && !region.isBlank();
    final boolean hasGroup = group != null && !group.isBlank();
    if (!hasRegion && !hasGroup) {
      return null;
    }
    return new CubeKey(
        country == null ? CubeKey.ALL : country,
        hasRegion ? region(country, region.trim()) : CubeKey.ALL,
        hasGroup ? group(country, group.trim()) : CubeKey.ALL);
  }

  /**
   * A country code, name or {@code *}; null when absent; an unknown one is a bad request, not an
   * empty answer.
   */
  static String country(final String raw) {
    if (raw == null || raw.isBlank()) {
      return null;
    }
    if (CubeKey.ALL.equals(raw.trim())) {
      return CubeKey.ALL;
    }
    return NAMES
        .country(raw)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "unknown country '"
                        + raw.trim()
                        + "': use an ISO 3166-1 code (PK), its English name (Pakistan), or * for all countries"));
  }

  private static String region(final String country, final String raw) {
    return CubeKey.ALL.equals(raw)
        ? raw
        : NAMES.region(country == null ? CubeKey.ALL : country, raw);
  }

  /**
   * As stage 1 names a report's group in its country ({@code IS} in Nigeria is {@code ISWAP}); with
   * no country or all of them, as everywhere.
   */
  private static String group(final String country, final String raw) {
    if (CubeKey.ALL.equals(raw)) {
      return raw;
    }
    return country == null || CubeKey.ALL.equals(country)
        ? NAMES.group(raw)
        : NAMES.group(country, raw);
  }

  /** What is wrong with a range that runs backwards; null when it does not (or is open). */
  static String backwards(final LocalDate from, final LocalDate to) {
    return from != null && to != null && from.isAfter(to)
        ? "'from' (" + from + ") is after 'to' (" + to + ")"
        : null;
  }

  /** A date like 2023-01-30, or null when absent. */
  static LocalDate date(final Context ctx, final String name) {
    final String v = value(ctx, name);
    try {
      return v == null || v.isBlank() ? null : LocalDate.parse(v.trim());
    } catch (final DateTimeParseException e) {
      throw new IllegalArgumentException(
          "'" + name + "' must be a date like 2023-01-30, got '" + v + "'");
    }
  }

  /** A date like 2023-01-30, which the request must give. */
  static LocalDate requiredDate(final Context ctx, final String name) {
    final LocalDate date = date(ctx, name);
    if (date == null) {
      throw required(name);
    }
    return date;
  }

  static boolean bool(final Context ctx, final String name, final boolean fallback) {
    final String v = value(ctx, name);
    if (v == null || v.isBlank()) {
      return fallback;
    }
    return switch (v.trim().toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default ->
          throw new IllegalArgumentException(
              "'" + name + "' must be true or false, got '" + v + "'");
    };
  }

  /**
   * A parameter given at most once, or null. Given twice it is a bad request rather than the first
   * value silently winning: {@code ?country=PK&country=AF} would otherwise answer for Pakistan
   * alone, and the caller could not tell. Only {@code key} repeats ({@link #keys}).
   */
  static String value(final Context ctx, final String name) {
    final List<String> given = ctx.queryParams(name);
    if (given.size() > 1) {
      throw new IllegalArgumentException(
          "query parameter '"
              + name
              + "' is given "
              + given.size()
              + " times ("
              + String.join(", ", given.stream().map(v -> "'" + v + "'").toList())
              + "); give it once");
    }
    return given.isEmpty() ? null : given.get(0);
  }

  /** A parameter's trimmed value, else {@code fallback}; with no fallback (null) it is required. */
  static String param(final Context ctx, final String name, final String fallback) {
    final String v = value(ctx, name);
    if (v == null || v.isBlank()) {
      if (fallback == null) {
        throw required(name);
      }
      return fallback;
    }
    return v.trim();
  }

  private static IllegalArgumentException required(final String name) {
    return new IllegalArgumentException("query parameter '" + name + "' is required");
  }

  /** {@code days}, a whole number (30 by default); its range is the query's to check. */
  static int days(final Context ctx) {
    final int days;
    try {
      days = Integer.parseInt(param(ctx, "days", "30"));
    } catch (final NumberFormatException e) {
      throw new IllegalArgumentException(
          "'days' must be a whole number, got '" + value(ctx, "days") + "'");
    }
    CountQueries.checkDays(days);
    return days;
  }

  /** {@code limit}, from 1 to {@value #MAX_LIMIT}. */
  static int limit(final Context ctx, final int fallback) {
    final String v = value(ctx, "limit");
    try {
      final int n = v == null || v.isBlank() ? fallback : Integer.parseInt(v.trim());
      if (n < 1 || n > MAX_LIMIT) {
        throw new NumberFormatException();
      }
      return n;
    } catch (final NumberFormatException e) {
      throw new IllegalArgumentException(
          "'limit' must be a whole number from 1 to " + MAX_LIMIT + ", got '" + v + "'");
    }
  }

  /**
   * How many entries of a list to pass over before the first one given ({@code offset}, default 0),
   * so a list longer than {@code limit} can be read page by page.
   */
  static int offset(final Context ctx) {
    final String v = value(ctx, "offset");
    try {
      final int n = v == null || v.isBlank() ? 0 : Integer.parseInt(v.trim());
      if (n < 0) {
        throw new NumberFormatException();
      }
      return n;
    } catch (final NumberFormatException e) {
      throw new IllegalArgumentException("'offset' must be a whole number from 0, got '" + v + "'");
    }
  }
}
