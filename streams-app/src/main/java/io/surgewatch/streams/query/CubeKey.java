package io.surgewatch.streams.query;

import io.surgewatch.core.ShardKeys;

/**
 * A key of the aggregation cube, {@code *} standing for a rollup. Its shard (the partition key of
 * the cube stage, {@link ShardKeys}) is its region's ({@code c|r|*} owns {@code c/r/g} and {@code
 * c/r/*}) or, for a key without a region, the key itself.
 */
public record CubeKey(String country, String region, String group) {
  public static final String ALL = "*";

  public CubeKey {
    for (final String part : new String[] {country, region, group}) {
      if (part == null || part.isBlank() || part.indexOf('|') >= 0) {
        throw new IllegalArgumentException(
            "country, region and group are required (use * for a rollup), without '|'");
      }
    }
  }

  /** Parses {@code country|region|group}, the form of the cube-keys store. */
  public static CubeKey parse(final String id) {
    final String[] parts = id.split("\\|", -1);
    if (parts.length != 3) {
      throw new IllegalArgumentException("not a cube key: " + id);
    }
    return new CubeKey(parts[0], parts[1], parts[2]);
  }

  public String id() {
    return country + '|' + region + '|' + group;
  }

  public String shard() {
    return ShardKeys.of(country, region, group);
  }
}
