package io.surgewatch.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Backtest's state must behave as the app's changelogged stores do; these are the parts laid out
 * differently.
 */
class InMemoryCubeStoresTest {
  // Windows 7, 14, 21, 30 (published 7 and 30, recent 7, baseline 14); history 30 days: retention
  // 30 + 30 + 2.
  private final EngineConfig cfg = EngineConfig.of(List.of(7, 30), 7, 14, 5, 5, 2, 1, 2, 30, 30);
  private final InMemoryCubeStores stores = new InMemoryCubeStores(cfg);

  @Test
  void aBucketLeavesEachWindowOnItsDayAndTimersOfOneKeyAndDayAreMerged() {
    assertArrayEquals(new int[] {7, 14, 21, 30}, cfg.windows());
    stores.scheduleLeaving("PK|*|*", 100, 100);
    stores.scheduleLeaving("PK|*|*", 107, 107); // leaves 7 on 114, as day 100 leaves 14
    assertTimers(107, new String[] {"PK|*|*"}, new int[] {0b0001});
    assertTimers(114, new String[] {"PK|*|*"}, new int[] {0b0011});
    assertTimers(114, new String[0], new int[0]); // taken once
  }

  @Test
  void dueKeysComeInKeyOrderWhateverOrderTheyWereScheduledIn() {
    for (final String key : List.of("PK|KP|TTP", "AF|*|*", "PK|*|*", "*|*|*")) {
      stores.scheduleLeaving(key, 10, 10);
    }
    assertTimers(
        17, new String[] {"*|*|*", "AF|*|*", "PK|*|*", "PK|KP|TTP"}, new int[] {1, 1, 1, 1});
  }

  @Test
  void aWindowAlreadyPassedWhenTheBucketWasCreatedGetsNoTimer() {
    stores.scheduleLeaving(
        "PK|*|*", 100, 110); // a report 10 days late: it has already left the 7-day window
    assertTimers(107, new String[0], new int[0]);
    assertTimers(114, new String[] {"PK|*|*"}, new int[] {0b0010});
  }

  @Test
  void aDayPastTheRetentionMakesRoomForANewOne() {
    stores.watermark(1);
    assertTrue(stores.addToBucket("PK|*|*", 1, "a", tally(1, 2)));
    final int ring = 8; // the table's first size: day 1 + 8 starts its probe at day 1's slot
    stores.watermark(1 + cfg.retentionDays());
    assertTrue(
        stores.addToBucket(
            "PK|*|*", 1 + ring, "b", tally(1, 5))); // takes day 1's slot: it has left
    assertNull(stores.bucket("PK|*|*", 1));
    assertFalse(stores.tally("PK|*|*", 1, new long[Tally.SIZE]));
    assertArrayEquals(tally(1, 5), stores.bucket("PK|*|*", 1 + ring).tally);
  }

  @Test
  void everyLiveDayKeepsItsTotalsAndEvidenceWhateverDaysTheKeyHolds() {
    // Days 8 apart start their probes at one slot of a small table: it probes on and grows, nothing
    // live is lost.
    stores.watermark(cfg.retentionDays());
    for (int day = 3; day < cfg.retentionDays(); day += 8) {
      assertTrue(stores.addToBucket("PK|*|*", day, "i" + day, tally(1, day)));
    }
    assertFalse(
        stores.addToBucket("PK|*|*", 3, "j", tally(1, 1)), "the day's bucket already exists");
    for (int day = 3; day < cfg.retentionDays(); day += 8) {
      final long[] into = new long[Tally.SIZE];
      assertTrue(stores.tally("PK|*|*", day, into));
      assertArrayEquals(tally(day == 3 ? 2 : 1, day == 3 ? 4 : day), into, "day " + day);
      assertEquals("i" + day, stores.bucket("PK|*|*", day).top.id(0));
    }
    assertFalse(stores.tally("PK|*|*", 4, new long[Tally.SIZE]));
    final long[][] range = stores.tallies("PK|*|*", 2, 12);
    assertNull(range[0]);
    assertArrayEquals(tally(1, 11), range[9]);
  }

  /** Incidents and civilians killed. */
  private static long[] tally(final long incidents, final long civiliansKilled) {
    final long[] t = new long[Tally.SIZE];
    t[Tally.INCIDENTS] = incidents;
    t[Tally.KILLED + 1] = civiliansKilled;
    return t;
  }

  private void assertTimers(final int day, final String[] keys, final int[] masks) {
    final CubeStores.DueTimers due = stores.takeTimers(day);
    assertArrayEquals(keys, due.keys(), "keys due on day " + day);
    assertArrayEquals(masks, due.masks(), "masks due on day " + day);
    assertEquals(keys.length, due.masks().length);
  }
}
