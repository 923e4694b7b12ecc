package io.surgewatch.engine;

import io.surgewatch.core.CubeKey;
import io.surgewatch.core.ShardKeys;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What one report adds to (or, negated, removes from) the counts: the incident's day, where, which
 * groups, and its tally. Stage 1 (revisions, keyed by incident id) keeps a report's figures as one
 * contribution and sends them to stage 2 (the cube) split by shard ({@link ShardKeys}, {@link
 * #units}): its region's keys (c/r/g, c/r/*), its country's total (c/*\/*), each group in its
 * country (c/*\/g) and worldwide (*\/*\/g), and the grand total (*\/*\/*), so that no country and
 * no global rollup holds one cube partition's work.
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

  /**
   * The cube keys a record updates. The order is the encoding's (the byte in {@link Codec}), so
   * constants are only ever added at the end.
   */
  public enum Shard {
    /**
     * The country's total, c/*\/*; also the kind of a report's whole figures as stage 1 keeps them
     * ({@link #units} splits those).
     */
    COUNTRY,
    /**
     * The one global shard of releases before the split (*\/*\/g and *\/*\/*): never sent now; its
     * records belong to state of such a release, which the cube refuses (a reset reprocesses).
     */
    GLOBAL_BEFORE_SPLIT,
    /** The region's keys: c/r/g for each group and c/r/*. */
    REGION,
    /** One group worldwide, *\/*\/g: the record names that group only. */
    GROUP,
    /** The grand total, *\/*\/*. */
    GRAND_TOTAL,
    /** One group in the country, c/*\/g: the record names that group only. */
    COUNTRY_GROUP,
    /**
     * Every shard: the latest incident day seen so far ({@link #dayReached}), no figures and no
     * keys. Each shard closes days by it, so one whose keys get no more reports still moves its
     * windows on and resolves its alerts, as a single shard would.
     */
    DAY
  }

  /** The record key of {@link #dayReached} news (it goes to every shard, whatever its key). */
  public static final String DAY_KEY = "~day";

  /**
   * The news that the arrival order has reached incident day {@code day} (stage 1 sends it to every
   * shard with the report that first reached it on its partition; a shard takes a tie's news before
   * the tie's reports, {@link TieOrder}), for {@code incidentId}'s report.
   */
  public static Contribution dayReached(final String incidentId, final int day) {
    return new Contribution(
        Shard.DAY, incidentId, day, CubeKey.ALL, CubeKey.ALL, List.of(), new long[Tally.SIZE]);
  }

  /** Whether this is {@link #dayReached} news rather than figures. */
  public boolean isDay() {
    return shard == Shard.DAY;
  }

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

  /** Whether {@code other} counts the same figures for the same keys on the same day. */
  public boolean sameFigures(final Contribution other) {
    return shard == other.shard
        && day == other.day
        && country.equals(other.country)
        && region.equals(other.region)
        && groups.equals(other.groups)
        && Arrays.equals(tally, other.tally);
  }

  /** The key of the record's shard ({@link ShardKeys}), which places it on a cube partition. */
  public String shardKey() {
    return switch (shard) {
      case REGION -> ShardKeys.of(country, region, CubeKey.ALL);
      case COUNTRY -> ShardKeys.of(country, CubeKey.ALL, CubeKey.ALL);
      case COUNTRY_GROUP -> ShardKeys.of(country, CubeKey.ALL, groups.get(0));
      case GROUP -> ShardKeys.of(CubeKey.ALL, CubeKey.ALL, groups.get(0));
      case GRAND_TOTAL -> ShardKeys.GRAND_TOTAL;
      case DAY -> DAY_KEY;
      case GLOBAL_BEFORE_SPLIT -> throw beforeSplit();
    };
  }

  /**
   * A report's figures split by shard, in a fixed order: its region, its country, each of its
   * groups in the country, each worldwide, the grand total. Each shard gets one (the app and
   * backtest alike; the app's stage 1 batches those of a commit by cube partition). One names only
   * what its shard's keys are made of (the region's all; a group's its country, or not even that
   * worldwide; the grand total nothing): less to write, and a revision that moves what a rollup
   * does not count leaves that rollup's record as it was.
   */
  public List<Contribution> units() {
    if (previous != null) {
      throw new IllegalStateException("a revision is split by RevisionTracker, not here");
    }
    final List<Contribution> out = new ArrayList<>(2 * groups.size() + 3);
    out.add(toShard(Shard.REGION, country, region, groups));
    out.add(toShard(Shard.COUNTRY, country, CubeKey.ALL, List.of()));
    for (final String g : groups) {
      out.add(toShard(Shard.COUNTRY_GROUP, country, CubeKey.ALL, List.of(g)));
    }
    for (final String g : groups) {
      out.add(toShard(Shard.GROUP, CubeKey.ALL, CubeKey.ALL, List.of(g)));
    }
    out.add(toShard(Shard.GRAND_TOTAL, CubeKey.ALL, CubeKey.ALL, List.of()));
    return out;
  }

  private Contribution toShard(
      final Shard target, final String c, final String r, final List<String> names) {
    return new Contribution(target, incidentId, day, c, r, names, tally, null);
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
    final List<String> keys = new ArrayList<>(groups.size() + 1);
    switch (shard) {
      case REGION -> {
        for (final String g : groups) {
          keys.add(CubeKey.id(country, region, g));
        }
        keys.add(CubeKey.id(country, region, CubeKey.ALL));
      }
      case COUNTRY -> keys.add(CubeKey.id(country, CubeKey.ALL, CubeKey.ALL));
      case COUNTRY_GROUP -> keys.add(CubeKey.id(country, CubeKey.ALL, groups.get(0)));
      case GROUP -> keys.add(CubeKey.id(CubeKey.ALL, CubeKey.ALL, groups.get(0)));
      case GRAND_TOTAL -> keys.add(ShardKeys.GRAND_TOTAL);
      case DAY -> {
        // no keys: it moves the shard's days only
      }
      case GLOBAL_BEFORE_SPLIT -> throw beforeSplit();
    }
    return keys;
  }

  private static IllegalStateException beforeSplit() {
    return new IllegalStateException(
        "a cube record of a release before the cube's shards were split (one global shard): this"
            + " state needs a reset (./surgewatch reset --yes, or a new application.id), after"
            + " which the app reprocesses its inputs");
  }
}
