package io.surgewatch.streams.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.surgewatch.core.Keys;
import io.surgewatch.core.SurgewatchConfig;
import io.surgewatch.streams.app.AppReset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

/**
 * {@code surgewatch reset} deletes the app's internal topics and nothing else: not those of an app
 * whose id starts with this one's and a dash, as the new application.id of a move to six input
 * partitions does.
 */
class AppResetTest {

  @Test
  void aResetDeletesItsOwnInternalTopicsNeverThoseOfAnAppWhoseIdStartsWithItsOwn()
      throws Exception {
    final SurgewatchConfig config = RealStack.isolatedConfig(Map.of());
    final String id = config.get(Keys.APPLICATION_ID);
    final List<String> own =
        List.of(id + "-cube-buckets-changelog", id + "-cube-contributions-repartition");
    final List<String> next =
        List.of(id + "-v2-cube-buckets-changelog", id + "-v2-cube-contributions-repartition");
    try (Admin admin = Admin.create(config.clientProperties())) {
      admin
          .createTopics(
              Stream.concat(own.stream(), next.stream())
                  .map(t -> new NewTopic(t, 1, (short) 1))
                  .toList())
          .all()
          .get(30, TimeUnit.SECONDS);

      final AppReset.Plan plan = new AppReset(config).run();

      assertEquals(own, plan.internalTopics());
      assertEquals(next, plan.leftAlone());
      assertTrue(
          plan.describe().stream()
              .anyMatch(l -> l.startsWith("leave " + next.get(0) + ": named like an internal")),
          String.join("\n", plan.describe()));
      final Set<String> left = new TreeSet<>(admin.listTopics().names().get(30, TimeUnit.SECONDS));
      assertTrue(left.containsAll(next), "the other app's topics stand: " + left);
      assertTrue(own.stream().noneMatch(left::contains), "its own are gone: " + left);
    }
  }
}
