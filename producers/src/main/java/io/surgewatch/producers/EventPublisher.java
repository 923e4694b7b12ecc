package io.surgewatch.producers;

import io.surgewatch.core.DeadLetters;
import io.surgewatch.core.Keys;
import io.surgewatch.core.ProgressMarkers;
import io.surgewatch.core.RecordSizeLimit;
import io.surgewatch.core.SurgewatchConfig;
import io.surgewatch.core.Topics;
import io.surgewatch.events.v1.DeadLetter;
import io.surgewatch.events.v1.IncidentEvent;
import io.surgewatch.events.v1.StatementEvent;
import io.surgewatch.inputs.InputReader;
import io.surgewatch.inputs.InputRecord;
import io.surgewatch.serde.AvroSerializer;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes events to the input topics and rejections to the dead-letter topic through one
 * idempotent producer ({@code acks=all}, lz4, a few ms of linger), so records keep their order per
 * key. Every record is keyed by its event id: all revisions of an incident go to one partition, in
 * order. Values are Avro in the Confluent wire format (subjects by TopicNameStrategy); {@link
 * #publishRaw} re-sends bytes that already are, and {@link #publishProgress} writes progress
 * markers (empty values) through the same producer, so a marker follows on each partition every
 * record sent before it.
 *
 * <p>Every send returns a future completed when the broker acknowledged the record, or completed
 * exceptionally; callers must check it (see {@link FilePublisher}, the ingest service).
 * Thread-safe.
 */
public final class EventPublisher implements AutoCloseable {

  private final KafkaProducer<String, Object> producer;
  private final Topics topics;
  private final Duration progressInterval;
  private final RecordSizeLimit sizeLimit;

  private EventPublisher(
      final Map<String, Object> props,
      final Topics topics,
      final Map<String, Object> serdeConfig,
      final Duration progressInterval) {
    this.topics = topics;
    this.progressInterval = progressInterval;
    this.sizeLimit = RecordSizeLimit.of(props);
    final AvroSerializer<SpecificRecord> avro = new AvroSerializer<>();
    avro.configure(serdeConfig, false);
    this.producer = new KafkaProducer<>(props, new StringSerializer(), new ValueSerializer(avro));
  }

  /** For bulk publishing (files, replays): generous timeouts, batching. */
  public static EventPublisher create(final SurgewatchConfig config) {
    return create(config, Map.of());
  }

  /**
   * @param overrides producer settings applied last (e.g. {@code delivery.timeout.ms}); the
   *     Surgewatch defaults are idempotence, acks=all, lz4 and linger.ms=5, each of which the
   *     configuration may override too
   */
  public static EventPublisher create(
      final SurgewatchConfig config, final Map<String, Object> overrides) {
    final Map<String, Object> props = new HashMap<>();
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    props.put(ProducerConfig.BATCH_SIZE_CONFIG, 128 * 1024);
    props.put(ProducerConfig.CLIENT_ID_CONFIG, "surgewatch-producer");
    final Map<String, Object> client = config.clientProperties();
    props.putAll(client);
    props.putAll(overrides);
    return new EventPublisher(
        props,
        Topics.from(config),
        serdeConfig(client, overrides),
        config.getMillis(Keys.PROGRESS_INTERVAL_MS));
  }

  /**
   * For the HTTP ingest service: fails fast (about {@code timeout}) when the broker or the registry
   * is unreachable, so a request gets a 503 instead of hanging, and never a 202 for data that was
   * not stored.
   */
  public static EventPublisher forIngest(final SurgewatchConfig config, final Duration timeout) {
    final int ms = (int) timeout.toMillis();
    final Map<String, Object> overrides = new HashMap<>();
    overrides.put(ProducerConfig.LINGER_MS_CONFIG, 1);
    overrides.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, ms);
    // Kafka requires delivery.timeout.ms >= linger.ms + request.timeout.ms.
    overrides.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.max(ms / 2, ms - 1000));
    overrides.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, ms);
    overrides.put(ProducerConfig.CLIENT_ID_CONFIG, "surgewatch-ingest");
    overrides.put("schema.registry.max.retries", "1");
    overrides.put("schema.registry.connect.timeout.ms", String.valueOf(Math.min(2000, ms)));
    overrides.put("schema.registry.request.timeout.ms", String.valueOf(Math.max(1000, ms / 2)));
    return create(config, overrides);
  }

  private static Map<String, Object> serdeConfig(
      final Map<String, Object> client, final Map<String, Object> overrides) {
    final Map<String, Object> serde = new HashMap<>(client);
    overrides.forEach(
        (k, v) -> {
          if (k.startsWith("schema.registry.")) {
            serde.put(k, v);
          }
        });
    return serde;
  }

  public Topics topics() {
    return topics;
  }

  /**
   * How often, on the wall clock, writers through this publisher put progress markers ({@code
   * progress.interval-ms}).
   */
  public Duration progressInterval() {
    return progressInterval;
  }

  /**
   * The largest input record this publisher sends, by its {@code max.request.size}: a larger one is
   * to be rejected before it is sent ({@link RecordSizeLimit}).
   */
  public RecordSizeLimit sizeLimit() {
    return sizeLimit;
  }

  /**
   * The input topic of an {@link IncidentEvent} (incidents) or a {@link StatementEvent}
   * (statements).
   */
  public String topicOf(final SpecificRecord event) {
    if (event instanceof IncidentEvent) {
      return topics.incidents().name();
    }
    if (event instanceof StatementEvent) {
      return topics.statements().name();
    }
    throw new IllegalArgumentException("not an input event: " + event.getClass().getName());
  }

  /**
   * Publishes an {@link IncidentEvent} to the incidents topic or a {@link StatementEvent} to the
   * statements topic.
   */
  public CompletableFuture<RecordMetadata> publish(final SpecificRecord event) {
    return event instanceof DeadLetter deadLetter
        ? publishDeadLetter(deadLetter)
        : publish(event, null);
  }

  /**
   * Publishes an {@link IncidentEvent} or a {@link StatementEvent} to its topic with {@code
   * headers} (those of {@link io.surgewatch.core.SourceHeaders} and {@link
   * io.surgewatch.core.ReplacementHeaders}, say; null for none).
   */
  public CompletableFuture<RecordMetadata> publish(
      final SpecificRecord event, final Headers headers) {
    final String id;
    if (event instanceof IncidentEvent incident) {
      id = incident.getId();
    } else if (event instanceof StatementEvent statement) {
      id = statement.getId();
    } else {
      throw new IllegalArgumentException("not an input event: " + event.getClass().getName());
    }
    return send(new ProducerRecord<>(topicOf(event), null, id, (Object) event, headers));
  }

  /** Publishes a dead letter keyed by the record's id (null when it had none). */
  public CompletableFuture<RecordMetadata> publishDeadLetter(final DeadLetter deadLetter) {
    return send(topics.deadLetter().name(), deadLetter.getRecordId(), deadLetter);
  }

  /**
   * Publishes a record from a reader: a parsed event to its topic, a rejection as a dead letter
   * ({@link DeadLetters#fromFile}, with the reader's self-contained original text).
   */
  public CompletableFuture<RecordMetadata> publish(
      final InputReader reader, final InputRecord record) {
    if (record instanceof InputRecord.Parsed parsed) {
      return publish(parsed.event());
    }
    final InputRecord.Rejected rejected = (InputRecord.Rejected) record;
    return publishDeadLetter(
        deadLetterOf(reader.sourceName(), reader.selfContainedText(rejected), rejected));
  }

  public static DeadLetter deadLetterOf(
      final String sourceName, final String originalText, final InputRecord.Rejected rejected) {
    return DeadLetters.fromFile(
        sourceName,
        rejected.line(),
        rejected.recordId(),
        originalText,
        rejected.category(),
        rejected.error(),
        rejected.reason(),
        Instant.now());
  }

  /**
   * Sends bytes that already are in the Confluent wire format (a dead letter's original value) as
   * they are.
   */
  public CompletableFuture<RecordMetadata> publishRaw(
      final String topic, final String key, final byte[] value) {
    return send(topic, key, value);
  }

  private final AtomicLong markersSent = new AtomicLong();

  /**
   * Progress marker records sent so far (they take offsets on the input topics beside the reports).
   */
  public long markersSent() {
    return markersSent.get();
  }

  /**
   * A progress marker ({@link ProgressMarkers}) at {@code through} on every partition of {@code
   * topic}, sent after every record sent before it: completed once the broker acknowledged all of
   * them.
   */
  public CompletableFuture<Void> publishProgress(final String topic, final Instant through) {
    final int partitions;
    try {
      partitions =
          producer.partitionsFor(topic).size(); // blocks at most max.block.ms for unknown metadata
    } catch (final RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    final List<ProducerRecord<String, byte[]>> markers =
        ProgressMarkers.forAllPartitions(topic, partitions, through);
    markersSent.addAndGet(markers.size());
    return CompletableFuture.allOf(
        markers.stream()
            .map(
                m ->
                    send(
                        new ProducerRecord<>(
                            m.topic(), m.partition(), m.key(), (Object) m.value(), m.headers())))
            .toArray(CompletableFuture[]::new));
  }

  private CompletableFuture<RecordMetadata> send(
      final String topic, final String key, final Object value) {
    return send(new ProducerRecord<>(topic, key, value));
  }

  private CompletableFuture<RecordMetadata> send(final ProducerRecord<String, Object> record) {
    final CompletableFuture<RecordMetadata> acked = new CompletableFuture<>();
    try {
      producer.send(
          record,
          (metadata, error) -> {
            if (error != null) {
              acked.completeExceptionally(error);
            } else {
              acked.complete(metadata);
            }
          });
    } catch (final RuntimeException e) {
      // serialization (registry unreachable), max.block.ms exceeded waiting for metadata, producer
      // closed
      acked.completeExceptionally(e);
    }
    return acked;
  }

  /** Blocks until every record sent so far is acknowledged or failed. */
  public void flush() {
    producer.flush();
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(10));
  }

  /** Avro for records, bytes as they are. */
  private static final class ValueSerializer implements Serializer<Object> {
    private final AvroSerializer<SpecificRecord> avro;

    ValueSerializer(final AvroSerializer<SpecificRecord> avro) {
      this.avro = avro;
    }

    @Override
    public byte[] serialize(final String topic, final Object data) {
      if (data == null || data instanceof byte[]) {
        return (byte[]) data;
      }
      return avro.serialize(topic, (SpecificRecord) data);
    }

    @Override
    public void close() {
      avro.close();
    }
  }
}
