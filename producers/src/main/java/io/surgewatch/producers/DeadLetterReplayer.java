package io.surgewatch.producers;

import io.surgewatch.core.DeadLetters;
import io.surgewatch.core.EventPreparer;
import io.surgewatch.core.MissingTopicException;
import io.surgewatch.core.PartitionStalledException;
import io.surgewatch.core.SurgewatchConfig;
import io.surgewatch.core.TopicRange;
import io.surgewatch.core.Topics;
import io.surgewatch.events.v1.DeadLetter;
import io.surgewatch.inputs.InputFormat;
import io.surgewatch.inputs.InputReader;
import io.surgewatch.inputs.InputRecord;
import io.surgewatch.serde.AvroDeserializer;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Re-publishes dead letters once their cause is fixed (a new alias in the tables, a relaxed rule, a broker back up).
 * Reads the dead-letter topic from the beginning to the end offsets at the start (no consumer group, nothing
 * committed), selects by category, reason substring and failedAt range, and re-publishes each selected one:
 * <ul>
 * <li>with {@code originalValue} and {@code sourceTopic} (it came from Kafka): the bytes as they are, to that topic,
 * with the original key;</li>
 * <li>with {@code originalText} (it came from a file or HTTP): the text parsed again with the current reader and
 * rules (NDJSON when it starts with {@code {}, else an ACLED CSV header line plus the row) and the event published;
 * a record still rejected is counted in {@link Result#stillRejected()} and not dead-lettered again (so replaying twice
 * does not duplicate the dead-letter topic).</li>
 * </ul>
 * Idempotent downstream: the streams app deduplicates reports by id and reportedAt.
 *
 * <p>At the end, once every re-publication is acknowledged, progress markers ({@link io.surgewatch.core.ProgressMarkers})
 * go to every partition of each input topic a re-parsed event went to, at the greatest reported-at (made-at for
 * statements) re-published there. Replayed reports are usually late, so these markers seldom move a partition: that is
 * fine, the app puts a late report just after the partition's last marker. Raw re-publications are not decoded: they
 * were on their topic, so they are marked just past the latest time known there (without markers they would wait for
 * another writer's).
 */
public final class DeadLetterReplayer {

  /**
   * Which dead letters to replay; null members select everything. Bounds are inclusive-exclusive
   * [from, to).
   */
  public record Selection(
      Set<String> categories, String reasonContains, Instant failedFrom, Instant failedTo) {
    public static Selection all() {
      return new Selection(null, null, null, null);
    }

    /**
     * Never a superseded report: the input topic is compacted by event id, and an older report
     * published again would become its incident's surviving record there (a reset would count it).
     */
    public boolean matches(final DeadLetter d) {
      return !DeadLetters.SUPERSEDED.equals(d.getCategory())
          && (categories == null || categories.isEmpty() || categories.contains(d.getCategory()))
          && (reasonContains == null
              || d.getReason()
                  .toLowerCase(Locale.ROOT)
                  .contains(reasonContains.toLowerCase(Locale.ROOT)))
          && (failedFrom == null || !d.getFailedAt().isBefore(failedFrom))
          && (failedTo == null || d.getFailedAt().isBefore(failedTo));
    }
  }

  /**
   * @param scanned dead letters read
   * @param selected those matching the selection
   * @param republished events (or raw values) published again and acknowledged
   * @param stillRejected selected ones whose text still does not pass (first reasons in {@code
   *     examples})
   * @param notReplayable selected ones with neither original bytes nor text
   */
  public record Result(
      long scanned,
      long selected,
      long republished,
      long stillRejected,
      long notReplayable,
      List<String> examples) {
    public String summary() {
      return "scanned="
          + scanned
          + " selected="
          + selected
          + " republished="
          + republished
          + " still_rejected="
          + stillRejected
          + " not_replayable="
          + notReplayable;
    }
  }

  /** How long the broker may take to answer, or a partition to move, while scanning. */
  static final Duration PATIENCE = Duration.ofSeconds(30);

  private final SurgewatchConfig config;
  private final EventPublisher publisher;
  private final EventPreparer preparer;

  public DeadLetterReplayer(
      final SurgewatchConfig config, final EventPublisher publisher, final EventPreparer preparer) {
    this.config = config;
    this.publisher = publisher;
    this.preparer = preparer;
  }

  public Result replay(final Selection selection) {
    final List<CompletableFuture<RecordMetadata>> sends = new ArrayList<>();
    final ProgressWriter markers = new ProgressWriter(publisher);
    // Replayed reports are mostly older than what the topics hold by now: mark past that, or the
    // app holds them until another writer does.
    markers.reached(TopicTimes.latest(config, Duration.ofSeconds(30)));
    final List<String> examples = new ArrayList<>();
    final long[] selected = {0};
    final long[] stillRejected = {0};
    final long[] notReplayable = {0};
    final long scanned =
        scan(
            config,
            "surgewatch-dead-letter-replayer",
            deadLetter -> {
              if (deadLetter == null || !selection.matches(deadLetter)) {
                return;
              }
              selected[0]++;
              if (deadLetter.getOriginalValue() != null && deadLetter.getSourceTopic() != null) {
                sends.add(
                    publisher.publishRaw(
                        deadLetter.getSourceTopic(),
                        deadLetter.getOriginalKey(),
                        bytes(deadLetter.getOriginalValue())));
                markers.publishedAgain(deadLetter.getSourceTopic());
              } else if (deadLetter.getOriginalText() != null) {
                final String text = deadLetter.getOriginalText();
                final InputFormat format = InputFormat.ofText(text);
                try (InputReader reader =
                    InputReader.of(
                            new StringReader(text),
                            format,
                            preparer,
                            "replay of " + deadLetter.getSourceFile())
                        .limitingSize(publisher.sizeLimit())) {
                  while (reader.hasNext()) {
                    final InputRecord again = reader.next();
                    if (again instanceof InputRecord.Parsed parsed) {
                      sends.add(publisher.publish(parsed.event()));
                      markers.published(parsed.event());
                    } else {
                      stillRejected[0]++;
                      if (examples.size() < 10) {
                        examples.add(describe(deadLetter, ((InputRecord.Rejected) again).reason()));
                      }
                    }
                  }
                } catch (final RuntimeException e) {
                  stillRejected[0]++;
                  if (examples.size() < 10) {
                    examples.add(describe(deadLetter, e.getMessage()));
                  }
                }
              } else {
                notReplayable[0]++;
              }
            });
    publisher.flush();
    long republished = 0;
    for (final CompletableFuture<RecordMetadata> send : sends) {
      try {
        send.get(60, TimeUnit.SECONDS);
        republished++;
      } catch (final InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while replaying dead letters", e);
      } catch (final ExecutionException | TimeoutException e) {
        throw new FilePublisher.PublishException(
            "replaying dead letters failed: "
                + republished
                + " of "
                + sends.size()
                + " re-publications acknowledged: "
                + e,
            e);
      }
    }
    markers.markPublishedAndWait("the replayed dead letters");
    return new Result(
        scanned,
        selected[0],
        republished,
        stillRejected[0],
        notReplayable[0],
        List.copyOf(examples));
  }

  /**
   * Reads every committed dead letter up to the topic's end as of now (records arriving meanwhile,
   * such as our own re-publications, are left alone) and hands each to the visitor. Returns how
   * many were read: none when there is no dead-letter topic yet.
   *
   * @throws PartitionStalledException when a partition stops short of its end for {@link #PATIENCE}
   */
  public static long scan(
      final SurgewatchConfig config, final String clientId, final Consumer<DeadLetter> visitor) {
    final String topic = Topics.from(config).deadLetter().name();
    try (KafkaConsumer<String, byte[]> consumer = TopicRange.consumer(config, clientId);
        AvroDeserializer<DeadLetter> deserializer = new AvroDeserializer<>(DeadLetter.class)) {
      deserializer.configure(config.clientProperties(), false);
      return TopicRange.open(consumer, topic, TopicRange.Start.beginning(), PATIENCE)
          .readToEnd(r -> visitor.accept(deserializer.deserialize(topic, r.headers(), r.value())));
    } catch (final MissingTopicException nothingDeadLettered) {
      return 0;
    }
  }

  private static byte[] bytes(final ByteBuffer buffer) {
    final ByteBuffer copy = buffer.duplicate();
    final byte[] out = new byte[copy.remaining()];
    copy.get(out);
    return out;
  }

  /**
   * A record still rejected, where it came from (its file and line there, or its topic position)
   * and why: the reason of the re-read names the line of the replayed text, which only the original
   * location makes useful.
   */
  static String describe(final DeadLetter d, final String reason) {
    final String id = d.getRecordId() == null ? "(no id)" : d.getRecordId();
    final String where =
        d.getSourceFile() != null
            ? d.getSourceFile() + (d.getSourceLine() == null ? "" : " line " + d.getSourceLine())
            : d.getSourceTopic() != null
                ? d.getSourceTopic() + "-" + d.getSourcePartition() + "@" + d.getSourceOffset()
                : "unknown source";
    return id
        + " ("
        + where
        + "): "
        + (reason == null ? "" : reason.replaceFirst("^line \\d+: ", ""));
  }
}
