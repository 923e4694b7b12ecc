package io.surgewatch.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The global shard, a third of the cube's work, has a partition to itself; the countries share the
 * others.
 */
class ShardPlacementTest {

  @Test
  void theGlobalShardHasPartitionZeroToItself() {
    assertEquals(0, ShardPlacement.partition("*", 6));
    final Set<Integer> countries =
        Stream.of(Locale.getISOCountries())
            .map(c -> ShardPlacement.partition(c, 6))
            .collect(Collectors.toSet());
    assertEquals(
        Set.of(1, 2, 3, 4, 5),
        countries,
        "every other partition gets countries, none gets partition 0");
  }

  @Test
  void oneCubePartitionHoldsEverything() {
    assertEquals(0, ShardPlacement.partition("*", 1));
    assertEquals(0, ShardPlacement.partition("PK", 1));
  }

  @Test
  void aCountryStaysWhereItIsForAGivenPartitionCount() {
    for (final String c : Locale.getISOCountries()) {
      final int p = ShardPlacement.partition(c, 12);
      assertTrue(p >= 1 && p < 12, c + " -> " + p);
      assertEquals(p, ShardPlacement.partition(c, 12));
    }
  }
}
