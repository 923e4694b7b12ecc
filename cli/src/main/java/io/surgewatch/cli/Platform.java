package io.surgewatch.cli;

import io.surgewatch.core.KafkaListenerCheck;
import io.surgewatch.core.Keys;
import io.surgewatch.core.SurgewatchConfig;
import io.surgewatch.core.Topics;
import io.surgewatch.serde.AvroSerdeConfig;
import io.surgewatch.serde.RegistryUnreachableException;
import io.surgewatch.serde.SchemaRegistryClient;
import io.surgewatch.serde.SchemaRegistryClients;
import io.surgewatch.serde.SchemaRegistryException;
import io.surgewatch.stack.LocalStack;
import io.surgewatch.stack.TopicInitializer;
import io.surgewatch.streams.app.FailurePolicy;
import io.surgewatch.streams.app.RequiredTopics;
import io.surgewatch.streams.app.StreamsApp;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * Brings a cluster to the state the apps expect: topics with their configs, and registry
 * compatibility levels.
 */
final class Platform {
  private Platform() {}

  static void createTopics(final SurgewatchConfig config) {
    final Map<String, Object> admin = config.clientProperties();
    admin.putIfAbsent(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 15_000);
    TopicInitializer.ensureTopics(admin, Topics.from(config).newTopics(), Duration.ofSeconds(60));
  }

  /** How long a command waits for a broker to answer before it says it cannot reach one. */
  static final Duration BROKER_PATIENCE = Duration.ofSeconds(15);

  /**
   * Fails fast, naming the address, when no broker answers: a producer alone would wait a minute
   * and then speak of topic metadata.
   */
  static void requireBroker(final SurgewatchConfig config) {
    requireBroker(config, BROKER_PATIENCE);
  }

  /**
   * As {@link #requireBroker(SurgewatchConfig)}, waiting up to {@code patience} (at least 10 s: one
   * request's timeout) for a broker to answer. An address that answers but not as Kafka (a web
   * server's port) fails at once, before a Kafka client reads its answer as a gigabyte response.
   */
  static void requireBroker(final SurgewatchConfig config, final Duration patience) {
    final String servers = config.get(Keys.BOOTSTRAP_SERVERS);
    final Map<String, Object> admin = config.clientProperties();
    final String notKafka =
        KafkaListenerCheck.problem(
            servers,
            Objects.toString(admin.get(AdminClientConfig.SECURITY_PROTOCOL_CONFIG), null),
            Duration.ofSeconds(3));
    if (notKafka != null) {
      throw new IllegalStateException(
          "cannot reach Kafka at " + servers + " (bootstrap.servers): " + notKafka);
    }
    final long seconds = Math.max(10, patience.toSeconds());
    admin.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
    admin.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) (seconds * 1000));
    try (Admin a = Admin.create(admin)) {
      // Admin's own timeout first: its message says what it waited for.
      a.describeCluster().nodes().get(seconds + 1, TimeUnit.SECONDS);
    } catch (final Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw new IllegalStateException(
          "cannot reach Kafka at "
              + servers
              + " (bootstrap.servers) within "
              + seconds
              + " s: "
              + (e.getCause() != null ? e.getCause().getMessage() : e.toString()),
          e);
    }
  }

  /**
   * Fails fast, naming the address and the setting, when the registry does not answer (at most two
   * attempts of 3 s to connect and 4 s to answer, so within 15 s), or answers that no registry API
   * is there (a 404: its message says the base path is likely missing): the serdes retry each
   * record and fail only after many. Any other answer (401, 403) is left to the commands' own
   * requests, which may be allowed what listing the subjects is not.
   */
  static void requireRegistry(final SurgewatchConfig config) {
    final Map<String, Object> probe = config.clientProperties();
    probe.put(AvroSerdeConfig.MAX_RETRIES, 1);
    probe.put(AvroSerdeConfig.CONNECT_TIMEOUT_MS, 3_000);
    probe.put(AvroSerdeConfig.REQUEST_TIMEOUT_MS, 4_000);
    final SchemaRegistryClient registry = SchemaRegistryClients.forConfig(probe);
    try {
      registry.subjects();
    } catch (final SchemaRegistryException e) {
      if (SchemaRegistryException.registryAwayIn(e)) {
        throw new IllegalStateException(
            "cannot reach the schema registry at "
                + registry.url()
                + " ("
                + Keys.SCHEMA_REGISTRY_URL
                + ") within 15 s: "
                + (e instanceof RegistryUnreachableException && e.getCause() != null
                    ? e.getCause().getClass().getSimpleName()
                        + (e.getCause().getMessage() == null
                            ? ""
                            : " (" + e.getCause().getMessage() + ")")
                    : e.getMessage()),
            e);
      }
      if (e.status() == 404) {
        throw e;
      }
    }
  }

  /**
   * Fails at once, naming each missing topic and its setting ({@code topicKeys}, e.g. {@link
   * Keys#TOPIC_INCIDENTS}): a producer alone would wait a minute for the topic's metadata and then
   * speak of neither. When the cluster cannot tell, what fails next says why.
   */
  static void requireTopics(final SurgewatchConfig config, final String... topicKeys) {
    requireTopics(config, Duration.ZERO, topicKeys);
  }

  /**
   * As {@link #requireTopics(SurgewatchConfig, String...)}, waiting up to {@code patience} for them
   * to be made: a service started beside its topics ({@link Keys#TOPICS_WAIT_MS}).
   */
  static void requireTopics(
      final SurgewatchConfig config, final Duration patience, final String... topicKeys) {
    RequiredTopics.await(
        config,
        Arrays.stream(topicKeys).map(config::get).toList(),
        absent -> {
          final List<String> missing =
              Arrays.stream(topicKeys)
                  .filter(key -> absent.contains(config.get(key)))
                  .map(key -> config.get(key) + " (" + key + ")")
                  .toList();
          return (missing.size() == 1 ? "topic " : "topics ")
              + String.join(", ", missing)
              + (missing.size() == 1 ? " does" : " do")
              + " not exist on "
              + config.get(Keys.BOOTSTRAP_SERVERS)
              + " (create them with `./surgewatch topics create` and the same settings, or correct"
              + " the setting)";
        },
        patience);
  }

  /**
   * The live registry enforces what the build checks: inputs BACKWARD_TRANSITIVE, outputs
   * FULL_TRANSITIVE.
   */
  static void setCompatibility(final SurgewatchConfig config) {
    final SchemaRegistryClient registry =
        SchemaRegistryClients.forConfig(config.clientProperties());
    for (final Topics.Topic<?> t : Topics.from(config).all()) {
      registry.setCompatibility(t.valueSubject(), t.role().compatibility());
    }
  }

  /**
   * Fails before anything starts when two of the servers one process runs would share a port (0
   * picks a free one): the second would fail to bind only after the broker, the registry and the
   * app had started, or, bound to another address, answer in the other's place.
   */
  static void requireDistinctPorts(
      final CommandSpec spec, final SurgewatchConfig config, final String... portKeys) {
    final Map<Integer, String> taken = new HashMap<>();
    for (final String key : portKeys) {
      final int port = config.getInt(key);
      final String other = port == 0 ? null : taken.putIfAbsent(port, key);
      if (other != null) {
        throw new ParameterException(
            spec.commandLine(),
            other
                + " and "
                + key
                + " are both "
                + port
                + ": "
                + spec.name()
                + " serves both in one process; give each its own port");
      }
    }
  }

  /**
   * The dashboard's and the ingest API's ports are bound only once the broker, the registry and the
   * app have started (half a minute on a small machine): one that another process holds is found
   * now instead. A process may still take it in between; then the server's own error says so.
   */
  static void requireFreePorts(final SurgewatchConfig config, final String... hostAndPortKeys) {
    for (int i = 0; i + 1 < hostAndPortKeys.length; i += 2) {
      final String host = config.get(hostAndPortKeys[i]);
      final int port = config.getInt(hostAndPortKeys[i + 1]);
      if (port == 0) {
        continue;
      }
      try (ServerSocket socket = new ServerSocket()) {
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(InetAddress.getByName(host), port));
      } catch (final IOException e) {
        throw new IllegalStateException(
            hostAndPortKeys[i + 1]
                + " "
                + port
                + " on "
                + host
                + " cannot be bound ("
                + e.getMessage()
                + "): another process holds it? Choose another with --set "
                + hostAndPortKeys[i + 1]
                + "=N",
            e);
      }
    }
  }

  static LocalStack startStack(final SurgewatchConfig config, final PrintStream out) {
    final Path dir = ConfigOptions.dataDir(config);
    out.println(
        "Starting Kafka (KRaft) and the schema registry; data in "
            + dir.toAbsolutePath().normalize());
    return LocalStack.start(dir, config.getInt(Keys.KAFKA_PORT), config.getInt(Keys.REGISTRY_PORT));
  }

  /** The configuration pointed at a local stack. */
  static Map<String, String> addresses(final LocalStack stack) {
    return Map.of(
        Keys.BOOTSTRAP_SERVERS,
        stack.bootstrapServers(),
        Keys.SCHEMA_REGISTRY_URL,
        stack.registryUrl());
  }

  /**
   * Blocks until the JVM is asked to stop (Ctrl-C, SIGTERM), runs {@code onStop}, and only then
   * lets it exit; {@code command} names it in what the stop prints on stderr.
   */
  static void awaitShutdown(final CommandSpec command, final Runnable onStop) {
    try (ShutdownGate gate = ShutdownGate.install(command)) {
      gate.awaitStop();
      onStop.run();
    }
  }

  /**
   * Blocks until the JVM is asked to stop (Ctrl-C, SIGTERM) or the app stops on a failure, runs
   * {@code onStop}, and only then lets it exit. A failure is rethrown after {@code onStop}: the
   * command exits 1 with its one-line reason.
   */
  static void awaitShutdown(
      final CommandSpec command, final StreamsApp app, final Runnable onStop) {
    try (ShutdownGate gate = ShutdownGate.install(command)) {
      app.failures().stopped().thenRun(gate::wake);
      gate.awaitStop();
      onStop.run();
    }
    failIfStopped(app);
  }

  /**
   * Throws the failure that stopped the app (exit code 1, one line naming the exception and the
   * count), if any.
   */
  static void failIfStopped(final StreamsApp app) {
    final FailurePolicy.Failure failure = app.failures().failure();
    if (failure != null) {
      throw new IllegalStateException(
          failure.describe()
              + " (fix the cause, or reset the application: see"
              + " 'surgewatch reset --help'; then start it again)");
    }
  }

  /**
   * Holds the JVM's exit until the command has closed what it opened. A shutdown hook that returns
   * lets the JVM halt at once, whatever other threads are doing: the demo's streams app was cut off
   * mid-close (no checkpoint, its exactly-once tasks marked corrupted and restored from the
   * changelogs on the next start). Open it first and close it last (the outermost
   * try-with-resources), so everything else is closed before the hook returns.
   */
  static final class ShutdownGate implements AutoCloseable {
    /** How long the JVM's exit waits for the command to close what it opened. */
    private static final Duration CLOSING_PATIENCE = Duration.ofSeconds(60);

    private final CountDownLatch stop = new CountDownLatch(1);
    private final CountDownLatch wake = new CountDownLatch(1);
    private final CountDownLatch done = new CountDownLatch(1);
    private final CommandSpec command;
    private final Duration closingPatience;
    private final Thread hook;

    ShutdownGate(final CommandSpec command, final Duration closingPatience) {
      this.command = command;
      this.closingPatience = closingPatience;
      this.hook = new Thread(this::stopRequestedByTheJvm, "surgewatch-shutdown");
    }

    /** A gate whose shutdown hook is installed; {@code command} names it in what it prints. */
    static ShutdownGate install(final CommandSpec command) {
      final ShutdownGate gate = new ShutdownGate(command, CLOSING_PATIENCE);
      Runtime.getRuntime().addShutdownHook(gate.hook);
      return gate;
    }

    /** The shutdown hook: wakes the command and holds the exit until it has closed, a while. */
    void stopRequestedByTheJvm() {
      stop.countDown();
      wake.countDown();
      System.out.println("Stopping...");
      try {
        if (!done.await(closingPatience.toMillis(), TimeUnit.MILLISECONDS)) {
          command
              .commandLine()
              .getErr()
              .println(
                  Main.line(
                      command,
                      "still stopping after "
                          + closingPatience.toSeconds()
                          + " s; exiting anyway"));
        }
      } catch (final InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    /**
     * Whether the JVM has been asked to stop (Ctrl-C, SIGTERM): long steps check it and wind down.
     */
    boolean stopRequested() {
      return stop.getCount() == 0;
    }

    /** Ends {@link #awaitStop()} without a stop request: the app stopped by itself (a failure). */
    void wake() {
      wake.countDown();
    }

    /** Waits for a stop request (Ctrl-C, SIGTERM) or {@link #wake()}. */
    void awaitStop() {
      try {
        wake.await();
      } catch (final InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    @Override
    public void close() {
      if (stop.getCount() == 0) {
        System.out.println("Stopped.");
      } else {
        try {
          Runtime.getRuntime()
              .removeShutdownHook(hook); // a normal end (--exit-when-done, an error)
        } catch (final IllegalStateException shuttingDown) {
          // the JVM is already exiting: the hook runs and finds done counted down
        }
      }
      done.countDown();
    }
  }
}
