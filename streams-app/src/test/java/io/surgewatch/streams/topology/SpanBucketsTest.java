package io.surgewatch.streams.topology;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.surgewatch.engine.Bucket;
import io.surgewatch.engine.Tally;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class SpanBucketsTest {

  private static SpanBuckets.Stored stored(final int day) {
    return new SpanBuckets.Stored(day, new Bucket());
  }

  @Test
  void aKeyHoldsTheBucketsItWasFilledWithAndAnswersNullForOtherDays() {
    final SpanBuckets span = new SpanBuckets(100);
    final List<SpanBuckets.Stored> fromStore = List.of(stored(10), stored(12), stored(40));
    final SpanBuckets.Days days = span.fill("PK/*/*", fromStore.iterator());

    assertSame(fromStore.get(1).bucket(), days.get(12));
    assertSame(fromStore.get(2).bucket(), days.get(40));
    assertNull(days.get(11));
    assertNull(days.get(41));
    assertEquals(3, span.held());
  }

  @Test
  void lookupsAgreeWithASortedMapWhetherTheDaysAreDenseOrSparse() {
    final Random random = new Random(7);
    for (int round = 0; round < 200; round++) {
      lookupsAgreeWithASortedMap(random, round, 1000, 80, 30);
    }
  }

  @Test
  void lookupsAgreeWithASortedMapOverSpansOfManyWordsBeforeAndAfter1970() {
    // Days before 1970 are negative; spans of a year and more cover several words of the bitmap,
    // and the span's first day can jump past every day held.
    final Random random = new Random(11);
    for (int round = 0; round < 300; round++) {
      final int width = 1 + random.nextInt(600);
      lookupsAgreeWithASortedMap(
          random, round, random.nextInt(6000) - 3000, width, 1 + random.nextInt(width + 100));
    }
  }

  @Test
  void aKeyEmptiedAndWrittenAgainFarAwayAnswersOnlyForItsNewDays() {
    final SpanBuckets span = new SpanBuckets(100);
    final SpanBuckets.Days days =
        span.fill("PK/*/*", List.of(stored(-130), stored(-2), stored(70)).iterator());
    span.remove("PK/*/*", -2);
    span.remove("PK/*/*", -130);
    span.remove("PK/*/*", 70);
    assertEquals(0, days.size());

    final Bucket far = new Bucket();
    span.put(days, 9_000, far, -200);
    span.put(days, -9_000, new Bucket(), -10_000); // before every word held: the bitmap grows back

    assertSame(far, days.get(9_000));
    assertNotNull(days.get(-9_000));
    assertNull(days.get(70));
    assertNull(days.get(-2));
    assertNull(days.get(-130));
    assertEquals(2, days.size());
  }

  private static void lookupsAgreeWithASortedMap(
      final Random random, final int round, final int first, final int width, final int moves) {
    final SpanBuckets span = new SpanBuckets(10_000);
    final SpanBuckets.Days days = span.fill("k" + round, Collections.emptyIterator());
    final TreeMap<Integer, Bucket> expected = new TreeMap<>();
    // Dense runs (a busy key) and gaps of every size, written in any order.
    final int density = 1 + random.nextInt(4);
    // The span's first day, moving on now and then (the days before it are forgotten when the key
    // is next written).
    int from = Integer.MIN_VALUE;
    for (int i = 0; i < 60 + width / 2; i++) {
      if (random.nextInt(20) == 0) {
        from = Math.max(from, first + random.nextInt(moves));
      }
      final int day = Math.max(from, first + random.nextInt(width));
      if (random.nextInt(8) == 0) {
        // A bucket deleted (its day held or not), between writes.
        span.remove("k" + round, day);
        expected.remove(day);
      } else if (random.nextInt(density) == 0) {
        // A new bucket, or the day's bucket changed (as the store's addToBucket does, then puts).
        final Bucket b =
            expected.containsKey(day) && random.nextBoolean() ? expected.get(day) : new Bucket();
        b.apply("i" + i, tally(random));
        span.put(days, day, b, from);
        expected.headMap(from).clear();
        expected.put(day, b);
      }
    }
    if (random.nextBoolean() && !expected.isEmpty()) {
      final int gone = expected.firstKey() + random.nextInt(5);
      span.remove("k" + round, gone);
      expected.remove(gone);
    }
    final long[] copied = new long[Tally.SIZE];
    for (int day = first - 70; day < first + width + moves + 70; day++) {
      assertSame(expected.get(day), days.get(day), "round " + round + ", day " + day);
      final Bucket b = expected.get(day);
      assertEquals(b != null, days.tally(day, copied), "round " + round + ", day " + day);
      if (b != null) {
        assertArrayEquals(b.tally, copied, "round " + round + ", day " + day);
      }
    }
    assertEquals(expected.size(), days.size());
    assertEquals(expected.size(), span.held());
  }

  private static long[] tally(final Random random) {
    final long[] t = new long[Tally.SIZE];
    for (int i = 0; i < t.length; i++) {
      t[i] = random.nextInt(50);
    }
    return t;
  }

  @Test
  void theKeyBeingWrittenIsKeptPastTheBudgetAndAnotherDropped() {
    final SpanBuckets span = new SpanBuckets(4);
    span.fill("PK/*/*", List.of(stored(1), stored(2)).iterator());
    final SpanBuckets.Days af = span.fill("AF/*/*", List.of(stored(1)).iterator());
    assertNotNull(span.days("PK/*/*")); // now the most recently used
    span.put(af, 2, new Bucket(), 0);
    span.put(af, 3, new Bucket(), 0); // over the budget: PK dropped, AF kept as it is written

    assertNull(span.days("PK/*/*"));
    assertSame(af, span.days("AF/*/*"));
  }

  @Test
  void writesKeepTheDaysInOrderWhateverDayTheyAreFor() {
    final SpanBuckets span = new SpanBuckets(100);
    final SpanBuckets.Days days = span.fill("PK/*/*", Collections.emptyIterator());
    final Bucket late = new Bucket();
    final Bucket replaced = new Bucket();
    span.put(days, 20, new Bucket(), 0);
    span.put(days, 30, new Bucket(), 0);
    span.put(days, 25, late, 0); // a late report's day, between two others
    span.put(days, 20, replaced, 0); // the same day again: replaced, not added

    assertSame(late, days.get(25));
    assertSame(replaced, days.get(20));
    assertNotNull(days.get(30));
    assertEquals(3, span.held());
  }

  @Test
  void daysLeftBehindByTheSpanAreForgottenWhenTheKeyIsWritten() {
    final SpanBuckets span = new SpanBuckets(100);
    final SpanBuckets.Days days =
        span.fill("PK/*/*", List.of(stored(1), stored(2), stored(5)).iterator());

    span.put(days, 9, new Bucket(), 3); // the span now starts on day 3

    assertNull(days.get(1));
    assertNull(days.get(2));
    assertNotNull(days.get(5));
    assertEquals(2, span.held());
  }

  @Test
  void aRemovedDayIsGone() {
    final SpanBuckets span = new SpanBuckets(100);
    final SpanBuckets.Days days =
        span.fill("PK/*/*", List.of(stored(1), stored(2), stored(3)).iterator());

    span.remove("PK/*/*", 2);
    span.remove("AF/*/*", 2); // a key not held: nothing to do

    assertNull(days.get(2));
    assertNotNull(days.get(1));
    assertNotNull(days.get(3));
    assertEquals(2, span.held());
  }

  @Test
  void overTheBudgetTheLeastRecentlyUsedKeysAreDroppedWhole() {
    final SpanBuckets span = new SpanBuckets(5);
    span.fill("A", List.of(stored(1), stored(2)).iterator());
    span.fill("B", List.of(stored(1), stored(2)).iterator());
    span.days("A"); // A used after B

    final SpanBuckets.Days c = span.fill("C", List.of(stored(1), stored(2)).iterator());

    assertNull(span.days("B"), "B, the least recently used, dropped");
    assertNotNull(span.days("A"));
    assertSame(c, span.days("C"));
    assertEquals(4, span.held());
  }

  @Test
  void aKeyAskedForLastAndThenDroppedIsNotAnsweredFromWhatItHeld() {
    final SpanBuckets span = new SpanBuckets(4);
    span.fill("A", List.of(stored(1), stored(2)).iterator());
    assertNotNull(span.days("A")); // asked for last
    span.fill("B", List.of(stored(1), stored(2), stored(3)).iterator()); // A dropped, used or not

    assertNull(span.days("A"));
    final SpanBuckets.Days again = span.fill("A", List.of(stored(5)).iterator());
    assertSame(again, span.days("A"));
  }

  @Test
  void theKeyBeingWrittenIsKeptEvenWhenItAloneIsOverTheBudget() {
    final SpanBuckets span = new SpanBuckets(2);
    span.fill("A", List.of(stored(1)).iterator());
    final SpanBuckets.Days b = span.fill("B", List.of(stored(1), stored(2), stored(3)).iterator());

    span.put(b, 4, new Bucket(), 0);

    assertNull(span.days("A"));
    assertSame(b, span.days("B"));
    assertEquals(4, span.held());
  }

  @Test
  void byDefaultTheBudgetIsAnEighthOfTheHeapSharedByTheCubePartitions() {
    final long fourGiB = 4L << 30;
    assertEquals(
        (int) (fourGiB / 8 / SpanBuckets.BYTES_PER_BUCKET / 6), SpanBuckets.budget(0, 6, fourGiB));
    assertEquals(40, SpanBuckets.budget(40, 6, fourGiB), "a configured budget is kept");
    assertEquals(10_000, SpanBuckets.budget(0, 6, 64L << 20), "never below 10,000 buckets");
  }

  @Test
  void keysReadAgainAndAgainAfterBeingDroppedAreChurn() {
    final SpanBuckets span = new SpanBuckets(2);
    // A and B take turns, each filling the span and dropping the other: 20 buckets read (ten
    // budgets), 18 of them of a key dropped just before.
    for (int i = 0; i < 5; i++) {
      span.fill("A", List.of(stored(1), stored(2)).iterator());
      span.fill("B", List.of(stored(1), stored(2)).iterator());
    }
    assertTrue(span.churning());
  }

  @Test
  void keysReadOnceAndDroppedColdAreNotChurn() {
    final SpanBuckets span = new SpanBuckets(2);
    for (int key = 0; key < 50; key++) { // each drops the one before, never to be read again
      span.fill("K" + key, List.of(stored(1), stored(2)).iterator());
    }
    assertFalse(span.churning());
  }
}
