package io.surgewatch.core;

/**
 * The cube's shards: the keys one cube task owns together, each shard named by a key. A region's
 * keys ({@code c|r|g} for each group and {@code c|r|*}) are one shard, {@code c|r|*}, so that a
 * region's drill-down by group reads one task; every other key is a shard of its own: a country's
 * total {@code c|*|*}, a group in a country {@code c|*|g}, a group worldwide {@code *|*|g}, the
 * grand total {@code *|*|*}. A shard per country put a fifth of some datasets' work on one task,
 * and one global shard a third of every dataset's; split so, the largest shard is the grand total
 * (every report updates it: a sixth of the key updates when reports name one group), and no country
 * or group weighs more than its own total ({@link ShardPlacement} gives the grand total a partition
 * of its own). Kafka-free, for the engine.
 */
public final class ShardKeys {
  /** The shard of the grand total, {@code *|*|*}: every report updates it. */
  public static final String GRAND_TOTAL = "*|*|*";

  /**
   * The longest region or group name, in characters: far beyond any real one (UCDP's coalition
   * sides run to a few hundred), and short enough that the keys, count records and alerts that
   * carry a name stay far below the broker's record limit.
   */
  public static final int MAX_NAME_CHARS = 1_000;

  private ShardKeys() {}

  /**
   * Why a region or group name cannot be a part of a cube key, null when it can: the rollup marker
   * would count a report as every region or group of its country (and two of its keys as one), and
   * the separator would split the name across the key's parts. A name longer than {@link
   * #MAX_NAME_CHARS} is no name.
   */
  public static String whyNotAKeyPart(final String name) {
    if (name.length() > MAX_NAME_CHARS) {
      return "a name of "
          + name.length()
          + " characters, longer than the "
          + MAX_NAME_CHARS
          + " a region or group name may be (cube keys, count records and alerts carry it): '"
          + name.substring(0, 40)
          + "\u2026'";
    }
    if (CubeKey.ALL.equals(name.trim())) {
      return "'"
          + CubeKey.ALL
          + "' is the cube keys' rollup marker (every region or group), not a name";
    }
    if (name.indexOf('|') >= 0) {
      return "'|' separates the parts of a cube key (country|region|group) and cannot be in a name: '"
          + name
          + "'";
    }
    return null;
  }

  /** The shard that owns cube key {@code country|region|group}. */
  public static String of(final String country, final String region, final String group) {
    return CubeKey.ALL.equals(region)
        ? CubeKey.id(country, CubeKey.ALL, group)
        : CubeKey.id(country, region, CubeKey.ALL);
  }

  /** The shard that owns a cube key in its {@code country|region|group} form. */
  public static String ofKey(final String cubeKey) {
    return CubeKey.parse(cubeKey).shard();
  }
}
