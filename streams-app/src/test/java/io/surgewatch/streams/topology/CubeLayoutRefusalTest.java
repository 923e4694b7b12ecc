package io.surgewatch.streams.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.surgewatch.core.SurgewatchConfig;
import io.surgewatch.streams.engine.EngineConfig;
import java.nio.file.Files;
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
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A cube task refuses state whose keys an earlier release placed by country (one global shard): its
 * keys belong on other partitions now, and mixing the two layouts would count silently wrong. State
 * this release wrote opens again.
 */
class CubeLayoutRefusalTest {
  private Path dir;
  private TopologyTestDriver driver;
  private TestInputTopic<String, String> commands;
  private final List<String> opened = new ArrayList<>();

  /** "open": opens the cube's stores as a cube task does; "day N": sets the watermark. */
  private final class CubeTask implements Processor<String, String, Void, Void> {
    private ProcessorContext<Void, Void> context;

    @Override
    public void init(final ProcessorContext<Void, Void> context) {
      this.context = context;
    }

    @Override
    public void process(final Record<String, String> record) {
      final KafkaCubeStores stores =
          new KafkaCubeStores(context, EngineConfig.from(SurgewatchConfig.defaultsOnly()), 10_000);
      if (record.value().startsWith("day ")) {
        stores.watermark(Integer.parseInt(record.value().substring(4)));
      }
      opened.add(record.value());
    }
  }

  @BeforeEach
  void start() throws Exception {
    dir = Files.createTempDirectory("cube-layout");
    final StreamsBuilder builder = new StreamsBuilder();
    builder.addStateStore(KafkaCubeStores.headsStore(true));
    builder.addStateStore(KafkaCubeStores.bucketsStore(true));
    builder.addStateStore(KafkaCubeStores.keysOnlyStore(KafkaCubeStores.BUCKET_DAYS));
    builder.addStateStore(KafkaCubeStores.keysOnlyStore(KafkaCubeStores.DIRTY));
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(KafkaCubeStores.META),
            Serdes.String(),
            Serdes.ByteArray()));
    builder.stream("commands", Consumed.with(Serdes.String(), Serdes.String()))
        .process(
            CubeTask::new,
            KafkaCubeStores.HEADS,
            KafkaCubeStores.BUCKETS,
            KafkaCubeStores.BUCKET_DAYS,
            KafkaCubeStores.DIRTY,
            KafkaCubeStores.META);
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

  @Test
  void stateThisReleaseWroteOpensAgain() {
    commands.pipeInput("open");
    commands.pipeInput("day 19000");
    commands.pipeInput("open");
    assertEquals(List.of("open", "day 19000", "open"), opened);
  }

  @Test
  void stateOfTheCountryShardLayoutIsRefusedWithAResetHint() {
    // What an earlier release left: a watermark, and no mark of the split shards.
    final KeyValueStore<String, byte[]> meta = driver.getKeyValueStore(KafkaCubeStores.META);
    meta.put("watermark", CubeWatermark.encode(19_000));
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
