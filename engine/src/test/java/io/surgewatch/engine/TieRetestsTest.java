package io.surgewatch.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** A tie's pending re-tests: the earliest day of each key, kept through the stored layout. */
class TieRetestsTest {
  @Test
  void eachKeyKeepsItsEarliestDayAndTheTiesTime() {
    final TieRetests pending = new TieRetests();
    pending.add("PK|*|*", 19_000, 42L);
    pending.add("PK|Sindh|*", 18_990, 42L);
    pending.add("PK|*|*", 18_995, 42L);
    assertEquals(42L, pending.time());
    assertEquals(Map.of("PK|*|*", 18_995, "PK|Sindh|*", 18_990), pending.take());
    assertTrue(pending.isEmpty());
  }

  @Test
  void whatIsStoredIsRestoredAndANewerLayoutIsRefused() {
    final TieRetests pending = new TieRetests();
    pending.add("BF|Sahel|JNIM", 19_100, 1_700_000_000_000L);
    pending.add("*|*|*", 19_050, 1_700_000_000_000L);
    final byte[] stored = pending.encode();
    final TieRetests restored = new TieRetests();
    restored.restore(stored);
    assertEquals(pending.toString(), restored.toString());
    stored[0] = 2;
    final IllegalStateException newer =
        assertThrows(IllegalStateException.class, () -> new TieRetests().restore(stored));
    assertTrue(newer.getMessage().contains("newer release"), newer.getMessage());
  }
}
