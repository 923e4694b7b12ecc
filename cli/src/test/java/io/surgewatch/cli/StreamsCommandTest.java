package io.surgewatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.surgewatch.core.Keys;
import io.surgewatch.core.SurgewatchConfig;
import io.surgewatch.core.Topics;
import io.surgewatch.stack.SharedTestStack;
import io.surgewatch.stack.TopicInitializer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code streams} on the real broker: what fails at start fails before the group notices. */
class StreamsCommandTest {

  @Test
  void aTakenDashboardPortFailsTheStartBeforeTheInstanceJoinsItsGroup() throws Exception {
    final String run = RunSettings.name("port-taken");
    final Map<String, String> values = RunSettings.of(run);
    values.put(Keys.APPLICATION_ID, run);
    values.put(Keys.STATE_DIR, SharedTestStack.newDirectory("surgewatch-port-taken").toString());
    final SurgewatchConfig config = SurgewatchConfig.defaultsOnly().withAll(values);
    TopicInitializer.ensureTopics(
        config.clientProperties(), Topics.from(config).newTopics(), Duration.ofSeconds(60));
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      values.put(Keys.DASHBOARD_PORT, String.valueOf(taken.getLocalPort()));
      final Launcher.Run r = Launcher.run(RunSettings.args(values, "streams"));
      assertEquals(1, r.exit(), r.out() + r.err());
      assertTrue(r.err().contains(Keys.DASHBOARD_PORT), "names the setting: " + r.err());
    }
    // A member that joined, then left, leaves its group Empty: running instances would have
    // rebalanced twice for it and restored the tasks it held meanwhile.
    try (Admin admin = Admin.create(config.clientProperties())) {
      final ExecutionException none =
          assertThrows(
              ExecutionException.class,
              () -> admin.describeConsumerGroups(List.of(run)).all().get(),
              "the group of " + run + " was never joined");
      assertInstanceOf(GroupIdNotFoundException.class, none.getCause());
    }
  }

  @Test
  @Timeout(60)
  void aBrokerThatDoesNotAnswerIsNamedWithItsSettingNotTakenForATopicProblem() throws Exception {
    final int closed = RunSettings.closedPort();
    final String run = RunSettings.name("no-broker");
    final Map<String, String> values = RunSettings.of(run);
    values.put(Keys.BOOTSTRAP_SERVERS, "127.0.0.1:" + closed);
    values.put(Keys.DASHBOARD_PORT, "0");
    values.put(Keys.STATE_DIR, SharedTestStack.newDirectory("surgewatch-no-broker").toString());
    final Launcher.Run r = Launcher.run(RunSettings.args(values, "streams"));
    assertEquals(1, r.exit(), r.out() + r.err());
    assertTrue(
        r.err()
            .contains(
                "cannot reach Kafka at 127.0.0.1:" + closed + " (bootstrap.servers) within 15 s"),
        r.err());
  }
}
