package io.surgewatch.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * A key's days whose record repeats the day before, per published window: a small set with day
 * pruning.
 */
class RepeatMarksTest {

  @Test
  void marksAreKeptPerWindowAndDay() {
    final RepeatMarks marks = new RepeatMarks();
    marks.add(1, 100);
    marks.add(0, 100);
    marks.add(1, 100); // once only
    assertEquals(2, marks.size());
    assertTrue(marks.contains(0, 100));
    assertTrue(marks.contains(1, 100));
    assertFalse(marks.contains(2, 100));
    assertFalse(marks.contains(1, 101));
    marks.remove(1, 100);
    marks.remove(3, 7); // absent: nothing happens
    assertFalse(marks.contains(1, 100));
    assertEquals(1, marks.size());
  }

  @Test
  void pruningForgetsOnlyDaysBeforeTheHorizonInEveryWindow() {
    final RepeatMarks marks = new RepeatMarks();
    for (int day = 90; day < 110; day++) {
      marks.add(day % 4, day);
    }
    marks.removeBefore(100);
    assertEquals(10, marks.size());
    assertFalse(marks.contains(99 % 4, 99));
    assertTrue(marks.contains(100 % 4, 100));
    assertTrue(marks.contains(109 % 4, 109));
  }

  @Test
  void aKeyStateCarriesItsMarksThroughItsEncoding() {
    final KeyState state = new KeyState(4, 2);
    state.redundant.add(1, 200);
    state.redundant.add(0, 201);
    final KeyState decoded = KeyState.decode(state.encode());
    assertEquals(2, decoded.redundant.size());
    assertTrue(decoded.redundant.contains(1, 200));
    assertTrue(decoded.redundant.contains(0, 201));
  }
}
