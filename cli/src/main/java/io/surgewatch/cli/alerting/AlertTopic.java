package io.surgewatch.cli.alerting;

import io.surgewatch.core.ConfigException;
import io.surgewatch.core.Keys;
import io.surgewatch.core.SurgewatchConfig;
import io.surgewatch.core.Topics;
import io.surgewatch.streams.app.RequiredTopics;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * The alerts topic exists while it is followed. Following a topic that does not exist delivers
 * nothing and looks healthy: a typo in {@code topic.alerts} would silence the pager, and so would
 * the topic deleted under a running follower (its partitions leave the group at once, and the
 * consumer then polls in silence for ever). Either is waited for up to {@link Keys#TOPICS_WAIT_MS},
 * as the streams app waits for its topics, then fails, so that a supervisor notices.
 */
final class AlertTopic {
  private AlertTopic() {}

  /**
   * Returns once the topic exists, or the cluster cannot tell; fails (a {@link ConfigException}:
   * bad usage, exit 2) naming it and its setting once the wait is out. Returns whether it was
   * missing, so made while it waited: no record in it was read by any group.
   *
   * @param whenMissing run once, when it is first found missing
   */
  static boolean awaitAtStart(final SurgewatchConfig config, final Runnable whenMissing) {
    final boolean[] missing = {false};
    await(
        config,
        "does not exist on "
            + config.get(Keys.BOOTSTRAP_SERVERS)
            + ": a misspelt "
            + Keys.TOPIC_ALERTS
            + "? `./surgewatch topics create` makes the app's topics",
        () -> {
          missing[0] = true;
          whenMissing.run();
        },
        () -> false);
    return missing[0];
  }

  /**
   * As {@link #awaitAtStart} for a topic that was there when the follower started: its loss is a
   * failure at run time (exit 1), not a setting to correct. Returns whether it was missing, so made
   * again: every record in it is then new to the group.
   *
   * @param stopped whether the follower was asked to stop: then it returns at once
   */
  static boolean awaitWhileFollowing(final SurgewatchConfig config, final BooleanSupplier stopped) {
    final boolean[] missing = {false};
    try {
      await(
          config,
          "was deleted from "
              + config.get(Keys.BOOTSTRAP_SERVERS)
              + " while it was followed, and did not come back within "
              + Keys.TOPICS_WAIT_MS
              + " ("
              + patience(config).toMillis()
              + " ms): `./surgewatch topics create` makes it again; then start alerts with"
              + " --from-beginning, for the group would start the new topic at its end",
          () -> missing[0] = true,
          stopped);
    } catch (final ConfigException gone) {
      throw new IllegalStateException(gone.getMessage()); // its cause would make it bad usage
    }
    return missing[0];
  }

  /**
   * Waits for the topic, running {@code whenFirstMissing} once it waits, until {@code stopped};
   * fails with "the alerts topic NAME (topic.alerts) " + {@code what}.
   */
  private static void await(
      final SurgewatchConfig config,
      final String what,
      final Runnable whenFirstMissing,
      final BooleanSupplier stopped) {
    final String topic = Topics.from(config).alerts().name();
    RequiredTopics.await(
        config,
        List.of(topic),
        missing -> "the alerts topic " + topic + " (" + Keys.TOPIC_ALERTS + ") " + what,
        patience(config),
        whenFirstMissing,
        stopped);
  }

  private static Duration patience(final SurgewatchConfig config) {
    return Duration.ofMillis(config.getInt(Keys.TOPICS_WAIT_MS));
  }
}
