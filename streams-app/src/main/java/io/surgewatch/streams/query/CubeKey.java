package io.surgewatch.streams.query;

/**
 * A key of the aggregation cube, {@code *} standing for a rollup. Its shard (the partition key of
 * the cube stage) is the country: the country's task owns {@code c/r/g}, {@code c/r/*}, {@code
 * c/*}/g, {@code c/*}/*; the global shard {@code *} owns the keys whose country is {@code *}.
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
    return country;
  }
}
