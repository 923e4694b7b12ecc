package io.surgewatch.streams.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.surgewatch.core.SurgewatchConfig;
import io.surgewatch.engine.CountChange;
import io.surgewatch.engine.EngineConfig;
import io.surgewatch.engine.Tally;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import org.apache.kafka.common.serialization.LongDeserializer;
import org.apache.kafka.common.serialization.LongSerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cube writes each count record once per commit, with its latest value: what the topic holds
 * last for every key is what it would hold had every change been written (the figures of the last
 * change as they were when it was made, though the engine reuses its arrays), and a commit writes
 * out everything held, from inside the transaction that commits its input.
 */
class HeldCountsTest {
  @TempDir Path dir;
  private TopologyTestDriver driver;
  private TestInputTopic<String, String> input;
  private TestOutputTopic<String, Long> counts;

  /**
   * "k=5 j=1 k=7@1000": each sets that record key's incidents (the key PK|k|* in the first window,
   * one day), through the held store, at the record's timestamp or the one given.
   */
  private static final class Changes implements Processor<String, String, Void, Void> {
    private HeldCounts held;

    @Override
    public void init(final ProcessorContext<Void, Void> context) {
      held = context.getStateStore(HeldCounts.NAME);
      held.connect(context, "as-test-output");
      // A punctuation's changes are held like a record's (the cube's open-day flush is one).
      context.schedule(
          Duration.ofSeconds(10),
          PunctuationType.WALL_CLOCK_TIME,
          now -> held.put(change("tick", sums(now)), now));
    }

    @Override
    public void process(final Record<String, String> record) {
      for (final String change : record.value().split(" ")) {
        final String[] kv = change.split("[=@]");
        final long at = kv.length > 2 ? Long.parseLong(kv[2]) : record.timestamp();
        final long[] sums = sums(Long.parseLong(kv[1]));
        held.put(change(kv[0], sums), at);
        // The engine's arrays go on changing after the call, as its window sums do.
        sums[Tally.INCIDENTS] = -1;
      }
    }
  }

  private static final EngineConfig CONFIG = EngineConfig.from(SurgewatchConfig.defaultsOnly());

  private static long[] sums(final long incidents) {
    final long[] sums = new long[Tally.SIZE];
    sums[Tally.INCIDENTS] = incidents;
    return sums;
  }

  private static final int DAY = (int) LocalDate.of(2022, 11, 28).toEpochDay();

  /**
   * The change of a record key named {@code region} (its cube key {@code PK|region|*}, the first
   * window, {@link #DAY}), or {@code region/w/d}: window w, d days after it.
   */
  private static CountChange change(final String name, final long[] sums) {
    final String[] parts = name.split("/");
    return parts.length == 1
        ? CountChange.of(CONFIG, "PK|" + name + "|*", 0, DAY, sums)
        : CountChange.of(
            CONFIG,
            "PK|" + parts[0] + "|*",
            Integer.parseInt(parts[1]),
            DAY + Integer.parseInt(parts[2]),
            sums);
  }

  /** The name {@link #change} was given, read back from a written record. */
  private static String name(final CountChange written) {
    final String region = written.cubeKey().split("\\|")[1];
    return written.window() == 0 && written.day() == DAY
        ? region
        : region + '/' + written.window() + '/' + (written.day() - DAY);
  }

  private void start(final int limit) throws Exception {
    final Topology topology = new Topology();
    topology.addSource(
        "changes-source", new StringDeserializer(), new StringDeserializer(), "changes");
    topology.addProcessor("changes", Changes::new, "changes-source");
    topology.addStateStore(HeldCounts.builder(limit), "changes");
    // The record key is the change's name (see change).
    topology.addProcessor(
        "as-test-output",
        () ->
            new Processor<CountChange, CountChange, String, Long>() {
              private ProcessorContext<String, Long> context;

              @Override
              public void init(final ProcessorContext<String, Long> context) {
                this.context = context;
              }

              @Override
              public void process(final Record<CountChange, CountChange> record) {
                context.forward(
                    new Record<>(
                        name(record.key()),
                        record.value().sum(Tally.INCIDENTS),
                        record.timestamp()));
              }
            },
        "changes");
    topology.addSink(
        "counts-sink", "counts", new StringSerializer(), new LongSerializer(), "as-test-output");
    final Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, "held-counts-test");
    p.put(StreamsConfig.STATE_DIR_CONFIG, dir.toString());
    p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    driver = new TopologyTestDriver(topology, p);
    input = driver.createInputTopic("changes", new StringSerializer(), new StringSerializer());
    counts = driver.createOutputTopic("counts", new StringDeserializer(), new LongDeserializer());
  }

  @AfterEach
  void stop() throws Exception {
    if (driver == null) {
      return;
    }
    driver.close();
    driver = null;
  }

  @Test
  void aKeyChangedSeveralTimesBeforeACommitIsWrittenOnceWithItsLatestValue() throws Exception {
    start(100);
    // The test driver commits after every input record.
    input.pipeInput("r1", "k=1 j=1 k=2 k=3");
    // In the order of their last change.
    assertEquals(
        List.of(KeyValue.pair("j", 1L), KeyValue.pair("k", 3L)), counts.readKeyValuesToList());
    input.pipeInput("r2", "j=2");
    assertEquals(List.of(KeyValue.pair("j", 2L)), counts.readKeyValuesToList());
  }

  @Test
  void aHeldRecordKeepsTheTimestampOfItsLatestChange() throws Exception {
    start(100);
    input.pipeInput("r1", "k=1@1000 k=3@7000", 5_000L);
    final TestRecord<String, Long> written = counts.readRecord();
    assertEquals(3L, written.value());
    assertEquals(7_000L, written.timestamp());
  }

  @Test
  void pastTheLimitTheLeastRecentlyChangedIsWrittenAtOnce() throws Exception {
    start(2);
    input.pipeInput("r1", "a=1 b=1 a=2 c=1");
    // a changed after b: b is the one written when c arrives; a and c at the commit.
    assertEquals(
        List.of(KeyValue.pair("b", 1L), KeyValue.pair("a", 2L), KeyValue.pair("c", 1L)),
        counts.readKeyValuesToList());
  }

  @Test
  void pastTheLimitTheLongestHeldIsWrittenAtOnceAndNothingIsLost() throws Exception {
    start(2);
    input.pipeInput("r1", "a=1 b=1 c=1 a=2 d=1");
    // a goes when c arrives (three held), b when a comes back, c when d arrives; a and d at the
    // commit.
    assertEquals(
        List.of(
            KeyValue.pair("a", 1L),
            KeyValue.pair("b", 1L),
            KeyValue.pair("c", 1L),
            KeyValue.pair("a", 2L),
            KeyValue.pair("d", 1L)),
        counts.readKeyValuesToList());
  }

  @Test
  void withALimitOfZeroEveryChangeIsWrittenAsItHappens() throws Exception {
    start(0);
    input.pipeInput("r1", "k=1 k=2");
    assertEquals(
        List.of(KeyValue.pair("k", 1L), KeyValue.pair("k", 2L)), counts.readKeyValuesToList());
  }

  @Test
  void aPunctuationsChangesAreWrittenByTheCommitAfterIt() throws Exception {
    start(100);
    driver.advanceWallClockTime(Duration.ofSeconds(10));
    final List<KeyValue<String, Long>> written = counts.readKeyValuesToList();
    assertEquals(1, written.size());
    assertEquals("tick", written.get(0).key);
    assertTrue(written.get(0).value > 0);
  }

  /**
   * Random changes against a model of the rule (a map in the order of last change, past the limit
   * the eldest written, the rest at each commit, eldest first): the same records in the same order,
   * with few keys and a small limit, and with thousands of keys, over a few windows and days, that
   * make the table grow and then evict from it.
   */
  @Test
  void whatIsWrittenAndInWhatOrderFollowTheRuleForRandomChanges() throws Exception {
    for (final int[] shape :
        new int[][] {{12, 3, 8}, {6, 1, 4}, {5_000, 300, 2_000}, {5_000, 3_000, 6_000}}) {
      final int names = shape[0];
      final int limit = shape[1];
      final int perRecord = shape[2];
      start(limit);
      final Random random = new Random(names * 31L + limit);
      final LinkedHashMap<String, Long> model = new LinkedHashMap<>(16, 0.75f, true);
      final List<KeyValue<String, Long>> expected = new ArrayList<>();
      final List<KeyValue<String, Long>> written = new ArrayList<>();
      for (int r = 0; r < 60; r++) {
        final StringBuilder changes = new StringBuilder();
        final int n = 1 + random.nextInt(perRecord);
        for (int c = 0; c < n; c++) {
          // Half of them record keys that share a cube key and differ by window or day (a name in
          // the
          // form change() reads back: plain for the first window on DAY).
          final String cube = "n" + random.nextInt(names);
          final int window = random.nextBoolean() ? 0 : random.nextInt(3);
          final int day = window == 0 && random.nextBoolean() ? 0 : random.nextInt(4);
          final String name = window == 0 && day == 0 ? cube : cube + '/' + window + '/' + day;
          final long value = random.nextInt(1_000_000);
          changes.append(c == 0 ? "" : " ").append(name).append('=').append(value);
          model.put(name, value);
          if (model.size() > limit) {
            final var eldest = model.entrySet().iterator().next();
            expected.add(KeyValue.pair(eldest.getKey(), eldest.getValue()));
            model.remove(eldest.getKey());
          }
        }
        model.forEach((k, v) -> expected.add(KeyValue.pair(k, v)));
        model.clear();
        input.pipeInput("r" + r, changes.toString());
        written.addAll(counts.readKeyValuesToList());
      }
      int same = 0;
      while (same < Math.min(expected.size(), written.size())
          && expected.get(same).equals(written.get(same))) {
        same++;
      }
      assertEquals(
          expected.size(),
          same,
          names
              + " keys, limit "
              + limit
              + ": "
              + written.size()
              + " records written, the first that differs from the rule's at "
              + same);
      assertEquals(expected.size(), written.size());
      stop();
    }
  }
}
