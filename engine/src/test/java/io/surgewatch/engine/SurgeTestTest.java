package io.surgewatch.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SurgeTestTest {

  @Test
  void aMemoisedTestGivesExactlyTheResultOfAFreshOne() {
    final SurgeTest.Memo memo = new SurgeTest.Memo();
    final SplittableRandom random = new SplittableRandom(7);
    for (int i = 0; i < 20_000; i++) {
      final long[] blocks = new long[6];
      for (int j = 0; j < blocks.length; j++) {
        blocks[j] = random.nextInt(12);
      }
      final long observed = random.nextInt(40);
      // Equal sums and squares in another order must hit the memo and still be exact.
      final long[] reversed = {blocks[5], blocks[4], blocks[3], blocks[2], blocks[1], blocks[0]};
      assertEquals(SurgeTest.test(observed, blocks), SurgeTest.test(observed, blocks, memo));
      assertEquals(SurgeTest.test(observed, blocks), SurgeTest.test(observed, reversed, memo));
    }
  }

  @Test
  void varianceIsTheSampleVarianceOfTheBlocksAndNeverBelowTheMean() {
    final SurgeTest.Result r = SurgeTest.test(10, new long[] {0, 2, 10, 4, 8, 6});
    assertEquals(5.0, r.expected(), 1e-12);
    assertEquals(70.0 / 5, r.variance(), 1e-12);
    final SurgeTest.Result flat = SurgeTest.test(10, new long[] {3, 3, 3, 3});
    assertEquals(3.0, flat.variance(), 1e-12); // Poisson when the blocks show no spread
  }

  @Test
  void aCountFarAboveAnOverdispersedBaselineScoresHighButOrdinaryNoiseDoesNot() {
    final long[] baseline = {4, 9, 2, 6, 11, 3};
    assertTrue(SurgeTest.test(40, baseline).score() > 5);
    assertTrue(SurgeTest.test(8, baseline).score() < 1);
  }

  /**
   * The bound that spares a p-value is never wrong: wherever it says a score cannot reach a level,
   * the published score is below it, over counts small and large, flat and overdispersed baselines
   * (Poisson and negative binomial), and levels around the scores themselves; and it spares most
   * tests of counts well below a level.
   */
  @Test
  void aTestTheBoundRulesOutNeverReachesTheLevelAndMostFarBelowAreRuledOut() {
    final SplittableRandom random = new SplittableRandom(11);
    int ruledOut = 0;
    int farBelow = 0;
    for (int i = 0; i < 200_000; i++) {
      final long[] blocks = new long[1 + random.nextInt(8)];
      final int scale = 1 + random.nextInt(random.nextBoolean() ? 5 : 400);
      final boolean flat = random.nextInt(4) == 0;
      final long level0 = random.nextInt(scale);
      for (int j = 0; j < blocks.length; j++) {
        blocks[j] = flat ? level0 : random.nextInt(scale);
      }
      final long observed = random.nextInt(1 + 6 * scale);
      long sum = 0;
      long squares = 0;
      for (final long b : blocks) {
        sum += b;
        squares += b * b;
      }
      final double score = SurgeTest.test(observed, blocks).score();
      // Levels at and just around the score, where rounding and error would show, and further off.
      final double[] levels = {
        score, score + 0.005, score + 0.01, score - 0.005, score + 1, score - 1, 8, 10, 15
      };
      for (final double level : levels) {
        if (!SurgeTest.mayReach(observed, sum, squares, blocks.length, level, null)) {
          assertTrue(
              score < level,
              "ruled out at "
                  + level
                  + " but scores "
                  + score
                  + ": observed "
                  + observed
                  + " blocks "
                  + Arrays.toString(blocks));
        }
      }
      if (score < 4) {
        farBelow++;
        if (!SurgeTest.mayReach(observed, sum, squares, blocks.length, 8, null)) {
          ruledOut++;
        }
      }
    }
    assertTrue(ruledOut > 0.9 * farBelow, ruledOut + " of " + farBelow + " spared");
  }

  @Test
  void aRememberedTestIsTakenAsPossibleAndAnEmptyCountReachesNothingAboveZero() {
    final SurgeTest.Memo memo = new SurgeTest.Memo();
    final long[] blocks = {3, 4, 5, 4};
    assertFalse(SurgeTest.mayReach(6, 16, 66, 4, 8, memo), "far below 8");
    SurgeTest.test(6, blocks, memo);
    assertTrue(SurgeTest.mayReach(6, 16, 66, 4, 8, memo), "its p-value costs nothing now");
    assertFalse(SurgeTest.mayReach(0, 16, 66, 4, 0.01, null));
    assertTrue(SurgeTest.mayReach(0, 16, 66, 4, 0, null));
  }

  @Test
  void whereTheBoundCannotBeComputedCloselyTheTestRuns() {
    // A negative binomial all but Poisson: lnΓ(k + r) − lnΓ(r) of a size of 1e14 is rounding.
    assertTrue(Double.isNaN(SurgeTest.logPointMass(5, 1e6, 1e6 + 0.01)));
    // Its blocks' sum 4,000,002 and squares 4,000,004,000,002: a variance 2/3 above a mean of
    // 1,000,000.5; observed far below, but not ruled out by a bound that does not stand.
    assertTrue(SurgeTest.mayReach(5, 4_000_002, 4_000_004_000_002L, 4, 8, null));
  }
}
