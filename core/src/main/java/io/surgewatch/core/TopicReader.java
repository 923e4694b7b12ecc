package io.surgewatch.core;

import io.surgewatch.serde.AvroDeserializer;
import io.surgewatch.serde.AvroSerdes;
import java.io.PrintStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * Prints one of the project's topics as JSON lines, the same form backtest writes (and, for the
 * input topics, the NDJSON input form that {@code produce} reads back), so the topics a deployment
 * holds can be compared with a backtest's files, read by an analyst, or piped to {@code jq}.
 *
 * <p>It reads committed records only, with no consumer group (every partition assigned, nothing
 * committed): reading does not move anyone's offsets. Progress markers and tombstones are counted,
 * not printed; a record that cannot be decoded is named (partition, offset, key, why) and skipped.
 * {@code topics read}'s work, here rather than in the CLI so that deploy-checks runs it as the
 * CLI's KafkaUser (KafkaUserAclsTest).
 */
public final class TopicReader {
  /**
   * What to print.
   *
   * @param keys which records by key: all when null
   */
  public record Options(KeyFilter keys, boolean latest, boolean follow, long max) {}

  /**
   * Records whose key is {@code text} ({@code exact}), or starts with it. An incident's dead
   * letters are keyed by its id, and ids nest ({@code PAK1} is a prefix of {@code PAK10}): exact
   * finds one incident's.
   */
  public record KeyFilter(String text, boolean exact) {
    boolean match(final String key) {
      return key != null && (exact ? key.equals(text) : key.startsWith(text));
    }

    /** How the summary names them: "keys starting PK|", "key PAK1". */
    public String describe() {
      return exact ? "key " + text : "keys starting " + text;
    }
  }

  /** What was read. */
  public record Summary(
      String topic,
      int partitions,
      long printed,
      long records,
      long markers,
      long tombstones,
      long undecodable,
      String aKey) {}

  /** How long the broker may take to answer, or a partition to move while read to its end. */
  private static final Duration PATIENCE = Duration.ofSeconds(60);

  private final SurgewatchConfig config;
  private final PrintStream out;
  private final PrintStream err;

  public TopicReader(final SurgewatchConfig config, final PrintStream out, final PrintStream err) {
    this.config = config;
    this.out = out;
    this.err = err;
  }

  /**
   * The topic a user named: a role (alerts, counts, dead-letter, statement-counts, incidents,
   * statements) or a configured topic's name.
   */
  public static Topics.Topic<?> resolve(final Topics topics, final String name) {
    final Map<String, Topics.Topic<?>> byRole = new LinkedHashMap<>();
    byRole.put("alerts", topics.alerts());
    byRole.put("counts", topics.counts());
    byRole.put("dead-letter", topics.deadLetter());
    byRole.put("statement-counts", topics.statementCounts());
    byRole.put("incidents", topics.incidents());
    byRole.put("statements", topics.statements());
    final Topics.Topic<?> topic = byRole.get(name);
    if (topic != null) {
      return topic;
    }
    final String near =
        byRole.keySet().stream()
            .filter(role -> role.startsWith(name) || name.startsWith(role))
            .findFirst()
            .map(role -> " (did you mean '" + role + "'?)")
            .orElse("");
    return topics.all().stream()
        .filter(t -> t.name().equals(name))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "no topic '"
                        + name
                        + "'"
                        + near
                        + ": name one of "
                        + String.join(", ", byRole.keySet())
                        + ", or a topic's configured name ("
                        + String.join(", ", topics.all().stream().map(Topics.Topic::name).toList())
                        + ")"));
  }

  /**
   * Reads the topic from its beginning to the end of its committed records as of the call (or on,
   * while {@code running} holds, with {@link Options#follow}).
   */
  public Summary read(
      final Topics.Topic<?> topic, final Options options, final BooleanSupplier running) {
    final AvroDeserializer<? extends SpecificRecord> values =
        AvroSerdes.specific(topic.valueClass(), config.clientProperties(), false).deserializer();
    try (KafkaConsumer<String, byte[]> consumer =
        TopicRange.consumer(config, "surgewatch-topics-read")) {
      final TopicRange range;
      try {
        range = TopicRange.open(consumer, topic.name(), TopicRange.Start.beginning(), PATIENCE);
      } catch (final MissingTopicException e) {
        throw new IllegalArgumentException(
            "topic "
                + topic.name()
                + " does not exist on "
                + config.get(Keys.BOOTSTRAP_SERVERS)
                + " (./surgewatch topics create makes the project's topics)",
            e);
      }
      final TreeMap<String, String> latest = new TreeMap<>();
      long printed = 0;
      long records = 0;
      long markers = 0;
      long tombstones = 0;
      long undecodable = 0;
      String aKey = null; // the first key read, to show when no key matches
      boolean done = false;
      while (!done && running.getAsBoolean()) {
        for (final ConsumerRecord<String, byte[]> r :
            options.follow() ? range.pollFollowing() : range.poll()) {
          if (ProgressMarkers.isMarker(r.headers())) {
            markers++;
            continue;
          }
          if (aKey == null && r.key() != null) {
            aKey = r.key();
          }
          if (options.keys() != null && !options.keys().match(r.key())) {
            continue;
          }
          records++;
          // A record without a key (a dead letter of a record that had none) is one key of its own.
          final String key = r.key() == null ? "" : r.key();
          if (r.value() == null) {
            tombstones++;
            latest.remove(key);
            continue;
          }
          final String line;
          try {
            final SpecificRecord value = values.deserialize(r.topic(), r.headers(), r.value());
            if (value == null) {
              throw new IllegalArgumentException("an empty value holds no record");
            }
            line = EventJson.toJson(value);
          } catch (final RuntimeException e) {
            undecodable++;
            err.printf(
                "topics read: cannot decode the record at %s-%d@%d (key %s): %s; skipped%n",
                r.topic(), r.partition(), r.offset(), r.key(), e.getMessage());
            continue;
          }
          if (options.latest()) {
            latest.put(key, line);
          } else if (printed < options.max()) {
            out.println(line);
            printed++;
          }
        }
        if (!options.follow()) {
          done = (!options.latest() && printed >= options.max()) || range.atEnd();
        }
      }
      for (final String line : latest.values()) {
        if (printed >= options.max()) {
          break;
        }
        out.println(line);
        printed++;
      }
      out.flush();
      return new Summary(
          topic.name(),
          range.partitions().size(),
          printed,
          records,
          markers,
          tombstones,
          undecodable,
          aKey);
    }
  }
}
