package io.surgewatch.cli.alerting;

import io.surgewatch.core.Keys;
import io.surgewatch.core.SurgewatchConfig;
import io.surgewatch.core.Topics;
import io.surgewatch.events.v1.AlertStatus;
import io.surgewatch.events.v1.Severity;
import io.surgewatch.events.v1.SurgeAlert;
import io.surgewatch.serde.AvroSerdes;
import io.surgewatch.stack.LocalStack;
import io.surgewatch.stack.SharedTestStack;
import io.surgewatch.stack.TopicInitializer;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;

/** The shared broker and registry with a fresh alert topic per test, and SurgeAlert fixtures. */
final class TestAlerts {
  private TestAlerts() {}

  static final int PARTITIONS = 2;

  /**
   * A config whose alert topic ({@code it-<uuid>.alerts}, two partitions) is new, created and
   * ready.
   */
  static SurgewatchConfig freshAlertTopic() {
    final SurgewatchConfig config = topicsNotMadeYet();
    createTopics(config);
    return config;
  }

  /** A config of new topic names ({@code it-<uuid>.alerts}, ...), none of them made yet. */
  static SurgewatchConfig topicsNotMadeYet() {
    final LocalStack stack = SharedTestStack.get();
    final String prefix = "it-" + UUID.randomUUID() + ".";
    return SurgewatchConfig.defaultsOnly()
        .withAll(
            Map.of(
                Keys.BOOTSTRAP_SERVERS, stack.bootstrapServers(),
                Keys.SCHEMA_REGISTRY_URL, stack.registryUrl(),
                Keys.TOPIC_ALERTS, prefix + "alerts",
                Keys.TOPIC_DEAD_LETTER, prefix + "dead-letter",
                Keys.TOPIC_INCIDENTS, prefix + "incidents",
                Keys.TOPIC_STATEMENTS, prefix + "statements",
                Keys.TOPIC_COUNTS, prefix + "counts",
                Keys.TOPIC_STATEMENT_COUNTS, prefix + "statement-counts",
                Keys.TOPIC_PARTITIONS, String.valueOf(PARTITIONS)));
  }

  /** Creates the alert, dead-letter and incident topics of {@code config} and waits until ready. */
  static void createTopics(final SurgewatchConfig config) {
    final Topics topics = Topics.from(config);
    final List<NewTopic> newTopics =
        List.of(topics.alerts(), topics.deadLetter(), topics.incidents()).stream()
            .map(
                t ->
                    new NewTopic(t.name(), t.partitions(), topics.replicationFactor())
                        .configs(t.configs()))
            .toList();
    TopicInitializer.ensureTopics(
        Map.of("bootstrap.servers", config.get(Keys.BOOTSTRAP_SERVERS)),
        newTopics,
        Duration.ofSeconds(30));
  }

  /** {@code alert} as the opening of another alert of its series, opened on {@code day}. */
  static SurgeAlert openedOn(final SurgeAlert alert, final LocalDate day) {
    return SurgeAlert.newBuilder(alert)
        .setAlertId(
            String.join(
                "|",
                alert.getCountry(),
                alert.getRegion(),
                alert.getGroup(),
                alert.getMetric(),
                day.toString()))
        .setOpenedOn(day)
        .setWindowEnd(day)
        .build();
  }

  static SurgeAlert alert(
      final String region, final int sequence, final AlertStatus status, final String reason) {
    final LocalDate opened = LocalDate.of(2023, 1, 30);
    return SurgeAlert.newBuilder()
        .setAlertId("PK|" + region + "|TTP|killed|" + opened)
        .setSequence(sequence)
        .setStatus(status)
        .setCountry("PK")
        .setRegion(region)
        .setGroup("TTP")
        .setMetric("killed")
        .setWindowStart(opened.minusDays(29).plusDays(sequence - 1))
        .setWindowEnd(opened.plusDays(sequence - 1))
        .setObserved(120 + sequence)
        .setExpected(14.5)
        .setScore(11.25)
        .setPValue(5.6e-12)
        .setSeverity(Severity.HIGH)
        .setReason(reason)
        .setOpenedOn(opened)
        .setTopIncidentIds(List.of("PAK900001"))
        .build();
  }

  /**
   * Publishes the alerts keyed by alertId, in order; returns where each landed, by idempotency key.
   */
  static Map<String, RecordMetadata> produce(
      final SurgewatchConfig config, final List<SurgeAlert> alerts) throws Exception {
    return produce(config, null, alerts);
  }

  /**
   * Publishes the alerts keyed by alertId, in order, all to one partition (null: the key's), so
   * that a test decides the order they are read in.
   */
  static Map<String, RecordMetadata> produce(
      final SurgewatchConfig config, final Integer partition, final List<SurgeAlert> alerts)
      throws Exception {
    final Map<String, Object> props = new HashMap<>(config.clientProperties());
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    final String topic = Topics.from(config).alerts().name();
    final Map<String, RecordMetadata> out = new LinkedHashMap<>();
    try (KafkaProducer<String, SurgeAlert> producer =
        new KafkaProducer<>(
            props,
            new StringSerializer(),
            AvroSerdes.specific(SurgeAlert.class, config.clientProperties(), false).serializer())) {
      for (final SurgeAlert a : alerts) {
        out.put(
            WebhookForwarder.idempotencyKey(a),
            producer
                .send(new ProducerRecord<>(topic, partition, a.getAlertId(), a))
                .get(30, TimeUnit.SECONDS));
      }
    }
    return out;
  }

  /** The group's committed offsets on the alert topic (absent partitions: nothing committed). */
  static Map<TopicPartition, Long> committed(final SurgewatchConfig config, final String group) {
    try (Admin admin =
        Admin.create(Map.of("bootstrap.servers", config.get(Keys.BOOTSTRAP_SERVERS)))) {
      final Map<TopicPartition, OffsetAndMetadata> offsets =
          admin
              .listConsumerGroupOffsets(group)
              .partitionsToOffsetAndMetadata()
              .get(10, TimeUnit.SECONDS);
      final Map<TopicPartition, Long> out = new HashMap<>();
      offsets.forEach(
          (tp, om) -> {
            if (om != null) {
              out.put(tp, om.offset());
            }
          });
      return out;
    } catch (final Exception e) {
      throw new AssertionError("cannot read the offsets of group " + group, e);
    }
  }

  static Map<TopicPartition, Long> endOffsets(final SurgewatchConfig config) {
    final String topic = Topics.from(config).alerts().name();
    try (Admin admin =
        Admin.create(Map.of("bootstrap.servers", config.get(Keys.BOOTSTRAP_SERVERS)))) {
      final Map<TopicPartition, OffsetSpec> request = new HashMap<>();
      for (int p = 0; p < PARTITIONS; p++) {
        request.put(new TopicPartition(topic, p), OffsetSpec.latest());
      }
      final Map<TopicPartition, Long> out = new HashMap<>();
      admin
          .listOffsets(request)
          .all()
          .get(10, TimeUnit.SECONDS)
          .forEach((tp, info) -> out.put(tp, info.offset()));
      return out;
    } catch (final Exception e) {
      throw new AssertionError("cannot read the end offsets of " + topic, e);
    }
  }

  /**
   * True when the group has committed the end of every non-empty partition (empty ones need no
   * commit).
   */
  static boolean caughtUp(final SurgewatchConfig config, final String group) {
    final Map<TopicPartition, Long> committed = committed(config, group);
    return endOffsets(config).entrySet().stream()
        .allMatch(e -> committed.getOrDefault(e.getKey(), 0L).equals(e.getValue()));
  }

  static void await(final BooleanSupplier condition, final Duration timeout, final String what) {
    Awaitility.await(what)
        .atMost(timeout)
        .pollInterval(Duration.ofMillis(100))
        .until(condition::getAsBoolean);
  }

  /** Runs a follower on its own thread; {@link Running#close()} stops it and waits. */
  static Running start(final AlertFollower follower) {
    final Running running = new Running(follower);
    running.thread.start();
    return running;
  }

  static final class Running implements AutoCloseable {
    final AlertFollower follower;
    final Thread thread;
    volatile Throwable failure;

    Running(final AlertFollower follower) {
      this.follower = follower;
      this.thread =
          new Thread(
              () -> {
                try {
                  follower.run();
                } catch (final Throwable t) {
                  failure = t;
                }
              },
              "test-alert-follower");
    }

    @Override
    public void close() throws InterruptedException {
      follower.stop();
      thread.join(30_000);
      if (thread.isAlive()) {
        throw new AssertionError("the follower did not stop within 30 s");
      }
      if (failure != null) {
        throw new AssertionError("the follower failed", failure);
      }
    }
  }
}
