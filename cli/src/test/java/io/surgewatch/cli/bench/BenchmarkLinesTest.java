package io.surgewatch.cli.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.surgewatch.core.ShardPlacement;
import io.surgewatch.core.SurgewatchConfig;
import io.surgewatch.inputs.SyntheticIncidents;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The lines scripts read, formatted from figures (no benchmark run). */
class BenchmarkLinesTest {

  @Test
  void theLastLineAddsTheCeilingAndThePipelinesShareOfIt() {
    assertEquals(
        "bench: pipeline_eps=4050 baseline_eps=585791 ratio=0.01 ceiling_eps=20615 ceiling_ratio=0.20",
        Benchmark.summaryLine(4050.4, 585791.2, 20615.3));
    assertEquals(
        "bench: pipeline_eps=15000 baseline_eps=60000 ratio=0.25 ceiling_eps=20000 ceiling_ratio=0.75",
        Benchmark.summaryLine(15000, 60000, 20000));
  }

  @Test
  void progressNamesWhenEachStagePassedEachQuarterAndTheCubesMiddleHalfIsItsSteadyRate() {
    final ProgressTimeline timeline = new ProgressTimeline("the first publish");
    // Stage 1 takes its backlog in 4 s; the cube crawls while it does, then goes at 100 a second.
    timeline.add(0, 0, 0);
    timeline.add(2, 500, 10);
    timeline.add(4, 1000, 100);
    timeline.add(5, 1000, 200);
    timeline.add(6, 1000, 300);
    timeline.add(7, 1000, 400);
    assertEquals(
        "bench: progress (seconds from the first publish at 25/50/75/100% of the final offsets):"
            + " stage 1 2/2/4/4; cube 4/5/6/7",
        timeline.line());
    // 100 to 300 of the cube's 400 offsets in 2 s, for 2,000 reports: 500 reports/s.
    assertEquals(500.0, timeline.cubeSteady(2_000), 1e-9);
  }

  @Test
  void fencingsAreTheSecondsOfErrorsWhoseExceptionSaysTheProducerWasFenced() {
    final List<String> log =
        List.of(
            "Streams app started (application.id surgewatch-bench)",
            "06:00:29 ERROR org.apache.kafka.streams.processor.internals.RecordCollectorImpl -"
                + " stream-thread [x-StreamThread-2] stream-task [1_3] Error encountered sending"
                + " record to topic surgewatch-bench-cube-buckets-changelog for task 1_3 due to:",
            "org.apache.kafka.common.errors.InvalidProducerEpochException: Producer attempted to"
                + " produce with an old epoch.",
            "\tat org.apache.kafka.streams.processor.internals.RecordCollectorImpl.send",
            "06:00:29 ERROR org.apache.kafka.streams.processor.internals.ProcessorStateManager -"
                + " Failed to flush cache of store cube-meta: ",
            "Caused by: org.apache.kafka.common.errors.InvalidProducerEpochException: old epoch",
            "06:01:02 ERROR io.surgewatch.Something - a broker went away",
            "org.apache.kafka.common.errors.TimeoutException: expired",
            "06:02:10 WARN io.surgewatch.Other - InvalidProducerEpochException named in a warning",
            "06:03:00 ERROR org.apache.kafka.streams.processor.internals.RecordCollectorImpl - x",
            "org.apache.kafka.common.errors.ProducerFencedException: fenced");
    assertEquals(Set.of("06:00:29", "06:03:00"), AppInstances.fencedSeconds(log));
  }

  @Test
  void cubeWorkNamesEachPartitionAndTheMaxOverTheMean() {
    assertEquals(
        "bench: cube work by partition (key updates): p0=100 p1=300 p2=200 max/mean=1.50",
        CubeWork.line(new long[] {100, 300, 200}));
    assertEquals(
        "bench: cube work by partition (key updates): p0=7 max/mean=1.00",
        CubeWork.line(new long[] {7}));
  }

  @Test
  void writesByTopicAreRecordsAReportLargestFirst() {
    assertEquals(
        "counts=22.9 cube-pending-changelog=9.0 a-changelog=0.0 b-changelog=0.0",
        CubeWork.writesLine(
            Map.of(
                "b-changelog", 1L,
                "cube-pending-changelog", 900L,
                "counts", 2290L,
                "a-changelog", 1L),
            100));
  }

  @Test
  void theOutputIsCountedOnTheShardThatWroteIt() {
    final List<byte[]> keys =
        Stream.of(
                "*|*|*|P7D|2023-01-30",
                "*|*|TTP|P7D|2023-01-30",
                "PK|Khyber Pakhtunkhwa|TTP|P30D|2023-01-30",
                "PK|*|*|P30D|2023-01-30")
            .map(k -> k.getBytes(StandardCharsets.UTF_8))
            .toList();
    final CubeWork.OutputByPartition byShard = new CubeWork.OutputByPartition(6);
    keys.forEach(byShard::add);
    final long[] work = byShard.work();
    final long[] expected = new long[6];
    for (final String cubeKey :
        List.of("*|*|*", "*|*|TTP", "PK|Khyber Pakhtunkhwa|TTP", "PK|*|*")) {
      expected[ShardPlacement.partitionOfKey(cubeKey, 6)]++;
    }
    assertEquals(1, work[0], "the grand total has partition 0 to itself");
    assertArrayEquals(expected, work);
  }

  @Test
  void benchsReportsSpreadTheCubesKeyUpdatesWithinAQuarterOfTheMeanTheGrandTotalAlone() {
    final SyntheticIncidents data = SyntheticIncidents.generate(20_000, 42);
    final long[] work = CubeWork.keyUpdates(data, SurgewatchConfig.defaultsOnly());
    assertEquals(6, work.length);
    final long total = Arrays.stream(work).sum();
    final long max = Arrays.stream(work).max().orElseThrow();
    assertTrue(
        max < 1.3 * total / work.length,
        "one country shard and one global shard put two partitions at twice the mean: "
            + Arrays.toString(work));
    assertTrue(
        work[0] <= data.size() && work[0] > data.size() * 0.9,
        "partition 0 holds the grand total alone, one update a counted report: " + work[0]);
  }
}
