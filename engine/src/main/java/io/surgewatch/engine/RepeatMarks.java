package io.surgewatch.engine;

import java.util.Arrays;

/**
 * The days of a key whose published record repeats the day before (published window index and day),
 * as a sorted primitive array. A third of the keys closing a day hold one or two of these; a boxed
 * tree set made each lookup a string of cache misses and was a sixth of the backtest's cube time.
 * Sets stay small (pruned past the grace).
 */
public final class RepeatMarks {
  private long[] marks = new long[0];
  private int size;

  static long mark(final int published, final int day) {
    return ((long) published << 32) | (day & 0xffffffffL);
  }

  public boolean isEmpty() {
    return size == 0;
  }

  public int size() {
    return size;
  }

  public boolean contains(final int published, final int day) {
    return size != 0 && Arrays.binarySearch(marks, 0, size, mark(published, day)) >= 0;
  }

  public void add(final int published, final int day) {
    addMark(mark(published, day));
  }

  void addMark(final long mark) {
    final int at = Arrays.binarySearch(marks, 0, size, mark);
    if (at >= 0) {
      return;
    }
    final int index = -at - 1;
    if (size == marks.length) {
      marks = Arrays.copyOf(marks, Math.max(4, size * 2));
    }
    System.arraycopy(marks, index, marks, index + 1, size - index);
    marks[index] = mark;
    size++;
  }

  public void remove(final int published, final int day) {
    if (size == 0) {
      return;
    }
    final int at = Arrays.binarySearch(marks, 0, size, mark(published, day));
    if (at >= 0) {
      System.arraycopy(marks, at + 1, marks, at, size - at - 1);
      size--;
    }
  }

  /** Forgets the marks of days before {@code day}: no report can change them any more. */
  public void removeBefore(final int day) {
    int kept = 0;
    for (int i = 0; i < size; i++) {
      if ((int) marks[i] >= day) {
        marks[kept++] = marks[i];
      }
    }
    size = kept;
  }

  /** The marks in ascending order, as encoded in a key's head. */
  public long get(final int index) {
    return marks[index];
  }
}
