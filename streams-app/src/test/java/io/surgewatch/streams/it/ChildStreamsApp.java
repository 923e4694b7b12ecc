package io.surgewatch.streams.it;

import io.surgewatch.core.SurgewatchConfig;
import io.surgewatch.streams.app.StreamsApp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * The streams app in a child JVM, so a test can kill it hard (SIGKILL: no shutdown hook, no clean
 * close, no final commit), exactly as a crashed pod dies.
 */
final class ChildStreamsApp implements AutoCloseable {
  private final Process process;

  private ChildStreamsApp(final Process process) {
    this.process = process;
  }

  static ChildStreamsApp start(final SurgewatchConfig config, final Path dir, final String name)
      throws Exception {
    final Properties props = new Properties();
    props.putAll(config.asMap());
    final Path file = dir.resolve(name + ".properties");
    try (var w = Files.newBufferedWriter(file)) {
      props.store(w, "child streams app");
    }
    // Its own temporary directory, inside the test's: RocksDB and LZ4 unpack their native
    // libraries there and delete them at exit, which a child killed hard never reaches.
    final Path tmp = Files.createDirectories(dir.resolve(name + "-tmp"));
    final List<String> cmd =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-XX:+UseSerialGC",
                // C1 only, as in the test JVMs (surefire.jvmFlags): an app that lives a minute
                // spent half its CPU on C2's compilations (FaultToleranceTest, 59 s against 30 s).
                "-XX:TieredStopAtLevel=1",
                "-Djava.io.tmpdir=" + tmp,
                "-cp",
                System.getProperty("java.class.path"),
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                ChildStreamsApp.class.getName(),
                file.toString()));
    final Process p =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve(name + ".log").toFile())
            .start();
    return new ChildStreamsApp(p);
  }

  /** SIGKILL: the JVM gets no chance to commit, flush or close anything. */
  void killHard() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(20, TimeUnit.SECONDS);
  }

  boolean isAlive() {
    return process.isAlive();
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroy(); // SIGTERM: the shutdown hook closes the app
      if (!process.waitFor(40, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }

  public static void main(final String[] args) throws Exception {
    final Properties props = new Properties();
    try (var r = Files.newBufferedReader(Path.of(args[0]))) {
      props.load(r);
    }
    final Map<String, String> values = new HashMap<>();
    props.stringPropertyNames().forEach(k -> values.put(k, props.getProperty(k)));
    final StreamsApp app = StreamsApp.start(SurgewatchConfig.defaultsOnly().withAll(values));
    Runtime.getRuntime().addShutdownHook(new Thread(app::close));
    Thread.currentThread().join();
  }
}
