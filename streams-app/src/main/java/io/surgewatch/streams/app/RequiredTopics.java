package io.surgewatch.streams.app;

import io.surgewatch.core.BrokerProbe;
import io.surgewatch.core.ConfigException;
import io.surgewatch.core.Keys;
import io.surgewatch.core.SurgewatchConfig;
import io.surgewatch.core.Topics;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The app's topics exist before it joins its group. Kafka Streams does not check its sinks: a
 * missing output topic made every stream thread fail on each send's metadata wait, a minute at a
 * time, and the failure policy replace it for ever, a stack trace each time, with nothing naming
 * the topic. A deployment whose topics are being made beside it (an operator's KafkaTopics) gets a
 * while to make them. The alerts follower waits for its topic the same way: following a topic that
 * does not exist delivers nothing and looks healthy.
 */
public final class RequiredTopics {
  private static final Logger LOG = LoggerFactory.getLogger(RequiredTopics.class);
  private static final Duration ASK_EVERY = Duration.ofSeconds(2);

  private RequiredTopics() {}

  /**
   * Returns once every topic of the app exists, or the cluster cannot tell (what fails next says
   * why); fails naming the missing ones after {@code patience}.
   */
  static void await(final SurgewatchConfig config, final Duration patience) {
    await(config, patience, () -> {});
  }

  /** {@link #await(SurgewatchConfig, Duration)}, running {@code whenFirstMissing} once it waits. */
  static void await(
      final SurgewatchConfig config, final Duration patience, final Runnable whenFirstMissing) {
    await(
        config,
        Topics.from(config).all().stream().map(Topics.Topic::name).toList(),
        missing ->
            "the app's topics "
                + String.join(", ", missing)
                + " do not exist on "
                + config.get(Keys.BOOTSTRAP_SERVERS)
                + " (create them with `./surgewatch topics create` and the same settings, or your"
                + " deployment's topic definitions)",
        patience,
        whenFirstMissing,
        () -> false);
  }

  /**
   * Returns once every one of {@code names} exists, or the cluster cannot tell; fails after {@code
   * patience} with {@code describe} of the missing ones.
   */
  public static void await(
      final SurgewatchConfig config,
      final List<String> names,
      final Function<List<String>, String> describe,
      final Duration patience) {
    await(config, names, describe, patience, () -> {}, () -> false);
  }

  /**
   * {@link #await(SurgewatchConfig, List, Function, Duration)}, running {@code whenFirstMissing}
   * once it waits, and returning early once {@code stopped} says so (a follower asked to stop while
   * it waits: Ctrl-C must not wait the patience out).
   */
  public static void await(
      final SurgewatchConfig config,
      final List<String> names,
      final Function<List<String>, String> describe,
      final Duration patience,
      final Runnable whenFirstMissing,
      final BooleanSupplier stopped) {
    final long deadline = System.nanoTime() + patience.toNanos();
    try (BrokerProbe probe =
        new BrokerProbe(config, "surgewatch-streams-topics", Duration.ofSeconds(10))) {
      boolean told = false;
      while (!stopped.getAsBoolean()) {
        final List<String> missing;
        try {
          missing = probe.absent(names);
        } catch (final InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while checking the app's topics", e);
        } catch (final Exception e) {
          LOG.debug("cannot tell whether the app's topics exist ({})", e.toString());
          return;
        }
        if (missing.isEmpty()) {
          return;
        }
        final String what = describe.apply(missing);
        if (System.nanoTime() - deadline >= 0) {
          throw new ConfigException(what);
        }
        if (!told) {
          LOG.warn("{}: waiting up to {} s for them", what, patience.toSeconds());
          told = true;
          whenFirstMissing.run();
        }
        try {
          Thread.sleep(ASK_EVERY.toMillis());
        } catch (final InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while waiting for the app's topics", e);
        }
      }
    }
  }
}
