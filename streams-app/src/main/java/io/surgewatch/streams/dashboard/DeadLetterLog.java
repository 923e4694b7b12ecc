package io.surgewatch.streams.dashboard;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.surgewatch.core.DeadLetters;
import io.surgewatch.core.EventJson;
import io.surgewatch.core.MissingTopicException;
import io.surgewatch.core.SurgewatchConfig;
import io.surgewatch.core.TopicRange;
import io.surgewatch.core.Topics;
import io.surgewatch.events.v1.DeadLetter;
import io.surgewatch.serde.AvroSerdes;
import io.surgewatch.streams.query.NotReadyException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The newest records of the dead-letter topic, for {@code GET /api/v1/dead-letters}: what was
 * rejected, and why, without a Kafka client. The app keeps no store of them (they are its output,
 * not its state), so each request reads the topic's tail: the newest {@link #SCAN} committed
 * records of each partition, newest first by the time they failed. Every instance reads the whole
 * topic, so every instance gives the same answer.
 */
final class DeadLetterLog implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DeadLetterLog.class);

  /** Records read back from the end of each partition, at most, per request. */
  static final int SCAN = 10_000;

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  /**
   * A partition that has not moved for this long is named in the 503: shorter than {@link
   * #TIMEOUT}, whose plain "took too long" would otherwise come first.
   */
  private static final Duration STALL = Duration.ofSeconds(5);

  private final String topic;
  private final SurgewatchConfig config;
  private final Deserializer<DeadLetter> letters;
  private KafkaConsumer<String, byte[]> consumer;

  DeadLetterLog(final SurgewatchConfig config) {
    this.topic = Topics.from(config).deadLetter().name();
    this.config = config;
    this.letters =
        AvroSerdes.specific(DeadLetter.class, config.clientProperties(), false).deserializer();
  }

  private record Found(DeadLetter letter, int partition, long offset) {}

  /** Newest first: by failedAt, then by place on the topic. */
  private static final Comparator<Found> NEWEST_FIRST =
      Comparator.comparing((Found f) -> f.letter().getFailedAt())
          .thenComparingLong(Found::offset)
          .thenComparingInt(Found::partition)
          .reversed();

  /**
   * The newest {@code limit} dead letters (of {@code category}, when given) among the last {@link
   * #SCAN} of each partition.
   */
  synchronized ObjectNode recent(final String category, final int limit) {
    if (category != null && !DeadLetters.CATEGORIES.contains(category)) {
      throw new IllegalArgumentException(
          "category must be one of " + DeadLetters.CATEGORIES + ", got " + category);
    }
    // The newest `limit` kept as they come: a heap whose head is the oldest kept.
    final PriorityQueue<Found> kept = new PriorityQueue<>(NEWEST_FIRST.reversed());
    final long[] scanned = {0};
    final long[] undecodable = {0};
    try {
      final TopicRange range =
          TopicRange.open(consumer(), topic, TopicRange.Start.lastOfEachPartition(SCAN), STALL);
      range.readToEnd(
          r -> {
            if (r.value() == null) {
              return;
            }
            scanned[0]++;
            final DeadLetter letter;
            try {
              letter = letters.deserialize(r.topic(), r.headers(), r.value());
            } catch (final KafkaException | IllegalArgumentException e) {
              undecodable[0]++;
              LOG.warn(
                  "dead letters: skipped {}-{}@{}: {}",
                  topic,
                  r.partition(),
                  r.offset(),
                  e.getMessage());
              return;
            }
            if (letter != null && (category == null || category.equals(letter.getCategory()))) {
              kept.add(new Found(letter, r.partition(), r.offset()));
              if (kept.size() > limit) {
                kept.poll();
              }
            }
          },
          TIMEOUT);
    } catch (final MissingTopicException e) {
      throw new NotReadyException("the dead-letter topic " + topic + " does not exist yet", null);
    } catch (final TimeoutException e) {
      // Asked again, a fresh consumer: this one's state after a timeout is not worth trusting.
      closeConsumer();
      throw new NotReadyException(
          "the dead-letter topic " + topic + " cannot be read: " + e.getMessage(), e);
    }
    final List<Found> newest = new ArrayList<>(kept);
    newest.sort(NEWEST_FIRST);
    final ObjectNode out = JsonNodeFactory.instance.objectNode();
    out.put("topic", topic);
    out.put("category", category);
    out.put("limit", limit);
    out.put("scanned", scanned[0]);
    out.put("scannedPerPartition", SCAN);
    out.put("undecodable", undecodable[0]);
    final ArrayNode list = out.putArray("deadLetters");
    newest.forEach(f -> list.add(json(f.letter(), f.partition(), f.offset())));
    return out;
  }

  /**
   * A letter's JSON form, with its place on the dead-letter topic (the API's and the live feed's).
   */
  static ObjectNode json(final DeadLetter letter, final int partition, final long offset) {
    final ObjectNode json = EventJson.toTree(letter);
    json.put("partition", partition).put("offset", offset);
    return json;
  }

  /** Kept from request to request: a new one would connect and fetch metadata each time. */
  private KafkaConsumer<String, byte[]> consumer() {
    if (consumer == null) {
      consumer = TopicRange.consumer(config, "surgewatch-dashboard-dead-letters");
    }
    return consumer;
  }

  private void closeConsumer() {
    if (consumer != null) {
      consumer.close(Duration.ZERO);
      consumer = null;
    }
  }

  @Override
  public synchronized void close() {
    closeConsumer();
  }
}
