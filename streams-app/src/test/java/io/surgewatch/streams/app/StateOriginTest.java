package io.surgewatch.streams.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** When recorded local state counts as built from other topics than the broker's now. */
class StateOriginTest {
  private static final Map<String, String> RECORDED =
      Map.of("cluster", "C1", "topic.in", "T1", "topic.app-x-changelog", "L1");

  @Test
  void theSameIdsDifferInNothingAndATopicMadeSinceNeither() {
    assertEquals(List.of(), StateOrigin.differences(RECORDED, RECORDED));
    final Map<String, String> more =
        Map.of("cluster", "C1", "topic.in", "T1", "topic.app-x-changelog", "L1", "topic.new", "N1");
    assertEquals(List.of(), StateOrigin.differences(RECORDED, more));
  }

  @Test
  void anotherClusterATopicMadeAgainOrGoneDiffer() {
    assertEquals(
        List.of("the Kafka cluster was C1, is C2"),
        StateOrigin.differences(
            RECORDED, Map.of("cluster", "C2", "topic.in", "T1", "topic.app-x-changelog", "L1")));
    assertEquals(
        List.of("topic app-x-changelog was L1, is gone", "topic in was T1, is T2"),
        StateOrigin.differences(RECORDED, Map.of("cluster", "C1", "topic.in", "T2")).stream()
            .sorted()
            .toList());
  }
}
