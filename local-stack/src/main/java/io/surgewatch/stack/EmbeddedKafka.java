package io.surgewatch.stack;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
  private KafkaRaftServer server;

  private EmbeddedKafka(final Path dataDir, final int port, final int controllerPort) {
    this.dataDir = dataDir;
    this.port = port;
    this.controllerPort = controllerPort;
  }

  /**
   * Formats {@code dataDir} on first use, then starts the broker; {@code port} 0 picks a free one.
   */
  public static EmbeddedKafka start(final Path dataDir, final int port) {
    final int brokerPort = Ports.orFree(port);
    final EmbeddedKafka kafka =
        new EmbeddedKafka(dataDir.toAbsolutePath(), brokerPort, Ports.freeExcept(brokerPort));
    kafka.startServer();
    return kafka;
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
    return p;
  }
}
