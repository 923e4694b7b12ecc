package io.surgewatch.streams.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Backtest's state must behave as the app's changelogged stores do; these are the parts laid out differently. */
class InMemoryCubeStoresTest {
  // Windows 7, 14, 21, 30 (published 7 and 30, recent 7, baseline 14); retention 30 + grace 5 + 2 = 37 days.
  private final EngineConfig cfg = EngineConfig.of(List.of(7, 30), 7, 14, 5, 5, 2, 1, 2, 30, 0);
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
    assertTimers(17, new String[] {"*|*|*", "AF|*|*", "PK|*|*", "PK|KP|TTP"}, new int[] {1, 1, 1, 1});
  }

  @Test
  void aWindowAlreadyPassedWhenTheBucketWasCreatedGetsNoTimer() {
    stores.scheduleLeaving("PK|*|*", 100, 110); // a report 10 days late: it has already left the 7-day window
    assertTimers(107, new String[0], new int[0]);
    assertTimers(114, new String[] {"PK|*|*"}, new int[] {0b0010});
  }

  @Test
  void bucketsPastTheRetentionMakeRoomAndLiveOnesAreKept() {
    final Bucket old = new Bucket();
    stores.putBucket("PK|*|*", 1, old);
    final int ring = Integer.highestOneBit(cfg.retentionDays()) << 1;
    final Bucket later = new Bucket();
    stores.putBucket("PK|*|*", 1 + ring, later); // same slot, day 1 long past the retention
    assertNull(stores.bucket("PK|*|*", 1));
    assertSame(later, stores.bucket("PK|*|*", 1 + ring));
  }

  private void assertTimers(final int day, final String[] keys, final int[] masks) {
    final CubeStores.DueTimers due = stores.takeTimers(day);
    assertArrayEquals(keys, due.keys(), "keys due on day " + day);
    assertArrayEquals(masks, due.masks(), "masks due on day " + day);
    assertEquals(keys.length, due.masks().length);
  }
}
