package io.surgewatch.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

/**
 * Reading a topic back, on a mock consumer: where it starts, where it stops, and that it fails,
 * named, rather than hang. TopicRangeOnTheBrokerTest reads a real broker's transactions.
 */
class TopicRangeTest {
  private static final String TOPIC = "t";
  private static final TopicPartition P0 = new TopicPartition(TOPIC, 0);
  private static final TopicPartition P1 = new TopicPartition(TOPIC, 1);
  private static final Duration PATIENCE = Duration.ofSeconds(30);

  private final MockConsumer<String, byte[]> consumer = new MockConsumer<>("earliest");

  /** A topic of two partitions holding offsets [begin, end) each. */
  private void topic(final long begin, final long end) {
    final Node node = new Node(0, "localhost", 9092);
    consumer.updatePartitions(
        TOPIC,
        List.of(
            new PartitionInfo(TOPIC, 0, node, new Node[] {node}, new Node[] {node}),
            new PartitionInfo(TOPIC, 1, node, new Node[] {node}, new Node[] {node})));
    consumer.updateBeginningOffsets(Map.of(P0, begin, P1, begin));
    consumer.updateEndOffsets(Map.of(P0, end, P1, end));
  }

  /** Records at offsets [from, to) of a partition, as the broker would give them. */
  private void records(final TopicPartition tp, final long from, final long to) {
    for (long o = from; o < to; o++) {
      consumer.addRecord(new ConsumerRecord<>(TOPIC, tp.partition(), o, "k" + o, new byte[] {1}));
    }
  }

  /** {@link #topic} with both partitions holding every offset, opened from the beginning. */
  private TopicRange full(final long begin, final long end) throws MissingTopicException {
    topic(begin, end);
    final TopicRange range =
        TopicRange.open(consumer, TOPIC, TopicRange.Start.beginning(), PATIENCE);
    records(P0, begin, end);
    records(P1, begin, end);
    return range;
  }

  private static List<String> places(final List<ConsumerRecord<String, byte[]>> records) {
    return records.stream().map(r -> r.partition() + "@" + r.offset()).sorted().toList();
  }

  private List<String> readToEnd(final TopicRange range) {
    final List<ConsumerRecord<String, byte[]>> read = new ArrayList<>();
    range.readToEnd(read::add);
    return places(read);
  }

  @Test
  void fromTheBeginningEveryRecordUpToTheEndOffsetsTakenAtOpeningIsRead() throws Exception {
    final TopicRange range = full(2, 4);
    assertEquals(List.of("0@2", "0@3", "1@2", "1@3"), readToEnd(range));
    assertTrue(range.atEnd());
    assertEquals(4, range.end(P1));
  }

  @Test
  void recordsCommittedAfterOpeningAreLeftOut() throws Exception {
    // The dead-letter replayer's re-publications land on the topic it reads: never read again.
    topic(0, 2);
    final TopicRange range =
        TopicRange.open(consumer, TOPIC, TopicRange.Start.beginning(), PATIENCE);
    records(P0, 0, 5);
    records(P1, 0, 2);
    assertEquals(List.of("0@0", "0@1", "1@0", "1@1"), readToEnd(range));
  }

  @Test
  void theLastRecordsOfEachPartitionStartThatManyBeforeItsEndAndNeverBeforeItsBeginning()
      throws Exception {
    topic(5, 100);
    TopicRange.open(consumer, TOPIC, TopicRange.Start.lastOfEachPartition(10), PATIENCE);
    assertEquals(90, consumer.position(P0));
    assertEquals(90, consumer.position(P1));
    TopicRange.open(consumer, TOPIC, TopicRange.Start.lastOfEachPartition(1_000), PATIENCE);
    assertEquals(5, consumer.position(P0));
  }

  @Test
  void theLastRecordsSpreadOverThePartitionsTakeAnEqualShareRoundedUpFromEach() throws Exception {
    topic(0, 100);
    TopicRange.open(consumer, TOPIC, TopicRange.Start.lastSpreadOverPartitions(21), PATIENCE);
    assertEquals(89, consumer.position(P0));
    assertEquals(89, consumer.position(P1));
  }

  @Test
  void anEmptyTopicIsAtItsEndAtOnce() throws Exception {
    topic(7, 7);
    final TopicRange range =
        TopicRange.open(consumer, TOPIC, TopicRange.Start.beginning(), PATIENCE);
    assertTrue(range.atEnd());
    assertEquals(List.of(), readToEnd(range));
  }

  @Test
  void aTopicTheBrokerDoesNotHaveIsAMissingTopicNamingIt() {
    final MissingTopicException e =
        assertThrows(
            MissingTopicException.class,
            () -> TopicRange.open(consumer, "nowhere", TopicRange.Start.beginning(), PATIENCE));
    assertEquals("nowhere", e.topic());
    assertEquals("topic nowhere does not exist", e.getMessage());
  }

  @Test
  void aPartitionThatStopsShortOfItsEndFailsNamingWhereItStoppedInsteadOfHanging()
      throws Exception {
    // The dead-letter replayer's loop once waited for ever here.
    topic(0, 10);
    final TopicRange range =
        TopicRange.open(consumer, TOPIC, TopicRange.Start.beginning(), Duration.ofMillis(300));
    records(P0, 0, 10);
    records(P1, 0, 4); // offsets 4 to 9 never come
    final List<ConsumerRecord<String, byte[]>> read = new ArrayList<>();
    final PartitionStalledException e =
        assertThrows(PartitionStalledException.class, () -> range.readToEnd(read::add));
    assertEquals(P1, e.partition());
    assertEquals(4, e.offset());
    assertEquals(10, e.end());
    assertEquals(
        "reading t-1 stopped at offset 4 of 10 for 300 ms: is its leader available?",
        e.getMessage());
    assertEquals(14, read.size(), "what came before the stall was handed on");
  }

  @Test
  void aReadThatDoesNotReachTheEndInTimeIsATimeout() throws Exception {
    topic(0, 10);
    final TopicRange range =
        TopicRange.open(consumer, TOPIC, TopicRange.Start.beginning(), PATIENCE);
    final TimeoutException e =
        assertThrows(
            TimeoutException.class, () -> range.readToEnd(r -> {}, Duration.ofMillis(300)));
    assertEquals("reading t to its end took longer than 300 ms", e.getMessage());
  }

  @Test
  void theTimeIsCheckedBeforeEachRecordNotOnlyBetweenPolls() throws Exception {
    final TopicRange range = full(0, 10); // all twenty records come in the first poll
    final Duration within = Duration.ofMillis(20);
    final List<ConsumerRecord<String, byte[]>> read = new ArrayList<>();
    assertThrows(
        TimeoutException.class,
        () ->
            range.readToEnd(
                r -> {
                  // a visitor slow on its first record: it returns once the time is up
                  final long visited = System.nanoTime();
                  while (System.nanoTime() - visited <= within.toNanos()) {
                    Thread.onSpinWait();
                  }
                  read.add(r);
                },
                within));
    assertEquals(1, read.size(), "no record is handed on once the time is up");
  }

  @Test
  void followingGoesOnPastTheEndWhichOnlySaysWhenItCaughtUp() throws Exception {
    topic(0, 2);
    final TopicRange range =
        TopicRange.open(consumer, TOPIC, TopicRange.Start.beginning(), PATIENCE);
    records(P0, 0, 1);
    assertEquals(List.of("0@0"), places(range.pollFollowing()));
    assertFalse(range.atEnd());
    records(P0, 1, 3);
    records(P1, 0, 2);
    assertEquals(List.of("0@1", "0@2", "1@0", "1@1"), places(range.pollFollowing()));
    assertTrue(range.atEnd());
  }

  @Test
  void itsConsumerReadsCommittedRecordsWithoutAGroupOrTopicCreationAndKeepsTheSecuritySettings() {
    final SurgewatchConfig config =
        SurgewatchConfig.defaultsOnly()
            .withAll(
                Map.of(
                    "security.protocol", "SASL_SSL",
                    "sasl.mechanism", "PLAIN",
                    "group.id", "someone-elses",
                    "enable.auto.commit", "true"));
    final Map<String, Object> props = TopicRange.consumerProperties(config, "surgewatch-test");
    assertEquals("SASL_SSL", props.get("security.protocol"));
    assertEquals("PLAIN", props.get("sasl.mechanism"));
    assertEquals(config.get(Keys.BOOTSTRAP_SERVERS), props.get("bootstrap.servers"));
    assertFalse(props.containsKey(ConsumerConfig.GROUP_ID_CONFIG));
    assertEquals("surgewatch-test", props.get(ConsumerConfig.CLIENT_ID_CONFIG));
    assertEquals("read_committed", props.get(ConsumerConfig.ISOLATION_LEVEL_CONFIG));
    assertEquals(false, props.get(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG));
    assertEquals(false, props.get(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG));
  }
}
