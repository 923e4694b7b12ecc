package io.surgewatch.streams.topology;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.surgewatch.core.Keys;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.IntegerDeserializer;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;

/**
 * The merges write their upstreams' frontiers from the commit hook: each commit's changelog holds
 * the frontiers its input moved, not the commit before's (a restart resumes from the changelog).
 */
class FrontiersCommittedTest {

  @Test
  void everyFrontierInTheStoresIsInTheChangelogOnceItsInputIsCommitted() {
    try (TopologyHarness h = new TopologyHarness(StoredState.CONFIG)) {
      StoredState.firstPartUnflushed(h);
      for (final String store : List.of(CubeOrder.FRONTIERS, AlertStoryProcessor.FRONTIERS)) {
        final Map<Integer, byte[]> logged = new HashMap<>();
        h.driver
            .createOutputTopic(
                h.config.get(Keys.APPLICATION_ID) + "-" + store + "-changelog",
                new IntegerDeserializer(),
                new ByteArrayDeserializer())
            .readKeyValuesToList()
            .forEach(kv -> logged.put(kv.key, kv.value));
        final KeyValueStore<Integer, byte[]> frontiers = h.driver.getKeyValueStore(store);
        int seen = 0;
        try (KeyValueIterator<Integer, byte[]> it = frontiers.all()) {
          while (it.hasNext()) {
            final var kv = it.next();
            assertArrayEquals(kv.value, logged.get(kv.key), store + " upstream " + kv.key);
            seen++;
          }
        }
        assertFalse(seen == 0, store + " holds frontiers");
      }
    }
  }
}
