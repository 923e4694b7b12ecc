package io.surgewatch.streams.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * What one report adds to (or, negated, removes from) the counts: the incident's day, where, which groups, and its
 * tally. Stage 1 (revisions, keyed by incident id) sends it to stage 2 (the cube, keyed by shard): once to the
 * incident's country shard, which owns the cube keys c/r/g, c/r/*, c/*\/g and c/*\/*, and once to the global shard,
 * which owns *\/*\/g and *\/*\/*. Two records an event instead of six keeps the repartition traffic small.
 */
public record Contribution(Shard shard, String incidentId, int day, String country, String region,
    List<String> groups, long[] tally) {

  public enum Shard { COUNTRY, GLOBAL }

  public static final String ALL = "*";

  /** The shard key the record is partitioned by: the country, or * for the global shard. */
  public String shardKey() {
    return shard == Shard.COUNTRY ? country : ALL;
  }

  public Contribution toShard(final Shard target) {
    return new Contribution(target, incidentId, day, country, region, groups, tally);
  }

  public Contribution negated() {
    return new Contribution(shard, incidentId, day, country, region, groups, Tally.negate(tally));
  }

  /** The cube keys this contribution updates on its shard, as {@code country|region|group}. */
  public List<String> cubeKeys() {
    final List<String> keys = new ArrayList<>(2 * groups.size() + 2);
    if (shard == Shard.COUNTRY) {
      for (final String g : groups) {
        keys.add(country + '|' + region + '|' + g);
        keys.add(country + '|' + ALL + '|' + g);
      }
      keys.add(country + '|' + region + '|' + ALL);
      keys.add(country + '|' + ALL + '|' + ALL);
    } else {
      for (final String g : groups) {
        keys.add(ALL + '|' + ALL + '|' + g);
      }
      keys.add(ALL + '|' + ALL + '|' + ALL);
    }
    return keys;
  }
}
