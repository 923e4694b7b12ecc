package io.surgewatch.streams.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The timers' index keeps a bucket's day until its last timer and no longer. */
class BucketDaysTest {
  private static List<String> keys(final BucketDays index, final int day) {
    final List<String> keys = new ArrayList<>();
    index.forEachKey(day, keys::add);
    return keys;
  }

  @Test
  void aBucketIsHeldUntilTheDayOfItsLastTimerIsClosed() {
    final BucketDays index = new BucketDays(30);
    index.add("PK|*|*", 100, 100);
    index.add("AF|*|*", 100, 100);
    index.closed(129); // day 100's last timer is on 130
    assertEquals(List.of("PK|*|*", "AF|*|*"), keys(index, 100));
    index.closed(130);
    assertEquals(List.of(), keys(index, 100));
    assertEquals(0, index.size());
  }

  @Test
  void aBucketWhoseTimersAreAllPastIsNotHeld() {
    final BucketDays index = new BucketDays(30);
    index.add("PK|*|*", 70, 100); // a late report: its last timer, day 100, has fired
    index.add("PK|*|*", 71, 100); // due on day 101
    assertEquals(List.of(), keys(index, 70));
    assertEquals(List.of("PK|*|*"), keys(index, 71));
    assertEquals(1, index.size());
  }
}
