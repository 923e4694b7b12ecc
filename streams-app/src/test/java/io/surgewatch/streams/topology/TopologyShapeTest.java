package io.surgewatch.streams.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.surgewatch.core.SurgewatchConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.kafka.streams.Topology;
import org.junit.jupiter.api.Test;

/**
 * Pins the topology's shape: processor, store and internal topic names are part of the deployed
 * state (changelogs, repartition topics), so a change that renames one must be deliberate. To
 * accept a change, run with -Dsurgewatch.updateTopology=true and review the diff of topology.txt.
 */
class TopologyShapeTest {
  static final Path PINNED = Path.of("src/test/resources/topology.txt");

  @Test
  void theTopologyMatchesThePinnedDescription() throws IOException {
    final Topology topology = SurgewatchTopology.build(SurgewatchConfig.defaultsOnly());
    final String now = topology.describe().toString();
    if (Boolean.getBoolean("surgewatch.updateTopology")) {
      Files.writeString(PINNED, now);
    }
    assertEquals(Files.readString(PINNED), now);
  }

  @Test
  void everyInternalResourceIsNamed() {
    final String now =
        SurgewatchTopology.build(SurgewatchConfig.defaultsOnly()).describe().toString();
    assertTrue(
        !now.contains("KSTREAM-") && !now.contains("KTABLE-") && !now.contains("-STATE-STORE-"),
        now);
  }
}
