package io.surgewatch.core;

/**
 * A key of the aggregation cube, {@code country|region|group}, {@value #ALL} standing for a rollup
 * over every value of a part. Its shard (the partition key of the cube stage, {@link ShardKeys}) is
 * its region's ({@code c|r|*} owns {@code c|r|g} and {@code c|r|*}) or, for a key without a region,
 * the key itself. The one definition of the form for the engine, the app's stores and the query
 * API.
 */
public record CubeKey(String country, String region, String group) {
  /** A rollup over every value of a key part. */
  public static final String ALL = "*";

  public CubeKey {
    for (final String part : new String[] {country, region, group}) {
      if (part == null || part.isBlank() || part.indexOf('|') >= 0) {
        throw new IllegalArgumentException(
            "country, region and group are required (use * for a rollup), without '|'");
      }
    }
  }

  /** Parses {@code country|region|group}, the form of the cube-keys store and count records. */
  public static CubeKey parse(final String id) {
    final int afterCountry = id.indexOf('|');
    final int afterRegion = id.indexOf('|', afterCountry + 1);
    if (afterCountry < 0 || afterRegion < 0 || id.indexOf('|', afterRegion + 1) >= 0) {
      throw new IllegalArgumentException("not a cube key (country|region|group): " + id);
    }
    return new CubeKey(
        id.substring(0, afterCountry),
        id.substring(afterCountry + 1, afterRegion),
        id.substring(afterRegion + 1));
  }

  /** The key's form, {@code country|region|group}. */
  public static String id(final String country, final String region, final String group) {
    return country + '|' + region + '|' + group;
  }

  public String id() {
    return id(country, region, group);
  }

  public String shard() {
    return ShardKeys.of(country, region, group);
  }
}
