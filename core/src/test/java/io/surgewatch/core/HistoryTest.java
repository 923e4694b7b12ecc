package io.surgewatch.core;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The history keeps the days from the latest day less history.days on; 0 keeps every day. */
class HistoryTest {

  @Test
  void theHistoryKeepsItsLastDaysAndNoneBefore() {
    assertTrue(History.keeps(30, 100, 130), "the first day kept");
    assertFalse(History.keeps(30, 99, 130), "the day before it");
    assertTrue(History.keeps(30, 140, 130), "a day after the latest");
  }

  @Test
  void noHistoryLimitKeepsEveryDay() {
    assertTrue(History.keeps(0, -10_000, 20_000));
  }
}
