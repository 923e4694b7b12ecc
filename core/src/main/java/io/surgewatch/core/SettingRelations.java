package io.surgewatch.core;

import java.math.BigDecimal;
import java.util.List;
import org.apache.kafka.common.config.ConfigDef.Type;

/**
 * The settings that must agree with one another, declared once, each checked after every value
 * alone is valid. A broken one fails as a single value does, naming both keys and both values:
 * {@code invalid value '45' for surge.baseline-days (flag): expected at least twice
 * surge.recent-days (30): 60 or more}.
 */
public final class SettingRelations {
  private SettingRelations() {}

  /** What {@code key}'s value must be given {@code other}'s: the expectation, or null when met. */
  @FunctionalInterface
  private interface Expectation {
    String unmet(BigDecimal value, BigDecimal other);
  }

  private record Relation(String key, String other, Expectation expectation) {}

  private static final BigDecimal TWO = BigDecimal.valueOf(2);

  private static final List<Relation> RELATIONS =
      List.of(
          new Relation(
              Keys.SURGE_BASELINE_DAYS,
              Keys.SURGE_RECENT_DAYS,
              // The baseline's spread is measured over blocks of the recent window: two at least.
              (baseline, recent) ->
                  baseline.compareTo(recent.multiply(TWO)) >= 0
                      ? null
                      : "at least twice %s (%s): "
                          + recent.multiply(TWO).toPlainString()
                          + " or more"),
          new Relation(
              Keys.SURGE_BASELINE_DAYS,
              Keys.SURGE_RECENT_DAYS,
              // A remainder would be dropped without a word.
              (baseline, recent) -> {
                final BigDecimal[] blocks = baseline.divideAndRemainder(recent);
                return blocks[1].signum() == 0
                    ? null
                    : "a whole number of %s (%s) blocks: "
                        + blocks[0].multiply(recent).toPlainString()
                        + " or "
                        + blocks[0].add(BigDecimal.ONE).multiply(recent).toPlainString();
              }),
          new Relation(
              Keys.SURGE_RESOLVE_SCORE,
              Keys.SURGE_OPEN_SCORE,
              (resolve, open) ->
                  resolve.compareTo(open) < 0
                      ? null
                      : "below %s (%s), so an open alert is not resolved and opened again on the"
                          + " same score (hysteresis)"),
          new Relation(
              Keys.ROCKSDB_TOTAL_MEMTABLE_BYTES,
              Keys.ROCKSDB_TOTAL_OFF_HEAP_BYTES,
              (memtables, offHeap) ->
                  memtables.compareTo(offHeap) <= 0
                      ? null
                      : "at most %s (%s), the budget memtables are part of"));

  /**
   * @throws ConfigException naming the first relation the settings break: its key, value and
   *     origin, and the other key and its value
   */
  public static void check(final SurgewatchConfig config) {
    for (final Relation r : RELATIONS) {
      final String unmet =
          r.expectation().unmet(number(config, r.key()), number(config, r.other()));
      if (unmet != null) {
        throw ConfigDeclarations.invalid(
            r.key(),
            config.get(r.key()),
            config.origin(r.key()),
            "expected " + unmet.formatted(r.other(), config.get(r.other())));
      }
    }
  }

  /** A key's value, exact (a long of bytes is more than a double holds). */
  private static BigDecimal number(final SurgewatchConfig config, final String key) {
    return ConfigDeclarations.setting(key).type() == Type.DOUBLE
        ? BigDecimal.valueOf(config.getDouble(key))
        : BigDecimal.valueOf(config.getLong(key));
  }
}
