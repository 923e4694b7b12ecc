package io.surgewatch.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Apicurio Registry as a child JVM on 127.0.0.1, storing its data in Kafka ({@code kafkasql}), so
 * schemas and their ids survive a registry restart as long as the broker keeps its data. Its output
 * goes to {@code dataDir/registry.log}.
 */
public final class ApicurioRegistry implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ApicurioRegistry.class);
  private static final String CONFLUENT_JSON = "application/vnd.schemaregistry.v1+json";

  /**
   * Every child still alive; the shutdown hook kills them so Ctrl-C never leaves an orphan JVM
   * holding the port.
   */
  private static final Set<Process> CHILDREN = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(() -> CHILDREN.forEach(ApicurioRegistry::kill), "apicurio-registry-reaper"));
  }

  private final Path dataDir;
  private final int port;
  private final String bootstrapServers;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private Process process;

  private ApicurioRegistry(final Path dataDir, final int port, final String bootstrapServers) {
    this.dataDir = dataDir;
    this.port = port;
    this.bootstrapServers = bootstrapServers;
  }

  /**
   * Starts the registry and waits until its Confluent API answers; {@code port} 0 picks a free one.
   */
  public static ApicurioRegistry start(
      final Path dataDir, final int port, final String bootstrapServers) {
    final ApicurioRegistry registry =
        new ApicurioRegistry(dataDir.toAbsolutePath(), Ports.orFree(port), bootstrapServers);
    registry.startProcess();
    return registry;
  }

  /**
   * The Confluent Schema Registry API base, what Confluent serdes and {@code schema.registry.url}
   * want.
   */
  public String confluentApiUrl() {
    return baseUrl() + "/apis/ccompat/v7";
  }

  /** Apicurio's own v3 REST API base, what Apicurio serdes want. */
  public String coreApiUrl() {
    return baseUrl() + "/apis/registry/v3";
  }

  public int port() {
    return port;
  }

  public Path logFile() {
    return dataDir.resolve("registry.log");
  }

  public synchronized boolean isRunning() {
    return process != null && process.isAlive();
  }

  /** Sets a subject's compatibility level, e.g. {@code BACKWARD_TRANSITIVE}. */
  public void setCompatibility(final String subject, final String level) {
    putConfig(
        "/config/" + URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20"), level);
  }

  /**
   * Kills the registry (descendants too) and waits for it; {@link #restart()} brings it back on the
   * same port.
   */
  public synchronized void stop() {
    if (process == null) {
      return;
    }
    kill(process);
    CHILDREN.remove(process);
    process = null;
    try {
      Files.deleteIfExists(pidFile());
    } catch (final IOException e) {
      LOG.debug("cannot delete {} ({})", pidFile(), e.toString());
    }
  }

  public synchronized void restart() {
    stop();
    startProcess();
  }

  @Override
  public void close() {
    stop();
  }

  private String baseUrl() {
    return "http://127.0.0.1:" + port;
  }

  private synchronized void startProcess() {
    if (process != null) {
      return;
    }
    final long t0 = System.nanoTime();
    stopLeftOver(pidFile(), ApicurioDistribution.runnerJar().toString());
    Ports.requireFree(port, "Apicurio Registry (registry.port)");
    final Path jar = ApicurioDistribution.runnerJar();
    final Path tmp = dataDir.resolve("tmp");
    try {
      Files.createDirectories(tmp);
    } catch (final IOException e) {
      throw new UncheckedIOException("cannot create " + tmp, e);
    }
    final List<String> command =
        new ArrayList<>(
            List.of(
                Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                // A small, quick-starting JVM: the registry serves a handful of schemas, and the
                // machine has 2 cores.
                "-Xms64m",
                "-Xmx384m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-Xshare:auto",
                "-Djava.io.tmpdir=" + tmp,
                "-Dquarkus.http.host=127.0.0.1",
                "-Dquarkus.http.port=" + port,
                // The management interface (health/metrics on port 9000) stays off: nothing binds
                // beyond the API port.
                "-Dquarkus.management.enabled=false",
                "-Dquarkus.http.access-log.enabled=false",
                "-Dapicurio.storage.kind=kafkasql",
                // Its journal topics (kafkasql-journal, kafkasql-snapshots) are created by the
                // registry itself. Careful: apicurio.kafkasql.topic.* is passed through as topic
                // config, not registry config.
                "-Dapicurio.kafkasql.bootstrap.servers=" + bootstrapServers,
                // At start it reads the snapshots topic until one poll comes back empty: the 5 s
                // default poll timeout made every start 5 s slower. Polls return as soon as records
                // arrive, so 500 ms costs nothing.
                "-Dapicurio.kafkasql.consumer.poll.timeout=500",
                "-Dapicurio.import.work-dir=" + tmp,
                "-Dapicurio.storage.snapshot.location=" + tmp,
                // Tests and `stack` users clean up subjects through the Confluent API (DELETE
                // /subjects/...).
                "-Dapicurio.rest.deletion.group.enabled=true",
                "-Dapicurio.rest.deletion.artifact.enabled=true",
                "-Dapicurio.rest.deletion.artifact-version.enabled=true",
                "-jar",
                jar.toString()));
    final Process started;
    try {
      Files.writeString(
          logFile(),
          "==== starting Apicurio Registry "
              + ApicurioDistribution.VERSION
              + ": "
              + String.join(" ", command)
              + System.lineSeparator(),
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
      started =
          new ProcessBuilder(command)
              .directory(dataDir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile().toFile()))
              .start();
    } catch (final IOException e) {
      throw new UncheckedIOException("cannot start Apicurio Registry (" + jar + ")", e);
    }
    CHILDREN.add(started);
    process = started;
    try {
      Files.writeString(pidFile(), Long.toString(started.pid()), StandardCharsets.UTF_8);
    } catch (final IOException e) {
      LOG.debug("cannot write {} ({}): a registry left by a killed run is not found", pidFile(), e);
    }
    try {
      awaitReady(
          started,
          Duration.ofSeconds(Long.getLong("surgewatch.apicurio.start-timeout-seconds", 180)));
    } catch (final RuntimeException e) {
      stop();
      throw e;
    }
    LOG.info(
        "Apicurio Registry {} ready in {} ms (log: {})",
        baseUrl(),
        (System.nanoTime() - t0) / 1_000_000,
        logFile());
  }

  /**
   * Ready means the Confluent API answers 200: by then kafkasql has replayed its journal from the
   * broker.
   */
  private void awaitReady(final Process child, final Duration timeout) {
    final long deadline = System.nanoTime() + timeout.toNanos();
    final HttpRequest probe =
        HttpRequest.newBuilder(URI.create(confluentApiUrl() + "/subjects"))
            .timeout(Duration.ofSeconds(5))
            .GET()
            .build();
    while (true) {
      if (!child.isAlive()) {
        throw new IllegalStateException(
            "Apicurio Registry exited with code "
                + child.exitValue()
                + " while starting; see "
                + logFile());
      }
      try {
        if (http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (final IOException e) {
        // not listening yet
      } catch (final InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for Apicurio Registry", e);
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "Apicurio Registry not ready on "
                + confluentApiUrl()
                + " after "
                + timeout.toSeconds()
                + " s; see "
                + logFile());
      }
      sleep(200);
    }
  }

  private void putConfig(final String path, final String level) {
    final HttpRequest request =
        HttpRequest.newBuilder(URI.create(confluentApiUrl() + path))
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", CONFLUENT_JSON)
            .PUT(HttpRequest.BodyPublishers.ofString("{\"compatibility\":\"" + level + "\"}"))
            .build();
    try {
      final HttpResponse<String> response =
          http.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException(
            "PUT " + request.uri() + " -> " + response.statusCode() + ": " + response.body());
      }
    } catch (final IOException e) {
      throw new UncheckedIOException("PUT " + request.uri() + " failed", e);
    } catch (final InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted: PUT " + request.uri(), e);
    }
  }

  /** Where the running registry's process id is kept, for {@link #stopLeftOver}. */
  private Path pidFile() {
    return dataDir.resolve("registry.pid");
  }

  /**
   * Stops a registry an earlier run on this data directory left running. A run killed outright
   * ({@code kill -9}, a closed terminal) cannot stop its child: the registry lives on, holding
   * registry.port, and every later run failed with "port in use". It is ours when the process
   * {@code file} names runs {@code jar}, this distribution's.
   */
  static void stopLeftOver(final Path file, final String jar) {
    if (!Files.exists(file)) {
      return;
    }
    try {
      final long pid = Long.parseLong(Files.readString(file, StandardCharsets.UTF_8).trim());
      ProcessHandle.of(pid)
          .filter(ProcessHandle::isAlive)
          .filter(p -> p.info().commandLine().map(c -> c.contains(jar)).orElse(false))
          .ifPresent(
              left -> {
                LOG.info(
                    "stopping Apicurio Registry left running by an earlier run that was killed"
                        + " (pid {})",
                    pid);
                left.destroy();
                left.onExit().orTimeout(10, TimeUnit.SECONDS).exceptionally(e -> null).join();
                if (left.isAlive()) {
                  left.destroyForcibly();
                  left.onExit().orTimeout(10, TimeUnit.SECONDS).exceptionally(e -> null).join();
                }
              });
      Files.deleteIfExists(file);
    } catch (final IOException | RuntimeException e) {
      LOG.debug("cannot check {} for a registry left running ({})", file, e.toString());
    }
  }

  /** SIGTERM to the child and its descendants, SIGKILL after 10 s; waits until they are gone. */
  private static void kill(final Process child) {
    final List<ProcessHandle> descendants = child.descendants().toList();
    descendants.forEach(ProcessHandle::destroy);
    child.destroy();
    try {
      if (!child.waitFor(10, TimeUnit.SECONDS)) {
        child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (final InterruptedException e) {
      child.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    descendants.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
  }

  private static void sleep(final long millis) {
    try {
      Thread.sleep(millis);
    } catch (final InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
