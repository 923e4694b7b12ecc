package io.surgewatch.streams.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** A restoration of many store partitions is two lines: its beginning and its end, with totals. */
class RestoreLogTest {
  private final List<String> lines = new ArrayList<>();
  private long now;
  private final RestoreLog log = new RestoreLog(() -> now, lines::add);

  private static TopicPartition changelog(final int p) {
    return new TopicPartition("app-cube-buckets-changelog", p);
  }

  @Test
  void aRestorationOfSeveralStorePartitionsIsToldWhenItBeginsAndWhenTheLastEnds() {
    log.onRestoreStart(changelog(0), "cube-buckets", 0, 100);
    log.onRestoreStart(changelog(1), "cube-buckets", 0, 50);
    log.onBatchRestored(changelog(0), "cube-buckets", 100, 100);
    log.onRestoreEnd(changelog(0), "cube-buckets", 100);
    log.onRestoreStart(changelog(2), "cube-heads", 0, 7);
    log.onBatchRestored(changelog(1), "cube-buckets", 50, 50);
    log.onRestoreSuspended(changelog(1), "cube-buckets", 50); // moved away before the end
    now = 2_500_000_000L;
    log.onBatchRestored(changelog(2), "cube-heads", 7, 7);
    log.onRestoreEnd(changelog(2), "cube-heads", 7);
    assertEquals(2, lines.size(), lines::toString);
    assertTrue(lines.get(0).startsWith("restoring local state from the changelogs"), lines.get(0));
    assertEquals("restored 157 records into 3 store partitions in 2500 ms", lines.get(1));

    log.onRestoreStart(changelog(0), "cube-buckets", 100, 101);
    log.onBatchRestored(changelog(0), "cube-buckets", 101, 1);
    log.onRestoreEnd(changelog(0), "cube-buckets", 1);
    assertEquals(
        "restoring local state from the changelogs; queries of the tasks restoring answer 503"
            + " until done",
        lines.get(2),
        "what restoring is, said once");
    assertEquals("restored 1 record into 1 store partition in 0 ms", lines.get(3));
  }

  @Test
  void aRestorationThatRestoresNothingAsANewAppsIsNotTold() {
    log.onRestoreStart(changelog(0), "cube-buckets", 0, 1); // a transaction marker alone
    log.onBatchRestored(changelog(0), "cube-buckets", 1, 0);
    log.onRestoreEnd(changelog(0), "cube-buckets", 0);
    assertEquals(List.of(), lines);
  }
}
