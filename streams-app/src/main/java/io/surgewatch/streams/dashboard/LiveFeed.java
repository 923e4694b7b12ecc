package io.surgewatch.streams.dashboard;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.surgewatch.core.DeadLetters;
import io.surgewatch.core.EventJson;
import io.surgewatch.core.SurgewatchConfig;
import io.surgewatch.core.Topics;
import io.surgewatch.events.v1.AlertStatus;
import io.surgewatch.events.v1.DeadLetter;
import io.surgewatch.events.v1.RollingCount;
import io.surgewatch.events.v1.Severity;
import io.surgewatch.events.v1.SurgeAlert;
import io.surgewatch.serde.AvroSerdes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the counts, alerts and dead-letter topics from their end, as they are written, for the
 * dashboard's live updates and its counters. A plain consumer without a group (every dashboard sees
 * every record; nothing to commit), read_committed (the app writes transactionally), on one daemon
 * thread.
 */
public final class LiveFeed implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LiveFeed.class);

  /**
   * An output record for the page: {@code count}, {@code alert} or {@code dead-letter}, and its
   * JSON form, made on first use: the feed sees every count record the app writes (about forty a
   * report), and decoding and writing them all as JSON took a fifth of a streams instance's CPU
   * with no page open to show them.
   */
  public static final class Event {
    private final String type;
    private Supplier<String> make;
    private String json;

    Event(final String type, final Supplier<String> make) {
      this.type = type;
      this.make = make;
    }

    public String type() {
      return type;
    }

    public synchronized String json() {
      if (json == null) {
        json = make.get();
        make = null;
      }
      return json;
    }
  }

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Topics topics;
  private final Deserializer<RollingCount> counts;
  private final Deserializer<SurgeAlert> alerts;
  private final Deserializer<DeadLetter> deadLetters;
  private final List<Consumer<Event>> listeners = new CopyOnWriteArrayList<>();
  private final MeterRegistry metrics;
  private final Counter countsWritten;
  private final Map<String, Counter> byTag = new HashMap<>();
  private final Thread thread;
  private volatile boolean running = true;
  private volatile boolean assigned;
  private volatile boolean started;

  public LiveFeed(final SurgewatchConfig config, final MeterRegistry metrics) {
    this.topics = Topics.from(config);
    this.metrics = metrics;
    final Map<String, Object> props = new HashMap<>(config.clientProperties());
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, "surgewatch-dashboard-live");
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.remove(ConsumerConfig.GROUP_ID_CONFIG);
    this.consumer =
        // Keys as bytes: the feed never reads them, and a string for each of the fourteen count
        // records a report was work for nothing.
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    final Map<String, Object> serde = config.clientProperties();
    this.counts = AvroSerdes.specific(RollingCount.class, serde, false).deserializer();
    this.alerts = AvroSerdes.specific(SurgeAlert.class, serde, false).deserializer();
    this.deadLetters = AvroSerdes.specific(DeadLetter.class, serde, false).deserializer();
    this.countsWritten =
        Counter.builder("surgewatch.counts.written")
            .description(
                "Rolling-count records on the counts topic since this dashboard started, every"
                    + " instance's (read from the topic, so each instance reports the cluster's"
                    + " total: sum over instances double-counts)")
            .register(metrics);
    // Present at zero, so rates and alert rules work from the start.
    for (final Severity s : Severity.values()) {
      if (s != Severity.UNKNOWN) { // the schema's default for future symbols, never emitted
        counter("surgewatch.alerts.opened", "severity", s.name());
      }
    }
    for (final AlertStatus status : AlertStatus.values()) {
      if (status != AlertStatus.UNKNOWN) {
        counter("surgewatch.alert.transitions", "status", status.name());
      }
    }
    for (final String category : DeadLetters.CATEGORIES) {
      counter("surgewatch.dead.letters", "category", category);
    }
    this.thread = new Thread(this::run, "surgewatch-dashboard-live");
    thread.setDaemon(true);
  }

  public LiveFeed start() {
    started = true;
    thread.start();
    return this;
  }

  public void listen(final Consumer<Event> listener) {
    listeners.add(listener);
  }

  /**
   * Whether the feed is positioned at the end of its topics: records written from now on will be
   * seen.
   */
  public boolean assigned() {
    return assigned;
  }

  private void run() {
    try {
      final List<TopicPartition> partitions = partitions();
      if (partitions == null) {
        return;
      }
      consumer.assign(partitions);
      consumer.seekToEnd(partitions);
      partitions.forEach(
          consumer::position); // resolve the end now, so nothing written after start is missed
      assigned = true;
      while (running) {
        for (final ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
          handle(r);
        }
      }
    } catch (final WakeupException e) {
      // close() woke us up
    } catch (final RuntimeException e) {
      LOG.error("live feed stopped", e);
    } finally {
      consumer.close(Duration.ofSeconds(5));
    }
  }

  /** Waits for the output topics to exist (the app or the demo creates them). */
  private List<TopicPartition> partitions() {
    final List<String> names =
        List.of(topics.counts().name(), topics.alerts().name(), topics.deadLetter().name());
    while (running) {
      try {
        final List<TopicPartition> out = new ArrayList<>();
        boolean all = true;
        for (final String name : names) {
          final List<PartitionInfo> infos = consumer.partitionsFor(name, Duration.ofSeconds(5));
          all &= infos != null && !infos.isEmpty();
          if (infos != null) {
            infos.forEach(p -> out.add(new TopicPartition(p.topic(), p.partition())));
          }
        }
        if (all) {
          return out;
        }
        Thread.sleep(1000);
      } catch (final TimeoutException e) {
        LOG.debug("output topics not found yet: {}", e.getMessage());
      } catch (final InterruptedException e) {
        Thread.currentThread().interrupt();
        return null;
      }
    }
    return null;
  }

  private void handle(final ConsumerRecord<byte[], byte[]> r) {
    if (r.value() == null) {
      return;
    }
    try {
      if (r.topic().equals(topics.counts().name())) {
        countsWritten.increment();
        publish(
            new Event(
                "count",
                () -> EventJson.toJson(counts.deserialize(r.topic(), r.headers(), r.value()))));
      } else if (r.topic().equals(topics.alerts().name())) {
        final SurgeAlert a = alerts.deserialize(r.topic(), r.headers(), r.value());
        counter("surgewatch.alert.transitions", "status", a.getStatus().name()).increment();
        if (a.getStatus() == AlertStatus.OPEN) {
          counter("surgewatch.alerts.opened", "severity", a.getSeverity().name()).increment();
        }
        publish(new Event("alert", () -> EventJson.toJson(a)));
      } else {
        final DeadLetter d = deadLetters.deserialize(r.topic(), r.headers(), r.value());
        counter("surgewatch.dead.letters", "category", d.getCategory()).increment();
        publish(
            new Event(
                "dead-letter", () -> DeadLetterLog.json(d, r.partition(), r.offset()).toString()));
      }
    } catch (final KafkaException e) {
      // An undecodable record must not stop the feed; the app's dead-letter topic is where bad
      // input goes.
      LOG.warn(
          "live feed skipped {}-{}@{}: {}", r.topic(), r.partition(), r.offset(), e.getMessage());
    }
  }

  private static final Map<String, String> DESCRIPTIONS =
      Map.of(
          "surgewatch.alerts.opened",
              "Surge alerts opened since the dashboard started, by severity",
          "surgewatch.alert.transitions",
              "Alert transitions (OPEN, ESCALATED, RESOLVED, WITHDRAWN) since the dashboard started",
          "surgewatch.dead.letters",
              "Records dead-lettered since the dashboard started, by category");

  private Counter counter(final String name, final String tag, final String value) {
    return byTag.computeIfAbsent(
        name + '|' + value,
        k ->
            Counter.builder(name)
                .tag(tag, value)
                .description(DESCRIPTIONS.get(name))
                .register(metrics));
  }

  private void publish(final Event event) {
    for (final Consumer<Event> listener : listeners) {
      try {
        listener.accept(event);
      } catch (final RuntimeException e) {
        LOG.warn("live listener failed: {}", e.getMessage());
      }
    }
  }

  @Override
  public void close() {
    running = false;
    if (!started) {
      consumer.close(Duration.ZERO);
      return;
    }
    consumer.wakeup();
    try {
      thread.join(10_000);
    } catch (final InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
