package io.surgewatch.cli.bench;

import io.surgewatch.core.Keys;
import io.surgewatch.core.SurgewatchConfig;
import io.surgewatch.core.Topics;
import io.surgewatch.stack.TopicInitializer;
import io.surgewatch.streams.topology.SurgewatchTopology;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;

/**
 * What the pipeline's output alone costs here: a sample of the count records the app wrote, already
 * serialized, written again by one exactly-once producer configured as the app's (a transaction a
 * commit interval) and doing nothing else. Records a report times that producer's time a record
 * bounds any pipeline that emits this output.
 */
final class OutputCeiling {
  /**
   * Count records re-sent to measure the output's own cost: enough for a steady rate, small enough
   * to hold.
   */
  private static final int CEILING_SAMPLE = 1_000_000;

  private final SurgewatchConfig config;
  private final PrintStream out;

  OutputCeiling(final SurgewatchConfig config, final PrintStream out) {
    this.config = config;
    this.out = out;
  }

  /**
   * Re-sends the sample and prints what it found.
   *
   * @param reports the reports the app read to write its output
   * @param pipeline the pipeline's events/s, for the printed comparison
   * @return that bound in reports/s: the producer's records/s divided by the count records a report
   *     (NaN when the app wrote none)
   */
  double measure(final long reports, final double pipeline) {
    final Map<String, Object> consumerProps = config.clientProperties();
    consumerProps.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    consumerProps.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000);
    final String counts = Topics.from(config).counts().name();
    final List<byte[][]> sample = new ArrayList<>(CEILING_SAMPLE);
    final CubeWork.OutputByPartition byShard =
        new CubeWork.OutputByPartition(config.getInt(Keys.TOPIC_PARTITIONS));
    long written = 0;
    try (KafkaConsumer<byte[], byte[]> c =
        new KafkaConsumer<>(
            consumerProps, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      final List<TopicPartition> parts =
          c.partitionsFor(counts).stream()
              .map(p -> new TopicPartition(counts, p.partition()))
              .toList();
      c.assign(parts);
      c.seekToBeginning(parts);
      final Map<TopicPartition, Long> end = c.endOffsets(parts);
      // End offsets also count one commit marker a partition per transaction: a few thousand among
      // millions.
      written = end.values().stream().mapToLong(Long::longValue).sum();
      // Every record's shard is tallied; every stride-th is kept for the re-send, so the sample
      // spreads over the whole run (a hot shard's task lags, its records come late on every
      // partition: the first records would miss it).
      final long stride = Math.max(1, (written + CEILING_SAMPLE - 1) / CEILING_SAMPLE);
      long seen = 0;
      while (parts.stream().anyMatch(p -> c.position(p) < end.get(p))) {
        for (final ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(500))) {
          byShard.add(r.key());
          if (seen++ % stride == 0 && sample.size() < CEILING_SAMPLE) {
            sample.add(new byte[][] {r.key(), r.value()});
          }
        }
      }
    }
    if (sample.isEmpty()) {
      return Double.NaN;
    }
    out.println(
        CubeWork.line(
            "bench: cube output by partition (the count records, by the shard that wrote them):",
            byShard.work()));
    final String target = counts + "-ceiling";
    TopicInitializer.ensureTopics(
        config.clientProperties(),
        List.of(
            new NewTopic(
                target,
                Topics.from(config).counts().partitions(),
                (short) config.getInt(Keys.TOPIC_REPLICATION_FACTOR))),
        Duration.ofSeconds(60));
    final Properties streamsProps = SurgewatchTopology.streamsProperties(config);
    final Map<String, Object> producerProps =
        new StreamsConfig(streamsProps).getProducerConfigs("surgewatch-bench-ceiling");
    producerProps.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "surgewatch-bench-ceiling");
    final long commitEveryNanos =
        Long.parseLong(String.valueOf(streamsProps.get(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG)))
            * 1_000_000L;
    final long start;
    try (KafkaProducer<byte[], byte[]> p =
        new KafkaProducer<>(producerProps, new ByteArraySerializer(), new ByteArraySerializer())) {
      p.initTransactions();
      start = System.nanoTime();
      long nextCommit = start + commitEveryNanos;
      p.beginTransaction();
      for (final byte[][] r : sample) {
        p.send(new ProducerRecord<>(target, r[0], r[1]));
        if (System.nanoTime() >= nextCommit) {
          p.commitTransaction();
          p.beginTransaction();
          nextCommit = System.nanoTime() + commitEveryNanos;
        }
      }
      p.commitTransaction();
    }
    final double seconds = (System.nanoTime() - start) / 1e9;
    final double recordsPerSecond = sample.size() / seconds;
    final double perReport = (double) written / reports;
    out.printf(
        "bench: output: the app wrote about %,d count records, %.1f a report; an exactly-once producer doing nothing"
            + " else writes them at %,.0f records/s here (%,d of them re-sent as they were), so with this output no pipeline"
            + " passes %,.0f reports/s on this machine (this one ran at %,.0f)%n",
        written,
        perReport,
        recordsPerSecond,
        sample.size(),
        recordsPerSecond / perReport,
        pipeline);
    return recordsPerSecond / perReport;
  }
}
