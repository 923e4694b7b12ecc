package io.surgewatch.streams.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.surgewatch.core.Keys;
import io.surgewatch.core.SurgewatchConfig;
import io.surgewatch.stack.SharedTestStack;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An outage of the broker is told in the app's log once when found, again every minute while it
 * lasts, and its end once: nothing while the broker answers.
 */
class BrokerWatchTest {
  private final List<String> warned = new ArrayList<>();
  private final List<String> told = new ArrayList<>();
  private long now;
  private String away;

  private final BrokerWatch watch =
      new BrokerWatch("broker:9092", () -> away, () -> now, warned::add, told::add);

  private void at(final Duration d) {
    now = d.toNanos();
    watch.check();
  }

  @Test
  void anOutageIsToldWhenFoundEveryMinuteWhileItLastsAndWhenItEnds() {
    at(Duration.ZERO);
    assertEquals(List.of(), warned, "the broker answers: nothing said");

    away = "Timed out waiting for a node assignment";
    at(Duration.ofSeconds(10));
    assertEquals(1, warned.size());
    assertTrue(
        warned
            .get(0)
            .startsWith(
                "Kafka at broker:9092 (bootstrap.servers) does not answer"
                    + " (Timed out waiting for a node assignment)"),
        warned.get(0));
    at(Duration.ofSeconds(20));
    at(Duration.ofSeconds(60));
    assertEquals(1, warned.size(), "not told again within the minute");
    at(Duration.ofSeconds(70));
    assertEquals(2, warned.size());
    assertTrue(warned.get(1).contains("still does not answer, 60 s after"), warned.get(1));

    away = null;
    at(Duration.ofSeconds(80));
    assertEquals(
        List.of(
            "Kafka at broker:9092 (bootstrap.servers) answers again, 70 s after it was first found"
                + " away: processing resumes"),
        told);
    at(Duration.ofSeconds(90));
    assertEquals(2, warned.size());
    assertEquals(1, told.size(), "its end told once");
  }

  @Test
  void theWatchOfARunningBrokerSaysNothingAndOfAnAddressNobodyListensOnSaysSo() throws Exception {
    final SurgewatchConfig live =
        SurgewatchConfig.defaultsOnly()
            .with(Keys.BOOTSTRAP_SERVERS, SharedTestStack.get().bootstrapServers());
    try (BrokerWatch w = BrokerWatch.of(live, warned::add, told::add)) {
      w.check();
    }
    assertEquals(List.of(), warned);
    final int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    final SurgewatchConfig gone =
        SurgewatchConfig.defaultsOnly().with(Keys.BOOTSTRAP_SERVERS, "127.0.0.1:" + closed);
    try (BrokerWatch w = BrokerWatch.of(gone, warned::add, told::add)) {
      w.check();
    }
    assertEquals(1, warned.size(), warned::toString);
    assertTrue(
        warned.get(0).startsWith("Kafka at 127.0.0.1:" + closed + " (bootstrap.servers) does not"),
        warned.get(0));
  }
}
