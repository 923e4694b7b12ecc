package io.surgewatch.streams.topology;

import static io.surgewatch.streams.topology.TopologyHarness.incident;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.surgewatch.core.Keys;
import io.surgewatch.core.ShardKeys;
import io.surgewatch.core.ShardPlacement;
import io.surgewatch.engine.Contribution;
import io.surgewatch.engine.Tally;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestOutputTopic;
import org.junit.jupiter.api.Test;

/**
 * Stage 1 sends a commit's contributions one record to each cube partition they go to: a batch, in
 * the contributions' order, where several share a partition. The test driver commits after every
 * input record, so here a record holds one report's ({@link ShardOutboxTest} holds several).
 */
class ContributionRecordsTest {
  private static final LocalDate D = LocalDate.of(2023, 1, 10);

  /** What stage 1 sent the shards for reports of several regions and groups, record by record. */
  private static List<KeyValue<String, ShardInput>> sent(final int cubePartitions) {
    try (TopologyHarness h =
        new TopologyHarness(Map.of(Keys.TOPIC_PARTITIONS, String.valueOf(cubePartitions)))) {
      final TestOutputTopic<String, ShardInput> shards =
          h.driver.createOutputTopic(
              h.config.get(Keys.APPLICATION_ID) + "-cube-contributions-repartition",
              new StringDeserializer(),
              ShardInput.serde().deserializer());
      final String[] regions = {"Khyber Pakhtunkhwa", "Balochistan", "Sindh", "Punjab"};
      final String[] groups = {"TTP", "BLA", "ISKP"};
      for (int i = 0; i < 12; i++) {
        h.send(
            incident(
                "I" + i,
                D.plusDays(i % 3),
                D.plusDays(i % 3).atStartOfDay(ZoneOffset.UTC).toInstant().plusSeconds(36_000L + i),
                1 + i,
                regions[i % regions.length],
                groups[i % groups.length]));
      }
      return shards.readKeyValuesToList();
    }
  }

  @Test
  void aReportsContributionsGoOneRecordToEachPartitionTheyLandOn() {
    int atOnePartition = -1;
    for (final int partitions : new int[] {1, 3, 6, 12}) {
      int records = 0;
      int contributions = 0;
      final Map<Long, Set<Integer>> partitionsOfReport = new HashMap<>();
      for (final KeyValue<String, ShardInput> r : sent(partitions)) {
        final List<ShardInput.Placed> placed = ShardInput.placedIn(r.value);
        if (placed.isEmpty() || placed.get(0).contribution().isDay()) {
          continue; // progress, and the news of a later day, go to every partition
        }
        records++;
        contributions += placed.size();
        final int partition = ShardPlacement.partition(r.key, partitions);
        final List<Integer> indexes = new ArrayList<>();
        for (final ShardInput.Placed p : placed) {
          assertEquals(
              partition,
              ShardPlacement.partition(p.contribution().shardKey(), partitions),
              "a record holds the contributions of its key's partition only");
          assertEquals(placed.get(0).position().offset(), p.position().offset(), "one report's");
          indexes.add(p.position().index());
        }
        assertEquals(indexes.stream().sorted().toList(), indexes, "in their order");
        assertTrue(
            partitionsOfReport
                .computeIfAbsent(placed.get(0).position().offset(), o -> new HashSet<>())
                .add(partition),
            "one record a report and partition");
      }
      if (partitions == 1) {
        assertEquals(12, records, "one record a report");
        atOnePartition = contributions;
      } else {
        assertEquals(atOnePartition, contributions, "the same contributions at " + partitions);
        assertTrue(
            records < contributions,
            records + " records for " + contributions + " contributions at " + partitions);
      }
    }
  }

  @Test
  void aBatchIsReadBackAsItWasWritten() {
    final Serde<ShardInput> serde = ShardInput.serde();
    for (final KeyValue<String, ShardInput> r : sent(6)) {
      final byte[] bytes = serde.serializer().serialize("t", r.value);
      assertArrayEquals(
          bytes, serde.serializer().serialize("t", serde.deserializer().deserialize("t", bytes)));
    }
    assertTrue(
        sent(6).stream().anyMatch(r -> r.value instanceof ShardInput.Batch),
        "some report has several shards on one partition");
  }

  private static ShardInput.Placed placed(final Contribution.Shard shard, final int index) {
    return new ShardInput.Placed(
        new ArrivalPosition(1_000, 0, 7, index),
        1_000,
        new Contribution(
            shard,
            "I",
            (int) D.toEpochDay(),
            "PK",
            "Khyber Pakhtunkhwa",
            List.of("TTP"),
            new long[Tally.SIZE]));
  }

  @Test
  void aBatchGoesToItsContributionsPartitionAndOneForSeveralIsRefused() {
    final ShardInput.Partitioner partitioner = new ShardInput.Partitioner();
    final ShardInput.Placed total = placed(Contribution.Shard.GRAND_TOTAL, 4);
    assertEquals(
        Optional.of(Set.of(ShardPlacement.partition(ShardKeys.GRAND_TOTAL, 6))),
        partitioner.partitions(
            "t", ShardKeys.GRAND_TOTAL, new ShardInput.Batch(List.of(total, total)), 6));
    // Built for another partition count than the topic's: the grand total has a partition of its
    // own at six, the country's total another.
    final ShardInput.Batch straddling =
        new ShardInput.Batch(List.of(placed(Contribution.Shard.COUNTRY, 1), total));
    final IllegalStateException refused =
        assertThrows(
            IllegalStateException.class,
            () -> partitioner.partitions("t", "PK|*|*", straddling, 6));
    assertTrue(refused.getMessage().contains("topic.partitions"), refused.getMessage());
  }
}
