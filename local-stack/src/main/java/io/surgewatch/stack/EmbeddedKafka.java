package io.surgewatch.stack;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Apache Kafka broker in KRaft combined mode (broker + controller), in this JVM,
 * on 127.0.0.1. Data lives under {@code dataDir/logs}; a second start on the same directory reuses
 * it (same cluster id).
 */
public final class EmbeddedKafka implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);
  private static final int NODE_ID = 1;
  private static final String CONTROLLER_LISTENER = "CONTROLLER";

  /** The listener of {@link #startWithScramListener}: SASL_PLAINTEXT, SCRAM-SHA-512. */
  private static final String SCRAM_LISTENER = "SCRAM";

  /**
   * Who connects to the PLAINTEXT and controller listeners once ACLs are on: the broker itself and
   * the set-up (users, ACLs, topics), unauthenticated, hence User:ANONYMOUS, made a super user.
   */
  public static final String SUPER_USER = "User:ANONYMOUS";

  static {
    // The broker logs through slf4j; with slf4j-simple (what the apps use) its INFO chatter would
    // flood the console, and even its WARNs are routine here (e.g. "metadata log appears to be
    // empty" on first start). Server-side loggers go to ERROR; client packages
    // (org.apache.kafka.clients, ...) keep the app's level. Per-logger levels are read when a
    // logger is created, so this works as long as no broker class logged yet. An explicit -D from
    // the user wins.
    for (final String name :
        List.of(
            "kafka",
            "state.change.logger",
            "org.apache.kafka.controller",
            "org.apache.kafka.raft",
            "org.apache.kafka.server",
            "org.apache.kafka.storage",
            "org.apache.kafka.metadata",
            "org.apache.kafka.image",
            "org.apache.kafka.coordinator",
            "org.apache.kafka.snapshot",
            "org.apache.kafka.queue")) {
      final String key = "org.slf4j.simpleLogger.log." + name;
      if (System.getProperty(key) == null) {
        System.setProperty(key, "error");
      }
    }
    // On restart the controller's own registration can race its election and be logged as an ERROR
    // (NotControllerException: "the active controller appears to be node 1") before the retry
    // succeeds.
    System.getProperties()
        .putIfAbsent("org.slf4j.simpleLogger.log.kafka.server.ControllerApis", "off");
  }

  private final Path dataDir;
  private final int port;
  private final int controllerPort;

  /** The SCRAM listener's port, or 0 when the broker has none (and no authorizer). */
  private final int scramPort;

  private KafkaRaftServer server;

  private EmbeddedKafka(
      final Path dataDir, final int port, final int controllerPort, final int scramPort) {
    this.dataDir = dataDir;
    this.port = port;
    this.controllerPort = controllerPort;
    this.scramPort = scramPort;
  }

  /**
   * Formats {@code dataDir} on first use, then starts the broker; {@code port} 0 picks a free one.
   */
  public static EmbeddedKafka start(final Path dataDir, final int port) {
    final int brokerPort = Ports.orFree(port);
    final EmbeddedKafka kafka =
        new EmbeddedKafka(dataDir.toAbsolutePath(), brokerPort, Ports.freeExcept(brokerPort), 0);
    kafka.startServer();
    return kafka;
  }

  /**
   * A broker as a production cluster authorizes its clients, on free ports: besides the PLAINTEXT
   * listener, a SASL_PLAINTEXT listener ({@link #scramBootstrapServers()}) whose clients log in
   * with SCRAM-SHA-512 as the users made with {@code Admin.alterUserScramCredentials}, and Kafka's
   * {@code StandardAuthorizer}, so that each may do what ACLs allow it and nothing else. The
   * PLAINTEXT listener stays for the broker's own requests and for the set-up, whose principal
   * {@link #SUPER_USER} may do anything. TLS is left out: it changes how a client connects, not
   * what it may do.
   */
  public static EmbeddedKafka startWithScramListener(final Path dataDir) {
    final int brokerPort = Ports.free();
    final int controllerPort = Ports.freeExcept(brokerPort);
    int scramPort = Ports.freeExcept(brokerPort);
    while (scramPort == controllerPort) {
      scramPort = Ports.freeExcept(brokerPort);
    }
    final EmbeddedKafka kafka =
        new EmbeddedKafka(dataDir.toAbsolutePath(), brokerPort, controllerPort, scramPort);
    kafka.startServer();
    return kafka;
  }

  /** The SCRAM listener's address; only for a broker of {@link #startWithScramListener}. */
  public String scramBootstrapServers() {
    if (scramPort == 0) {
      throw new IllegalStateException("this broker has no SCRAM listener");
    }
    return "127.0.0.1:" + scramPort;
  }

  public String bootstrapServers() {
    return "127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  public Path dataDir() {
    return dataDir;
  }

  public synchronized boolean isRunning() {
    return server != null;
  }

  /**
   * Stops the broker cleanly (controlled shutdown, logs flushed); {@link #restart()} brings it
   * back.
   */
  public synchronized void stop() {
    if (server == null) {
      return;
    }
    final long t0 = System.nanoTime();
    server.shutdown();
    server.awaitShutdown();
    server = null;
    LOG.info(
        "Kafka broker {} stopped in {} ms",
        bootstrapServers(),
        (System.nanoTime() - t0) / 1_000_000);
  }

  /** Stops (if running) and starts again on the same directory and the same ports. */
  public synchronized void restart() {
    stop();
    startServer();
  }

  @Override
  public void close() {
    stop();
  }

  private synchronized void startServer() {
    if (server != null) {
      return;
    }
    final long t0 = System.nanoTime();
    // A clear message instead of the broker's stack trace when something (an old broker?) holds a
    // port.
    Ports.requireFree(port, "Kafka broker (kafka.port)");
    Ports.requireFree(controllerPort, "Kafka controller");
    if (scramPort != 0) {
      Ports.requireFree(scramPort, "Kafka SCRAM listener");
    }
    final Path logDir = dataDir.resolve("logs");
    format(logDir);
    final KafkaRaftServer raftServer =
        new KafkaRaftServer(new KafkaConfig(config(logDir), false), Time.SYSTEM);
    try {
      // Returns once the broker is registered and unfenced, i.e. it serves clients.
      raftServer.startup();
    } catch (final RuntimeException e) {
      raftServer.shutdown();
      raftServer.awaitShutdown();
      throw new IllegalStateException(
          "Kafka broker failed to start on " + bootstrapServers() + " in " + dataDir, e);
    }
    server = raftServer;
    LOG.info(
        "Kafka broker {} started in {} ms",
        bootstrapServers(),
        (System.nanoTime() - t0) / 1_000_000);
  }

  /**
   * Like {@code kafka-storage.sh format}, but only when the directory is not formatted yet (keeps
   * the cluster id).
   */
  private static void format(final Path logDir) {
    if (Files.exists(logDir.resolve("meta.properties"))) {
      return;
    }
    try {
      Files.createDirectories(logDir);
      new Formatter()
          .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
          .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
          .setNodeId(NODE_ID)
          .setClusterId(Uuid.randomUuid().toString())
          .setDirectories(List.of(logDir.toString()))
          .setMetadataLogDirectory(logDir.toString())
          .setReleaseVersion(MetadataVersion.latestProduction())
          .setControllerListenerName(CONTROLLER_LISTENER)
          // Static quorum (controller.quorum.voters): one voter, ourselves.
          .setHasDynamicQuorum(false)
          .run();
    } catch (final IOException e) {
      throw new UncheckedIOException("cannot create " + logDir, e);
    } catch (final Exception e) {
      throw new IllegalStateException("cannot format Kafka storage in " + logDir, e);
    }
  }

  private Properties config(final Path logDir) {
    final Properties p = new Properties();
    p.putAll(
        Map.ofEntries(
            Map.entry("process.roles", "broker,controller"),
            Map.entry("node.id", String.valueOf(NODE_ID)),
            Map.entry("controller.quorum.voters", NODE_ID + "@127.0.0.1:" + controllerPort),
            Map.entry("controller.listener.names", CONTROLLER_LISTENER),
            Map.entry(
                "listeners",
                "PLAINTEXT://127.0.0.1:"
                    + port
                    + ","
                    + CONTROLLER_LISTENER
                    + "://127.0.0.1:"
                    + controllerPort),
            Map.entry("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port),
            Map.entry("inter.broker.listener.name", "PLAINTEXT"),
            Map.entry(
                "listener.security.protocol.map",
                "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT"),
            Map.entry("log.dirs", logDir.toString()),
            Map.entry("metadata.log.dir", logDir.toString()),
            // One node: every internal topic has one replica, and min ISR 1 so acks=all and
            // transactions work.
            Map.entry("offsets.topic.replication.factor", "1"),
            Map.entry("transaction.state.log.replication.factor", "1"),
            Map.entry("transaction.state.log.min.isr", "1"),
            Map.entry("share.coordinator.state.topic.replication.factor", "1"),
            Map.entry("share.coordinator.state.topic.min.isr", "1"),
            Map.entry("default.replication.factor", "1"),
            Map.entry("min.insync.replicas", "1"),
            // 50 partitions per internal topic cost seconds on 2 cores for nothing on one node.
            Map.entry("offsets.topic.num.partitions", "4"),
            Map.entry("transaction.state.log.num.partitions", "4"),
            Map.entry("share.coordinator.state.topic.num.partitions", "1"),
            // Tests and the demo join groups constantly: no 3 s wait for more members that never
            // come.
            Map.entry("group.initial.rebalance.delay.ms", "0"),
            // Topics are created explicitly (TopicInitializer), so a typo fails instead of making a
            // new topic.
            Map.entry("auto.create.topics.enable", "false")));
    if (scramPort != 0) {
      addScramListener(p);
    }
    return p;
  }

  private void addScramListener(final Properties p) {
    final String listener = SCRAM_LISTENER + "://127.0.0.1:" + scramPort;
    p.put("listeners", p.getProperty("listeners") + "," + listener);
    p.put("advertised.listeners", p.getProperty("advertised.listeners") + "," + listener);
    p.put(
        "listener.security.protocol.map",
        p.getProperty("listener.security.protocol.map") + "," + SCRAM_LISTENER + ":SASL_PLAINTEXT");
    final String prefix = "listener.name." + SCRAM_LISTENER.toLowerCase(Locale.ROOT) + ".";
    p.put(prefix + "sasl.enabled.mechanisms", "SCRAM-SHA-512");
    // The broker's side of SCRAM needs a login module, no credentials: it checks the clients'
    // against the users in the cluster's metadata.
    p.put(
        prefix + "scram-sha-512.sasl.jaas.config",
        "org.apache.kafka.common.security.scram.ScramLoginModule required;");
    p.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
    p.put("super.users", SUPER_USER);
    // What no ACL allows is denied (Kafka's default, and a Strimzi cluster's), said here as it is
    // the point of this broker.
    p.put("allow.everyone.if.no.acl.found", "false");
  }
}
