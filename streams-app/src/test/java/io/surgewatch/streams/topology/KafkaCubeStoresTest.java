package io.surgewatch.streams.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.surgewatch.core.SurgewatchConfig;
import io.surgewatch.engine.EngineConfig;
import io.surgewatch.engine.Tally;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cube's stores as a cube task opens them. Queries read them as of the last write-back, the
 * latest day together with its buckets. A task refuses state whose keys an earlier release placed
 * by country (one global shard): its keys belong on other partitions now, and mixing the two
 * layouts would count silently wrong. State this release wrote opens again.
 */
class KafkaCubeStoresTest {
  @TempDir Path dir;
  private TopologyTestDriver driver;
  private TestInputTopic<String, String> commands;
  private final List<String> opened = new ArrayList<>();

  /** The stores a query reads (as read-only key-value stores). */
  private WriteBackStore<?> queriedMeta;

  private WriteBackStore<?> queriedBuckets;

  /** The re-tests a task opened after a commit found pending, as it took them. */
  private final List<String> retests = new ArrayList<>();

  /** What a query read in the middle of a command, before its commit. */
  private final List<String> readMidway = new ArrayList<>();

  /**
   * "open": opens the cube's stores as a cube task does; "day N": sets the watermark; "report N":
   * counts an incident on day N (the watermark moves to it), then reads as a query would; "earlier
   * release": writes what a release before the split shards left.
   */
  private final class CubeTask implements Processor<String, String, Void, Void> {
    private ProcessorContext<Void, Void> context;

    @Override
    public void init(final ProcessorContext<Void, Void> context) {
      this.context = context;
      queriedMeta = context.getStateStore(KafkaCubeStores.META);
      queriedBuckets = context.getStateStore(KafkaCubeStores.BUCKETS);
    }

    @Override
    public void process(final Record<String, String> record) {
      if (record.value().equals("earlier release")) {
        // What an earlier release left: a watermark, and no mark of the split shards.
        queriedMeta.inner().put("watermark", CubeWatermark.encode(19_000));
        return;
      }
      final KafkaCubeStores stores =
          new KafkaCubeStores(context, EngineConfig.from(SurgewatchConfig.defaultsOnly()), 10_000);
      if (record.value().startsWith("day ")) {
        stores.watermark(Integer.parseInt(record.value().substring(4)));
      }
      if (record.value().startsWith("retest ")) {
        final String[] a = record.value().split(" ");
        stores.retests().add(a[1], Integer.parseInt(a[2]), Long.parseLong(a[3]));
      }
      if (record.value().equals("take retests")) {
        retests.add(stores.retests().toString());
        stores.retests().take();
      }
      if (record.value().startsWith("report ")) {
        final int day = Integer.parseInt(record.value().substring(7));
        stores.addToBucket("PK/*/*", day, "i" + day, new long[Tally.SIZE]);
        stores.watermark(day);
        readMidway.add(asQueried());
        // Kafka Streams may write the stores back in either order: the meta store first too.
        queriedMeta.flushCache();
        readMidway.add(asQueried());
      }
      opened.add(record.value());
    }
  }

  @BeforeEach
  void start() throws Exception {
    final StreamsBuilder builder = new StreamsBuilder();
    builder.addStateStore(KafkaCubeStores.headsStore(true));
    builder.addStateStore(KafkaCubeStores.bucketsStore(true));
    builder.addStateStore(KafkaCubeStores.metaStore());
    builder.stream("commands", Consumed.with(Serdes.String(), Serdes.String()))
        .process(
            CubeTask::new, KafkaCubeStores.HEADS, KafkaCubeStores.BUCKETS, KafkaCubeStores.META);
    final Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, "cube-layout-test");
    p.put(StreamsConfig.STATE_DIR_CONFIG, dir.toString());
    driver = new TopologyTestDriver(builder.build(), p);
    commands = driver.createInputTopic("commands", new StringSerializer(), new StringSerializer());
  }

  @AfterEach
  void stop() {
    driver.close();
  }

  /** The latest day and the days with a bucket, as the query API reads them. */
  private String asQueried() {
    final byte[] latest = queriedMeta.get("watermark");
    final List<String> days = new ArrayList<>();
    try (var it = queriedBuckets.range("PK/*/*|", "PK/*/*|~")) {
      it.forEachRemaining(kv -> days.add(kv.key.substring(kv.key.indexOf('|') + 1)));
    }
    return "latest " + (latest == null ? null : CubeWatermark.decode(latest)) + " buckets " + days;
  }

  @Test
  void queriesSeeANewLatestDayOnlyWithItsBuckets() {
    commands.pipeInput("report 19000");
    commands.pipeInput("report 19001");
    // Before each write-back, the day before and its buckets; after it, the new day and its bucket.
    assertEquals(
        List.of(
            "latest null buckets []",
            "latest 19000 buckets [1019000]",
            "latest 19000 buckets [1019000]",
            "latest 19001 buckets [1019000, 1019001]"),
        readMidway);
    assertEquals("latest 19001 buckets [1019000, 1019001]", asQueried());
  }

  @Test
  void aTiesPendingReTestsOutliveACommitAndAreGoneOnceTaken() {
    // Each command opens the stores anew after the last one's commit, as a restored task does.
    commands.pipeInput("retest PK/*/* 19000 1700000000000");
    commands.pipeInput("retest PK/Sindh/* 18990 1700000000000");
    commands.pipeInput("retest PK/*/* 18995 1700000000000");
    commands.pipeInput("take retests");
    commands.pipeInput("take retests");
    assertEquals(List.of("1700000000000 {PK/*/*=18995, PK/Sindh/*=18990}", "0 {}"), retests);
  }

  @Test
  void stateThisReleaseWroteOpensAgain() {
    commands.pipeInput("open");
    commands.pipeInput("day 19000");
    commands.pipeInput("open");
    assertEquals(List.of("open", "day 19000", "open"), opened);
  }

  @Test
  void stateOfTheCountryShardLayoutIsRefusedWithAResetHint() {
    commands.pipeInput("earlier release");
    final StreamsException refused =
        assertThrows(StreamsException.class, () -> commands.pipeInput("open"));
    Throwable cause = refused;
    while (cause.getCause() != null && !(cause instanceof IllegalStateException)) {
      cause = cause.getCause();
    }
    assertTrue(
        cause.getMessage().contains("placed the cube's keys by country")
            && cause.getMessage().contains("./surgewatch reset --yes"),
        cause.getMessage());
    assertEquals(List.of(), opened);
  }
}
