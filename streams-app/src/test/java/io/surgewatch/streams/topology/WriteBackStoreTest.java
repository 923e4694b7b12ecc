package io.surgewatch.streams.topology;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
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
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cube's hot state is written back at commit time: what the processor changed is in the
 * changelogged store when the commit that covers its input happens, and reads in between see the
 * processor's own writes.
 */
class WriteBackStoreTest {
  private static final String STORE = "test-write-back";
  @TempDir Path dir;
  private TopologyTestDriver driver;
  private TestInputTopic<String, String> input;
  private final List<String> seenByProcessor = new ArrayList<>();
  private WriteBackStore<String> storeSeenByProcessor;

  /** "put k v", "del k", "get k", "range a b": each applied to the store by the processor. */
  private final class Commands implements Processor<String, String, Void, Void> {
    private WriteBackStore<String> store;

    @Override
    public void init(final ProcessorContext<Void, Void> context) {
      store = context.getStateStore(STORE);
      storeSeenByProcessor = store;
    }

    @Override
    public void process(final Record<String, String> record) {
      for (final String command : record.value().split(";")) {
        final String[] c = command.trim().split(" ");
        switch (c[0]) {
          case "put" -> store.put(c[1], c[2]);
          case "del" -> store.delete(c[1]);
          case "get" -> seenByProcessor.add(String.valueOf(store.getObject(c[1])));
          default -> {
            try (KeyValueIterator<String, byte[]> it = store.rangeIncludingPending(c[1], c[2])) {
              final StringBuilder b = new StringBuilder();
              it.forEachRemaining(
                  kv ->
                      b.append(kv.key)
                          .append('=')
                          .append(new String(kv.value, StandardCharsets.UTF_8))
                          .append(' '));
              seenByProcessor.add(b.toString().trim());
            }
          }
        }
      }
    }
  }

  @BeforeEach
  void start() throws Exception {
    final StreamsBuilder builder = new StreamsBuilder();
    builder.addStateStore(
        WriteBackStore.builder(
            STORE,
            b -> new String(b, StandardCharsets.UTF_8),
            s -> s.getBytes(StandardCharsets.UTF_8),
            2));
    builder.stream("commands", Consumed.with(Serdes.String(), Serdes.String()))
        .process(Commands::new, STORE);
    final Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, "write-back-test");
    p.put(StreamsConfig.STATE_DIR_CONFIG, dir.toString());
    p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    driver = new TopologyTestDriver(builder.build(), p);
    input = driver.createInputTopic("commands", new StringSerializer(), new StringSerializer());
  }

  @AfterEach
  void stop() throws Exception {
    driver.close();
  }

  /**
   * What interactive queries and the changelog see: the inner store (the test driver will not hand
   * it out).
   */
  private byte[] committed(final String key) {
    return storeSeenByProcessor.get(key);
  }

  @Test
  void aChangeIsInTheChangeloggedStoreByTheCommitThatCoversItsInput() {
    input.pipeInput("1", "put a 1");
    assertArrayEquals("1".getBytes(StandardCharsets.UTF_8), committed("a"));
    input.pipeInput("2", "put a 2; put a 3");
    assertArrayEquals(
        "3".getBytes(StandardCharsets.UTF_8), committed("a"), "the last value of the interval");
    input.pipeInput("3", "del a");
    assertNull(committed("a"));
  }

  @Test
  void theProcessorReadsItsOwnWritesBeforeTheyAreWrittenBack() {
    input.pipeInput("1", "put a 1; get a; del a; get a; get never");
    assertEquals(List.of("1", "null", "null"), seenByProcessor);
  }

  @Test
  void aRangeReadIncludesChangesNotYetWrittenBack() {
    input.pipeInput("1", "put b 1; put c 1");
    input.pipeInput("2", "put a 2; del c; put d 2; range a c");
    assertEquals(List.of("a=2 b=1"), seenByProcessor);
  }

  @Test
  void valuesEvictedFromTheDecodedCacheAreReadBackFromTheStore() {
    input.pipeInput(
        "1",
        "put a 1; put b 2; put c 3; put d 4"); // cache of two: a and b are evicted on write-back
    input.pipeInput("2", "get a; get b; get d");
    assertEquals(List.of("1", "2", "4"), seenByProcessor);
  }
}
