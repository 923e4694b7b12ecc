package io.surgewatch.streams.app;

import io.surgewatch.core.ConfigException;
import io.surgewatch.core.Keys;
import io.surgewatch.core.SurgewatchConfig;
import io.surgewatch.core.Topics;
import io.surgewatch.serde.SchemaRegistryClient;
import io.surgewatch.serde.SchemaRegistryClients;
import io.surgewatch.streams.topology.SurgewatchTopology;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runner: builds the topology from configuration and owns the KafkaStreams lifecycle. Kept
 * apart from the topology so tests, demo, bench and the CLI run the same app differently.
 */
public final class StreamsApp implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StreamsApp.class);

  private final KafkaStreams streams;
  private final CountDownLatch running = new CountDownLatch(1);
  private final AtomicBoolean ranOnce = new AtomicBoolean();
  private final boolean staticMember;
  private final FailurePolicy failures;

  /** Set once the app starts: the broker's outages in the log. */
  private BrokerWatch brokerWatch;

  /** Whether the app left RUNNING for a rebalance, and when (nanos): told when it runs again. */
  private volatile boolean rebalancing;

  private volatile long rebalancingSince;

  private StreamsApp(
      final Topology topology,
      final Properties props,
      final FailurePolicy failures,
      final Runnable onFirstRunning) {
    this.streams = streams(topology, props);
    this.failures = failures;
    this.staticMember =
        Stream.of("", "consumer.", "main.consumer.")
            .anyMatch(
                prefix -> props.get(prefix + ConsumerConfig.GROUP_INSTANCE_ID_CONFIG) != null);
    streams.setStateListener(
        (now, before) -> {
          if (now == KafkaStreams.State.RUNNING) {
            running.countDown();
            if (ranOnce.compareAndSet(false, true)) {
              // Off the stream thread that tells the state: it reads the broker.
              final Thread t = new Thread(onFirstRunning, "surgewatch-state-origin");
              t.setDaemon(true);
              t.start();
            }
          }
          tell(before, now);
        });
    // A failed thread is replaced (processing resumes from the last committed transaction, state
    // intact) while the failure is an outage, or has not repeated too often; a failure that keeps
    // repeating stops the application.
    streams.setUncaughtExceptionHandler(failures);
    streams.setGlobalStateRestoreListener(new RestoreLog(System::nanoTime, LOG::info));
  }

  /**
   * Kafka Streams for the topology; a state directory another instance of the application holds (a
   * second instance on the host with the same {@code state.dir}) is a settings error naming the
   * key, where Kafka Streams names neither the key nor the fix.
   */
  private static KafkaStreams streams(final Topology topology, final Properties props) {
    try {
      return new KafkaStreams(topology, props);
    } catch (final StreamsException e) {
      if (!String.valueOf(e.getMessage()).contains("same state directory")) {
        throw e;
      }
      final ConfigException inUse =
          new ConfigException(
              "state.dir "
                  + props.get(StreamsConfig.STATE_DIR_CONFIG)
                  + " is held by another instance of application "
                  + props.get(StreamsConfig.APPLICATION_ID_CONFIG)
                  + " on this host (Kafka Streams locks it): give each instance on one host a"
                  + " state.dir of its own (--set state.dir=DIR, SURGEWATCH_STATE_DIR), as it has"
                  + " an application.server of its own");
      inUse.initCause(e);
      throw inUse;
    }
  }

  /**
   * The state changes an on-call engineer needs, in the log the launcher shows (info for this
   * package): a rebalance after the app has run, and how long it took; failures. The start-up's own
   * transitions are debug: the commands print their own progress.
   */
  private void tell(final KafkaStreams.State before, final KafkaStreams.State now) {
    if (now == KafkaStreams.State.REBALANCING && before == KafkaStreams.State.RUNNING) {
      rebalancingSince = System.nanoTime();
      rebalancing = true;
      LOG.info(
          "rebalancing: an instance joined or left the group, or the broker moved partitions;"
              + " queries of data on the move answer 503 with Retry-After until it runs again");
    } else if (now == KafkaStreams.State.RUNNING && rebalancing) {
      rebalancing = false;
      LOG.info(
          "running again, {} ms after the rebalance began",
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - rebalancingSince));
    } else if (now == KafkaStreams.State.ERROR) {
      LOG.warn("streams state {} -> {}: processing has stopped", before, now);
      if (brokerWatch != null) {
        brokerWatch.stop();
      }
    } else {
      LOG.debug("streams state {} -> {}", before, now);
    }
  }

  public static Properties properties(final SurgewatchConfig config) {
    final Properties props = SurgewatchTopology.streamsProperties(config);
    props.putIfAbsent(
        StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDbConfig.class.getName());
    return props;
  }

  public static StreamsApp start(final SurgewatchConfig config) {
    return start(config, topology -> {}, app -> {});
  }

  /**
   * @param beforeJoining runs once the app is made, before it joins its group (its Kafka Streams
   *     CREATED): what can fail at start without the group noticing, such as binding the
   *     dashboard's port. An instance that joined and then failed would take the others through two
   *     rebalances and a restoration of the tasks it held meanwhile. When it throws, the app is
   *     closed and the exception passed on.
   */
  public static StreamsApp startAfter(
      final SurgewatchConfig config, final Consumer<StreamsApp> beforeJoining) {
    return start(config, topology -> {}, beforeJoining);
  }

  /**
   * @param topologyHook changes the built topology before the app starts (tests add a processor
   *     that fails on a chosen record, to see the failure policy act on the real app)
   */
  public static StreamsApp start(
      final SurgewatchConfig configured, final Consumer<Topology> topologyHook) {
    return start(configured, topologyHook, app -> {});
  }

  private static StreamsApp start(
      final SurgewatchConfig configured,
      final Consumer<Topology> topologyHook,
      final Consumer<StreamsApp> beforeJoining) {
    RequiredTopics.await(configured, Duration.ofMillis(configured.getInt(Keys.TOPICS_WAIT_MS)));
    final SurgewatchConfig config = InputPartitions.fromBroker(configured);
    final FailurePolicy failures = FailurePolicy.from(config);
    final SchemaRegistryClient registry =
        SchemaRegistryClients.forConfig(config.clientProperties());
    warmSchemas(config, registry);
    final Topology topology = SurgewatchTopology.build(config, registry);
    topologyHook.accept(topology);
    final StreamsApp app =
        new StreamsApp(topology, properties(config), failures, () -> StateOrigin.record(config));
    try {
      StateOrigin.check(config, app.streams); // fails when the broker cannot be reached
      beforeJoining.accept(app);
      app.brokerWatch = BrokerWatch.start(config);
      app.streams.start();
    } catch (final RuntimeException e) {
      app.close(); // the Kafka Streams clients, the watch's thread and Admin, if started
      throw e;
    }
    return app;
  }

  /**
   * Registers (or looks up) every output schema and fetches the inputs' current schemas before
   * processing starts, so the shared client has them cached and the app keeps reading and writing
   * while the registry is unreachable. A registry that is down at start only delays this to the
   * first record of each kind, which retries until it is back.
   */
  static void warmSchemas(final SurgewatchConfig config, final SchemaRegistryClient registry) {
    final boolean autoRegister =
        !"false"
            .equalsIgnoreCase(
                String.valueOf(
                    config.clientProperties().getOrDefault("auto.register.schemas", "true")));
    for (final Topics.Topic<?> t : Topics.from(config).all()) {
      if (t.role() == Topics.Role.INPUT) {
        try {
          registry.latest(
              t.valueSubject()); // caches the current writer schema of the input by its id
        } catch (final RuntimeException e) {
          // Usual on a new deployment: the first producer registers it.
          LOG.debug("no schema yet for input subject {} ({})", t.valueSubject(), e.getMessage());
        }
        continue;
      }
      final Schema schema = SpecificData.get().getSchema(t.valueClass());
      try {
        if (autoRegister) {
          registry.register(t.valueSubject(), schema);
        } else {
          registry.lookup(t.valueSubject(), schema);
        }
      } catch (final RuntimeException e) {
        LOG.warn(
            "could not prepare schema of {} now ({}); the first record will retry",
            t.valueSubject(),
            e.getMessage());
      }
    }
  }

  public KafkaStreams streams() {
    return streams;
  }

  /** The failure policy: replacements so far, and the failure that stopped the app, if one did. */
  public FailurePolicy failures() {
    return failures;
  }

  public boolean awaitRunning(final Duration timeout) throws InterruptedException {
    return running.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * Closes cleanly. A dynamic member leaves its group: Kafka Streams stays by default, so a
   * restarted instance waited out the old member's session (45 s with no processing and no queries)
   * before it got its tasks back. A static member (group.instance.id, as the Kubernetes manifests
   * set) stays, so a pod that restarts keeps its tasks.
   */
  @Override
  public void close() {
    try {
      if (brokerWatch != null) {
        brokerWatch.close();
      }
    } finally {
      closeStreams();
    }
  }

  private void closeStreams() {
    streams.close(
        CloseOptions.timeout(Duration.ofSeconds(30))
            .withGroupMembershipOperation(
                staticMember
                    ? CloseOptions.GroupMembershipOperation.REMAIN_IN_GROUP
                    : CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
  }
}
