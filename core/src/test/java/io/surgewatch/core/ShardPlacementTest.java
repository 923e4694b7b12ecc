package io.surgewatch.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A cube key belongs to the shard of its region, its country's rollups, its group worldwide, or the
 * grand total; the grand total, which every report updates, has a partition to itself from six
 * partitions up, and the other shards share the partitions by Kafka's key hash.
 */
class ShardPlacementTest {

  @Test
  void aRegionsKeysAreOneShardEveryOtherKeyAShardOfItsOwn() {
    assertEquals("PK|Khyber Pakhtunkhwa|*", ShardKeys.ofKey("PK|Khyber Pakhtunkhwa|TTP"));
    assertEquals("PK|Khyber Pakhtunkhwa|*", ShardKeys.ofKey("PK|Khyber Pakhtunkhwa|*"));
    assertEquals("PK|*|TTP", ShardKeys.ofKey("PK|*|TTP"));
    assertEquals("PK|*|*", ShardKeys.ofKey("PK|*|*"));
    assertEquals("*|*|TTP", ShardKeys.ofKey("*|*|TTP"));
    assertEquals(ShardKeys.GRAND_TOTAL, ShardKeys.ofKey("*|*|*"));
  }

  @Test
  void theGrandTotalHasPartitionZeroToItselfFromSixPartitionsUp() {
    for (final int partitions : new int[] {6, 12}) {
      assertEquals(0, ShardPlacement.partition(ShardKeys.GRAND_TOTAL, partitions));
      final Set<Integer> others =
          Stream.of(Locale.getISOCountries())
              .flatMap(c -> Stream.of(c + "|*|*", c + "|North|*", "*|*|" + c + " Front"))
              .map(s -> ShardPlacement.partition(s, partitions))
              .collect(Collectors.toSet());
      assertEquals(
          partitions - 1,
          others.size(),
          "every other partition gets shards, none gets partition 0: " + others);
      assertTrue(!others.contains(0));
    }
  }

  @Test
  void belowSixPartitionsTheGrandTotalIsHashedWithTheOthers() {
    final Set<Integer> all =
        Stream.of(Locale.getISOCountries())
            .map(c -> ShardPlacement.partition(c + "|*|*", 3))
            .collect(Collectors.toSet());
    assertEquals(Set.of(0, 1, 2), all);
    assertEquals(
        ShardPlacement.defaultPartition(ShardKeys.GRAND_TOTAL, 3),
        ShardPlacement.partition(ShardKeys.GRAND_TOTAL, 3));
  }

  @Test
  void oneCubePartitionHoldsEverything() {
    assertEquals(0, ShardPlacement.partition(ShardKeys.GRAND_TOTAL, 1));
    assertEquals(0, ShardPlacement.partition("PK|*|*", 1));
  }

  @Test
  void aShardStaysWhereItIsForAGivenPartitionCount() {
    for (final String c : Locale.getISOCountries()) {
      final int p = ShardPlacement.partitionOfKey(c + "|*|*", 12);
      assertTrue(p >= 1 && p < 12, c + " -> " + p);
      assertEquals(p, ShardPlacement.partition(c + "|*|*", 12));
      assertEquals(p, ShardPlacement.partitionOfKey(c + "|*|*", 12));
    }
  }
}
