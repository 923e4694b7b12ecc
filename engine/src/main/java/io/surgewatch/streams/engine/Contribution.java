package io.surgewatch.streams.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * What one report adds to (or, negated, removes from) the counts: the incident's day, where, which
 * groups, and its tally. Stage 1 (revisions, keyed by incident id) sends it to stage 2 (the cube,
 * keyed by shard): once to the incident's country shard, which owns the cube keys c/r/g, c/r/*,
 * c/*\/g and c/*\/*, and once to the global shard, which owns *\/*\/g and *\/*\/*. Two records an
 * event instead of six keeps the repartition traffic small.
 *
 * <p>A revision that stays on a shard travels as one record: the new figures with {@code previous},
 * the figures counted before (positive, on the same shard). The engine takes the old out and puts
 * the new in as one change per cube key, so no reader ever sees the state in between (an incident
 * gone for a moment, an alert withdrawn and opened again), and a key whose totals the revision
 * leaves as they were sees nothing at all.
 */
public record Contribution(
    Shard shard,
    String incidentId,
    int day,
    String country,
    String region,
    List<String> groups,
    long[] tally,
    Contribution previous) {

  public enum Shard {
    COUNTRY,
    GLOBAL
  }

  public static final String ALL = "*";

  /** A report's figures, on their own. */
  public Contribution(
      final Shard shard,
      final String incidentId,
      final int day,
      final String country,
      final String region,
      final List<String> groups,
      final long[] tally) {
    this(shard, incidentId, day, country, region, groups, tally, null);
  }

  /**
   * These figures replacing {@code counted}, the incident's figures counted before, on this
   * record's shard.
   */
  public Contribution revising(final Contribution counted) {
    final Contribution old =
        new Contribution(
            shard,
            counted.incidentId(),
            counted.day(),
            counted.country(),
            counted.region(),
            counted.groups(),
            counted.tally());
    if (!old.shardKey().equals(shardKey())) {
      throw new IllegalArgumentException(
          "a revision from "
              + old.shardKey()
              + " to "
              + shardKey()
              + " changes shard: it is two records, the old figures out and the new in");
    }
    return new Contribution(shard, incidentId, day, country, region, groups, tally, old);
  }

  /** The shard key the record is partitioned by: the country, or * for the global shard. */
  public String shardKey() {
    return shard == Shard.COUNTRY ? country : ALL;
  }

  public Contribution toShard(final Shard target) {
    return new Contribution(
        target,
        incidentId,
        day,
        country,
        region,
        groups,
        tally,
        previous == null ? null : previous.toShard(target));
  }

  /**
   * Takes the figures out (a retraction, or the old side of a revision that moves to another
   * country).
   */
  public Contribution negated() {
    if (previous != null) {
      throw new IllegalStateException("a revision is not negated");
    }
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
